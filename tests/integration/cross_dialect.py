#!/usr/bin/env python3
"""What an SMB1 client and SMB 3.x clients of one server see of each other's opens: share modes,
byte-range locks, delete pending, change notification, oplocks and file content, each check with
exact statuses and bytes. The SMB1 side is raw_smb1.py's session (NT LM 0.12, NTLMv2 in SPNEGO)
with the requests of oplock_raw.py and notify_raw.py; the SMB3 side is raw_smb2.py.

  cross_dialect.py --port P --user U --password W --share S --local DIR [--checks a,b]
                   [--dialect 0x0311]

DIR is the share's directory on this machine: files are prepared there and what the clients did
is checked there. Each check opens its own connections (one SMB1 client "smb1", SMB3 clients "A"
and "B"), prints "ok NAME: ..." or "FAIL NAME: ...", and the script exits 1 if any failed.
Checks, in this order by default:
  share_none        A opens sharing nothing: smb1's NT_CREATE_ANDX and B's CREATE get
                    STATUS_SHARING_VIOLATION, a stat-only open of smb1 does not; after A's CLOSE
                    smb1 opens sharing nothing, and A's CREATE gets STATUS_SHARING_VIOLATION
                    until smb1's CLOSE.
  share_read        A reads sharing read only: smb1 may open to read, not to write.
  lock_smb3_holds   A's exclusive LOCK: smb1's WRITE_ANDX and READ_ANDX of the range fail with
                    STATUS_FILE_LOCK_CONFLICT, its LOCKING_ANDX with STATUS_LOCK_NOT_GRANTED
                    (then STATUS_FILE_LOCK_CONFLICT when retried at the same offset); outside
                    the range all succeed. A's shared LOCK: smb1 reads and takes a shared lock,
                    but its write and its exclusive lock fail. After A's unlock smb1 writes.
  lock_smb1_holds   smb1's exclusive lock: A's LOCK with FAIL_IMMEDIATELY (exclusive or shared)
                    fails with STATUS_LOCK_NOT_GRANTED, each time; A's WRITE and READ of the
                    range with STATUS_FILE_LOCK_CONFLICT.
  lock_wait         A's LOCK without FAIL_IMMEDIATELY gets an interim STATUS_PENDING and
                    completes with STATUS_SUCCESS when smb1 unlocks; then smb1 is refused.
  lock_cancel       a waiting LOCK of A ends with STATUS_CANCELLED on CANCEL by AsyncId, and
                    another on CANCEL by MessageId; neither is granted later.
  lock_smb3_pair    B's FAIL_IMMEDIATELY LOCK against A's: STATUS_LOCK_NOT_GRANTED; B's waiting
                    LOCK completes when A closes its handle.
  delete_setinfo    A sets delete pending (SET_INFO FileDispositionInformation): smb1's open and
                    B's CREATE get STATUS_DELETE_PENDING; after A's CLOSE the file is gone.
  delete_on_close   A opens with FILE_DELETE_ON_CLOSE while smb1 holds an open and closes: the
                    delete is pending (STATUS_DELETE_PENDING for smb1 and B) until smb1's CLOSE
                    removes the file; then the same with the roles swapped.
  notify_smb3       A's CHANGE_NOTIFY on a directory (interim STATUS_PENDING) completes with
                    FILE_ACTION_ADDED and the name of the file smb1 creates there.
  notify_smb1       smb1's NT_TRANSACT_NOTIFY_CHANGE completes with FILE_ACTION_ADDED and the name
                    of the file A creates there.
  notify_tree       A's CHANGE_NOTIFY with WATCH_TREE completes with FILE_ACTION_ADDED and
                    sub\\deep.txt (a backslash) for the file smb1 creates in a subdirectory.
  rename_smb3       A renames a file (SET_INFO FileRenameInformation, SMB2 form): smb1's
                    NT_TRANSACT_NOTIFY_CHANGE gets RENAMED_OLD_NAME and RENAMED_NEW_NAME,
                    smb1's open of the old name STATUS_OBJECT_NAME_NOT_FOUND, of the new one
                    the bytes; an open that does not share delete and one with DELETE access
                    exclude each other across dialects (STATUS_SHARING_VIOLATION).
  notify_end        A's pending CHANGE_NOTIFY ends with STATUS_CANCELLED on CANCEL, another with
                    STATUS_NOTIFY_CLEANUP when A closes the directory.
  oplock_smb3_holds A's batch oplock breaks to level II (an OPLOCK_BREAK notification) when smb1
                    opens the file; smb1's open completes only after A's acknowledgement; smb1's
                    WRITE_ANDX then breaks A's level II to none.
  oplock_smb1_holds smb1's batch oplock breaks to level II (LOCKING_ANDX, MID 0xFFFF) when B
                    opens the file; B's CREATE completes after smb1's acknowledgement with level
                    II; B's WRITE then breaks smb1's level II to none.
  oplock_smb3_pair  A's batch oplock breaks to none when B opens the file overwriting it; B's
                    CREATE completes after A's acknowledgement (level II: A still has it open).
  oplock_exclusive  A's exclusive oplock breaks to level II when smb1 opens the file.
  oplock_parked     six SMB3 clients open a file whose batch oplock smb1 holds: all six wait
                    for the acknowledgement at once (more than the server's four worker threads:
                    a waiting open holds none), while a seventh client reads another file; after
                    the acknowledgement all six get level II.
  content           bytes A writes smb1 reads back exactly, and the reverse, with both files
                    open at once; the file on disk holds the same bytes. (A moves at most
                    MaxWriteSize/MaxReadSize per request: 64 KiB on 2.0.2.)
  eas               extended attributes: A's SET_INFO FileFullEaInformation stores user.NAME
                    xattrs on disk; smb1 reads them by path (SMB_INFO_QUERY_EAS_FROM_LIST, names
                    in another case and a missing one with an empty value; SMB_INFO_QUERY_ALL_EAS)
                    and changes them (SMB_INFO_SET_EAS: one removed by an empty value, one
                    added); A's QUERY_INFO FileFullEaInformation and FileEaInformation then see
                    smb1's changes, and a bad name (STATUS_INVALID_EA_NAME) changes nothing;
                    a file A creates with an ExtA create context has its EAs for smb1.
"""

import argparse
import os
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import notify_raw  # noqa: E402
import oplock_raw  # noqa: E402
import raw_smb1 as raw  # noqa: E402
import raw_smb2 as smb2  # noqa: E402
from raw_smb2 import (  # noqa: E402
    STATUS_SUCCESS, STATUS_SHARING_VIOLATION, STATUS_FILE_LOCK_CONFLICT,
    STATUS_LOCK_NOT_GRANTED, STATUS_DELETE_PENDING, STATUS_CANCELLED, STATUS_NOTIFY_CLEANUP,
    STATUS_OBJECT_NAME_NOT_FOUND, GENERIC_READ, GENERIC_WRITE, DELETE, SHARE_ALL,
    FILE_SHARE_READ, FILE_SHARE_WRITE, FILE_OPEN, FILE_CREATE, FILE_OVERWRITE_IF,
    FILE_DIRECTORY_FILE, FILE_DELETE_ON_CLOSE, FILE_READ_ATTRIBUTES, FILE_LIST_DIRECTORY,
    SYNCHRONIZE, LOCKFLAG_SHARED, LOCKFLAG_EXCLUSIVE, LOCKFLAG_UNLOCK, LOCKFLAG_FAIL_IMMEDIATELY,
    OPLOCK_NONE, OPLOCK_II, OPLOCK_EXCLUSIVE, OPLOCK_BATCH, FILE_ACTION_ADDED,
    FILE_ACTION_RENAMED_OLD_NAME, FILE_ACTION_RENAMED_NEW_NAME, FILE_NOTIFY_CHANGE_FILE_NAME,
    FILE_NOTIFY_CHANGE_DIR_NAME, WATCH_TREE)

SMB_COM_WRITE_ANDX = 0x2F
SMB_COM_LOCKING_ANDX = 0x24
SMB_COM_NT_TRANSACT = 0xA0
NT_CREATE_REQUEST_OPLOCK, NT_CREATE_REQUEST_OPBATCH = 0x2, 0x4
# NT_CREATE_ANDX's OplockLevel (MS-CIFS 2.2.4.64.2), and LOCKING_ANDX's NewOpLockLevel in a break
# (2.2.4.32.1), which numbers them its own way.
SMB1_OPLOCK_NONE, SMB1_OPLOCK_EXCLUSIVE, SMB1_OPLOCK_BATCH, SMB1_OPLOCK_II = 0, 1, 2, 3
SMB1_BREAK_TO_NONE, SMB1_BREAK_TO_II = 0, 1
LOCKING_ANDX_SHARED_LOCK = 0x01
LOCKING_ANDX_LARGE_FILES = 0x10
RW = GENERIC_READ | GENERIC_WRITE
SHARE_RW = FILE_SHARE_READ | FILE_SHARE_WRITE
# How long "nothing came" is awaited where a response must NOT arrive (an open held up by an
# oplock break): a negative can only be shown by waiting; every positive waits for its event.
QUIET = 0.5


class CheckFailed(Exception):
    pass


def name_of(status):
    return smb2.status_text(status)


def expect(what, got, status):
    """`got` (a response dict, or a status) must have `status`; returns got."""
    actual = got["status"] if isinstance(got, dict) else got
    if actual != status:
        raise CheckFailed(f"{what}: {name_of(actual)}, expected {name_of(status)}")
    return got


def expect_equal(what, got, want):
    if got != want:
        raise CheckFailed(f"{what}: {got!r}, expected {want!r}")


# --- the SMB1 client -------------------------------------------------------------------------

class Smb1(oplock_raw.Conn):
    """A logged-on SMB1 connection (level II oplocks announced) whose requests may be answered in
    any order: replies wait in an inbox by MID, oplock breaks (LOCKING_ANDX requests from the
    server, MID 0xFFFF) in `breaks`."""

    def __init__(self, args):
        super().__init__(args)
        self.inbox = {}
        self.breaks = []
        self.negotiate()
        self.logon(args.user, args.password, "")
        expect("SMB1 TREE_CONNECT_ANDX", self.tree_connect(args.share), STATUS_SUCCESS)

    def _pump(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        m = self.receive(left)
        if m is None:
            return False
        if m["command"] == SMB_COM_LOCKING_ANDX and not m["flags"] & raw.FLAGS_REPLY:
            self.breaks.append(m)
        else:
            self.inbox.setdefault(m["mid"], []).append(m)
        return True

    def result(self, mid, command, timeout=None):
        """The reply to MID (which must be for `command`)."""
        deadline = time.monotonic() + (self.args.timeout if timeout is None else timeout)
        while not self.inbox.get(mid):
            if not self._pump(deadline):
                raise CheckFailed(f"SMB1: no reply to MID {mid} in time")
        m = self.inbox[mid].pop(0)
        if m["command"] != command or not m["flags"] & raw.FLAGS_REPLY:
            raise CheckFailed(f"SMB1 MID {mid}: {oplock_raw.describe(m)}, expected a reply to "
                              f"command 0x{command:02x}")
        return m

    def answered(self, mid, timeout):
        deadline = time.monotonic() + timeout
        while not self.inbox.get(mid):
            if not self._pump(deadline):
                return False
        return True

    def next_break(self, timeout=None):
        deadline = time.monotonic() + (self.args.timeout if timeout is None else timeout)
        while not self.breaks:
            if not self._pump(deadline):
                return None
        return self.breaks.pop(0)

    def call(self, command, words=b"", data=b""):
        return self.result(self.send(command, words, data), command)

    def send_open(self, name, access, share, disposition=FILE_OPEN, options=0, flags=0):
        """NT_CREATE_ANDX (MS-CIFS 2.2.4.64.1); returns the MID."""
        encoded = name.encode("utf-16-le")
        words = struct.pack("<BBHBHIIIQIIIIIB", 0xFF, 0, 0, 0, len(encoded), flags, 0, access,
                            0, 0, share, disposition, options, 2, 0)
        data_start = raw.HEADER_SIZE + 1 + len(words) + 2
        data = b"\0" * (data_start % 2) + encoded + b"\0\0"
        return self.send(raw.SMB_COM_NT_CREATE_ANDX, words, data)

    def open_result(self, mid):
        """The reply to an NT_CREATE_ANDX, with "fid" and "oplock_level" on success."""
        m = self.result(mid, raw.SMB_COM_NT_CREATE_ANDX)
        if m["status"] == STATUS_SUCCESS:
            m["oplock_level"] = m["words"][4]
            m["fid"] = struct.unpack_from("<H", m["words"], 5)[0]
        return m

    def open(self, name, access=RW, share=SHARE_ALL, **kw):
        return self.open_result(self.send_open(name, access, share, **kw))

    def must_open(self, name, access=RW, share=SHARE_ALL, **kw):
        return expect(f"SMB1 open of {name}", self.open(name, access, share, **kw),
                      STATUS_SUCCESS)["fid"]

    def close_fid(self, fid):
        return self.call(raw.SMB_COM_CLOSE, struct.pack("<HI", fid, 0))

    def write(self, fid, offset, data):
        """WRITE_ANDX (MS-CIFS 2.2.4.43.1, 14 words): the data 1 pad byte after ByteCount, at
        offset 64 from the header's start. The reply gets "count"."""
        data_offset = raw.HEADER_SIZE + 1 + 28 + 2 + 1
        words = struct.pack("<BBHHIIHHHHHI", 0xFF, 0, 0, fid, offset & 0xFFFFFFFF, 0, 0, 0,
                            len(data) >> 16, len(data) & 0xFFFF, data_offset, offset >> 32)
        m = self.call(SMB_COM_WRITE_ANDX, words, b"\0" + data)
        if m["status"] == STATUS_SUCCESS:
            count, _available, count_high = struct.unpack_from("<HHH", m["words"], 4)
            m["count"] = count | count_high << 16
        return m

    def read(self, fid, offset, count):
        """READ_ANDX (MS-CIFS 2.2.4.42.1, 12 words); the reply gets "data"."""
        words = struct.pack("<BBHHIHHIHI", 0xFF, 0, 0, fid, offset & 0xFFFFFFFF, count, count,
                            0, 0, offset >> 32)
        m = self.call(raw.SMB_COM_READ_ANDX, words)
        if m["status"] == STATUS_SUCCESS:
            length, data_offset = struct.unpack_from("<HH", m["words"], 10)
            m["data"] = m["raw"][data_offset:data_offset + length]
        return m

    def read_all(self, fid, size, chunk=60000):
        data = b""
        while len(data) < size:
            m = expect("SMB1 READ_ANDX", self.read(fid, len(data), min(chunk, size - len(data))),
                       STATUS_SUCCESS)
            if not m["data"]:
                raise CheckFailed(f"SMB1 READ_ANDX at {len(data)} returned no data")
            data += m["data"]
        return data

    def locking(self, fid, locks=(), unlocks=(), shared=False, timeout=0):
        """LOCKING_ANDX (MS-CIFS 2.2.4.32.1) with LARGE_FILES ranges (offset, length)."""
        kind = LOCKING_ANDX_LARGE_FILES | (LOCKING_ANDX_SHARED_LOCK if shared else 0)
        words = struct.pack("<BBHHBBIHH", 0xFF, 0, 0, fid, kind, 0, timeout, len(unlocks),
                            len(locks))
        data = b""
        for offset, length in list(unlocks) + list(locks):
            data += struct.pack("<HHIIII", raw.PID, 0, offset >> 32, offset & 0xFFFFFFFF,
                                length >> 32, length & 0xFFFFFFFF)
        return self.call(SMB_COM_LOCKING_ANDX, words, data)

    def notify(self, fid):
        """NT_TRANSACT_NOTIFY_CHANGE for file names (notify_raw.py); returns the MID."""
        return notify_raw.notify(self, fid)

    def notify_result(self, mid):
        """The NT_TRANSACT reply (MS-CIFS 2.2.4.62.2) with its parameters parsed as
        FILE_NOTIFY_INFORMATION entries (2.2.7.4.2) into "entries"."""
        m = self.result(mid, SMB_COM_NT_TRANSACT)
        if m["status"] == STATUS_SUCCESS:
            (_r, _tp, _td, p_count, p_offset, _pd, _dc, _do, _dd,
             _setup) = struct.unpack_from("<3sIIIIIIIIB", m["words"], 0)
            m["entries"] = smb2.parse_notify_entries(m["raw"][p_offset:p_offset + p_count])
        return m

    def echo(self):
        return self.call(raw.SMB_COM_ECHO, struct.pack("<H", 1), b"x")


def expect_smb1_break(m, fid, tid, level, what):
    oplock_raw.expect_break(m, fid, tid, level, what)


# --- a check's clients and files -------------------------------------------------------------

class Context:
    def __init__(self, args):
        self.args = args
        self.clients = []

    def smb1(self):
        c = Smb1(self.args)
        self.clients.append(c)
        return c

    def smb3(self):
        a = self.args
        dialects = tuple(d for d in smb2.DIALECTS if d <= a.dialect)
        c = smb2.connect(a.host, a.port, a.user, a.password, a.share, dialects, timeout=a.timeout)
        self.clients.append(c)
        return c

    def local(self, name):
        return os.path.join(self.args.local, *name.split("\\"))

    def make(self, name, data=b""):
        with open(self.local(name), "wb") as f:
            f.write(data)

    def mkdir(self, name):
        os.mkdir(self.local(name))

    def close(self):
        for c in self.clients:
            c.close()


def smb3_open(c, name, **kw):
    """A's or B's CREATE, which must succeed: the FileId."""
    return expect(f"SMB3 CREATE of {name}", c.create(name, **kw), STATUS_SUCCESS)["file_id"]


def ok3(what, m):
    return expect(what, m, STATUS_SUCCESS)


# --- checks ----------------------------------------------------------------------------------

def check_share_none(ctx):
    name = "share_none.txt"
    ctx.make(name, b"share modes\n")
    a, b, s = ctx.smb3(), ctx.smb3(), ctx.smb1()
    f = smb3_open(a, name, access=RW, share=0)
    expect("smb1 NT_CREATE_ANDX while A shares nothing", s.open(name, GENERIC_READ),
           STATUS_SHARING_VIOLATION)
    expect("B's CREATE while A shares nothing", b.create(name, access=GENERIC_READ),
           STATUS_SHARING_VIOLATION)
    ok3("smb1's CLOSE of a stat-only open", s.close_fid(s.must_open(
        name, access=FILE_READ_ATTRIBUTES, share=0)))
    ok3("A's CLOSE", a.close_file(f))
    fid = s.must_open(name, access=RW, share=0)
    expect("A's CREATE while smb1 shares nothing", a.create(name, access=GENERIC_READ),
           STATUS_SHARING_VIOLATION)
    ok3("smb1's CLOSE", s.close_fid(fid))
    ok3("A's CLOSE", a.close_file(smb3_open(a, name, access=GENERIC_READ, share=0)))
    return ("STATUS_SHARING_VIOLATION both ways; stat-only open allowed; open after CLOSE "
            "succeeds")


def check_share_read(ctx):
    name = "share_read.txt"
    ctx.make(name, b"read only sharing\n")
    a, s = ctx.smb3(), ctx.smb1()
    f = smb3_open(a, name, access=GENERIC_READ, share=FILE_SHARE_READ)
    expect("smb1's write open while A shares only reading", s.open(name, GENERIC_WRITE),
           STATUS_SHARING_VIOLATION)
    ok3("smb1's CLOSE of its read open", s.close_fid(s.must_open(name, GENERIC_READ)))
    ok3("A's CLOSE", a.close_file(f))
    return "smb1 may read, not write (STATUS_SHARING_VIOLATION)"


def locked_pair(ctx, name, size=8192):
    """A's and smb1's read-write opens of a new file of `size` zero bytes."""
    ctx.make(name, b"\0" * size)
    a, s = ctx.smb3(), ctx.smb1()
    return a, smb3_open(a, name, access=RW, share=SHARE_RW), s, s.must_open(name, RW, SHARE_RW)


def check_lock_smb3_holds(ctx):
    a, f, s, fid = locked_pair(ctx, "lock_smb3_holds.bin")
    ok3("A's exclusive LOCK 0..99", a.lock(f, [(0, 100, LOCKFLAG_EXCLUSIVE |
                                                 LOCKFLAG_FAIL_IMMEDIATELY)]))
    expect("smb1's WRITE_ANDX at 10", s.write(fid, 10, b"smb1"), STATUS_FILE_LOCK_CONFLICT)
    expect("smb1's READ_ANDX at 10", s.read(fid, 10, 10), STATUS_FILE_LOCK_CONFLICT)
    expect("smb1's lock 50..59", s.locking(fid, [(50, 10)]), STATUS_LOCK_NOT_GRANTED)
    expect("smb1's lock 50..59 again", s.locking(fid, [(50, 10)]), STATUS_FILE_LOCK_CONFLICT)
    expect_equal("smb1's WRITE_ANDX at 100 (outside)",
                 ok3("smb1's WRITE_ANDX", s.write(fid, 100, b"smb1"))["count"], 4)
    ok3("smb1's lock 100..109 (outside)", s.locking(fid, [(100, 10)]))
    expect_equal("A's WRITE in its own range", ok3("A's WRITE", a.write(f, 10, b"A"))["count"], 1)
    ok3("A's LOCK 200..299 shared", a.lock(f, [(200, 100, LOCKFLAG_SHARED |
                                                  LOCKFLAG_FAIL_IMMEDIATELY)]))
    expect_equal("smb1's READ_ANDX of A's shared range",
                 ok3("smb1's READ_ANDX", s.read(fid, 200, 10))["data"], b"\0" * 10)
    expect("smb1's WRITE_ANDX into A's shared range", s.write(fid, 250, b"x"),
           STATUS_FILE_LOCK_CONFLICT)
    ok3("smb1's shared lock over A's shared one", s.locking(fid, [(250, 10)], shared=True))
    expect("smb1's exclusive lock over A's shared one", s.locking(fid, [(280, 10)]),
           STATUS_LOCK_NOT_GRANTED)
    ok3("A's unlock 0..99", a.lock(f, [(0, 100, LOCKFLAG_UNLOCK)]))
    expect_equal("smb1's WRITE_ANDX at 10 after the unlock",
                 ok3("smb1's WRITE_ANDX", s.write(fid, 10, b"smb1"))["count"], 4)
    ok3("smb1's CLOSE", s.close_fid(fid))
    ok3("A's CLOSE", a.close_file(f))
    with open(ctx.local("lock_smb3_holds.bin"), "rb") as fh:
        head = fh.read(104)
    expect_equal("bytes 0..103 on disk", head, b"\0" * 10 + b"smb1" + b"\0" * 86 + b"smb1")
    return ("smb1's WRITE_ANDX/READ_ANDX STATUS_FILE_LOCK_CONFLICT, its lock "
            "STATUS_LOCK_NOT_GRANTED then STATUS_FILE_LOCK_CONFLICT; shared lock lets it read "
            "and share; unlock lets it write")


def check_lock_smb1_holds(ctx):
    a, f, s, fid = locked_pair(ctx, "lock_smb1_holds.bin")
    ok3("smb1's lock 1000..1009", s.locking(fid, [(1000, 10)]))
    for attempt in ("", " again"):
        expect(f"A's exclusive FAIL_IMMEDIATELY LOCK 1005..1014{attempt}",
               a.lock(f, [(1005, 10, LOCKFLAG_EXCLUSIVE | LOCKFLAG_FAIL_IMMEDIATELY)]),
               STATUS_LOCK_NOT_GRANTED)
    expect("A's shared FAIL_IMMEDIATELY LOCK 1000..1000",
           a.lock(f, [(1000, 1, LOCKFLAG_SHARED | LOCKFLAG_FAIL_IMMEDIATELY)]),
           STATUS_LOCK_NOT_GRANTED)
    expect("A's WRITE at 1009", a.write(f, 1009, b"A"), STATUS_FILE_LOCK_CONFLICT)
    expect("A's READ at 1000", a.read(f, 1000, 4), STATUS_FILE_LOCK_CONFLICT)
    ok3("A's LOCK 1010..1019 (adjacent)", a.lock(f, [(1010, 10, LOCKFLAG_EXCLUSIVE |
                                                        LOCKFLAG_FAIL_IMMEDIATELY)]))
    ok3("smb1's CLOSE", s.close_fid(fid))
    ok3("A's LOCK 1000..1009 once smb1 closed", a.lock(
        f, [(1000, 10, LOCKFLAG_EXCLUSIVE | LOCKFLAG_FAIL_IMMEDIATELY)]))
    ok3("A's CLOSE", a.close_file(f))
    return ("A's LOCK STATUS_LOCK_NOT_GRANTED (twice, and shared), WRITE/READ "
            "STATUS_FILE_LOCK_CONFLICT; smb1's CLOSE releases")


def check_lock_wait(ctx):
    a, f, s, fid = locked_pair(ctx, "lock_wait.bin")
    ok3("smb1's lock 2000..2009", s.locking(fid, [(2000, 10)]))
    waiting = a.lock(f, [(2005, 10, LOCKFLAG_EXCLUSIVE)], wait=False)
    waiting.interim()
    ok3("smb1's unlock", s.locking(fid, unlocks=[(2000, 10)]))
    ok3("A's waiting LOCK after smb1's unlock", waiting.result())
    expect("smb1's lock 2010..2010 (now A's)", s.locking(fid, [(2010, 1)]),
           STATUS_LOCK_NOT_GRANTED)
    ok3("A's unlock", a.lock(f, [(2005, 10, LOCKFLAG_UNLOCK)]))
    ok3("smb1's lock 2010..2010 after A's unlock", s.locking(fid, [(2010, 1)]))
    ok3("smb1's CLOSE", s.close_fid(fid))
    ok3("A's CLOSE", a.close_file(f))
    return (f"interim STATUS_PENDING (AsyncId {waiting.async_id}), STATUS_SUCCESS once smb1 "
            "unlocked")


def check_lock_cancel(ctx):
    a, f, s, fid = locked_pair(ctx, "lock_cancel.bin")
    ok3("smb1's lock 3000..3009", s.locking(fid, [(3000, 10)]))
    first = a.lock(f, [(3000, 10, LOCKFLAG_EXCLUSIVE)], wait=False)
    first.interim()
    a.cancel(first)
    expect("A's LOCK cancelled by AsyncId", first.result(), STATUS_CANCELLED)
    second = a.lock(f, [(3005, 1, LOCKFLAG_SHARED)], wait=False)
    second.interim()
    a.cancel(second, by_async_id=False)
    expect("A's LOCK cancelled by MessageId", second.result(), STATUS_CANCELLED)
    ok3("smb1's unlock", s.locking(fid, unlocks=[(3000, 10)]))
    ok3("smb1's lock 3000..3009 again (no cancelled lock was granted)",
        s.locking(fid, [(3000, 10)]))
    ok3("A's ECHO", a.echo())
    ok3("smb1's CLOSE", s.close_fid(fid))
    ok3("A's CLOSE", a.close_file(f))
    return "STATUS_CANCELLED by AsyncId and by MessageId; nothing granted after"


def check_lock_smb3_pair(ctx):
    name = "lock_pair.bin"
    ctx.make(name, b"\0" * 4096)
    a, b = ctx.smb3(), ctx.smb3()
    fa = smb3_open(a, name, access=RW, share=SHARE_RW)
    fb = smb3_open(b, name, access=RW, share=SHARE_RW)
    ok3("A's LOCK 0..9", a.lock(fa, [(0, 10, LOCKFLAG_EXCLUSIVE | LOCKFLAG_FAIL_IMMEDIATELY)]))
    expect("B's FAIL_IMMEDIATELY LOCK 5..5",
           b.lock(fb, [(5, 1, LOCKFLAG_EXCLUSIVE | LOCKFLAG_FAIL_IMMEDIATELY)]),
           STATUS_LOCK_NOT_GRANTED)
    expect("B's WRITE at 0", b.write(fb, 0, b"B"), STATUS_FILE_LOCK_CONFLICT)
    waiting = b.lock(fb, [(5, 1, LOCKFLAG_EXCLUSIVE)], wait=False)
    waiting.interim()
    ok3("A's CLOSE", a.close_file(fa))
    ok3("B's waiting LOCK after A's CLOSE", waiting.result())
    ok3("B's CLOSE", b.close_file(fb))
    return "STATUS_LOCK_NOT_GRANTED; a waiting LOCK granted by the holder's CLOSE"


def check_delete_setinfo(ctx):
    name = "delete_setinfo.txt"
    ctx.make(name, b"to be deleted\n")
    a, b, s = ctx.smb3(), ctx.smb3(), ctx.smb1()
    f = smb3_open(a, name, access=GENERIC_READ | DELETE, share=SHARE_ALL)
    ok3("A's SET_INFO FileDispositionInformation", a.set_delete_pending(f))
    expect("smb1's open of a file pending delete", s.open(name, GENERIC_READ),
           STATUS_DELETE_PENDING)
    expect("B's CREATE of a file pending delete", b.create(name, access=GENERIC_READ),
           STATUS_DELETE_PENDING)
    if not os.path.exists(ctx.local(name)):
        raise CheckFailed("the file went before the last CLOSE")
    ok3("A's CLOSE", a.close_file(f))
    if os.path.exists(ctx.local(name)):
        raise CheckFailed("the file is still on disk after the CLOSE")
    expect("smb1's open after the CLOSE", s.open(name, GENERIC_READ),
           STATUS_OBJECT_NAME_NOT_FOUND)
    return "STATUS_DELETE_PENDING for smb1 and B; gone after A's CLOSE"


def check_delete_on_close(ctx):
    a, b, s = ctx.smb3(), ctx.smb3(), ctx.smb1()
    # A deletes on close while smb1 holds the file open.
    name = "delete_on_close_smb3.txt"
    ctx.make(name, b"deleted on close\n")
    fid = s.must_open(name, GENERIC_READ)
    f = smb3_open(a, name, access=GENERIC_READ | DELETE, share=SHARE_ALL,
                  options=FILE_DELETE_ON_CLOSE)
    ok3("A's CLOSE of its delete-on-close open", a.close_file(f))
    expect("smb1's new open while the delete is pending", s.open(name, GENERIC_READ),
           STATUS_DELETE_PENDING)
    expect("B's CREATE while the delete is pending", b.create(name, access=GENERIC_READ),
           STATUS_DELETE_PENDING)
    if not os.path.exists(ctx.local(name)):
        raise CheckFailed("the file went while smb1 still had it open")
    ok3("smb1's CLOSE", s.close_fid(fid))
    if os.path.exists(ctx.local(name)):
        raise CheckFailed("the file is still on disk after the last CLOSE")
    expect("A's CREATE after the last CLOSE", a.create(name, access=GENERIC_READ),
           STATUS_OBJECT_NAME_NOT_FOUND)
    # The same with the roles swapped.
    name = "delete_on_close_smb1.txt"
    ctx.make(name, b"deleted on close\n")
    f = smb3_open(a, name, access=GENERIC_READ, share=SHARE_ALL)
    fid = s.must_open(name, GENERIC_READ | DELETE, options=FILE_DELETE_ON_CLOSE)
    ok3("smb1's CLOSE of its delete-on-close open", s.close_fid(fid))
    expect("B's CREATE while the delete is pending", b.create(name, access=GENERIC_READ),
           STATUS_DELETE_PENDING)
    expect("smb1's new open while the delete is pending", s.open(name, GENERIC_READ),
           STATUS_DELETE_PENDING)
    ok3("A's CLOSE", a.close_file(f))
    if os.path.exists(ctx.local(name)):
        raise CheckFailed("the file is still on disk after the last CLOSE")
    return "STATUS_DELETE_PENDING until the last CLOSE, both ways; then gone"


def smb3_open_dir(c, name):
    return smb3_open(c, name, access=FILE_LIST_DIRECTORY | SYNCHRONIZE | GENERIC_READ,
                     share=SHARE_ALL, options=FILE_DIRECTORY_FILE)


def check_notify_smb3(ctx):
    ctx.mkdir("watched_by_smb3")
    a, s = ctx.smb3(), ctx.smb1()
    d = smb3_open_dir(a, "watched_by_smb3")
    pending = a.change_notify(d)
    pending.interim()
    ok3("smb1's CLOSE", s.close_fid(s.must_open("watched_by_smb3\\from_smb1.txt",
                                                disposition=FILE_CREATE)))
    m = ok3("A's CHANGE_NOTIFY", pending.result())
    expect_equal("A's CHANGE_NOTIFY entries", m["entries"], [(FILE_ACTION_ADDED,
                                                              "from_smb1.txt")])
    ok3("A's CLOSE", a.close_file(d))
    return "interim STATUS_PENDING, then FILE_ACTION_ADDED from_smb1.txt"


def check_notify_smb1(ctx):
    ctx.mkdir("watched_by_smb1")
    a, s = ctx.smb3(), ctx.smb1()
    fid = s.must_open("watched_by_smb1", GENERIC_READ, options=FILE_DIRECTORY_FILE)
    mid = s.notify(fid)
    ok3("smb1's ECHO after the notify (it is pending)", s.echo())
    ok3("A's CLOSE", a.close_file(smb3_open(a, "watched_by_smb1\\from_smb3.txt",
                                            disposition=FILE_CREATE)))
    m = ok3("smb1's NT_TRANSACT_NOTIFY_CHANGE", s.notify_result(mid))
    expect_equal("smb1's notify entries", m["entries"], [(FILE_ACTION_ADDED, "from_smb3.txt")])
    ok3("smb1's CLOSE", s.close_fid(fid))
    return "FILE_ACTION_ADDED from_smb3.txt"


def check_notify_tree(ctx):
    ctx.mkdir("watched_tree")
    ctx.mkdir("watched_tree\\sub")
    a, s = ctx.smb3(), ctx.smb1()
    d = smb3_open_dir(a, "watched_tree")
    pending = a.change_notify(d, FILE_NOTIFY_CHANGE_FILE_NAME | FILE_NOTIFY_CHANGE_DIR_NAME,
                              flags=WATCH_TREE)
    pending.interim()
    ok3("smb1's CLOSE", s.close_fid(s.must_open("watched_tree\\sub\\deep.txt",
                                                disposition=FILE_CREATE)))
    m = ok3("A's CHANGE_NOTIFY (WATCH_TREE)", pending.result())
    expect_equal("A's CHANGE_NOTIFY entries", m["entries"], [(FILE_ACTION_ADDED,
                                                              "sub\\deep.txt")])
    ok3("A's CLOSE", a.close_file(d))
    return "FILE_ACTION_ADDED sub\\deep.txt (the path below the watched directory)"


def check_rename_smb3(ctx):
    ctx.mkdir("renames")
    ctx.make("renames\\old.txt", b"renamed by A\n")
    a, s = ctx.smb3(), ctx.smb1()
    d = s.must_open("renames", GENERIC_READ, options=FILE_DIRECTORY_FILE)
    mid = s.notify(d)
    ok3("smb1's ECHO after the notify (it is pending)", s.echo())
    f = smb3_open(a, "renames\\old.txt", access=GENERIC_READ | DELETE, share=SHARE_ALL)
    ok3("A's SET_INFO FileRenameInformation", a.rename(f, "renames\\new.txt"))
    entries = ok3("smb1's NT_TRANSACT_NOTIFY_CHANGE", s.notify_result(mid))["entries"]
    if len(entries) == 1:  # the old name's entry was answered on its own: ask for the rest
        entries += ok3("smb1's second NT_TRANSACT_NOTIFY_CHANGE",
                       s.notify_result(s.notify(d)))["entries"]
    expect_equal("smb1's notify entries", entries, [(FILE_ACTION_RENAMED_OLD_NAME, "old.txt"),
                                                    (FILE_ACTION_RENAMED_NEW_NAME, "new.txt")])
    expect("smb1's open of the old name", s.open("renames\\old.txt", GENERIC_READ),
           STATUS_OBJECT_NAME_NOT_FOUND)
    expect("smb1's open not sharing delete while A's DELETE open exists",
           s.open("renames\\new.txt", GENERIC_READ, share=SHARE_RW), STATUS_SHARING_VIOLATION)
    ok3("A's CLOSE", a.close_file(f))
    fid = s.must_open("renames\\new.txt", GENERIC_READ, share=SHARE_RW)
    expect_equal("smb1's READ_ANDX of the new name",
                 ok3("smb1's READ_ANDX", s.read(fid, 0, 100))["data"], b"renamed by A\n")
    expect("A's CREATE with DELETE access while smb1 does not share delete",
           a.create("renames\\new.txt", access=GENERIC_READ | DELETE, share=SHARE_ALL),
           STATUS_SHARING_VIOLATION)
    ok3("smb1's CLOSE", s.close_fid(fid))
    ok3("smb1's CLOSE of the directory", s.close_fid(d))
    if os.path.exists(ctx.local("renames\\old.txt")) or not os.path.exists(
            ctx.local("renames\\new.txt")):
        raise CheckFailed("on disk the rename did not happen")
    return ("smb1's notify: RENAMED_OLD_NAME old.txt, RENAMED_NEW_NAME new.txt; smb1 opens "
            "only the new name; DELETE access and no FILE_SHARE_DELETE exclude each other")


def check_notify_end(ctx):
    ctx.mkdir("watched_to_end")
    a = ctx.smb3()
    d = smb3_open_dir(a, "watched_to_end")
    pending = a.change_notify(d)
    pending.interim()
    a.cancel(pending)
    expect("A's cancelled CHANGE_NOTIFY", pending.result(), STATUS_CANCELLED)
    pending = a.change_notify(d)
    pending.interim()
    ok3("A's CLOSE of the directory", a.close_file(d))
    expect("A's CHANGE_NOTIFY on the closed handle", pending.result(), STATUS_NOTIFY_CLEANUP)
    ok3("A's ECHO", a.echo())
    return "STATUS_CANCELLED on CANCEL, STATUS_NOTIFY_CLEANUP on CLOSE"


def smb3_break(c, file_id, level, what):
    m = c.next_break()
    if m is None:
        raise CheckFailed(f"{what}: no OPLOCK_BREAK notification")
    expect_equal(f"{what}: FileId", m["file_id"].hex(), file_id.hex())
    expect_equal(f"{what}: OplockLevel", m["oplock_level"], level)
    return m


def check_oplock_smb3_holds(ctx):
    name = "oplock_smb3.txt"
    ctx.make(name, b"oplocked by A\n")
    a, s = ctx.smb3(), ctx.smb1()
    m = ok3("A's CREATE", a.create(name, access=RW, share=SHARE_ALL, oplock=OPLOCK_BATCH))
    expect_equal("A's OplockLevel", m["oplock_level"], OPLOCK_BATCH)
    f = m["file_id"]
    mid = s.send_open(name, RW, SHARE_ALL)
    smb3_break(a, f, OPLOCK_II, "A's break")
    if s.answered(mid, QUIET):
        raise CheckFailed("smb1's open was answered before A acknowledged the break")
    ack = ok3("A's OPLOCK_BREAK acknowledgement", a.oplock_break_ack(f, OPLOCK_II))
    expect_equal("the acknowledgement response's OplockLevel", ack["oplock_level"], OPLOCK_II)
    opened = expect("smb1's open after the acknowledgement", s.open_result(mid), STATUS_SUCCESS)
    expect_equal("smb1's OplockLevel (none asked)", opened["oplock_level"], SMB1_OPLOCK_NONE)
    expect_equal("smb1's WRITE_ANDX",
                 ok3("smb1's WRITE_ANDX", s.write(opened["fid"], 0, b"smb1"))["count"], 4)
    smb3_break(a, f, OPLOCK_NONE, "A's level II break on smb1's write")
    ok3("smb1's CLOSE", s.close_fid(opened["fid"]))
    ok3("A's CLOSE", a.close_file(f))
    return ("batch -> OPLOCK_BREAK to level II; smb1's open waited for the acknowledgement; "
            "smb1's write broke level II to none")


def check_oplock_smb1_holds(ctx):
    name = "oplock_smb1.txt"
    ctx.make(name, b"oplocked by smb1\n")
    b, s = ctx.smb3(), ctx.smb1()
    opened = expect("smb1's batch open", s.open(
        name, RW, SHARE_ALL, flags=NT_CREATE_REQUEST_OPLOCK | NT_CREATE_REQUEST_OPBATCH),
        STATUS_SUCCESS)
    expect_equal("smb1's OplockLevel", opened["oplock_level"], SMB1_OPLOCK_BATCH)
    fid = opened["fid"]
    creating = b.create(name, access=RW, share=SHARE_ALL, oplock=OPLOCK_BATCH, wait=False)
    got = s.next_break()
    expect_smb1_break(got, fid, s.tid, SMB1_BREAK_TO_II, "smb1's break")
    if creating.answered(QUIET):
        raise CheckFailed("B's CREATE was answered before smb1 acknowledged the break")
    s.acknowledge(fid, SMB1_BREAK_TO_II)
    m = ok3("B's CREATE after smb1's acknowledgement", creating.result())
    expect_equal("B's OplockLevel", m["oplock_level"], OPLOCK_II)
    expect_equal("B's WRITE", ok3("B's WRITE", b.write(m["file_id"], 0, b"B"))["count"], 1)
    expect_smb1_break(s.next_break(), fid, s.tid, SMB1_BREAK_TO_NONE,
                      "smb1's level II break on B's write")
    ok3("B's CLOSE", b.close_file(m["file_id"]))
    ok3("smb1's CLOSE", s.close_fid(fid))
    return ("batch -> LOCKING_ANDX break to level II; B's CREATE waited for the "
            "acknowledgement and got level II; B's write broke smb1's level II to none")


def check_oplock_smb3_pair(ctx):
    name = "oplock_pair.txt"
    ctx.make(name, b"oplocked by A, overwritten by B\n")
    a, b = ctx.smb3(), ctx.smb3()
    m = ok3("A's CREATE", a.create(name, access=RW, share=SHARE_ALL, oplock=OPLOCK_BATCH))
    expect_equal("A's OplockLevel", m["oplock_level"], OPLOCK_BATCH)
    f = m["file_id"]
    creating = b.create(name, access=RW, share=SHARE_ALL, disposition=FILE_OVERWRITE_IF,
                        oplock=OPLOCK_BATCH, wait=False)
    smb3_break(a, f, OPLOCK_NONE, "A's break on B's overwrite")
    if creating.answered(QUIET):
        raise CheckFailed("B's CREATE was answered before A acknowledged the break")
    ack = ok3("A's OPLOCK_BREAK acknowledgement", a.oplock_break_ack(f, OPLOCK_NONE))
    expect_equal("the acknowledgement response's OplockLevel", ack["oplock_level"], OPLOCK_NONE)
    mb = ok3("B's CREATE after the acknowledgement", creating.result())
    expect_equal("B's OplockLevel", mb["oplock_level"], OPLOCK_II)
    expect_equal("B's CreateAction (overwritten)", mb["create_action"], 3)
    expect_equal("the size after the overwrite", os.path.getsize(ctx.local(name)), 0)
    ok3("B's CLOSE", b.close_file(mb["file_id"]))
    ok3("A's CLOSE", a.close_file(f))
    return "batch -> OPLOCK_BREAK to none on an overwrite; B waited, then got level II"


def check_oplock_exclusive(ctx):
    name = "oplock_exclusive.txt"
    ctx.make(name, b"exclusive\n")
    a, s = ctx.smb3(), ctx.smb1()
    m = ok3("A's CREATE", a.create(name, access=RW, share=SHARE_ALL, oplock=OPLOCK_EXCLUSIVE))
    expect_equal("A's OplockLevel", m["oplock_level"], OPLOCK_EXCLUSIVE)
    f = m["file_id"]
    mid = s.send_open(name, GENERIC_READ, SHARE_ALL)
    smb3_break(a, f, OPLOCK_II, "A's break")
    if s.answered(mid, QUIET):
        raise CheckFailed("smb1's open was answered before A acknowledged the break")
    ok3("A's acknowledgement", a.oplock_break_ack(f, OPLOCK_II))
    fid = expect("smb1's open", s.open_result(mid), STATUS_SUCCESS)["fid"]
    ok3("smb1's CLOSE", s.close_fid(fid))
    ok3("A's CLOSE", a.close_file(f))
    return "exclusive -> OPLOCK_BREAK to level II; smb1's open waited for the acknowledgement"


def check_content(ctx):
    name = "content.bin"
    a, s = ctx.smb3(), ctx.smb1()
    data = os.urandom(150_000)
    f = smb3_open(a, name, access=RW, share=SHARE_RW, disposition=FILE_CREATE)
    expect_equal("A's WRITE count", a.write_all(f, 0, data), len(data))
    fid = s.must_open(name, RW, SHARE_RW)
    if s.read_all(fid, len(data)) != data:
        raise CheckFailed("smb1 read back other bytes than A wrote")
    patch = os.urandom(5000)
    expect_equal("smb1's WRITE_ANDX count",
                 ok3("smb1's WRITE_ANDX", s.write(fid, 70_000, patch))["count"], len(patch))
    tail = b"tail written by smb1 past the end"
    expect_equal("smb1's WRITE_ANDX past the end",
                 ok3("smb1's WRITE_ANDX", s.write(fid, len(data) + 100, tail))["count"],
                 len(tail))
    expected = data[:70_000] + patch + data[75_000:] + b"\0" * 100 + tail
    got = a.read_all(f, 0, len(expected) + 10)
    if got != expected:
        raise CheckFailed(f"A read {len(got)} bytes, not the {len(expected)} smb1 left")
    ok3("smb1's CLOSE", s.close_fid(fid))
    ok3("A's CLOSE", a.close_file(f))
    with open(ctx.local(name), "rb") as fh:
        if fh.read() != expected:
            raise CheckFailed("the file on disk differs")
    return (f"{len(data)} bytes from A read by smb1, {len(patch) + len(tail)} from smb1 read by "
            "A, same on disk")


def check_oplock_parked(ctx):
    name, other = "oplock_parked.txt", "oplock_parked_other.txt"
    ctx.make(name, b"oplocked by smb1\n")
    ctx.make(other, b"read while six opens wait\n")
    s = ctx.smb1()
    opened = expect("smb1's batch open", s.open(
        name, RW, SHARE_ALL, flags=NT_CREATE_REQUEST_OPLOCK | NT_CREATE_REQUEST_OPBATCH),
        STATUS_SUCCESS)
    fid = opened["fid"]
    openers = [ctx.smb3() for _ in range(6)]
    creating = [c.create(name, access=RW, share=SHARE_ALL, wait=False) for c in openers]
    expect_smb1_break(s.next_break(), fid, s.tid, SMB1_BREAK_TO_II, "smb1's break")
    reader = ctx.smb3()
    f = smb3_open(reader, other, access=GENERIC_READ)
    got = ok3("the seventh client's READ", reader.read(f, 0, 100))["data"]
    expect_equal("the seventh client's data", got, b"read while six opens wait\n")
    ok3("the seventh client's CLOSE", reader.close_file(f))
    for i, c in enumerate(creating):
        if c.answered(QUIET if i == 0 else 0):
            raise CheckFailed(f"opener {i}'s CREATE was answered before the acknowledgement")
    s.acknowledge(fid, SMB1_BREAK_TO_II)
    for i, (c, conn) in enumerate(zip(creating, openers)):
        m = ok3(f"opener {i}'s CREATE after the acknowledgement", c.result())
        expect_equal(f"opener {i}'s OplockLevel (none asked)", m["oplock_level"], OPLOCK_NONE)
        ok3(f"opener {i}'s CLOSE", conn.close_file(m["file_id"]))
    ok3("smb1's CLOSE", s.close_fid(fid))
    return ("six SMB3 CREATEs waited at once for smb1's acknowledgement while a seventh client "
            "read another file; all six then opened")


TRANS2_QUERY_PATH_INFORMATION, TRANS2_SET_PATH_INFORMATION = 0x0005, 0x0006
SMB_INFO_SET_EAS, SMB_INFO_QUERY_EAS_FROM_LIST, SMB_INFO_QUERY_ALL_EAS = 2, 3, 4
STATUS_INVALID_EA_NAME = 0x80000013


def fea_list(eas):
    """MS-CIFS 2.2.1.2.2 SMB_FEA_LIST of [(name, value)]: SizeOfListInBytes, then per SMB_FEA
    its flags, name length, value length, the name with a NUL and the value."""
    body = b"".join(struct.pack("<BBH", 0, len(n), len(v)) + n + b"\0" + v for n, v in eas)
    return struct.pack("<I", 4 + len(body)) + body


def parse_fea_list(data):
    size = struct.unpack_from("<I", data, 0)[0]
    eas, at = [], 4
    while at < size:
        _flags, name_length, value_length = struct.unpack_from("<BBH", data, at)
        name = data[at + 4:at + 4 + name_length]
        start = at + 4 + name_length + 1
        eas.append((name, data[start:start + value_length]))
        at = start + value_length
    return eas


def gea_list(names):
    """MS-CIFS 2.2.1.2.1 SMB_GEA_LIST: SizeOfListInBytes, then each name's length, name, NUL."""
    body = b"".join(struct.pack("<B", len(n)) + n + b"\0" for n in names)
    return struct.pack("<I", 4 + len(body)) + body


def smb1_path_level(s, subcommand, level, name, data=b""):
    parameters = struct.pack("<HI", level, 0) + name.encode("utf-16-le") + b"\0\0"
    return s.trans2(subcommand, parameters, data=data)


def check_eas(ctx):
    name, created = "eas.txt", "eas_exta.txt"
    for leftover in (name, created):  # a file rewritten keeps its xattrs: start afresh
        if os.path.exists(ctx.local(leftover)):
            os.remove(ctx.local(leftover))
    ctx.make(name, b"extended attributes\n")
    a, s = ctx.smb3(), ctx.smb1()
    f = smb3_open(a, name, access=RW, share=SHARE_ALL)
    ok3("A's SET_INFO FileFullEaInformation", a.set_info(
        f, smb2.FILE_FULL_EA_INFORMATION,
        smb2.full_ea_list([(b"Cross EA", b"from smb3"), (b"Second", b"2")])))
    try:
        on_disk = os.getxattr(ctx.local(name), "user.Cross EA")
    except OSError as e:
        raise CheckFailed(f"no user.Cross EA on disk: {e}")
    expect_equal("user.Cross EA on disk", on_disk, b"from smb3")
    expect_equal("user.Second on disk", os.getxattr(ctx.local(name), "user.Second"), b"2")

    got = ok3("smb1's SMB_INFO_QUERY_EAS_FROM_LIST", smb1_path_level(
        s, TRANS2_QUERY_PATH_INFORMATION, SMB_INFO_QUERY_EAS_FROM_LIST, name,
        gea_list([b"CROSS ea", b"missing"])))
    expect_equal("the EAs smb1 asked for", parse_fea_list(got["trans_data"]),
                 [(b"Cross EA", b"from smb3"), (b"missing", b"")])
    got = ok3("smb1's SMB_INFO_QUERY_ALL_EAS", smb1_path_level(
        s, TRANS2_QUERY_PATH_INFORMATION, SMB_INFO_QUERY_ALL_EAS, name))
    expect_equal("all EAs seen by smb1", sorted(parse_fea_list(got["trans_data"])),
                 [(b"Cross EA", b"from smb3"), (b"Second", b"2")])

    ok3("smb1's SMB_INFO_SET_EAS", smb1_path_level(
        s, TRANS2_SET_PATH_INFORMATION, SMB_INFO_SET_EAS, name,
        fea_list([(b"second", b""), (b"From SMB1", b"v1")])))
    if "user.Second" in os.listxattr(ctx.local(name)):
        raise CheckFailed("user.Second is still on disk after smb1 removed it")
    expect_equal("user.From SMB1 on disk", os.getxattr(ctx.local(name), "user.From SMB1"), b"v1")
    expect("smb1's SMB_INFO_SET_EAS with a bad name", smb1_path_level(
        s, TRANS2_SET_PATH_INFORMATION, SMB_INFO_SET_EAS, name,
        fea_list([(b"Cross EA", b"changed"), (b"bad:name", b"x")])), STATUS_INVALID_EA_NAME)

    got = ok3("A's QUERY_INFO FileFullEaInformation", a.query_info(
        f, smb2.FILE_FULL_EA_INFORMATION, flags=0x1))  # SL_RESTART_SCAN
    eas = sorted(smb2.parse_full_ea_list(got["output"]))
    want = [(b"Cross EA", b"from smb3"), (b"From SMB1", b"v1")]
    expect_equal("the EAs A sees", eas, want)
    got = ok3("A's QUERY_INFO FileEaInformation", a.query_info(f, smb2.FILE_EA_INFORMATION))
    size = 4 + sum(4 + len(n) + 1 + len(v) for n, v in want)
    expect_equal("FileEaInformation's EaSize", struct.unpack("<I", got["output"])[0], size)
    ok3("A's CLOSE", a.close_file(f))

    # An ExtA create context (MS-SMB2 2.2.13.2.1) gives a new file its EAs.
    f = smb3_open(a, created, access=RW, share=SHARE_ALL, disposition=FILE_CREATE,
                  contexts=[(b"ExtA", smb2.full_ea_list([(b"At Create", b"from ExtA")]))])
    ok3("A's CLOSE of the file made with ExtA", a.close_file(f))
    got = ok3("smb1's SMB_INFO_QUERY_ALL_EAS of the file made with ExtA", smb1_path_level(
        s, TRANS2_QUERY_PATH_INFORMATION, SMB_INFO_QUERY_ALL_EAS, created))
    expect_equal("the EAs of the file made with ExtA", parse_fea_list(got["trans_data"]),
                 [(b"At Create", b"from ExtA")])
    expect_equal("user.At Create on disk", os.getxattr(ctx.local(created), "user.At Create"),
                 b"from ExtA")
    return (f"A's EAs on disk as user.* and read by smb1; smb1's changes seen by A; "
            f"EaSize {size}; ExtA at create")


CHECKS = {
    "share_none": check_share_none,
    "share_read": check_share_read,
    "lock_smb3_holds": check_lock_smb3_holds,
    "lock_smb1_holds": check_lock_smb1_holds,
    "lock_wait": check_lock_wait,
    "lock_cancel": check_lock_cancel,
    "lock_smb3_pair": check_lock_smb3_pair,
    "delete_setinfo": check_delete_setinfo,
    "delete_on_close": check_delete_on_close,
    "notify_smb3": check_notify_smb3,
    "notify_smb1": check_notify_smb1,
    "notify_tree": check_notify_tree,
    "rename_smb3": check_rename_smb3,
    "notify_end": check_notify_end,
    "oplock_smb3_holds": check_oplock_smb3_holds,
    "oplock_smb1_holds": check_oplock_smb1_holds,
    "oplock_smb3_pair": check_oplock_smb3_pair,
    "oplock_exclusive": check_oplock_exclusive,
    "oplock_parked": check_oplock_parked,
    "content": check_content,
    "eas": check_eas,
}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--share", required=True)
    p.add_argument("--local", required=True, help="the share's directory")
    p.add_argument("--dialect", type=lambda s: int(s, 0), default=0x0311,
                   help="the highest dialect the SMB3 clients offer")
    p.add_argument("--checks")
    p.add_argument("--timeout", type=float, default=10.0)
    args = p.parse_args()
    args.dump = None
    args.domain = ""
    names = args.checks.split(",") if args.checks else list(CHECKS)
    failed = 0
    for name in names:
        if name not in CHECKS:
            p.error(f"unknown check {name!r}")
        ctx = Context(args)
        start = time.monotonic()
        try:
            detail = CHECKS[name](ctx)
            print(f"ok   {name}: {detail} ({time.monotonic() - start:.2f} s)", flush=True)
        except (CheckFailed, smb2.ProtocolError, raw.CheckFailed, OSError) as e:
            failed += 1
            print(f"FAIL {name}: {e}", flush=True)
        finally:
            ctx.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
