#!/usr/bin/env python3
"""Floods for tests/integration/test_limits.sh: each is bounded in count and time and talks to
127.0.0.1 only. Standard library only; logons come from write_client.py (bench/connect_loop.py).

Each mode prints what it saw as "key value" lines; a mode that holds its connections prints
"ready" once they are set up and keeps them until the file named by --go exists (or --hold
seconds pass), then closes them. Failures print "error: ..." and exit 1.

  flood.py connections --port P --count N --go FILE
      N connections one after the other, each sending NEGOTIATE: "answered A" (a NEGOTIATE
      response came) and "closed C" (the server closed without answering).
  flood.py huge-frames --port P --netbios-port NP --count N
      N connections before logon, alternately direct TCP announcing a 0xFFFFFF-byte message and
      the NetBIOS session service announcing 0x1FFFF bytes (RFC 1002's 17 bits), each followed
      by 1 KiB: "closed C of N" and "max_close_seconds S".
  flood.py big-announced --port P --user U --password W --share S --count N --length L --go FILE
      N logged-on connections, each announcing an L-byte message and sending 1 KiB of it: "held H"
      (still open after a second) and "closed C".
  flood.py prelogon --port P --netbios-port NP --count N --deadline S
      N connections that never log on, four kinds in turn: silent; 3 bytes of a frame header;
      NEGOTIATE then silent; half a NetBIOS session request. Waits up to S seconds for the server
      to close each: "closed C of N", "min_close_seconds", "max_close_seconds".
  flood.py pipeline --port P --user U --password W --share S --count N --payload B --go FILE
      one logged-on connection sends N ECHO requests (B bytes of data each) without reading a
      reply until its sends block for 2 s: "stalled_after K". Once FILE exists it reads every
      reply while sending the rest and checks each (MID, data): "replies N in order".
  flood.py open-files --port P --user U --password W --share S --count N --read NAME
      one session opens N files (flood-0 .. flood-N-1, created if missing): "opened A",
      "refused R status 0x...". Then it checks a refused open succeeds once a file is closed, and
      that READ_ANDX on the file NAME (opened first) still returns its bytes: "read_back BYTES".
"""

import argparse
import os
import select
import socket
import struct
import sys
import time

import write_client as wc

cl = wc.cl  # bench/connect_loop.py

SMB_COM_NEGOTIATE = 0x72
NEGOTIATE_DIALECTS = b"\x02NT LM 0.12\x00"


def say(key, value):
    print("%s %s" % (key, value), flush=True)


def wait_for_go(args):
    deadline = time.monotonic() + args.hold
    while not os.path.exists(args.go) and time.monotonic() < deadline:
        time.sleep(0.05)


def connect(port, timeout=10.0):
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def negotiate_frame(mid=1):
    msg = cl.header(SMB_COM_NEGOTIATE, mid=mid) + b"\x00" + struct.pack(
        "<H", len(NEGOTIATE_DIALECTS)) + NEGOTIATE_DIALECTS
    return struct.pack(">I", len(msg)) + msg


def closed_by_peer(sock, timeout):
    """True if the peer closes (FIN or RST) within `timeout`; data that arrives is skipped."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        sock.settimeout(left)
        try:
            if not sock.recv(65536):
                return True
        except socket.timeout:
            return False
        except (ConnectionResetError, BrokenPipeError):
            return True


def nb_name(name, suffix=0x20):
    # RFC 1001 14.1 first-level encoding, with the length byte and the empty scope.
    raw = name.upper().ljust(15)[:15].encode("ascii") + bytes([suffix])
    return b"\x20" + bytes(c for b in raw for c in (65 + (b >> 4), 65 + (b & 15))) + b"\0"


def session_request():
    body = nb_name("*SMBSERVER") + nb_name("FLOOD", 0)
    return struct.pack(">BBH", 0x81, 0, len(body)) + body


# --- modes -----------------------------------------------------------------------------------

def flood_connections(args):
    socks, answered, closed = [], 0, 0
    start = time.monotonic()
    try:
        for _ in range(args.count):
            sock = connect(args.port)
            socks.append(sock)
            try:
                sock.sendall(negotiate_frame())
                head = cl.recv_exact(sock, 4)
                cl.recv_exact(sock, struct.unpack(">I", head)[0] & 0xFFFFFF)
                answered += 1
            except (OSError, cl.SmbError):
                closed += 1
        say("answered", answered)
        say("closed", closed)
        say("seconds", "%.2f" % (time.monotonic() - start))
        say("ready", "")
        wait_for_go(args)
    finally:
        for sock in socks:
            sock.close()
    return 0


def flood_huge_frames(args):
    closed, slowest = 0, 0.0
    for i in range(args.count):
        netbios = i % 2 == 1
        sock = connect(args.netbios_port if netbios else args.port)
        with sock:
            if netbios:
                sock.sendall(session_request())
                if cl.recv_exact(sock, 4)[0] != 0x82:
                    raise cl.SmbError("session request refused")
                header = struct.pack(">BBH", 0x00, 0x01, 0xFFFF)  # E bit: 0x1FFFF bytes
            else:
                header = struct.pack(">I", 0xFFFFFF)
            start = time.monotonic()
            try:
                sock.sendall(header + b"\xffSMB" + b"\0" * 1020)
            except (ConnectionResetError, BrokenPipeError):
                pass
            if closed_by_peer(sock, 5.0):
                closed += 1
                slowest = max(slowest, time.monotonic() - start)
    say("closed", "%d of %d" % (closed, args.count))
    say("max_close_seconds", "%.3f" % slowest)
    return 0


def flood_big_announced(args):
    sessions, held, closed = [], 0, 0
    try:
        for _ in range(args.count):
            s = wc.Session("127.0.0.1", args.port, args.user, args.password, args.share)
            sessions.append(s)
            try:
                s.sock.sendall(struct.pack(">I", args.length) + b"\xffSMB" + b"\0" * 1020)
            except (ConnectionResetError, BrokenPipeError):
                pass
        time.sleep(1.0)
        for s in sessions:
            if closed_by_peer(s.sock, 0.01):
                closed += 1
            else:
                held += 1
        say("held", held)
        say("closed", closed)
        say("ready", "")
        wait_for_go(args)
    finally:
        for s in sessions:
            s.close_connection()
    return 0


def flood_prelogon(args):
    socks = []
    for i in range(args.count):
        kind = i % 4
        sock = connect(args.netbios_port if kind == 3 else args.port)
        if kind == 1:
            sock.sendall(struct.pack(">I", 200)[:3])
        elif kind == 2:
            sock.sendall(negotiate_frame())
        elif kind == 3:
            sock.sendall(session_request()[:30])
        socks.append((sock, time.monotonic()))
    say("ready", "")
    closed, times = 0, []
    deadline = time.monotonic() + args.deadline
    pending = [(s, t) for s, t in socks]
    while pending and time.monotonic() < deadline:
        readable, _, _ = select.select([s for s, _ in pending], [], [], 0.2)
        still = []
        for s, t in pending:
            if s in readable:
                try:
                    gone = not s.recv(65536)
                except (ConnectionResetError, BrokenPipeError):
                    gone = True
                if gone:
                    closed += 1
                    times.append(time.monotonic() - t)
                    s.close()
                    continue
            still.append((s, t))
        pending = still
    for s, _ in pending:
        s.close()
    say("closed", "%d of %d" % (closed, args.count))
    if times:
        say("min_close_seconds", "%.2f" % min(times))
        say("max_close_seconds", "%.2f" % max(times))
    return 0


def echo_frame(session, index, payload):
    data = struct.pack("<Q", index) + payload[8:]
    return session.frame(wc.SMB_COM_ECHO, struct.pack("<H", 1), data)


def flood_pipeline(args):
    s = wc.Session("127.0.0.1", args.port, args.user, args.password, args.share)
    payload = bytes(range(256)) * (args.payload // 256 + 1)
    payload = payload[:max(args.payload, 8)]
    first_mid = (s.conn.mid + 1) & 0xFFFF
    sock = s.sock
    sock.setblocking(False)
    pending = b""
    sent = 0
    # Phase 1: send without reading until the server stops taking requests.
    while sent < args.count:
        if not pending:
            pending = echo_frame(s, sent, payload)
            sent += 1
        try:
            n = sock.send(pending)
            pending = pending[n:]
        except BlockingIOError:
            _, writable, _ = select.select([], [sock], [], 2.0)
            if not writable:
                break
    say("stalled_after", sent - (1 if pending else 0))
    say("ready", "")
    wait_for_go(args)
    # Phase 2: read every reply, sending the rest as the server takes them.
    received, buf = 0, bytearray()
    deadline = time.monotonic() + args.hold
    while received < args.count:
        if time.monotonic() > deadline:
            raise cl.SmbError("only %d of %d replies after %d s" % (received, args.count,
                                                                     args.hold))
        want_write = bool(pending) or sent < args.count
        readable, writable, _ = select.select([sock], [sock] if want_write else [], [], 1.0)
        if writable:
            if not pending and sent < args.count:
                pending = echo_frame(s, sent, payload)
                sent += 1
            try:
                pending = pending[sock.send(pending):]
            except BlockingIOError:
                pass
        if readable:
            chunk = sock.recv(1 << 20)
            if not chunk:
                raise cl.SmbError("the server closed after %d replies" % received)
            buf += chunk
            at = 0
            while len(buf) - at >= 4:
                length = struct.unpack_from(">I", buf, at)[0] & 0xFFFFFF
                if len(buf) - at < 4 + length:
                    break
                reply = cl.Reply(bytes(buf[at + 4:at + 4 + length]))
                at += 4 + length
                check_echo(reply, received, (first_mid + received) & 0xFFFF, payload)
                received += 1
            del buf[:at]
    say("replies", "%d in order" % received)
    s.close_connection()
    return 0


def check_echo(reply, index, mid, payload):
    if reply.command != wc.SMB_COM_ECHO or reply.status != 0:
        raise cl.SmbError("reply %d: command 0x%02x status 0x%08x" % (index, reply.command,
                                                                      reply.status))
    if reply.mid != mid:
        raise cl.SmbError("reply %d: MID %d, expected %d" % (index, reply.mid, mid))
    if reply.bytes != struct.pack("<Q", index) + payload[8:]:
        raise cl.SmbError("reply %d: the echoed data differs" % index)


def flood_open_files(args):
    s = wc.Session("127.0.0.1", args.port, args.user, args.password, args.share)
    status, first = s.create(args.read, wc.FILE_OPEN, wc.GENERIC_READ)
    if first is None:
        raise cl.SmbError("opening %s: status 0x%08x" % (args.read, status))
    fids, refused = [first], {}
    for i in range(args.count):
        status, fid = s.create("flood-%d" % i)
        if fid is None:
            refused[status] = refused.get(status, 0) + 1
        else:
            fids.append(fid)
    say("opened", len(fids))
    for status, n in sorted(refused.items()):
        say("refused", "%d status 0x%08x" % (n, status))
    # A slot freed is a slot usable again.
    s.close(fids.pop())
    status, fid = s.create("flood-again")
    if fid is None:
        raise cl.SmbError("open after a close: status 0x%08x" % status)
    say("reopened", "ok")
    say("read_back", s.read(first, 0, 4096).decode("utf-8", "replace").replace("\n", "\\n"))
    s.close_connection()
    return 0


MODES = {
    "connections": flood_connections,
    "huge-frames": flood_huge_frames,
    "big-announced": flood_big_announced,
    "prelogon": flood_prelogon,
    "pipeline": flood_pipeline,
    "open-files": flood_open_files,
}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("mode", choices=sorted(MODES))
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--netbios-port", type=int)
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--share")
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--length", type=int, default=0xFFFFFF)
    p.add_argument("--payload", type=int, default=1024)
    p.add_argument("--deadline", type=float, default=30)
    p.add_argument("--read", default="hello.txt")
    p.add_argument("--go", default="/nonexistent")
    p.add_argument("--hold", type=float, default=120, help="seconds to wait for --go at most")
    args = p.parse_args()
    try:
        return MODES[args.mode](args)
    except (OSError, cl.SmbError) as e:
        print("error: %s" % e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
