#!/usr/bin/env python3
"""A small SMB 2.0.2-3.1.1 client for tests, built from the message layouts of MS-SMB2 2.2 with the
Python standard library only (Debian 12's python3). Unsigned and unencrypted: enough for a server
that does not require signing. The NTLM, NTLMSSP and SPNEGO code is raw_smb1.py's (imported).

  raw_smb2.py --port P --user U --password W --share S [--dialect 0x0311] smoke

smoke: for each dialect from 2.0.2 up to --dialect (logon in SPNEGO), then for --dialect with raw
NTLMSSP, then signing every request on 2.0.2, 2.1 and 3.1.1, a connection logs on, connects to S,
creates a file, writes, reads it back, closes it (delete on close), logs off, and prints
"ok dialect 0x....: ..." or "FAIL ...". Other tests import the module (cross_dialect.py).

Encryption (MS-SMB2 3.1.4.3, 2.2.41), only when asked for with negotiate(ciphers=...): with
Debian's python3-cryptography (AES-GCM and AES-CCM), which the rest does not need; once
start_encrypting() is called every request goes in a TRANSFORM_HEADER under the
client-to-server key, and every received message notes whether it came encrypted.

Signing: HMAC-SHA256 only (the standard library has no AES): with the session key on 2.0.2 and
2.1, and on 3.1.1, whose NEGOTIATE offers HMAC-SHA256 alone in SMB2_SIGNING_CAPABILITIES, with the
key derived over the preauth integrity hash; there the client checks the signed final
SESSION_SETUP response and signs TREE_CONNECT, as MS-SMB2 3.3.5.7 requires. 3.0 and 3.0.2 would
sign with AES-CMAC: their sessions stay unsigned.

Every command has one function of Client, which sends the request and, unless given wait=False,
waits for its final response and returns it parsed (a dict: "status", the header's fields, and
the command's own). With wait=False it returns a Request, whose interim() waits for the interim
STATUS_PENDING response of an operation answered later (MS-SMB2 3.3.4.2) and result() for the
final one. Responses are matched by MessageId, so requests of one connection may be answered in
any order; OPLOCK_BREAK notifications (MessageId all ones, 2.2.23.1) are kept apart for
next_break(). Credits (3.2.4.1.5, 3.2.5.1.4): each request takes CreditCharge message ids from
the window the server granted and asks for enough to keep about CREDIT_TARGET in hand.
"""

import argparse
import hashlib
import hmac
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import raw_smb1 as ntlm  # noqa: E402  (MD4, NTLMv2, NTLMSSP and SPNEGO; framing)

# MS-SMB2 2.2.1: commands.
NEGOTIATE, SESSION_SETUP, LOGOFF, TREE_CONNECT, TREE_DISCONNECT = 0x00, 0x01, 0x02, 0x03, 0x04
CREATE, CLOSE, FLUSH, READ, WRITE, LOCK, IOCTL, CANCEL, ECHO = range(0x05, 0x0E)
QUERY_DIRECTORY, CHANGE_NOTIFY, QUERY_INFO, SET_INFO, OPLOCK_BREAK = range(0x0E, 0x13)
COMMAND_NAMES = {v: k for k, v in dict(
    NEGOTIATE=0, SESSION_SETUP=1, LOGOFF=2, TREE_CONNECT=3, TREE_DISCONNECT=4, CREATE=5, CLOSE=6,
    FLUSH=7, READ=8, WRITE=9, LOCK=10, IOCTL=11, CANCEL=12, ECHO=13, QUERY_DIRECTORY=14,
    CHANGE_NOTIFY=15, QUERY_INFO=16, SET_INFO=17, OPLOCK_BREAK=18).items()}

# 2.2.1.2 header flags.
FLAGS_SERVER_TO_REDIR = 0x00000001
FLAGS_ASYNC_COMMAND = 0x00000002
FLAGS_SIGNED = 0x00000008

HEADER_SIZE = 64
PROTOCOL_ID = b"\xfeSMB"
UNSOLICITED = 0xFFFFFFFFFFFFFFFF  # the MessageId of an oplock break notification (3.3.4.6)

DIALECTS = (0x0202, 0x0210, 0x0300, 0x0302, 0x0311)
SECURITY_SIGNING_ENABLED = 0x0001
# 2.2.3.1: negotiate contexts.
PREAUTH_INTEGRITY_CAPABILITIES = 0x0001
SIGNING_CAPABILITIES = 0x0008
SHA_512 = 0x0001
# 2.2.3.1.7: signing algorithms. Only HMAC-SHA256 is in the standard library: a 3.1.1 client
# offers only it, so that it can sign; 3.0 and 3.0.2 sign with AES-CMAC, which this client
# cannot (they need not sign: 3.3.5.7 asks it of 3.1.1 TREE_CONNECT only).
HMAC_SHA256, AES_CMAC, AES_GMAC = 0x0000, 0x0001, 0x0002
ENCRYPTION_CAPABILITIES = 0x0002
AES_128_CCM, AES_128_GCM, AES_256_CCM, AES_256_GCM = 0x0001, 0x0002, 0x0003, 0x0004
SESSION_FLAG_ENCRYPT_DATA = 0x0004
SHAREFLAG_ENCRYPT_DATA = 0x00008000

# 2.2.13 CREATE.
OPLOCK_NONE, OPLOCK_II, OPLOCK_EXCLUSIVE, OPLOCK_BATCH = 0x00, 0x01, 0x08, 0x09
IMPERSONATION = 2
FILE_READ_DATA, FILE_WRITE_DATA, FILE_READ_ATTRIBUTES = 0x1, 0x2, 0x80
FILE_LIST_DIRECTORY = 0x1
DELETE = 0x00010000
SYNCHRONIZE = 0x00100000
GENERIC_READ, GENERIC_WRITE, GENERIC_ALL = 0x80000000, 0x40000000, 0x10000000
FILE_SHARE_READ, FILE_SHARE_WRITE, FILE_SHARE_DELETE = 1, 2, 4
SHARE_ALL = 7
FILE_SUPERSEDE, FILE_OPEN, FILE_CREATE, FILE_OPEN_IF, FILE_OVERWRITE, FILE_OVERWRITE_IF = range(6)
FILE_DIRECTORY_FILE = 0x00000001
FILE_NON_DIRECTORY_FILE = 0x00000040
FILE_DELETE_ON_CLOSE = 0x00001000
FILE_ATTRIBUTE_NORMAL = 0x80

# 2.2.26.1 LOCK element flags.
LOCKFLAG_SHARED, LOCKFLAG_EXCLUSIVE, LOCKFLAG_UNLOCK, LOCKFLAG_FAIL_IMMEDIATELY = 1, 2, 4, 0x10

# 2.2.35 CHANGE_NOTIFY.
WATCH_TREE = 0x0001
FILE_NOTIFY_CHANGE_FILE_NAME = 0x00000001
FILE_NOTIFY_CHANGE_DIR_NAME = 0x00000002
FILE_ACTION_ADDED, FILE_ACTION_REMOVED, FILE_ACTION_MODIFIED = 1, 2, 3
FILE_ACTION_RENAMED_OLD_NAME, FILE_ACTION_RENAMED_NEW_NAME = 4, 5

# 2.2.39 SET_INFO: SMB2_0_INFO_FILE and the file information classes (MS-FSCC 2.4).
INFO_FILE = 0x01
FILE_EA_INFORMATION = 7
FILE_RENAME_INFORMATION = 10
FILE_DISPOSITION_INFORMATION = 13
FILE_FULL_EA_INFORMATION = 15

STATUS_SUCCESS = 0x00000000
STATUS_PENDING = 0x00000103
STATUS_NOTIFY_CLEANUP = 0x0000010B
STATUS_NOTIFY_ENUM_DIR = 0x0000010C
STATUS_MORE_PROCESSING_REQUIRED = 0xC0000016
STATUS_OBJECT_NAME_NOT_FOUND = 0xC0000034
STATUS_SHARING_VIOLATION = 0xC0000043
STATUS_DELETE_PENDING = 0xC0000056
STATUS_FILE_LOCK_CONFLICT = 0xC0000054
STATUS_LOCK_NOT_GRANTED = 0xC0000055
STATUS_RANGE_NOT_LOCKED = 0xC000007E
STATUS_CANCELLED = 0xC0000120
STATUS_FILE_CLOSED = 0xC0000128
STATUS_ACCESS_DENIED = 0xC0000022

STATUS_NAMES = dict(ntlm.STATUS_NAMES)
STATUS_NAMES.update({
    STATUS_PENDING: "STATUS_PENDING", STATUS_NOTIFY_CLEANUP: "STATUS_NOTIFY_CLEANUP",
    STATUS_NOTIFY_ENUM_DIR: "STATUS_NOTIFY_ENUM_DIR",
    STATUS_SHARING_VIOLATION: "STATUS_SHARING_VIOLATION",
    STATUS_DELETE_PENDING: "STATUS_DELETE_PENDING",
    STATUS_FILE_LOCK_CONFLICT: "STATUS_FILE_LOCK_CONFLICT",
    STATUS_LOCK_NOT_GRANTED: "STATUS_LOCK_NOT_GRANTED",
    STATUS_RANGE_NOT_LOCKED: "STATUS_RANGE_NOT_LOCKED", STATUS_CANCELLED: "STATUS_CANCELLED",
    STATUS_FILE_CLOSED: "STATUS_FILE_CLOSED", 0xC0000011: "STATUS_END_OF_FILE",
    0x80000005: "STATUS_BUFFER_OVERFLOW", STATUS_ACCESS_DENIED: "STATUS_ACCESS_DENIED",
})

CREDIT_TARGET = 64  # credits the client tries to hold


class ProtocolError(Exception):
    """The server broke the protocol, closed the connection, or did not answer in time."""


def status_text(status):
    if status is None:
        return "no response"
    return f"0x{status:08x} {STATUS_NAMES.get(status, '?')}"


# --- the header (MS-SMB2 2.2.1) --------------------------------------------------------------

def pack_header(command, message_id, credit_charge, credit_request, session_id=0, tree_id=0,
                flags=0, async_id=None):
    """2.2.1.2 (sync: Reserved, TreeId) or 2.2.1.1 (async: AsyncId); Status (ChannelSequence and
    Reserved in a request) and Signature zero."""
    if async_id is not None:
        flags |= FLAGS_ASYNC_COMMAND
        ids = struct.pack("<Q", async_id)
    else:
        ids = struct.pack("<II", 0, tree_id)
    return (struct.pack("<4sHHIHHIIQ", PROTOCOL_ID, 64, credit_charge, 0, command,
                        credit_request, flags, 0, message_id)
            + ids + struct.pack("<Q", session_id) + b"\0" * 16)


def parse_header(message):
    if len(message) < HEADER_SIZE or message[:4] != PROTOCOL_ID:
        raise ProtocolError(f"not an SMB2 message: {message[:8].hex()}")
    (structure_size, credit_charge, status, command, credits, flags, next_command,
     message_id) = struct.unpack_from("<HHIHHIIQ", message, 4)
    if structure_size != 64:
        raise ProtocolError(f"header StructureSize {structure_size}")
    h = {"credit_charge": credit_charge, "status": status, "command": command,
         "credits": credits, "flags": flags, "next_command": next_command,
         "message_id": message_id, "session_id": struct.unpack_from("<Q", message, 40)[0],
         "async_id": None, "tree_id": None, "raw": message, "body": message[HEADER_SIZE:]}
    if flags & FLAGS_ASYNC_COMMAND:
        h["async_id"] = struct.unpack_from("<Q", message, 32)[0]
    else:
        h["tree_id"] = struct.unpack_from("<I", message, 36)[0]
    return h


def hash_in(value, message):
    """3.2.5.2: PreauthIntegrityHashValue = SHA-512(previous value || message)."""
    return hashlib.sha512(value + message).digest()


def describe(m):
    if m is None:
        return "nothing"
    name = COMMAND_NAMES.get(m["command"], f"0x{m['command']:04x}")
    extra = f" AsyncId {m['async_id']}" if m["async_id"] is not None else ""
    return f"{name} MessageId {m['message_id']:#x}{extra} {status_text(m['status'])}"


def kdf(key, label, context, bits=128):
    """SP 800-108 in counter mode with HMAC-SHA256, r = 32, one block (MS-SMB2 3.1.4.2):
    HMAC(key, i=1 || Label || 0x00 || Context || L)."""
    return hmac.new(key, struct.pack(">I", 1) + label + b"\0" + context + struct.pack(">I", bits),
                    hashlib.sha256).digest()[:bits // 8]


def signature(key, message):
    """3.1.4.1 with HMAC-SHA256: the first 16 bytes of the MAC of the message whose Signature
    field is zero (SMB2_FLAGS_SIGNED set)."""
    zeroed = message[:48] + b"\0" * 16 + message[64:]
    return hmac.new(key, zeroed, hashlib.sha256).digest()[:16]


def utf16(text):
    return text.encode("utf-16-le")


def file_id_text(file_id):
    return file_id.hex()


# --- per-command response bodies (MS-SMB2 2.2.4 ... 2.2.25) -----------------------------------

def buffer_at(m, offset, length):
    """A variable part of a response: its offset counts from the header's start."""
    raw = m["raw"]
    if length and (offset < HEADER_SIZE or offset + length > len(raw)):
        raise ProtocolError(f"{describe(m)}: buffer {offset}+{length} outside the message "
                            f"({len(raw)} bytes)")
    return raw[offset:offset + length]


def expect_structure(m, size):
    got = struct.unpack_from("<H", m["body"], 0)[0] if len(m["body"]) >= 2 else None
    if got != size:
        raise ProtocolError(f"{describe(m)}: StructureSize {got}, expected {size}")


def parse_negotiate(m):
    """2.2.4."""
    expect_structure(m, 65)
    (_s, security_mode, dialect, context_count, server_guid, capabilities, max_transact,
     max_read, max_write, _time, _start, sec_offset, sec_length,
     context_offset) = struct.unpack_from("<HHHH16sIIIIQQHHI", m["body"], 0)
    m.update(security_mode=security_mode, dialect=dialect, server_guid=server_guid,
             capabilities=capabilities, max_transact=max_transact, max_read=max_read,
             max_write=max_write, security_buffer=buffer_at(m, sec_offset, sec_length),
             contexts=parse_negotiate_contexts(m, context_offset, context_count)
             if dialect == 0x0311 else [])


def parse_negotiate_contexts(m, offset, count):
    """2.2.3.1: (type, data) of each context, each 8-aligned from the header's start."""
    raw = m["raw"]
    out = []
    for _ in range(count):
        offset += -offset % 8
        if offset + 8 > len(raw):
            raise ProtocolError("NEGOTIATE response: negotiate context outside the message")
        kind, length = struct.unpack_from("<HH", raw, offset)
        out.append((kind, raw[offset + 8:offset + 8 + length]))
        offset += 8 + length
    return out


def parse_session_setup(m):
    """2.2.6."""
    expect_structure(m, 9)
    _s, flags, offset, length = struct.unpack_from("<HHHH", m["body"], 0)
    m.update(session_flags=flags, security_buffer=buffer_at(m, offset, length))


def parse_tree_connect(m):
    """2.2.10."""
    expect_structure(m, 16)
    _s, share_type, _r, share_flags, capabilities, maximal_access = struct.unpack_from(
        "<HBBIII", m["body"], 0)
    m.update(share_type=share_type, share_flags=share_flags, maximal_access=maximal_access)


def parse_create(m):
    """2.2.14."""
    expect_structure(m, 89)
    (_s, oplock, _flags, action, created, accessed, written, changed, allocation, eof,
     attributes, _r, file_id) = struct.unpack_from("<HBBIQQQQQQII16s", m["body"], 0)
    m.update(oplock_level=oplock, create_action=action, end_of_file=eof, attributes=attributes,
             file_id=file_id)


def parse_close(m):
    """2.2.16."""
    expect_structure(m, 60)


def parse_read(m):
    """2.2.20."""
    expect_structure(m, 17)
    _s, offset, _r, length, _remaining = struct.unpack_from("<HBBII", m["body"], 0)
    m["data"] = buffer_at(m, offset, length)


def parse_write(m):
    """2.2.22."""
    expect_structure(m, 17)
    m["count"] = struct.unpack_from("<I", m["body"], 4)[0]


def parse_lock(m):
    """2.2.27."""
    expect_structure(m, 4)


def parse_echo(m):
    """2.2.29."""
    expect_structure(m, 4)


def parse_change_notify(m):
    """2.2.36 with MS-FSCC 2.7.1 FILE_NOTIFY_INFORMATION entries: "entries", (action, name)."""
    expect_structure(m, 9)
    _s, offset, length = struct.unpack_from("<HHI", m["body"], 0)
    m["entries"] = parse_notify_entries(buffer_at(m, offset, length))


def parse_notify_entries(data):
    """MS-FSCC 2.7.1: NextEntryOffset, Action, FileNameLength, FileName (UTF-16LE)."""
    entries = []
    at = 0
    while at + 12 <= len(data):
        next_offset, action, name_length = struct.unpack_from("<III", data, at)
        name = data[at + 12:at + 12 + name_length]
        if len(name) != name_length:
            raise ProtocolError(f"FILE_NOTIFY_INFORMATION name beyond the buffer at {at}")
        entries.append((action, name.decode("utf-16-le")))
        if next_offset == 0:
            return entries
        if next_offset % 4 or next_offset < 12 + name_length:
            raise ProtocolError(f"FILE_NOTIFY_INFORMATION NextEntryOffset {next_offset}")
        at += next_offset
    if data:
        raise ProtocolError(f"FILE_NOTIFY_INFORMATION cut short: {data.hex()}")
    return entries


def parse_set_info(m):
    """2.2.40."""
    expect_structure(m, 2)


def parse_query_info(m):
    """2.2.38: OutputBufferOffset, OutputBufferLength, Buffer."""
    expect_structure(m, 9)
    _s, offset, length = struct.unpack_from("<HHI", m["body"], 0)
    m["output"] = buffer_at(m, offset, length)


def full_ea_list(eas):
    """MS-FSCC 2.4.15 FILE_FULL_EA_INFORMATION entries for [(name bytes, value bytes)]: each but
    the last padded to 4 bytes and chained by NextEntryOffset; Flags 0, the name NUL-terminated."""
    out = b""
    for i, (name, value) in enumerate(eas):
        entry = struct.pack("<BBH", 0, len(name), len(value)) + name + b"\0" + value
        size = 4 + len(entry)
        last = i == len(eas) - 1
        padded = size if last else size + (-size) % 4
        out += struct.pack("<I", 0 if last else padded) + entry + b"\0" * (padded - size)
    return out


def parse_full_ea_list(data):
    """The [(name bytes, value bytes)] of a FILE_FULL_EA_INFORMATION list."""
    eas, at = [], 0
    while at < len(data):
        next_offset, _flags, name_length, value_length = struct.unpack_from("<IBBH", data, at)
        name = data[at + 8:at + 8 + name_length]
        start = at + 8 + name_length + 1
        eas.append((name, data[start:start + value_length]))
        if next_offset == 0:
            break
        at += next_offset
    return eas


def parse_oplock_break(m):
    """2.2.23.1 / 2.2.25.1: OplockLevel and FileId."""
    expect_structure(m, 24)
    _s, level, _r, _r2, file_id = struct.unpack_from("<HBBI16s", m["body"], 0)
    m.update(oplock_level=level, file_id=file_id)


def parse_nothing(m):
    pass


class Request:
    """A request sent whose response has not been taken yet."""

    def __init__(self, client, message_id, parse, extra_ok=()):
        self.client = client
        self.message_id = message_id
        self.parse = parse
        self.extra_ok = extra_ok  # statuses besides success whose body is the command's
        self.async_id = None

    def interim(self, timeout=None):
        """The interim response (STATUS_PENDING, async form): the operation will answer later."""
        m = self.client.take(self.message_id, timeout, interim=True)
        if m["status"] != STATUS_PENDING or m["async_id"] is None:
            raise ProtocolError(f"expected an interim STATUS_PENDING response, got {describe(m)}")
        self.async_id = m["async_id"]
        return m

    def result(self, timeout=None):
        """The final response, parsed when it succeeded."""
        m = self.client.take(self.message_id, timeout)
        if self.async_id is None:
            self.async_id = m["async_id"]
        elif m["async_id"] != self.async_id:
            raise ProtocolError(f"final response under AsyncId {m['async_id']}, the interim "
                                f"said {self.async_id}")
        if m["status"] == STATUS_SUCCESS or m["status"] in self.extra_ok:
            self.parse(m)
        return m

    def answered(self, timeout):
        """Whether a final response arrived within `timeout` seconds (it stays to be taken)."""
        return self.client.has_final(self.message_id, timeout)


class Client:
    """One SMB2 connection: at most one session and one tree at a time."""

    def __init__(self, host, port, timeout=10.0):
        self.host = host
        self.timeout = timeout
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.next_message_id = 0
        self.credits = 1  # NEGOTIATE's MessageId 0 needs no grant (3.2.4.1.3)
        self.dialect = None
        self.max_read = self.max_write = 65536
        self.session_id = 0
        self.tree_id = 0
        # Signing (3.2.4.1.1, 3.2.5.1.3): the algorithm NEGOTIATE chose, the 3.1.1 preauth
        # integrity hash (3.2.5.2), the session's signing key once known (None: cannot sign).
        self.signing_algorithm = HMAC_SHA256
        self.preauth = b"\0" * 64
        self.signing_key = None
        self.sign_all = False   # sign every request once logged on
        self.signed = set()     # MessageIds of requests sent signed
        self.last_request = b""
        self.inbox = {}    # MessageId -> responses received, not yet taken
        self.breaks = []   # oplock break notifications received, not yet taken
        self.interims = set()  # MessageIds whose interim response came
        # Encryption: the cipher NEGOTIATE settled (0: none), the session's keys once logged
        # on, and whether requests go encrypted.
        self.cipher_id = 0
        self.c2s_key = self.s2c_key = None
        self.encrypting = False
        self.seal_session_id = None  # the SessionId a sealed request's transform names

    def close(self):
        self.sock.close()

    # --- transport --------------------------------------------------------------------------

    def send(self, command, body, credit_charge=1, message_id=None, async_id=None,
             tree_id=None, sign=False):
        """Frames and sends one request, signed when asked or when every request is; returns its
        MessageId. CANCEL reuses the MessageId of the request it cancels and takes no credit
        (3.2.4.24)."""
        if self.dialect == 0x0202:
            credit_charge = 0  # 2.0.2 has no multi-credit requests: the field is reserved
        if message_id is None:
            cost = max(credit_charge, 1)
            if cost > self.credits:
                raise ProtocolError(f"{COMMAND_NAMES[command]} needs {cost} credits, "
                                    f"{self.credits} held")
            message_id = self.next_message_id
            self.next_message_id += cost
            self.credits -= cost
        request_credits = max(1, CREDIT_TARGET - self.credits)
        sign = (sign or self.sign_all) and self.signing_key is not None
        header = pack_header(command, message_id, credit_charge, request_credits,
                             self.session_id, self.tree_id if tree_id is None else tree_id,
                             flags=FLAGS_SIGNED if sign else 0, async_id=async_id)
        message = header + body
        if sign:
            message = message[:48] + signature(self.signing_key, message) + message[64:]
            if command != CANCEL:
                self.signed.add(message_id)
        self.last_request = message
        self.sock.sendall(ntlm.frame(self.seal(message) if self.encrypting else message))
        return message_id

    def _aead(self, key):
        from cryptography.hazmat.primitives.ciphers import aead  # python3-cryptography
        if self.cipher_id in (AES_128_GCM, AES_256_GCM):
            return aead.AESGCM(key), 12
        return aead.AESCCM(key, tag_length=16), 11

    def seal(self, message):
        """2.2.41 / 3.1.4.3: the message in a TRANSFORM_HEADER; the AAD is the header from the
        Nonce on, the tag goes in Signature."""
        cipher, nonce_size = self._aead(self.c2s_key)
        nonce = os.urandom(nonce_size)
        session = self.session_id if self.seal_session_id is None else self.seal_session_id
        aad = nonce + b"\0" * (16 - nonce_size) + struct.pack("<IHHQ", len(message), 0, 1, session)
        sealed = cipher.encrypt(nonce, message, aad)
        return b"\xfdSMB" + sealed[-16:] + aad + sealed[:-16]

    def unseal(self, frame):
        if len(frame) <= 52 or self.s2c_key is None:
            raise ProtocolError("an encrypted frame that cannot be opened here")
        size, _reserved, flags, session = struct.unpack_from("<IHHQ", frame, 36)
        cipher, nonce_size = self._aead(self.s2c_key)
        if flags != 1 or session != self.session_id or size != len(frame) - 52:
            raise ProtocolError(f"TRANSFORM_HEADER: flags {flags}, session {session:#x}, "
                                f"size {size} of {len(frame) - 52}")
        return cipher.decrypt(frame[20:20 + nonce_size], frame[52:] + frame[4:20], frame[20:52])

    def _receive_frame(self, timeout):
        """Reads one frame into the inbox; False when none began within `timeout`."""
        if not select.select([self.sock], [], [], timeout)[0]:
            return False
        got = ntlm.recv_frame(self.sock)
        if got is None:
            raise ProtocolError("the server closed the connection")
        kind, payload = got
        if kind != ntlm.NB_SESSION_MESSAGE:
            raise ProtocolError(f"frame of type 0x{kind:02x}")
        if not payload:
            raise ProtocolError("the server sent an empty frame (a session message of length 0)")
        encrypted = payload[:4] == b"\xfdSMB"
        if encrypted:
            payload = self.unseal(payload)
        at = 0
        while True:  # a compound response: NextCommand chains the messages (2.2.1.2)
            head = parse_header(payload[at:])
            end = at + head["next_command"] if head["next_command"] else len(payload)
            m = parse_header(payload[at:end])
            m["encrypted"] = encrypted
            self._file(m)
            if not head["next_command"]:
                return True
            at = end

    def _file(self, m):
        if not m["flags"] & FLAGS_SERVER_TO_REDIR:
            raise ProtocolError(f"a message without SERVER_TO_REDIR: {describe(m)}")
        if m["message_id"] == UNSOLICITED:
            if m["command"] != OPLOCK_BREAK:
                raise ProtocolError(f"unsolicited message that is no oplock break: {describe(m)}")
            self.breaks.append(m)
            return
        if m["flags"] & FLAGS_SIGNED and self.signing_key is not None:
            if m["encrypted"]:
                raise ProtocolError(f"an encrypted message also signed: {describe(m)}")
            self.verify(m)
        self.credits += m["credits"]
        self.inbox.setdefault(m["message_id"], []).append(m)

    def verify(self, m):
        if signature(self.signing_key, m["raw"]) != m["raw"][48:64]:
            raise ProtocolError(f"bad signature on {describe(m)}")
        m["verified"] = True

    def _pump(self, deadline):
        """Reads frames until the deadline; False when it passed without one."""
        left = deadline - time.monotonic()
        return left > 0 and self._receive_frame(left)

    def take(self, message_id, timeout=None, interim=False):
        """The next response to `message_id`: an interim one when `interim`, else the final one
        (interim responses before it are noted and skipped)."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while True:
            queue = self.inbox.get(message_id, [])
            while queue:
                m = queue.pop(0)
                pending = m["status"] == STATUS_PENDING and m["flags"] & FLAGS_ASYNC_COMMAND
                if pending:
                    if message_id in self.interims:
                        raise ProtocolError(f"a second interim response: {describe(m)}")
                    self.interims.add(message_id)
                    if interim:
                        return m
                    continue
                if interim:
                    raise ProtocolError(f"expected an interim response, got {describe(m)}")
                if message_id in self.signed and not m.get("verified") and not m["encrypted"]:
                    # 3.3.4.1.1: the response to a signed request is signed.
                    raise ProtocolError(f"unsigned response to a signed request: {describe(m)}")
                return m
            if not self._pump(deadline):
                what = "interim response" if interim else "response"
                raise ProtocolError(f"no {what} to MessageId {message_id:#x} in time")

    def has_final(self, message_id, timeout):
        deadline = time.monotonic() + timeout
        while True:
            for m in self.inbox.get(message_id, []):
                if m["status"] != STATUS_PENDING:
                    return True
            if not self._pump(deadline):
                return False

    def request(self, command, body, parse, wait=True, credit_charge=1, extra_ok=(),
                tree_id=None, sign=False):
        r = Request(self, self.send(command, body, credit_charge, tree_id=tree_id, sign=sign),
                    parse, extra_ok)
        return r.result() if wait else r

    def next_break(self, timeout=None):
        """The next OPLOCK_BREAK notification (2.2.23.1), parsed: its "oplock_level" and
        "file_id"; None when none came within `timeout` seconds."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while not self.breaks:
            if not self._pump(deadline):
                return None
        m = self.breaks.pop(0)
        if m["status"] != STATUS_SUCCESS or m["session_id"] != 0 and m[
                "session_id"] != self.session_id:
            raise ProtocolError(f"oplock break notification {describe(m)}")
        parse_oplock_break(m)
        return m

    def quiet(self, seconds):
        """Reads what arrives for `seconds`: True when nothing at all did."""
        before = (sum(len(q) for q in self.inbox.values()), len(self.breaks))
        deadline = time.monotonic() + seconds
        while self._pump(deadline):
            pass
        return before == (sum(len(q) for q in self.inbox.values()), len(self.breaks))

    # --- commands, one function each ---------------------------------------------------------

    def negotiate(self, dialects=DIALECTS, ciphers=()):
        """2.2.3, with the 3.1.1 preauth integrity context (SHA-512 and a salt) when 3.1.1 is
        offered, and an encryption context offering `ciphers` if any. Sets self.dialect and
        self.cipher_id."""
        contexts = b""
        if 0x0311 in dialects:
            salt = os.urandom(32)
            data = struct.pack("<HHH", 1, len(salt), SHA_512) + salt
            contexts = struct.pack("<HHI", PREAUTH_INTEGRITY_CAPABILITIES, len(data), 0) + data
            contexts += b"\0" * (-len(contexts) % 8)  # each context 8-aligned (2.2.3.1)
            data = struct.pack("<HH", 1, HMAC_SHA256)
            contexts += struct.pack("<HHI", SIGNING_CAPABILITIES, len(data), 0) + data
            if ciphers:
                contexts += b"\0" * (-len(contexts) % 8)
                data = struct.pack(f"<H{len(ciphers)}H", len(ciphers), *ciphers)
                contexts += struct.pack("<HHI", ENCRYPTION_CAPABILITIES, len(data), 0) + data
        fixed = 36
        dialect_bytes = struct.pack(f"<{len(dialects)}H", *dialects)
        end = HEADER_SIZE + fixed + len(dialect_bytes)
        pad = b"\0" * (-end % 8) if contexts else b""
        context_offset = end + len(pad) if contexts else 0
        count = (3 if ciphers else 2) if contexts else 0
        body = struct.pack("<HHHHI16sIHH", 36, len(dialects), SECURITY_SIGNING_ENABLED, 0, 0,
                           os.urandom(16), context_offset, count, 0)
        m = self.request(NEGOTIATE, body + dialect_bytes + pad + contexts, parse_negotiate)
        if m["status"] != STATUS_SUCCESS:
            raise ProtocolError(f"NEGOTIATE: {status_text(m['status'])}")
        if m["dialect"] not in dialects:
            raise ProtocolError(f"NEGOTIATE chose 0x{m['dialect']:04x}, not offered")
        if m["dialect"] == 0x0311 and PREAUTH_INTEGRITY_CAPABILITIES not in (
                k for k, _ in m["contexts"]):
            raise ProtocolError("3.1.1 NEGOTIATE response without a preauth integrity context")
        self.dialect = m["dialect"]
        self.max_read, self.max_write = m["max_read"], m["max_write"]
        if self.dialect == 0x0311:
            self.preauth = hash_in(hash_in(self.preauth, self.last_request), m["raw"])
            chosen = [data for kind, data in m["contexts"] if kind == SIGNING_CAPABILITIES]
            # Without the context the server signs with AES-CMAC (3.3.5.4).
            self.signing_algorithm = AES_CMAC
            if chosen:
                count, algorithm = struct.unpack_from("<HH", chosen[0], 0)
                if count != 1 or algorithm != HMAC_SHA256:
                    raise ProtocolError(f"signing capabilities answered {chosen[0].hex()}, "
                                        "expected the one offered (HMAC-SHA256)")
                self.signing_algorithm = algorithm
            offered = [data for kind, data in m["contexts"] if kind == ENCRYPTION_CAPABILITIES]
            if offered:
                count, self.cipher_id = struct.unpack_from("<HH", offered[0], 0)
                if count != 1 or self.cipher_id not in (0,) + tuple(ciphers):
                    raise ProtocolError(f"encryption capabilities answered {offered[0].hex()}")
        elif self.dialect >= 0x0300:
            self.signing_algorithm = AES_CMAC
        return m

    def session_setup(self, token, session_id=0):
        """2.2.5: one leg of the security exchange."""
        self.session_id = session_id
        offset = HEADER_SIZE + 24
        body = struct.pack("<HBBIIHHQ", 25, 0, SECURITY_SIGNING_ENABLED, 0, 0, offset,
                           len(token), 0) + token
        m = self.request(SESSION_SETUP, body, parse_session_setup,
                         extra_ok=(STATUS_MORE_PROCESSING_REQUIRED,))
        if self.dialect == 0x0311:
            # 3.2.5.3: every request and every response but the final one.
            self.session_preauth = hash_in(self.session_preauth, self.last_request)
            if m["status"] == STATUS_MORE_PROCESSING_REQUIRED:
                self.session_preauth = hash_in(self.session_preauth, m["raw"])
        return m

    def logon(self, user, password, domain="", spnego=True):
        """NTLMv2 in NTLMSSP (MS-NLMP), wrapped in SPNEGO (RFC 4178) or raw."""
        self.session_preauth = self.preauth
        first = ntlm.ntlm_negotiate()
        m = self.session_setup(ntlm.spnego_init(first) if spnego else first)
        if m["status"] != STATUS_MORE_PROCESSING_REQUIRED:
            raise ProtocolError(f"SESSION_SETUP (NTLMSSP NEGOTIATE): {status_text(m['status'])}")
        blob = m["security_buffer"]
        challenge_message = ntlm.spnego_response_token(blob) if spnego else blob
        flags, challenge, target_info = ntlm.ntlm_challenge_fields(challenge_message)
        lm, nt = ntlm.ntlmv2_responses(password, user, domain, challenge, target_info)
        auth = ntlm.ntlm_authenticate(flags, user, domain, lm, nt, workstation="RAWSMB2")
        m = self.session_setup(ntlm.spnego_response(auth) if spnego else auth, m["session_id"])
        if m["status"] != STATUS_SUCCESS:
            raise ProtocolError(f"logon of {user!r}: {status_text(m['status'])}")
        # MS-NLMP 3.3.2 / 3.4.5.1: NTLMv2 without KEY_EXCH: the session key is the
        # SessionBaseKey, HMAC_MD5(ResponseKeyNT, NTProofStr).
        session_key = ntlm.hmac_md5(ntlm.ntowf_v2(password, user, domain), nt[:16])
        self.signing_key = self.derive_signing_key(session_key)
        if self.dialect == 0x0311 and self.cipher_id:
            # 3.2.5.3.1: the 3.1.1 cipher keys, over the preauth hash; 256 bits for AES-256.
            bits = 256 if self.cipher_id in (AES_256_CCM, AES_256_GCM) else 128
            self.c2s_key = kdf(session_key[:16], b"SMBC2SCipherKey\0", self.session_preauth, bits)
            self.s2c_key = kdf(session_key[:16], b"SMBS2CCipherKey\0", self.session_preauth, bits)
        if self.dialect == 0x0311 and self.signing_key is not None:
            # 3.2.5.3.1: the final response of a 3.1.1 logon is signed; its signature proves
            # the preauth hash and the keys are the server's.
            if not m["flags"] & FLAGS_SIGNED:
                raise ProtocolError("the final 3.1.1 SESSION_SETUP response is not signed")
            self.verify(m)
        return m

    def derive_signing_key(self, session_key):
        """3.2.5.3.1: 2.x signs with the session key; 3.1.1 with a key derived over the preauth
        hash, here with HMAC-SHA256. None where AES-CMAC or AES-GMAC would be needed."""
        if self.dialect in (0x0202, 0x0210):
            return session_key
        if self.dialect == 0x0311 and self.signing_algorithm == HMAC_SHA256:
            return kdf(session_key[:16], b"SMBSigningKey\0", self.session_preauth)
        return None

    def tree_connect(self, share):
        """2.2.9: \\\\host\\share."""
        path = utf16(f"\\\\{self.host}\\{share}")
        body = struct.pack("<HHHH", 9, 0, HEADER_SIZE + 8, len(path)) + path
        # 3.3.5.7: a 3.1.1 server disconnects on an unsigned, unencrypted TREE_CONNECT of a
        # session that is neither anonymous nor guest.
        m = self.request(TREE_CONNECT, body, parse_tree_connect, tree_id=0,
                         sign=self.dialect == 0x0311)
        if m["status"] != STATUS_SUCCESS:
            raise ProtocolError(f"TREE_CONNECT {share}: {status_text(m['status'])}")
        self.tree_id = m["tree_id"]
        return m

    def create(self, name, access=GENERIC_READ | GENERIC_WRITE, share=SHARE_ALL,
               disposition=FILE_OPEN, options=0, oplock=OPLOCK_NONE,
               attributes=FILE_ATTRIBUTE_NORMAL, wait=True, contexts=()):
        """2.2.13; the name from the share's root, '\\'-separated; `contexts` [(name bytes,
        data bytes)] as an SMB2_CREATE_CONTEXT chain (2.2.13.2), 8-aligned after the name."""
        encoded = utf16(name)
        chain = b""
        for i, (cname, data) in enumerate(contexts):
            head_and_name = 16 + len(cname)
            data_offset = head_and_name + (-head_and_name) % 8
            entry = struct.pack("<IHHHHI", 0, 16, len(cname), 0, data_offset if data else 0,
                                len(data)) + cname + b"\0" * (data_offset - head_and_name)
            entry += data
            if i < len(contexts) - 1:
                entry += b"\0" * ((-len(entry)) % 8)
                entry = struct.pack("<I", len(entry)) + entry[4:]
            chain += entry
        name_bytes = encoded or b"\0"
        pad = b"\0" * ((-(56 + len(name_bytes))) % 8) if chain else b""
        contexts_offset = HEADER_SIZE + 56 + len(name_bytes) + len(pad) if chain else 0
        body = struct.pack("<HBBIQQIIIIIHHII", 57, 0, oplock, IMPERSONATION, 0, 0, access,
                           attributes, share, disposition, options, HEADER_SIZE + 56,
                           len(encoded), contexts_offset, len(chain)) + name_bytes + pad + chain
        return self.request(CREATE, body, parse_create, wait)

    def close_file(self, file_id, wait=True):
        """2.2.15, no post-query."""
        return self.request(CLOSE, struct.pack("<HHI16s", 24, 0, 0, file_id), parse_close, wait)

    def _charge(self, length):
        return max(1, (length + 65535) // 65536)

    def read(self, file_id, offset, length, wait=True):
        """2.2.19: one read of `length` bytes at `offset`."""
        body = struct.pack("<HBBIQ16sIIIHH", 49, 0x50, 0, length, offset, file_id, 0, 0, 0, 0,
                           0) + b"\0"
        return self.request(READ, body, parse_read, wait, self._charge(length))

    def write(self, file_id, offset, data, wait=True):
        """2.2.21: the data right after the fixed part."""
        body = struct.pack("<HHIQ16sIIHHI", 49, HEADER_SIZE + 48, len(data), offset, file_id, 0,
                           0, 0, 0, 0) + data
        return self.request(WRITE, body, parse_write, wait, self._charge(len(data)))

    def write_all(self, file_id, offset, data):
        """WRITEs of at most MaxWriteSize each; the bytes written."""
        done = 0
        while done < len(data):
            piece = data[done:done + self.max_write]
            m = expect_status("WRITE", self.write(file_id, offset + done, piece), STATUS_SUCCESS)
            if m["count"] != len(piece):
                raise ProtocolError(f"WRITE of {len(piece)} bytes wrote {m['count']}")
            done += len(piece)
        return done

    def read_all(self, file_id, offset, length):
        """READs of at most MaxReadSize each, until `length` bytes or the end of the file."""
        data = b""
        while len(data) < length:
            m = self.read(file_id, offset + len(data), min(self.max_read, length - len(data)))
            if m["status"] == 0xC0000011:  # STATUS_END_OF_FILE
                break
            data += expect_status("READ", m, STATUS_SUCCESS)["data"]
        return data

    def lock(self, file_id, elements, wait=True):
        """2.2.26: elements are (offset, length, flags)."""
        body = struct.pack("<HHI16s", 48, len(elements), 0, file_id)
        for offset, length, flags in elements:
            body += struct.pack("<QQII", offset, length, flags, 0)
        return self.request(LOCK, body, parse_lock, wait)

    def echo(self):
        """2.2.28."""
        return self.request(ECHO, struct.pack("<HH", 4, 0), parse_echo)

    def change_notify(self, file_id, completion_filter=FILE_NOTIFY_CHANGE_FILE_NAME, flags=0,
                      output_length=4096, wait=False):
        """2.2.35: answered when something changes, so wait=False by default."""
        body = struct.pack("<HHI16sII", 32, flags, output_length, file_id, completion_filter, 0)
        return self.request(CHANGE_NOTIFY, body, parse_change_notify, wait,
                            extra_ok=(STATUS_NOTIFY_ENUM_DIR,))

    def cancel(self, request, by_async_id=True):
        """2.2.30: names `request` by its AsyncId (once its interim response came) or by its
        MessageId; takes no credit and has no response."""
        async_id = request.async_id if by_async_id else None
        if by_async_id and async_id is None:
            raise ProtocolError("CANCEL by AsyncId before the interim response")
        self.send(CANCEL, struct.pack("<HH", 4, 0), credit_charge=0,
                  message_id=request.message_id, async_id=async_id)

    def set_info(self, file_id, info_class, data, info_type=INFO_FILE):
        """2.2.39: the buffer right after the fixed part."""
        body = struct.pack("<HBBIHHI16s", 33, info_type, info_class, len(data), HEADER_SIZE + 32,
                           0, 0, file_id) + data
        return self.request(SET_INFO, body, parse_set_info)

    def query_info(self, file_id, info_class, output_length=65536, input_data=b"", flags=0,
                   additional=0, info_type=INFO_FILE):
        """2.2.37: the input buffer (a FILE_GET_EA_INFORMATION list, say) right after the fixed
        part; without one, InputBufferOffset 0 and one zero byte of Buffer. Gets "output"."""
        body = struct.pack("<HBBIHHIII16s", 41, info_type, info_class, output_length,
                           HEADER_SIZE + 40 if input_data else 0, 0, len(input_data),
                           additional, flags, file_id) + (input_data or b"\0")
        return self.request(QUERY_INFO, body, parse_query_info)

    def set_delete_pending(self, file_id, delete=True):
        """SET_INFO FileDispositionInformation (MS-FSCC 2.4.11): DeletePending."""
        return self.set_info(file_id, FILE_DISPOSITION_INFORMATION,
                             struct.pack("<B", 1 if delete else 0))

    def rename(self, file_id, new_name, replace=False):
        """SET_INFO FileRenameInformation in its SMB2 form (MS-FSCC 2.4.42.2): ReplaceIfExists,
        7 reserved bytes, RootDirectory 0, FileNameLength, the new name from the share's root."""
        encoded = utf16(new_name)
        data = struct.pack("<B7xQI", 1 if replace else 0, 0, len(encoded)) + encoded
        return self.set_info(file_id, FILE_RENAME_INFORMATION, data)

    def oplock_break_ack(self, file_id, level):
        """2.2.24.1: the acknowledgement of a break, with the level now held."""
        body = struct.pack("<HBBI16s", 24, level, 0, 0, file_id)
        return self.request(OPLOCK_BREAK, body, parse_oplock_break)

    def tree_disconnect(self):
        """2.2.11."""
        return self.request(TREE_DISCONNECT, struct.pack("<HH", 4, 0), parse_nothing)

    def logoff(self):
        """2.2.7."""
        return self.request(LOGOFF, struct.pack("<HH", 4, 0), parse_nothing)


def connect(host, port, user, password, share, dialects=DIALECTS, spnego=True, timeout=10.0):
    """A Client negotiated, logged on and connected to `share`."""
    c = Client(host, port, timeout)
    try:
        c.negotiate(dialects)
        c.logon(user, password, spnego=spnego)
        c.tree_connect(share)
    except Exception:
        c.close()
        raise
    return c


def expect_status(what, m, status):
    """m's status must be `status`."""
    if m["status"] != status:
        raise ProtocolError(f"{what}: {status_text(m['status'])}, expected {status_text(status)}")
    return m


# --- smoke mode ------------------------------------------------------------------------------

def smoke_one(args, dialect, spnego, sign_all):
    """One connection offering dialects up to `dialect`: logon, tree, create, write, read,
    close (deleting the file), echo, tree disconnect, logoff; every request signed (and every
    response's signature checked) when `sign_all`."""
    dialects = tuple(d for d in DIALECTS if d <= dialect)
    c = Client(args.host, args.port, args.timeout)
    try:
        m = c.negotiate(dialects)
        how = "SPNEGO" if spnego else "raw NTLMSSP"
        c.logon(args.user, args.password, spnego=spnego)
        if sign_all:
            if c.signing_key is None:
                raise ProtocolError("no signing key to sign with")
            c.sign_all = True
            how += ", signed"
        c.tree_connect(args.share)
        name = f"raw_smb2_smoke_{os.getpid()}.bin"
        f = expect_status("CREATE", c.create(name, disposition=FILE_CREATE,
                                             options=FILE_DELETE_ON_CLOSE,
                                             access=GENERIC_READ | GENERIC_WRITE | DELETE),
                          STATUS_SUCCESS)
        # 2.0.2 moves at most 64 KiB per request; later dialects more, with multi-credit.
        data = os.urandom(100_000 if c.dialect != 0x0202 else 60_000)
        w = expect_status("WRITE", c.write(f["file_id"], 0, data), STATUS_SUCCESS)
        r = expect_status("READ", c.read(f["file_id"], 0, len(data)), STATUS_SUCCESS)
        if w["count"] != len(data) or r["data"] != data:
            raise ProtocolError(f"wrote {w['count']} bytes, read back {len(r['data'])} "
                                f"{'equal' if r['data'] == data else 'different'}")
        expect_status("CLOSE", c.close_file(f["file_id"]), STATUS_SUCCESS)
        expect_status("ECHO", c.echo(), STATUS_SUCCESS)
        expect_status("TREE_DISCONNECT", c.tree_disconnect(), STATUS_SUCCESS)
        expect_status("LOGOFF", c.logoff(), STATUS_SUCCESS)
        print(f"ok dialect 0x{m['dialect']:04x} ({how}): logon, {len(data)} bytes written and "
              f"read back, {c.credits} credits held at the end", flush=True)
    finally:
        c.close()


def smoke(args):
    """Each dialect up to --dialect with SPNEGO, then the highest with raw NTLMSSP, then signed
    sessions of the dialects that sign with HMAC-SHA256 (2.0.2, 2.1, 3.1.1 as negotiated here)."""
    failed = 0
    runs = ([(d, True, False) for d in DIALECTS if d <= args.dialect]
            + [(args.dialect, False, False)]
            + [(d, True, True) for d in (0x0202, 0x0210, 0x0311) if d <= args.dialect])
    for dialect, spnego, sign_all in runs:
        try:
            smoke_one(args, dialect, spnego, sign_all)
        except (ProtocolError, ntlm.CheckFailed, OSError) as e:
            failed += 1
            how = ("SPNEGO" if spnego else "raw NTLMSSP") + (", signed" if sign_all else "")
            print(f"FAIL dialect 0x{dialect:04x} ({how}): {e}", flush=True)
    return 1 if failed else 0


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--share", required=True)
    p.add_argument("--dialect", type=lambda s: int(s, 0), default=0x0311,
                   help="the highest dialect (each from 0x0202 up to it is tried)")
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("mode", choices=("smoke",))
    return smoke(p.parse_args())


if __name__ == "__main__":
    sys.exit(main())
