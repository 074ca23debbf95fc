#!/usr/bin/env python3
"""SMB1 oplocks between two connections (MS-CIFS 3.3.4.2, 3.3.5.30, 3.3.5.50): connection 1 opens a
file with a batch oplock; connection 2's open of it sends connection 1 an OpLock Break (a
LOCKING_ANDX request, MID 0xFFFF, FID, NewOpLockLevel 1) and completes, with a level II oplock,
only once connection 1 has acknowledged (a LOCKING_ANDX with OPLOCK_RELEASE, which has no reply).
Then: opens that do not conflict (another file; a stat-only open of an exclusive oplock's file)
break nothing, and a truncating open breaks level II to none with no acknowledgement.
Prints "ok NAME: ..." per check; exits 1 on the first failure. Uses raw_smb1.py (imported)."""
import argparse
import os
import select
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import raw_smb1 as raw  # noqa: E402

SMB_COM_LOCKING_ANDX = 0x24
CAP_LEVEL_II_OPLOCKS = 0x80
NT_CREATE_REQUEST_OPLOCK = 0x2
NT_CREATE_REQUEST_OPBATCH = 0x4
LOCKING_ANDX_OPLOCK_RELEASE = 0x02
OPLOCK_NONE, OPLOCK_EXCLUSIVE, OPLOCK_BATCH, OPLOCK_LEVEL_II = 0, 1, 2, 3
FILE_OPEN, FILE_OVERWRITE_IF = 1, 5
GENERIC_READ_WRITE = 0x0012019F
FILE_READ_ATTRIBUTES = 0x80
SHARE_ALL = 7
QUIET = 1.0  # seconds without a frame that count as "nothing came"


class Conn(raw.Session):
    """A Session that says it takes level II oplocks and sends requests without waiting."""

    capabilities = raw.Session.capabilities | CAP_LEVEL_II_OPLOCKS

    def send(self, command, words=b"", data=b""):
        self.mid += 1
        message = raw.smb_message(command, words, data, uid=self.uid, tid=self.tid, mid=self.mid,
                                  flags2_extra=raw.FLAGS2_EXTENDED_SECURITY)
        self.sock.sendall(raw.frame(message))
        return self.mid

    def receive(self, timeout=None):
        """The next message, or None when none comes within `timeout` seconds."""
        if timeout is not None and not select.select([self.sock], [], [], timeout)[0]:
            return None
        got = raw.recv_frame(self.sock)
        if got is None:
            raise raw.CheckFailed("the server closed the connection")
        return raw.parse_smb(got[1])

    def send_create(self, name, flags, access=GENERIC_READ_WRITE, disposition=FILE_OPEN):
        """MS-CIFS 2.2.4.64.1 with Flags (the oplock asked for) and every sharing allowed."""
        encoded = name.encode("utf-16-le")
        words = struct.pack("<BBHBHIIIQIIIIIB", 0xFF, 0, 0, 0, len(encoded), flags, 0, access, 0,
                            0, SHARE_ALL, disposition, 0, 2, 0)
        data_start = raw.HEADER_SIZE + 1 + len(words) + 2
        data = b"\0" * (data_start % 2) + encoded + b"\0\0"
        return self.send(raw.SMB_COM_NT_CREATE_ANDX, words, data)

    def create(self, name, flags, **kw):
        """(FID, OplockLevel) of a create answered at once."""
        mid = self.send_create(name, flags, **kw)
        return create_result(self.receive(), mid, name)

    def acknowledge(self, fid, level):
        """MS-CIFS 2.2.4.32.1 from the client: OPLOCK_RELEASE, NewOpLockLevel, no ranges."""
        words = struct.pack("<BBHHBBIHH", 0xFF, 0, 0, fid, LOCKING_ANDX_OPLOCK_RELEASE, level,
                            0, 0, 0)
        return self.send(SMB_COM_LOCKING_ANDX, words)

    def echo_next(self, what):
        """The next frame must be the reply to an ECHO sent now: nothing else was pending."""
        mid = self.send(raw.SMB_COM_ECHO, struct.pack("<H", 1), b"x")
        reply = self.receive(5.0)
        if reply is None or reply["command"] != raw.SMB_COM_ECHO or reply["mid"] != mid:
            raise raw.CheckFailed(f"{what}: expected only the ECHO reply, got {describe(reply)}")


def describe(m):
    if m is None:
        return "nothing"
    return (f"command 0x{m['command']:02x} MID 0x{m['mid']:04x} flags 0x{m['flags']:02x} "
            f"{raw.status_text(m['status'])} words {m['words'].hex()}")


def create_result(reply, mid, name):
    if reply is None or reply["command"] != raw.SMB_COM_NT_CREATE_ANDX or reply["mid"] != mid:
        raise raw.CheckFailed(f"open {name}: expected its reply, got {describe(reply)}")
    if reply["status"] != 0 or len(reply["words"]) < 7:
        raise raw.CheckFailed(f"open {name}: {raw.status_text(reply['status'])}")
    return struct.unpack_from("<H", reply["words"], 5)[0], reply["words"][4]


def expect_break(m, fid, tid, level, what):
    """MS-CIFS 2.2.4.32.1 / 3.3.4.2: a request (no REPLY flag), MID 0xFFFF, the holder's TID and
    FID, TypeOfLock OPLOCK_RELEASE, the new level, Timeout 0, no ranges."""
    if m is None or m["command"] != SMB_COM_LOCKING_ANDX:
        raise raw.CheckFailed(f"{what}: expected an oplock break, got {describe(m)}")
    if m["flags"] & raw.FLAGS_REPLY or m["mid"] != 0xFFFF or m["tid"] != tid:
        raise raw.CheckFailed(f"{what}: not a server request on TID {tid}: {describe(m)}")
    if len(m["words"]) != 16:
        raise raw.CheckFailed(f"{what}: WordCount {len(m['words']) // 2}, expected 8")
    (andx, _r, _o, b_fid, lock_type, new_level, timeout, unlocks,
     locks) = struct.unpack("<BBHHBBIHH", m["words"])
    got = (andx, b_fid, lock_type, new_level, timeout, unlocks, locks, len(m["data"]))
    want = (0xFF, fid, LOCKING_ANDX_OPLOCK_RELEASE, level, 0, 0, 0, 0)
    if got != want:
        raise raw.CheckFailed(f"{what}: break fields {got}, expected {want}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--share", required=True)
    p.add_argument("--file", required=True, help="an existing file in the share")
    p.add_argument("--other", required=True, help="another existing file in the share")
    p.add_argument("--timeout", type=float, default=10.0)
    args = p.parse_args()
    args.dump = None
    c1, c2 = Conn(args), Conn(args)
    try:
        for c in (c1, c2):
            c.negotiate()
            c.logon(args.user, args.password, "")
            c.tree_connect(args.share)

        fid1, level = c1.create(args.file, NT_CREATE_REQUEST_OPLOCK | NT_CREATE_REQUEST_OPBATCH)
        if level != OPLOCK_BATCH:
            raise raw.CheckFailed(f"first open: OplockLevel {level}, expected batch (2)")
        print(f"ok grant: connection 1 holds a batch oplock on FID 0x{fid1:04x}")

        mid2 = c2.send_create(args.file, NT_CREATE_REQUEST_OPLOCK)
        expect_break(c1.receive(args.timeout), fid1, c1.tid, 1, "break on connection 1")
        print(f"ok break: connection 1 got LOCKING_ANDX MID 0xFFFF FID 0x{fid1:04x} "
              "NewOpLockLevel 1")
        early = c2.receive(QUIET)
        if early is not None:
            raise raw.CheckFailed(f"connection 2's open answered before the acknowledgement: "
                                  f"{describe(early)}")
        print(f"ok wait: connection 2's open is unanswered {QUIET} s after the break")
        c1.acknowledge(fid1, 1)
        fid2, level = create_result(c2.receive(args.timeout), mid2, args.file)
        if level != OPLOCK_LEVEL_II:
            raise raw.CheckFailed(f"second open: OplockLevel {level}, expected level II (3)")
        print(f"ok ack: connection 2's open completed after it, OplockLevel 3 (FID 0x{fid2:04x})")
        c1.echo_next("the acknowledgement has no reply")
        print("ok no-reply: the acknowledgement got no reply")

        fid_other, level = c1.create(args.other, NT_CREATE_REQUEST_OPLOCK)
        if level != OPLOCK_EXCLUSIVE:
            raise raw.CheckFailed(f"other file: OplockLevel {level}, expected exclusive (1)")
        fid_stat, level = c2.create(args.other, 0, access=FILE_READ_ATTRIBUTES)
        late = c1.receive(QUIET)
        if late is not None:
            raise raw.CheckFailed(f"a stat-only open broke an exclusive oplock: {describe(late)}")
        print("ok no-break: a stat-only open of an exclusively oplocked file broke nothing")

        # Both connections hold level II on the file; a truncating open breaks them to none,
        # with no acknowledgement to wait for.
        mid3 = c2.send_create(args.file, 0, disposition=FILE_OVERWRITE_IF)
        expect_break(c1.receive(args.timeout), fid1, c1.tid, 0, "level II break on connection 1")
        got = [c2.receive(args.timeout), c2.receive(args.timeout)]
        breaks = [m for m in got if m and m["command"] == SMB_COM_LOCKING_ANDX]
        replies = [m for m in got if m and m["command"] == raw.SMB_COM_NT_CREATE_ANDX]
        if len(breaks) != 1 or len(replies) != 1:
            raise raw.CheckFailed(f"connection 2: expected a break and a reply, got "
                                  f"{[describe(m) for m in got]}")
        expect_break(breaks[0], fid2, c2.tid, 0, "level II break on connection 2")
        create_result(replies[0], mid3, args.file)
        print("ok level-ii: a truncating open broke both level II oplocks to none, no wait")
        for c, fids in ((c1, (fid1, fid_other)), (c2, (fid2, fid_stat))):
            for fid in fids:
                c.close_fid(fid)
        c1.echo_next("after the level II break")
        print("ok alive: both connections still answer")
    except raw.CheckFailed as e:
        print(f"FAIL {e}")
        return 1
    finally:
        c1.close()
        c2.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
