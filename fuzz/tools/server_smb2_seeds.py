#!/usr/bin/env python3
"""Seeds for the server_smb2_unauth, server_smb2_authed and server_smb2_encrypted fuzz targets
(fuzz/tools/server_smb2_seeds.py --out fuzz/corpus): valid SMB2 request sequences laid out from
MS-SMB2 section 2.2, in the targets' input format: one selector byte (see the top of each
target's .cc file), then frames, each prefixed with its 2-byte little-endian length; a frame holds
one message or a compound chain. MessageIds are the ones the connection expects after the
harness's own setup, so the same frames also work with the selector's "raw MessageIds" bit.
Files are named seed-<name>; running it again rewrites them."""

import argparse
import os
import struct

NEGOTIATE, SESSION_SETUP, LOGOFF, TREE_CONNECT, TREE_DISCONNECT = 0, 1, 2, 3, 4
CREATE, CLOSE, FLUSH, READ, WRITE, LOCK, IOCTL, CANCEL, ECHO = 5, 6, 7, 8, 9, 10, 11, 12, 13
QUERY_DIRECTORY, CHANGE_NOTIFY, QUERY_INFO, SET_INFO, OPLOCK_BREAK = 14, 15, 16, 17, 18

RELATED, SIGNED = 0x4, 0x8
ANY_ID = (0xFFFFFFFFFFFFFFFF, 0xFFFFFFFFFFFFFFFF)

# Access, share, disposition and option values (MS-SMB2 2.2.13).
GENERIC_READ, GENERIC_WRITE, GENERIC_ALL = 0x80000000, 0x40000000, 0x10000000
FILE_LIST_DIRECTORY, FILE_READ_ATTRIBUTES, SYNCHRONIZE, DELETE = 0x1, 0x80, 0x100000, 0x10000
READ_CONTROL, WRITE_DAC, MAXIMUM_ALLOWED = 0x20000, 0x40000, 0x02000000
SHARE_ALL = 0x7
FILE_SUPERSEDE, FILE_OPEN, FILE_CREATE, FILE_OPEN_IF, FILE_OVERWRITE_IF = 0, 1, 2, 3, 5
DIRECTORY_FILE, NON_DIRECTORY_FILE, DELETE_ON_CLOSE = 0x1, 0x40, 0x1000

# Selector bits of server_smb2_authed.
D311, D210, D302, D202 = 0, 1, 2, 3
OPEN_FILE, OPEN_DIR, RAW_IDS, SIGN, REQUIRE_SIGNING, IPC_FIRST = 0x4, 0x8, 0x10, 0x20, 0x40, 0x80


def utf16(s):
    return s.encode("utf-16-le")


def header(cmd, mid, charge=1, credits=64, flags=0, session=1, tree=1, next_command=0):
    """A 64-byte sync SMB2 request header (MS-SMB2 2.2.1.2)."""
    return (b"\xfeSMB" + struct.pack("<HHIHHIIQ", 64, charge, 0, cmd, credits, flags,
                                     next_command, mid)
            + struct.pack("<IIQ", 0xFEFF, tree, session) + b"\0" * 16)


def fid(file_id):
    return struct.pack("<QQ", *file_id)


# Bodies (MS-SMB2 2.2.x), each returning the body that follows a 64-byte header.

def negotiate_body(dialects, contexts=()):
    body = struct.pack("<HHHHI", 36, len(dialects), 1, 0, 0x45) + bytes(range(0xC0, 0xD0))
    dl = b"".join(struct.pack("<H", d) for d in dialects)
    if 0x0311 in dialects and contexts:
        start = 64 + 36 + len(dl)
        start += -start % 8
        body += struct.pack("<IHH", start, len(contexts), 0) + dl
        body += b"\0" * (start - 64 - len(body))
        out = b""
        for i, (ctype, data) in enumerate(contexts):
            if i:
                out += b"\0" * (-len(out) % 8)
            out += struct.pack("<HHI", ctype, len(data), 0) + data
        return body + out
    return body + b"\0" * 8 + dl


CONTEXTS_311 = [
    (1, struct.pack("<HHH", 1, 32, 1) + bytes(range(32))),   # preauth: SHA-512, 32-byte salt
    (2, struct.pack("<HHH", 2, 2, 1)),                      # ciphers AES-128-GCM, AES-128-CCM
    (8, struct.pack("<HHH", 2, 2, 1)),                      # signing AES-GMAC, AES-CMAC
    (5, utf16("fuzzserver")),                                # netname
]

# The SPNEGO NegTokenInit of Windows 10 carrying an NTLMSSP NEGOTIATE_MESSAGE (the pre-auth
# integrity blog's SESSION_SETUP request).
SPNEGO_NTLM_NEGOTIATE = bytes.fromhex(
    "604806062B0601050502A03E303CA00E300C060A2B06010401823702020AA22A"
    "04284E544C4D5353500001000000978208E200000000000000000000000000000000060380250000000F")
# A NegTokenResp carrying a (meaningless) AUTHENTICATE_MESSAGE: the logon fails.
SPNEGO_BAD_AUTHENTICATE = bytes.fromhex(
    "A1283026A2240422" "4E544C4D53535000" "03000000" + "00" * 20)


def session_setup_body(token, security_mode=1, previous=0):
    return struct.pack("<HBBIIHHQ", 25, 0, security_mode, 0, 0, 64 + 24, len(token),
                       previous) + token


def tree_connect_body(path):
    p = utf16(path)
    return struct.pack("<HHHH", 9, 0, 64 + 8, len(p)) + p


def create_body(name, access, disposition, options, attributes=0, share=SHARE_ALL, oplock=0,
                contexts=b""):
    n = utf16(name)
    body = struct.pack("<HBBIQQIIIII", 57, 0, oplock, 2, 0, 0, access, attributes, share,
                       disposition, options)
    name_off = 64 + 56
    ctx_off = 0
    buf = n
    if contexts:
        buf += b"\0" * (-len(buf) % 8)
        ctx_off = name_off + len(buf)
        buf += contexts
    if not buf:
        buf = b"\0"
    return body + struct.pack("<HHII", name_off, len(n), ctx_off, len(contexts)) + buf


def create_context(name, data=b""):
    """One create context (2.2.13.2), alone in its chain."""
    name_off = 16
    data_off = (name_off + len(name) + 7) // 8 * 8 if data else 0
    out = struct.pack("<IHHHHI", 0, name_off, len(name), 0, data_off, len(data)) + name
    if data:
        out += b"\0" * (data_off - len(out)) + data
    return out


def close_body(file_id, flags=0):
    return struct.pack("<HHI", 24, flags, 0) + fid(file_id)


def flush_body(file_id):
    return struct.pack("<HHI", 24, 0, 0) + fid(file_id)


def read_body(file_id, length, offset=0, minimum=0):
    return (struct.pack("<HBBIQ", 49, 0x50, 0, length, offset) + fid(file_id)
            + struct.pack("<IIIHH", minimum, 0, 0, 0, 0) + b"\0")


def write_body(file_id, data, offset=0, flags=0):
    return (struct.pack("<HHIQ", 49, 64 + 48, len(data), offset) + fid(file_id)
            + struct.pack("<IIHHI", 0, 0, 0, 0, flags) + data)


def lock_body(file_id, locks):
    out = struct.pack("<HHI", 48, len(locks), 0) + fid(file_id)
    for offset, length, flags in locks:
        out += struct.pack("<QQII", offset, length, flags, 0)
    return out


SHARED, EXCLUSIVE, UNLOCK, FAIL_IMMEDIATELY = 1, 2, 4, 0x10


def ioctl_body(ctl, file_id, data=b"", max_out=4096):
    return (struct.pack("<HHI", 57, 0, ctl) + fid(file_id)
            + struct.pack("<IIIIIIII", 64 + 56, len(data), 0, 0, 0, max_out, 1, 0)
            + (data or b"\0"))


def echo_body():
    return struct.pack("<HH", 4, 0)


def query_directory_body(file_id, pattern="*", cls=0x25, flags=0, length=65536):
    p = utf16(pattern)
    return (struct.pack("<HBBI", 33, cls, flags, 0) + fid(file_id)
            + struct.pack("<HHI", 64 + 32 if p else 0, len(p), length) + (p or b"\0"))


def change_notify_body(file_id, flags=0, filter_=0x17F, length=4096):
    return struct.pack("<HHI", 32, flags, length) + fid(file_id) + struct.pack("<II", filter_, 0)


def query_info_body(file_id, info_type, cls, length=4096, additional=0, data=b""):
    return (struct.pack("<HBBIHHIII", 41, info_type, cls, length, 64 + 40 if data else 0, 0,
                        len(data), additional, 0) + fid(file_id) + (data or b"\0"))


def set_info_body(file_id, info_type, cls, data, additional=0):
    return (struct.pack("<HBBIHHI", 33, info_type, cls, len(data), 64 + 32, 0, additional)
            + fid(file_id) + data)


def oplock_break_body(file_id, level=0):
    return struct.pack("<HBBI", 24, level, 0, 0) + fid(file_id)


def four(cmd_unused=None):
    return struct.pack("<HH", 4, 0)


class Conn:
    """Frames of one input, with the MessageIds the server expects."""

    def __init__(self, first_mid, session=1, tree=1):
        self.mid = first_mid
        self.session = session
        self.tree = tree
        self.frames = []

    def message(self, cmd, body, charge=1, flags=0, session=None, tree=None):
        h = header(cmd, self.mid if cmd != CANCEL else self.mid - 1, charge=charge, flags=flags,
                   session=self.session if session is None else session,
                   tree=self.tree if tree is None else tree)
        if cmd != CANCEL:
            self.mid += max(charge, 1)
        return h + body

    def send(self, cmd, body, **kw):
        self.frames.append(self.message(cmd, body, **kw))

    def compound(self, parts, related=True):
        """parts: (cmd, body[, kw]); related: every message after the first is related."""
        msgs = []
        for i, part in enumerate(parts):
            cmd, body = part[0], part[1]
            kw = dict(part[2]) if len(part) > 2 else {}
            if related and i:
                kw["flags"] = kw.get("flags", 0) | RELATED
            msgs.append(bytearray(self.message(cmd, body, **kw)))
        out = b""
        for i, m in enumerate(msgs):
            if i + 1 < len(msgs):
                m += b"\0" * (-len(m) % 8)
                struct.pack_into("<I", m, 20, len(m))
            out += bytes(m)
        self.frames.append(out)

    def raw(self, frame):
        self.frames.append(frame)

    def input(self, selector):
        out = bytes([selector])
        for f in self.frames:
            assert len(f) <= 0xFFFF
            out += struct.pack("<H", len(f)) + f
        return out


def first_mid(selector):
    """The MessageId after server_smb2_authed's setup for `selector`."""
    mid = 4 + (1 if selector & IPC_FIRST else 0)
    return mid + (1 if selector & OPEN_FILE else 0) + (1 if selector & OPEN_DIR else 0)


def authed(selector):
    tree = 2 if selector & IPC_FIRST else 1
    return Conn(first_mid(selector), tree=tree)


# File ids: the harness's opens, then each CREATE of the input in turn.
def ids(selector):
    n = (1 if selector & OPEN_FILE else 0) + (1 if selector & OPEN_DIR else 0)
    file_id = (1, 1) if selector & OPEN_FILE else None
    dir_id = ((2, 2) if selector & OPEN_FILE else (1, 1)) if selector & OPEN_DIR else None
    return file_id, dir_id, n + 1


FILE_INFO, FS_INFO, SECURITY_INFO, QUOTA_INFO = 1, 2, 3, 4


def authed_seeds():
    seeds = {}

    c = authed(D311)
    c.send(ECHO, echo_body())
    seeds["echo"] = c.input(D311)

    for d, name in ((D311, "311"), (D210, "210"), (D302, "302"), (D202, "202")):
        sel = d
        c = authed(sel)
        _, _, nxt = ids(sel)
        c.send(CREATE, create_body("hello.txt", GENERIC_READ | GENERIC_WRITE, FILE_OPEN,
                                   NON_DIRECTORY_FILE))
        c.send(READ, read_body((nxt, nxt), 100))
        c.send(WRITE, write_body((nxt, nxt), b"HELLO", offset=0))
        c.send(READ, read_body((nxt, nxt), 13))
        c.send(FLUSH, flush_body((nxt, nxt)))
        c.send(CLOSE, close_body((nxt, nxt), flags=1))
        seeds[f"create-read-write-close-{name}"] = c.input(sel)
        raw = authed(sel | RAW_IDS)
        raw.frames = list(c.frames)
        seeds[f"create-read-write-close-{name}-raw"] = raw.input(sel | RAW_IDS)

    # A new file: written, grown, read past its end, truncated, renamed, deleted.
    sel = D311
    c = authed(sel)
    _, _, nxt = ids(sel)
    f = (nxt, nxt)
    c.send(CREATE, create_body("new file.txt", GENERIC_READ | GENERIC_WRITE | DELETE, FILE_CREATE,
                               NON_DIRECTORY_FILE, attributes=0x80))
    c.send(WRITE, write_body(f, b"x" * 3000, offset=0))
    c.send(WRITE, write_body(f, b"y" * 100, offset=100000))
    c.send(READ, read_body(f, 65536, offset=90000), charge=1)
    c.send(READ, read_body(f, 10, offset=200000))
    c.send(SET_INFO, set_info_body(f, FILE_INFO, 20, struct.pack("<Q", 50)))  # end of file
    c.send(SET_INFO, set_info_body(f, FILE_INFO, 19, struct.pack("<Q", 4096)))  # allocation
    rename = struct.pack("<BxxxxxxxQI", 1, 0, len(utf16("sub\\renamed.txt"))) + utf16(
        "sub\\renamed.txt")
    c.send(SET_INFO, set_info_body(f, FILE_INFO, 10, rename))
    c.send(SET_INFO, set_info_body(f, FILE_INFO, 13, b"\x01"))  # disposition: delete
    c.send(CLOSE, close_body(f))
    seeds["new-file-lifecycle"] = c.input(sel)

    # Directory listing of the share root and of sub, in each class, restarted and single.
    sel = D311
    c = authed(sel)
    _, _, nxt = ids(sel)
    root = (nxt, nxt)
    c.send(CREATE, create_body("", FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES | SYNCHRONIZE,
                               FILE_OPEN, DIRECTORY_FILE))
    for cls in (0x25, 0x01, 0x02, 0x03, 0x0C, 0x26):
        c.send(QUERY_DIRECTORY, query_directory_body(root, "*", cls, flags=1))
    c.send(QUERY_DIRECTORY, query_directory_body(root, "", 0x25))
    c.send(QUERY_DIRECTORY, query_directory_body(root, "*.txt", 0x25, flags=0x10))
    c.send(QUERY_DIRECTORY, query_directory_body(root, "*", 0x25, flags=0x02))
    c.send(QUERY_DIRECTORY, query_directory_body(root, "*", 0x25, flags=0x01, length=120))
    c.send(CLOSE, close_body(root))
    seeds["query-directory"] = c.input(sel)

    sel = D210 | OPEN_DIR
    c = authed(sel)
    _, d, _ = ids(sel)
    c.send(QUERY_DIRECTORY, query_directory_body(d, "<\"*>?", 0x26))
    c.send(QUERY_DIRECTORY, query_directory_body(d, "*", 0x25, flags=0x01, length=8))
    seeds["query-directory-sub"] = c.input(sel)

    # QUERY_INFO: file classes, file-system classes, security; and too small buffers.
    sel = D311 | OPEN_FILE
    c = authed(sel)
    f, _, _ = ids(sel)
    for cls in (4, 5, 6, 7, 8, 9, 12, 14, 15, 16, 18, 21, 22, 28, 34, 35):
        c.send(QUERY_INFO, query_info_body(f, FILE_INFO, cls))
    c.send(QUERY_INFO, query_info_body(f, FILE_INFO, 18, length=104))
    c.send(QUERY_INFO, query_info_body(f, FILE_INFO, 4, length=8))
    for cls in (1, 3, 4, 5, 7, 8, 11):
        c.send(QUERY_INFO, query_info_body(f, FS_INFO, cls))
    c.send(QUERY_INFO, query_info_body(f, SECURITY_INFO, 0, additional=0x7))
    c.send(QUERY_INFO, query_info_body(f, SECURITY_INFO, 0, length=8, additional=0x7))
    c.send(QUERY_INFO, query_info_body(f, QUOTA_INFO, 0, data=b"\0" * 16))
    seeds["query-info"] = c.input(sel)

    # SET_INFO: basic (times, attributes), position, mode, security, a rename over a file.
    sel = D302 | OPEN_FILE
    c = authed(sel)
    f, _, _ = ids(sel)
    basic = struct.pack("<QQQQII", 0, 0x01D0000000000000, 0x01D0000000000000, 0, 0x21, 0)
    c.send(SET_INFO, set_info_body(f, FILE_INFO, 4, basic))
    c.send(SET_INFO, set_info_body(f, FILE_INFO, 14, struct.pack("<Q", 5)))
    c.send(SET_INFO, set_info_body(f, FILE_INFO, 16, struct.pack("<I", 0)))
    sd = (struct.pack("<BBHIIII", 1, 0, 0x8004, 0, 0, 0, 20)
          + struct.pack("<BBHI", 2, 0, 28, 1)
          + struct.pack("<BBHI", 0, 0, 20, 0x1F01FF)
          + bytes([1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]))
    c.send(SET_INFO, set_info_body(f, SECURITY_INFO, 0, sd, additional=0x4))
    rename = struct.pack("<BxxxxxxxQI", 1, 0, len(utf16("empty.txt"))) + utf16("empty.txt")
    c.send(SET_INFO, set_info_body(f, FILE_INFO, 10, rename))
    seeds["set-info"] = c.input(sel)

    # CHANGE_NOTIFY on sub: pending, then a change in sub completes it; a second one cancelled;
    # a third ended by CLOSE.
    sel = D311 | OPEN_DIR
    c = authed(sel)
    _, d, nxt = ids(sel)
    c.send(CHANGE_NOTIFY, change_notify_body(d, flags=1))
    c.send(CREATE, create_body("sub\\made.txt", GENERIC_WRITE, FILE_CREATE, NON_DIRECTORY_FILE))
    c.send(CLOSE, close_body((nxt, nxt)))
    c.send(CHANGE_NOTIFY, change_notify_body(d))
    c.send(CANCEL, four())
    c.send(CHANGE_NOTIFY, change_notify_body(d, length=16))
    c.send(CLOSE, close_body(d))
    seeds["change-notify"] = c.input(sel)

    # LOCK: shared and exclusive ranges, a conflict that waits (pending), the unlock that grants
    # it, a conflict that fails at once, and a waiting lock cancelled.
    sel = D210 | OPEN_FILE
    c = authed(sel)
    f, _, _ = ids(sel)
    c.send(LOCK, lock_body(f, [(0, 10, EXCLUSIVE | FAIL_IMMEDIATELY)]))
    c.send(LOCK, lock_body(f, [(5, 10, EXCLUSIVE)]))
    c.send(LOCK, lock_body(f, [(0, 10, UNLOCK)]))
    c.send(LOCK, lock_body(f, [(100, 10, SHARED | FAIL_IMMEDIATELY),
                               (200, 10, SHARED | FAIL_IMMEDIATELY)]))
    c.send(LOCK, lock_body(f, [(100, 10, EXCLUSIVE | FAIL_IMMEDIATELY)]))
    c.send(LOCK, lock_body(f, [(105, 1, EXCLUSIVE)]))
    c.send(CANCEL, four())
    c.send(LOCK, lock_body(f, [(100, 10, UNLOCK), (200, 10, UNLOCK)]))
    seeds["lock"] = c.input(sel)

    # Compounds: related CREATE+READ+CLOSE, CREATE+WRITE+QUERY_INFO+CLOSE, unrelated ones, and a
    # related chain whose CREATE fails.
    sel = D311
    c = authed(sel)
    c.compound([(CREATE, create_body("hello.txt", GENERIC_READ, FILE_OPEN, NON_DIRECTORY_FILE)),
                (READ, read_body(ANY_ID, 4096)),
                (CLOSE, close_body(ANY_ID))])
    c.compound([(CREATE, create_body("compound.txt", GENERIC_READ | GENERIC_WRITE, FILE_OPEN_IF,
                                     NON_DIRECTORY_FILE)),
                (WRITE, write_body(ANY_ID, b"compound data")),
                (QUERY_INFO, query_info_body(ANY_ID, FILE_INFO, 18)),
                (CLOSE, close_body(ANY_ID, flags=1))])
    c.compound([(ECHO, echo_body()), (ECHO, echo_body()), (ECHO, echo_body())], related=False)
    c.compound([(CREATE, create_body("missing.txt", GENERIC_READ, FILE_OPEN, NON_DIRECTORY_FILE)),
                (READ, read_body(ANY_ID, 10)),
                (CLOSE, close_body(ANY_ID))])
    c.compound([(CREATE, create_body("", FILE_LIST_DIRECTORY | SYNCHRONIZE, FILE_OPEN,
                                     DIRECTORY_FILE)),
                (QUERY_DIRECTORY, query_directory_body(ANY_ID, "*", 0x25)),
                (CLOSE, close_body(ANY_ID))])
    seeds["compound-related"] = c.input(sel)

    sel = D202 | OPEN_FILE
    c = authed(sel)
    f, _, _ = ids(sel)
    c.compound([(READ, read_body(f, 5)), (QUERY_INFO, query_info_body(f, FILE_INFO, 5)),
                (FLUSH, flush_body(f))], related=False)
    c.compound([(TREE_DISCONNECT, four()), (CREATE, create_body(
        "hello.txt", GENERIC_READ, FILE_OPEN, NON_DIRECTORY_FILE))])
    seeds["compound-unrelated-then-disconnect"] = c.input(sel)

    # IOCTL: validate negotiate (3.0.2; the dialects the harness offered), interfaces, sparse,
    # allocated ranges, reparse point, DFS.
    sel = D302 | OPEN_FILE
    c = authed(sel)
    f, _, _ = ids(sel)
    vni = (struct.pack("<I", 0x5) + bytes(range(0xC0, 0xD0))
           + struct.pack("<HH", 1, 4) + struct.pack("<HHHH", 0x202, 0x210, 0x300, 0x302))
    c.send(IOCTL, ioctl_body(0x00140204, ANY_ID, vni, max_out=24))
    c.send(IOCTL, ioctl_body(0x001401FC, ANY_ID, max_out=65536))
    c.send(IOCTL, ioctl_body(0x000900C4, f))
    c.send(IOCTL, ioctl_body(0x000940CF, f, struct.pack("<QQ", 0, 1 << 20)))
    c.send(IOCTL, ioctl_body(0x000900A8, f))
    c.send(IOCTL, ioctl_body(0x00060194, ANY_ID, b"\x04\x00" + utf16("\\fuzzserver\\data\0")))
    seeds["ioctl"] = c.input(sel)

    # Oplock: the harness's batch oplock on hello.txt broken by a second open (a break
    # notification comes as a late reply), acknowledged.
    sel = D311 | OPEN_FILE
    c = authed(sel)
    f, _, nxt = ids(sel)
    c.send(CREATE, create_body("hello.txt", GENERIC_READ, FILE_OPEN, NON_DIRECTORY_FILE))
    c.send(OPLOCK_BREAK, oplock_break_body(f, 1))
    c.send(OPLOCK_BREAK, oplock_break_body(f, 0))
    c.send(CLOSE, close_body((nxt, nxt)))
    seeds["oplock-break"] = c.input(sel)

    # Escapes: names that leave the share, by '..', an absolute path, and symlinks.
    sel = D311
    c = authed(sel)
    _, _, nxt = ids(sel)
    for name in ("..\\sentinel.txt", "sub\\..\\..\\sentinel.txt", "link_out\\secret.txt",
                 "link_sentinel", "sub\\link_up", "link_out", "link_in"):
        c.send(CREATE, create_body(name, GENERIC_READ, FILE_OPEN, 0))
    c.send(CREATE, create_body("link_out\\new.txt", GENERIC_WRITE, FILE_CREATE, 0))
    c.send(CREATE, create_body("link_sentinel", GENERIC_WRITE, FILE_OVERWRITE_IF, 0))
    seeds["escape-names"] = c.input(sel)

    # Logoff, then requests on the dead session; tree disconnect then a CREATE on it.
    sel = D210
    c = authed(sel)
    c.send(TREE_DISCONNECT, four())
    c.send(CREATE, create_body("hello.txt", GENERIC_READ, FILE_OPEN, 0))
    c.send(LOGOFF, four())
    c.send(ECHO, echo_body())
    c.send(TREE_CONNECT, tree_connect_body("\\\\fuzzserver\\data"))
    seeds["logoff"] = c.input(sel)

    # Signed sessions: the harness signs (and, with REQUIRE_SIGNING, the server requires it).
    for sel, name in ((D311 | SIGN | OPEN_FILE, "signed-311"),
                      (D302 | REQUIRE_SIGNING | OPEN_FILE, "signing-required-302"),
                      (D210 | SIGN | OPEN_FILE, "signed-210")):
        c = authed(sel)
        f, _, _ = ids(sel)
        c.send(READ, read_body(f, 13))
        c.compound([(CREATE, create_body("hello.txt", GENERIC_READ, FILE_OPEN, 0)),
                    (QUERY_INFO, query_info_body(ANY_ID, FILE_INFO, 5)),
                    (CLOSE, close_body(ANY_ID))])
        c.send(ECHO, echo_body())
        seeds[name] = c.input(sel)

    # IPC$ first: requests on the pipe tree.
    sel = D311 | IPC_FIRST
    c = authed(sel)
    c.send(CREATE, create_body("srvsvc", GENERIC_READ, FILE_OPEN, 0), tree=1)
    c.send(ECHO, echo_body())
    seeds["ipc"] = c.input(sel)

    # Create contexts: MxAc, QFid, AlSi, a lease and a durable handle request (not granted).
    sel = D311
    c = authed(sel)
    for ctx in (create_context(b"MxAc"), create_context(b"QFid"),
                create_context(b"AlSi", struct.pack("<Q", 8192)),
                create_context(b"RqLs", b"\x11" * 16 + struct.pack("<IIQ", 7, 0, 0)),
                create_context(b"DHnQ", b"\0" * 16)):
        c.send(CREATE, create_body("ctx.txt", GENERIC_ALL, FILE_OPEN_IF, NON_DIRECTORY_FILE,
                                   oplock=0xFF if b"RqLs" in ctx else 9, contexts=ctx))
    c.send(CREATE, create_body("newdir", GENERIC_ALL, FILE_CREATE, DIRECTORY_FILE))
    c.send(CREATE, create_body("sub\\deeper\\leaf.dat", GENERIC_ALL, FILE_SUPERSEDE,
                               NON_DIRECTORY_FILE | DELETE_ON_CLOSE))
    seeds["create-contexts"] = c.input(sel)
    return seeds


def unauth_seeds():
    seeds = {}
    # Selector bit 0: MessageIds fixed by the harness; bits 1-2: prelude.
    c = Conn(0, session=0, tree=0)
    c.send(NEGOTIATE, negotiate_body([0x202, 0x210, 0x300, 0x302, 0x311], CONTEXTS_311), charge=0)
    c.send(SESSION_SETUP, session_setup_body(SPNEGO_NTLM_NEGOTIATE))
    c.send(SESSION_SETUP, session_setup_body(SPNEGO_BAD_AUTHENTICATE), session=1)
    c.send(ECHO, echo_body())
    seeds["negotiate-311-session-setup"] = c.input(1)
    seeds["negotiate-311-session-setup-raw"] = c.input(0)

    for dialects, name in (([0x202], "202"), ([0x202, 0x210], "210"),
                           ([0x202, 0x210, 0x300, 0x302], "302")):
        c = Conn(0, session=0, tree=0)
        c.send(NEGOTIATE, negotiate_body(dialects), charge=0)
        c.send(SESSION_SETUP, session_setup_body(SPNEGO_NTLM_NEGOTIATE))
        c.send(LOGOFF, four(), session=1)
        seeds[f"negotiate-{name}"] = c.input(1)

    # After the harness's 3.1.1 NEGOTIATE: raw NTLMSSP, anonymous, binding, and requests that
    # need a session.
    c = Conn(1, session=0, tree=0)
    c.send(SESSION_SETUP, session_setup_body(SPNEGO_NTLM_NEGOTIATE[SPNEGO_NTLM_NEGOTIATE.index(b"NTLMSSP"):]))
    c.send(SESSION_SETUP, session_setup_body(b""))
    c.send(TREE_CONNECT, tree_connect_body("\\\\fuzzserver\\data"))
    c.send(CREATE, create_body("hello.txt", GENERIC_READ, FILE_OPEN, 0))
    c.compound([(SESSION_SETUP, session_setup_body(SPNEGO_NTLM_NEGOTIATE)),
                (TREE_CONNECT, tree_connect_body("\\\\fuzzserver\\data"))])
    seeds["after-negotiate"] = c.input(1 | 6)

    # The SMB1 upgrade: 2.0.2 settled, or the wildcard and a second NEGOTIATE (MessageId 1).
    c = Conn(1, session=0, tree=0)
    c.send(SESSION_SETUP, session_setup_body(SPNEGO_NTLM_NEGOTIATE))
    seeds["smb1-upgrade-202"] = c.input(1 | 2)
    c = Conn(1, session=0, tree=0)
    c.send(NEGOTIATE, negotiate_body([0x202, 0x210, 0x311], CONTEXTS_311), charge=0)
    c.send(SESSION_SETUP, session_setup_body(SPNEGO_NTLM_NEGOTIATE))
    seeds["smb1-upgrade-wildcard"] = c.input(1 | 4)

    # Before NEGOTIATE: anything else closes the connection; a compound with NEGOTIATE first.
    c = Conn(0, session=0, tree=0)
    c.send(ECHO, echo_body())
    seeds["echo-first"] = c.input(1)
    c = Conn(0, session=0, tree=0)
    c.compound([(NEGOTIATE, negotiate_body([0x202, 0x210])),
                (ECHO, echo_body())], related=False)
    c.send(CANCEL, four())
    seeds["negotiate-compound"] = c.input(1)
    return seeds


def encrypted_seeds():
    """server_smb2_encrypted: the authed seeds with its selector (the same frames, sealed by the
    harness), each over 3.1.1 with one of the four ciphers or over 3.0.2, and a few tampered."""
    seeds = {}
    ciphers = ["aes128gcm", "aes128ccm", "aes256gcm", "aes256ccm"]
    for i, (name, data) in enumerate(sorted(authed_seeds().items())):
        s = data[0]
        dialect = s & 3
        enc = (1 if dialect == D302 else (i % 4) << 1)
        enc |= (0x08 if s & OPEN_FILE else 0) | (0x10 if s & OPEN_DIR else 0)
        enc |= 0x40 if s & IPC_FIRST else 0
        enc |= 0x80 if i % 3 == 0 else 0  # the server's policy "desired"
        label = "302" if dialect == D302 else ciphers[i % 4]
        seeds[f"{name}-{label}"] = bytes([enc]) + data[1:]
        if i % 4 == 0:
            # Tampered: one bit flipped somewhere in each sealed frame, or another session named.
            seeds[f"{name}-{label}-tampered"] = bytes([enc | 0x20]) + struct.pack("<H", 3 + i) + data[1:]
            seeds[f"{name}-{label}-other-session"] = bytes([enc | 0x20]) + struct.pack("<H", 1) + data[1:]
    return seeds


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "corpus"))
    args = ap.parse_args()
    for target, seeds in (("server_smb2_authed", authed_seeds()),
                          ("server_smb2_unauth", unauth_seeds()),
                          ("server_smb2_encrypted", encrypted_seeds())):
        d = os.path.join(args.out, target)
        os.makedirs(d, exist_ok=True)
        for name, data in seeds.items():
            with open(os.path.join(d, "seed-" + name), "wb") as f:
                f.write(data)
        print(f"{target}: {len(seeds)} seeds")


if __name__ == "__main__":
    main()
