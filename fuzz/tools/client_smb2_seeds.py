#!/usr/bin/env python3
"""Seeds for the client_smb2 fuzz target (fuzz/tools/client_smb2_seeds.py --smbkit BUILD/smbkit
--replay BUILD/fuzz/fuzz_replay_client_smb2 --out fuzz/corpus/client_smb2): the server's frames
of whole sessions recorded from `smbkit serve`, in the target's input format (a selector byte,
then frames each prefixed with a 2-byte little-endian length; see the top of
fuzz/client_smb2_fuzz.cc).

The target records them itself: with SMBKIT_FUZZ_RECORD=PORT:FILE its replay binary runs the
sequence of the selector byte against 127.0.0.1:PORT and writes what came back. Here a share
"data" holds dir/hello.txt and a few names to list; while a session records, a file in dir/ is
created and removed over and over so that its watch gets its two reports. Signatures are cleared
from every recorded response, and the server's mechListMIC from the last SESSION_SETUP response
of a user's logon: the client's NTLM keys change from run to run, and a session that does not
require signing takes unsigned responses. A few more seeds are cut from the recordings:
a server that goes away after NEGOTIATE, one that refuses the TREE_CONNECT, one whose READ says
STATUS_END_OF_FILE at once, and the anonymous 3.1.1 session with the selector's raw bit (the
recorded MessageIds are the ones the client uses). Files are named seed-<name>; running it again
rewrites them."""

import argparse
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

USER, ANON = 1, 0
D311, D302, D210, D202 = 0 << 1, 1 << 1, 2 << 1, 3 << 1
RAW = 8

# name -> selector. A user session on 3.1.1 cannot be replayed: its last SESSION_SETUP response
# must carry a signature under keys that differ in each run.
SESSIONS = {
    "anon-311": ANON | D311,
    "anon-302": ANON | D302,
    "anon-210": ANON | D210,
    "anon-202": ANON | D202,
    "user-302": USER | D302,
    "user-210": USER | D210,
    "user-202": USER | D202,
}

SIGNED = 0x8
NEGOTIATE, SESSION_SETUP, TREE_CONNECT, READ = 0, 1, 3, 8
STATUS_SUCCESS = 0
STATUS_ACCESS_DENIED, STATUS_END_OF_FILE = 0xC0000022, 0xC0000011


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit("smbkit serve exited early")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("smbkit serve did not listen")


def make_share(root):
    d = os.path.join(root, "dir")
    os.makedirs(os.path.join(d, "sub"))
    with open(os.path.join(d, "hello.txt"), "w") as f:
        f.write("hello, world\n" * 20)
    with open(os.path.join(d, "Mixed Case.TXT"), "w") as f:
        f.write("x" * 300)
    open(os.path.join(d, "empty"), "w").close()
    with open(os.path.join(d, "sub", "inner.txt"), "w") as f:
        f.write("inner\n")


def split_frames(data):
    frames = []
    while len(data) >= 2:
        n = struct.unpack_from("<H", data)[0]
        frames.append(bytearray(data[2:2 + n]))
        data = data[2 + n:]
    return frames


def join_frames(selector, frames):
    return bytes([selector]) + b"".join(struct.pack("<H", len(f)) + bytes(f) for f in frames)


def messages(frame):
    """Offsets of the SMB2 messages chained in a frame."""
    at = 0
    while frame[:4] == b"\xfeSMB" and len(frame) - at >= 64:
        yield at
        nxt = struct.unpack_from("<I", frame, at + 20)[0]
        if nxt == 0:
            break
        at += nxt


def unsign(frame):
    for at in messages(frame):
        flags = struct.unpack_from("<I", frame, at + 16)[0]
        struct.pack_into("<I", frame, at + 16, flags & ~SIGNED)
        frame[at + 48:at + 64] = bytes(16)
    return frame


def status(frame):
    return struct.unpack_from("<I", frame, 8)[0]


def without_mic(frame):
    """The last SESSION_SETUP response with a NegTokenResp of negState accept-completed alone:
    the server's mechListMIC is under the keys of the recorded run (RFC 4178 4.2.2)."""
    token = bytes.fromhex("a1073005a0030a0100")
    out = bytearray(frame[:72]) + token
    struct.pack_into("<HH", out, 68, 72, len(token))
    return out


def command(frame):
    return struct.unpack_from("<H", frame, 12)[0]


def error_response(like, status):
    """An SMB2 ERROR response (MS-SMB2 2.2.2) with the header of `like` and `status`."""
    h = bytearray(like[:64])
    struct.pack_into("<I", h, 8, status)
    struct.pack_into("<I", h, 20, 0)
    return h + struct.pack("<HBBI", 9, 0, 0, 0) + b"\0"


class Toucher(threading.Thread):
    """Creates and removes dir/touched while a session records, for its watch."""

    def __init__(self, share):
        super().__init__(daemon=True)
        self.path = os.path.join(share, "dir", "touched")
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(0.05):
            try:
                with open(self.path, "a") as f:
                    f.write("x")
                os.unlink(self.path)
            except OSError:
                pass


def record(replay, port, share, selector, out):
    with tempfile.NamedTemporaryFile(delete=False) as f:
        f.write(bytes([selector]))
    toucher = Toucher(share)
    toucher.start()
    try:
        env = dict(os.environ, SMBKIT_FUZZ_RECORD=f"{port}:{out}")
        subprocess.run([replay, f.name], env=env, check=True, stdout=subprocess.DEVNULL)
    finally:
        toucher.done.set()
        toucher.join()
        os.unlink(f.name)
    with open(out, "rb") as f:
        data = f.read()
    frames = [unsign(fr) for fr in split_frames(data[1:])]
    if selector & USER:
        i = next(i for i, f in enumerate(frames)
                 if command(f) == SESSION_SETUP and status(f) == STATUS_SUCCESS)
        frames[i] = without_mic(frames[i])
    return data[0], frames


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smbkit", required=True, help="the smbkit binary that serves")
    ap.add_argument("--replay", required=True, help="fuzz_replay_client_smb2")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    with tempfile.TemporaryDirectory() as tmp:
        share = os.path.join(tmp, "share")
        make_share(share)
        port = free_port()
        server = subprocess.Popen(
            [args.smbkit, "serve", "--share", f"data={share}", "--guest", "--user", "alice:secret",
             "--port", str(port), "--netbios-port", "0", "--min-protocol", "SMB2_02",
             "--max-protocol", "SMB3_11", "--log-level", "off"])
        try:
            wait_port(port, server)
            recorded = {}
            for name, selector in SESSIONS.items():
                recorded[name] = record(args.replay, port, share, selector,
                                        os.path.join(tmp, "rec-" + name))
        finally:
            server.terminate()
            server.wait()

    seeds = {name: join_frames(sel, frames) for name, (sel, frames) in recorded.items()}
    sel, frames = recorded["anon-311"]
    seeds["anon-311-raw"] = join_frames(sel | RAW, frames)
    seeds["gone-after-negotiate"] = join_frames(sel, frames[:1])
    i = next(i for i, f in enumerate(frames) if command(f) == TREE_CONNECT)
    seeds["tree-connect-denied"] = join_frames(
        sel, frames[:i] + [error_response(frames[i], STATUS_ACCESS_DENIED)])
    sel, frames = recorded["anon-210"]
    i = next(i for i, f in enumerate(frames) if command(f) == READ)
    seeds["read-end-of-file"] = join_frames(
        sel, frames[:i] + [error_response(frames[i], STATUS_END_OF_FILE)] + frames[i + 2:])

    for name, data in seeds.items():
        with open(os.path.join(args.out, "seed-" + name), "wb") as f:
            f.write(data)
        print(f"seed-{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
