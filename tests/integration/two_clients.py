#!/usr/bin/env python3
"""Share modes and byte-range locks seen from two SMB1 connections at once.

  two_clients.py --port P --user U --password W --share S --file NAME [--checks a,b]

Both connections log on as U (NTLMv2 in NTLMSSP, through raw_smb1.Session) and connect to S,
where NAME must be an existing regular file. Each check prints one line, "ok NAME: ..." or
"FAIL NAME: ...", and the script exits 1 if any failed. The requests are hand-made from
MS-CIFS: NT_CREATE_ANDX (2.2.4.64.1) with a chosen ShareAccess, OPEN_ANDX (2.2.4.41.1) with a
chosen sharing mode, LOCKING_ANDX (2.2.4.32.1, LARGE_FILES ranges), READ_ANDX (2.2.4.42.1).

Checks (in this order by default):
  share_none      A opens read/write sharing nothing: B's read open is refused with
                  STATUS_SHARING_VIOLATION, an attributes-only open is not; after A's CLOSE B opens.
  share_read      A reads sharing read: B may read (sharing read and write) but not write.
  openx_deny      OPEN_ANDX deny-write from A: B's read-write OPEN_ANDX is refused, a read one not.
  exclusive_lock  A locks 0..99 exclusively: B's lock there fails with STATUS_LOCK_NOT_GRANTED,
                  then STATUS_FILE_LOCK_CONFLICT when retried at the same offset; B's READ_ANDX
                  of locked bytes fails with STATUS_FILE_LOCK_CONFLICT, of others succeeds; A
                  reads its own range.
  shared_locks    shared locks of A and B overlap; an exclusive one over them is refused.
  unlock          A's unlock lets B lock; unlocking a range not held is STATUS_RANGE_NOT_LOCKED.
  timeout         B's lock with a 1500 ms time-out fails after about that long.
  wait_granted    B's lock with a 10 s time-out is granted as soon as A unlocks, from another
                  connection, half a second later.
  close_releases  A's CLOSE drops its locks.
  dos_only        LOCKING_ANDX_CHANGE_LOCKTYPE and a CANCEL_LOCK that finds nothing answer
                  ERRDOS/ERRnoatomiclocks and ERRDOS/ERRcancelviolation in DOS form.
  delete_shared   while A holds a new file open without FILE_SHARE_DELETE, B's SMB_COM_DELETE
                  (2.2.4.7.1) is refused with STATUS_SHARING_VIOLATION; after A's CLOSE it works.
  file_id         (with --inode) both connections read the file's IndexNumber through
                  TRANS2_QUERY_PATH_INFORMATION, pass-through level FileInternalInformation
                  (1000 + 6, MS-SMB 2.2.2.3.5; MS-FSCC 2.4.22), before and after a re-open:
                  the inode number each time.
"""

import argparse
import os
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import raw_smb1 as raw  # noqa: E402

SMB_COM_DELETE = 0x06
SMB_COM_LOCKING_ANDX = 0x24

GENERIC_READ = 0x80000000
GENERIC_WRITE = 0x40000000
FILE_READ_ATTRIBUTES = 0x80
FILE_SHARE_READ, FILE_SHARE_WRITE, FILE_SHARE_DELETE = 1, 2, 4
FILE_OPEN, FILE_CREATE = 1, 2

LOCKING_ANDX_SHARED_LOCK = 0x01
LOCKING_ANDX_CHANGE_LOCKTYPE = 0x04
LOCKING_ANDX_CANCEL_LOCK = 0x08
LOCKING_ANDX_LARGE_FILES = 0x10

STATUS_SUCCESS = 0
STATUS_SHARING_VIOLATION = 0xC0000043
STATUS_FILE_LOCK_CONFLICT = 0xC0000054
STATUS_LOCK_NOT_GRANTED = 0xC0000055
STATUS_RANGE_NOT_LOCKED = 0xC000007E
DOS_NO_ATOMIC_LOCKS = 0x00AE0001   # ERRDOS (1) / ERRnoatomiclocks (0xAE)
DOS_CANCEL_VIOLATION = 0x00AD0001  # ERRDOS (1) / ERRcancelviolation (0xAD)

NAMES = {STATUS_SUCCESS: "SUCCESS", STATUS_SHARING_VIOLATION: "SHARING_VIOLATION",
         STATUS_FILE_LOCK_CONFLICT: "FILE_LOCK_CONFLICT", STATUS_LOCK_NOT_GRANTED:
         "LOCK_NOT_GRANTED", STATUS_RANGE_NOT_LOCKED: "RANGE_NOT_LOCKED",
         DOS_NO_ATOMIC_LOCKS: "ERRDOS/ERRnoatomiclocks",
         DOS_CANCEL_VIOLATION: "ERRDOS/ERRcancelviolation"}


def name(status):
    return NAMES.get(status, f"0x{status:08x}")


def expect(what, reply, status):
    if reply["status"] != status:
        raise raw.CheckFailed(f"{what}: {name(reply['status'])}, expected {name(status)}")
    return reply


class Client(raw.Session):
    def __init__(self, args):
        super().__init__(args, extended=True)
        self.negotiate()
        self.logon(args.user, args.password, args.domain)
        expect("TREE_CONNECT", self.tree_connect(args.share), STATUS_SUCCESS)
        self.file = args.file.encode("utf-16-le")

    def create(self, access, share):
        """NT_CREATE_ANDX, open existing: the FID, or the failing reply's status."""
        words = struct.pack("<BBHBHIIIQIIIIIB", 0xFF, 0, 0, 0, len(self.file), 0, 0, access, 0,
                            0, share, FILE_OPEN, 0, 2, 0)
        data_start = raw.HEADER_SIZE + 1 + len(words) + 2
        data = b"\0" * (data_start % 2) + self.file + b"\0\0"
        reply = self.request(raw.SMB_COM_NT_CREATE_ANDX, words, data)
        if reply["status"] != STATUS_SUCCESS:
            return None, reply
        return struct.unpack_from("<H", reply["words"], 5)[0], reply

    def open_andx(self, access_mode):
        """OPEN_ANDX, open existing, with AccessMode as given (access | sharing mode)."""
        words = struct.pack("<BBHHHHHIHIII", 0xFF, 0, 0, 0, access_mode, 0x16, 0, 0, 0x0001, 0,
                            0, 0)
        data_start = raw.HEADER_SIZE + 1 + len(words) + 2
        data = b"\0" * (data_start % 2) + self.file + b"\0\0"
        reply = self.request(raw.SMB_COM_OPEN_ANDX, words, data)
        if reply["status"] != STATUS_SUCCESS:
            return None, reply
        return struct.unpack_from("<H", reply["words"], 4)[0], reply

    def create_new(self, name, access, share):
        """NT_CREATE_ANDX creating NAME (FILE_CREATE): the FID."""
        encoded = name.encode("utf-16-le")
        words = struct.pack("<BBHBHIIIQIIIIIB", 0xFF, 0, 0, 0, len(encoded), 0, 0, access, 0,
                            0, share, FILE_CREATE, 0, 2, 0)
        data_start = raw.HEADER_SIZE + 1 + len(words) + 2
        data = b"\0" * (data_start % 2) + encoded + b"\0\0"
        reply = expect(f"NT_CREATE_ANDX creating {name}",
                       self.request(raw.SMB_COM_NT_CREATE_ANDX, words, data), STATUS_SUCCESS)
        return struct.unpack_from("<H", reply["words"], 5)[0]

    def delete(self, name):
        """SMB_COM_DELETE: SearchAttributes, then BufferFormat 0x04 and the name (at an even
        offset from the header: 32 + 1 + 2 + 2 + 1)."""
        data = b"\x04" + name.encode("utf-16-le") + b"\0\0"
        return self.request(SMB_COM_DELETE, struct.pack("<H", 0x0006), data)

    def must_open(self, access, share):
        fid, reply = self.create(access, share)
        expect("NT_CREATE_ANDX", reply, STATUS_SUCCESS)
        return fid

    def locking(self, fid, locks=(), unlocks=(), type_of_lock=0, timeout=0, pid=raw.PID):
        words = struct.pack("<BBHHBBIHH", 0xFF, 0, 0, fid, type_of_lock | LOCKING_ANDX_LARGE_FILES,
                            0, timeout & 0xFFFFFFFF, len(unlocks), len(locks))
        data = b""
        for offset, length in list(unlocks) + list(locks):
            data += struct.pack("<HHIIII", pid, 0, offset >> 32, offset & 0xFFFFFFFF,
                                length >> 32, length & 0xFFFFFFFF)
        return self.request(SMB_COM_LOCKING_ANDX, words, data)

    def read_at(self, fid, offset, count):
        words = struct.pack("<BBHHIHHIHI", 0xFF, 0, 0, fid, offset & 0xFFFFFFFF, count, count, 0,
                            0, offset >> 32)
        return self.request(raw.SMB_COM_READ_ANDX, words)


def check_share_none(a, b):
    fid = a.must_open(GENERIC_READ | GENERIC_WRITE, 0)
    _, reply = b.create(GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)
    expect("B's read open while A shares nothing", reply, STATUS_SHARING_VIOLATION)
    attrs = b.must_open(FILE_READ_ATTRIBUTES, 0)
    expect("B's CLOSE", b.close_fid(attrs), STATUS_SUCCESS)
    expect("A's CLOSE", a.close_fid(fid), STATUS_SUCCESS)
    expect("B's CLOSE", b.close_fid(b.must_open(GENERIC_READ, 0)), STATUS_SUCCESS)
    return "B refused with SHARING_VIOLATION, attributes-only open allowed, open after CLOSE"


def check_share_read(a, b):
    fid = a.must_open(GENERIC_READ, FILE_SHARE_READ)
    reader = b.must_open(GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE)
    _, reply = b.create(GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE)
    expect("B's write open while A shares only reading", reply, STATUS_SHARING_VIOLATION)
    b.close_fid(reader)
    a.close_fid(fid)
    return "second reader allowed, writer refused"


def check_openx_deny(a, b):
    fid, reply = a.open_andx(0x0020)  # read, deny write
    expect("A's OPEN_ANDX read/deny-write", reply, STATUS_SUCCESS)
    _, reply = b.open_andx(0x0042)  # read-write, deny none
    expect("B's OPEN_ANDX read-write", reply, STATUS_SHARING_VIOLATION)
    reader, reply = b.open_andx(0x0040)  # read, deny none
    expect("B's OPEN_ANDX read", reply, STATUS_SUCCESS)
    b.close_fid(reader)
    a.close_fid(fid)
    return "read-write refused, read allowed"


def rw_pair(a, b):
    share = FILE_SHARE_READ | FILE_SHARE_WRITE
    return a.must_open(GENERIC_READ | GENERIC_WRITE, share), b.must_open(
        GENERIC_READ | GENERIC_WRITE, share)


def check_exclusive_lock(a, b):
    fa, fb = rw_pair(a, b)
    expect("A's lock 0..99", a.locking(fa, [(0, 100)]), STATUS_SUCCESS)
    expect("B's lock 50..59", b.locking(fb, [(50, 10)]), STATUS_LOCK_NOT_GRANTED)
    expect("B's lock 50..59 again", b.locking(fb, [(50, 10)]), STATUS_FILE_LOCK_CONFLICT)
    expect("B's read of 10..19", b.read_at(fb, 10, 10), STATUS_FILE_LOCK_CONFLICT)
    expect("B's read of 100..109", b.read_at(fb, 100, 10), STATUS_SUCCESS)
    expect("A's read of 10..19", a.read_at(fa, 10, 10), STATUS_SUCCESS)
    a.close_fid(fa)
    b.close_fid(fb)
    return "LOCK_NOT_GRANTED, then FILE_LOCK_CONFLICT; B's read refused, A's allowed"


def check_shared_locks(a, b):
    fa, fb = rw_pair(a, b)
    expect("A's shared lock", a.locking(fa, [(1000, 10)], type_of_lock=LOCKING_ANDX_SHARED_LOCK),
           STATUS_SUCCESS)
    expect("B's overlapping shared lock",
           b.locking(fb, [(1005, 10)], type_of_lock=LOCKING_ANDX_SHARED_LOCK), STATUS_SUCCESS)
    expect("B's read of the shared range", b.read_at(fb, 1000, 15), STATUS_SUCCESS)
    expect("B's exclusive lock over them", b.locking(fb, [(1002, 1)]), STATUS_LOCK_NOT_GRANTED)
    a.close_fid(fa)
    b.close_fid(fb)
    return "shared locks coexist, exclusive refused"


def check_unlock(a, b):
    fa, fb = rw_pair(a, b)
    expect("A's lock", a.locking(fa, [(0, 100)]), STATUS_SUCCESS)
    expect("B's lock", b.locking(fb, [(50, 10)]), STATUS_LOCK_NOT_GRANTED)
    expect("A's unlock", a.locking(fa, unlocks=[(0, 100)]), STATUS_SUCCESS)
    expect("B's lock after the unlock", b.locking(fb, [(50, 10)]), STATUS_SUCCESS)
    expect("A's read of B's range", a.read_at(fa, 50, 1), STATUS_FILE_LOCK_CONFLICT)
    expect("A's unlock of a range not held", a.locking(fa, unlocks=[(5000, 1)]),
           STATUS_RANGE_NOT_LOCKED)
    a.close_fid(fa)
    b.close_fid(fb)
    return "unlock releases; RANGE_NOT_LOCKED for a range not held"


def check_timeout(a, b):
    fa, fb = rw_pair(a, b)
    expect("A's lock", a.locking(fa, [(2000, 10)]), STATUS_SUCCESS)
    start = time.monotonic()
    reply = b.locking(fb, [(2000, 10)], timeout=1500)
    took = time.monotonic() - start
    expect("B's lock with a 1500 ms time-out", reply, STATUS_FILE_LOCK_CONFLICT)
    if not 1.4 <= took < 5:
        raise raw.CheckFailed(f"the time-out took {took:.2f} s, expected about 1.5 s")
    a.close_fid(fa)
    b.close_fid(fb)
    return f"FILE_LOCK_CONFLICT after {took:.2f} s"


def check_wait_granted(a, b):
    fa, fb = rw_pair(a, b)
    expect("A's lock", a.locking(fa, [(2000, 10)]), STATUS_SUCCESS)
    result = {}

    def wait():
        start = time.monotonic()
        result["reply"] = b.locking(fb, [(2005, 10)], timeout=10000)
        result["took"] = time.monotonic() - start

    waiter = threading.Thread(target=wait)
    waiter.start()
    time.sleep(0.5)
    expect("A's unlock", a.locking(fa, unlocks=[(2000, 10)]), STATUS_SUCCESS)
    waiter.join(15)
    if "reply" not in result:
        raise raw.CheckFailed("B's waiting lock was never answered")
    expect("B's waiting lock", result["reply"], STATUS_SUCCESS)
    if not 0.4 <= result["took"] < 5:
        raise raw.CheckFailed(f"B waited {result['took']:.2f} s, expected about 0.5 s")
    a.close_fid(fa)
    b.close_fid(fb)
    return f"granted after {result['took']:.2f} s"


def check_close_releases(a, b):
    fa, fb = rw_pair(a, b)
    expect("A's lock", a.locking(fa, [(3000, 10)]), STATUS_SUCCESS)
    expect("B's lock", b.locking(fb, [(3000, 10)]), STATUS_LOCK_NOT_GRANTED)
    expect("A's CLOSE", a.close_fid(fa), STATUS_SUCCESS)
    expect("B's lock after A's CLOSE", b.locking(fb, [(3000, 10)]), STATUS_SUCCESS)
    b.close_fid(fb)
    return "B locks once A has closed"


def check_dos_only(a, b):
    fa = a.must_open(GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE)
    for what, reply, status in (
            ("CHANGE_LOCKTYPE", a.locking(fa, [(0, 1)], type_of_lock=LOCKING_ANDX_CHANGE_LOCKTYPE),
             DOS_NO_ATOMIC_LOCKS),
            ("CANCEL_LOCK with nothing pending",
             a.locking(fa, [(0, 1)], type_of_lock=LOCKING_ANDX_CANCEL_LOCK), DOS_CANCEL_VIOLATION)):
        expect(what, reply, status)
        if reply["flags2"] & raw.FLAGS2_NT_STATUS:
            raise raw.CheckFailed(f"{what}: the reply still says FLAGS2_NT_STATUS")
    a.close_fid(fa)
    return "both in DOS form"


def check_delete_shared(a, b):
    victim = "delete_me.txt"
    fid = a.create_new(victim, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE)
    expect("B's DELETE while A's open does not share delete", b.delete(victim),
           STATUS_SHARING_VIOLATION)
    expect("A's CLOSE", a.close_fid(fid), STATUS_SUCCESS)
    expect("B's DELETE after A's CLOSE", b.delete(victim), STATUS_SUCCESS)
    return "SHARING_VIOLATION while open, deleted after CLOSE"


def index_number(client):
    reply = client.trans2(0x0005, struct.pack("<HI", 1006, 0) + client.file + b"\0\0")
    expect("TRANS2_QUERY_PATH_INFORMATION FileInternalInformation", reply, STATUS_SUCCESS)
    data = reply.get("trans_data", b"")
    if len(data) != 8:
        raise raw.CheckFailed(f"FileInternalInformation is {len(data)} bytes, expected 8")
    return struct.unpack("<Q", data)[0]


def check_file_id(a, b):
    if a.args.inode is None:
        return "skipped (no --inode)"
    seen = [index_number(a), index_number(b)]
    fid = a.must_open(GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE)
    a.close_fid(fid)
    seen += [index_number(b), index_number(a)]
    if any(n != a.args.inode for n in seen):
        raise raw.CheckFailed(f"IndexNumber {seen}, expected {a.args.inode} each time")
    return f"IndexNumber {a.args.inode} on both connections, before and after a re-open"


CHECKS = {
    "share_none": check_share_none,
    "share_read": check_share_read,
    "openx_deny": check_openx_deny,
    "exclusive_lock": check_exclusive_lock,
    "shared_locks": check_shared_locks,
    "unlock": check_unlock,
    "timeout": check_timeout,
    "wait_granted": check_wait_granted,
    "close_releases": check_close_releases,
    "dos_only": check_dos_only,
    "delete_shared": check_delete_shared,
    "file_id": check_file_id,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--domain", default="")
    parser.add_argument("--share", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--checks")
    parser.add_argument("--inode", type=int, help="the file's inode number, for file_id")
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    args.dump = None

    names = args.checks.split(",") if args.checks else list(CHECKS)
    failed = 0
    a, b = Client(args), Client(args)
    try:
        for check in names:
            try:
                print(f"ok   {check}: {CHECKS[check](a, b)}", flush=True)
            except raw.CheckFailed as e:
                failed += 1
                print(f"FAIL {check}: {e}", flush=True)
                # A failed check may leave FIDs open; the next starts from fresh connections.
                a.close()
                b.close()
                a, b = Client(args), Client(args)
    finally:
        a.close()
        b.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
