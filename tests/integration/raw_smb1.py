#!/usr/bin/env python3
"""Raw SMB1 / NetBIOS probes for the error paths no ordinary client can reach.

A test client built from the field layouts in MS-CIFS, MS-SMB, MS-NLMP, RFC 4178 and RFC
1001/1002, standard library only (MD4 included, which hashlib lacks under OpenSSL 3).

  raw_smb1.py --port P [--netbios-port NP] [--checks a,b] [--bad-uid-status 0x...]
  raw_smb1.py --port P --user U --password PW --share S [--dump FILE] [--after-each CMD] \
              files OP...
  raw_smb1.py --port P --user U --password PW --share S auth PROBE...

Checks (the default mode; each opens its own connection, prints one line, "ok NAME: ..." or
"FAIL NAME: ...", and the script exits 1 if any check failed; no logon is needed for any):
  bad_uid          NEGOTIATE (non-extended security), then TREE_CONNECT_ANDX with a UID the
                   server never issued -> the expected status (STATUS_SMB_BAD_UID by default).
  unknown_command  NEGOTIATE, then a message with an unassigned command code (0xFE) -> a reply
                   with a non-success status, and the connection still answers an ECHO.
  nb_session       (NetBIOS port) a well-formed session request for *SMBSERVER -> positive
                   response 0x82, then NEGOTIATE succeeds on that session.
  nb_bad_name      (NetBIOS port) a session request whose called name is not a first-level
                   encoded name -> negative response 0x83, then the server closes.
  nb_smb_first     (NetBIOS port) an SMB NEGOTIATE before any session request -> refused: the
                   connection is closed, or a negative response arrives; never an SMB reply.

files: one connection logs on (NTLMv2 in NTLMSSP in SPNEGO), connects to the share and runs
each OP in order, printing "op=VERB status=0xXXXXXXXX STATUS_NAME [read=N] [names=a|b]" and
running --after-each after each; it ends with an ECHO to show the connection still serves. In
NAME, %uXXXX is one UTF-16 code unit of any value (a NUL, a lone surrogate) and %*N(TEXT) is TEXT
N times; everything else is sent as UTF-16LE.
  create:NAME      NT_CREATE_ANDX, open existing, read access; on success READ_ANDX and CLOSE
  hold:NAME        the same, but the FID stays open
  mkfile:NAME      NT_CREATE_ANDX creating a file;  mkdir:NAME  creating a directory
  openx:NAME       OPEN_ANDX, open existing, read access; on success READ_ANDX and CLOSE
  qpath:NAME       TRANS2_QUERY_PATH_INFORMATION, SMB_QUERY_FILE_BASIC_INFO
  find:PATTERN     TRANS2_FIND_FIRST2, SMB_FIND_FILE_BOTH_DIRECTORY_INFO; lists the names
  run:COMMAND      a shell command between two requests (e.g. to swap a directory on disk)

auth: each PROBE on fresh connections, printing "probe=NAME status=0x... STATUS_NAME": good_,
wrong_password_, unknown_user_, empty_password_ (NTLMv2 of ""), empty_responses_ (the user's
name with empty LM and NT responses), anonymous_, guest_ (user "guest", NTLMv2 of "") -- each
as _raw (non-extended SESSION_SETUP_ANDX) and _ntlmssp; replay (an AUTHENTICATE that logged on
on one connection, sent on another after its own CHALLENGE); cross_uid (TREE_CONNECT_ANDX with
another connection's UID); cross_tid (a TRANS2 request with the connection's own UID and another
connection's TID); cross_fid (READ_ANDX with the connection's own UID and TID and a FID another
connection opened on hello.txt, which the share must hold).

files and auth exit 0 when every request was answered (whatever the status), 2 when the server
broke the protocol or the connection.
"""

import argparse
import hashlib
import hmac
import os
import re
import socket
import struct
import subprocess
import sys
import time

# MS-CIFS 2.2.2.1 command codes used here.
SMB_COM_ECHO = 0x2B
SMB_COM_NEGOTIATE = 0x72
SMB_COM_TREE_CONNECT_ANDX = 0x75
UNASSIGNED_COMMAND = 0xFE  # MS-CIFS 2.2.2.1 lists 0xFE as unused (SMB_COM_INVALID)

# MS-CIFS 2.2.3.1 header flags.
FLAGS_CASE_INSENSITIVE = 0x08
FLAGS_CANONICALIZED_PATHS = 0x10
FLAGS_REPLY = 0x80
FLAGS2_LONG_NAMES = 0x0001
FLAGS2_NT_STATUS = 0x4000
FLAGS2_UNICODE = 0x8000

# RFC 1002 4.3.1 session packet types.
NB_SESSION_MESSAGE = 0x00
NB_SESSION_REQUEST = 0x81
NB_POSITIVE_RESPONSE = 0x82
NB_NEGATIVE_RESPONSE = 0x83
NB_KEEPALIVE = 0x85

STATUS_SUCCESS = 0x00000000
STATUS_SMB_BAD_UID = 0x005B0002

PID = 0x1234
HEADER_SIZE = 32


class CheckFailed(Exception):
    pass


# --- framing ---------------------------------------------------------------------------------

def frame(payload, kind=NB_SESSION_MESSAGE):
    """A session-service / direct-TCP frame: type byte, then a 24-bit big-endian length.

    MS-SMB2 2.1 (direct TCP) and RFC 1002 4.3.1 share this shape; SMB1 messages here are short,
    so the RFC's 17-bit length limit never matters."""
    return struct.pack(">B", kind) + struct.pack(">I", len(payload))[1:] + payload


def recv_exact(sock, n):
    """n bytes, or fewer if the peer closed the connection first."""
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def recv_frame(sock):
    """(type, payload), skipping keepalives; None if the peer closed (or reset) the connection."""
    while True:
        try:
            head = recv_exact(sock, 4)
        except ConnectionResetError:
            return None
        if len(head) < 4:
            return None
        kind = head[0]
        length = int.from_bytes(head[1:4], "big")
        payload = recv_exact(sock, length)
        if len(payload) < length:
            raise CheckFailed(f"frame cut short: {len(payload)} of {length} bytes")
        if kind != NB_KEEPALIVE:
            return kind, payload


def peer_closes(sock):
    """True if the peer closes (FIN or RST) before the socket time-out."""
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


# --- SMB1 messages ---------------------------------------------------------------------------

def smb_header(command, uid=0, tid=0xFFFF, mid=1, flags2_extra=0):
    # MS-CIFS 2.2.3.1: Protocol, Command, Status, Flags, Flags2, PIDHigh, SecurityFeatures[8],
    # Reserved, TID, PIDLow, UID, MID.
    flags = FLAGS_CASE_INSENSITIVE | FLAGS_CANONICALIZED_PATHS
    flags2 = FLAGS2_LONG_NAMES | FLAGS2_NT_STATUS | FLAGS2_UNICODE | flags2_extra
    return struct.pack("<4sBIBHH8sHHHHH", b"\xffSMB", command, 0, flags, flags2, 0, b"\0" * 8,
                       0, tid, PID, uid, mid)


def smb_message(command, words=b"", data=b"", **header):
    # MS-CIFS 2.2.3.2 / 2.2.3.3: WordCount, Words, ByteCount, Bytes.
    assert len(words) % 2 == 0
    return (smb_header(command, **header) + struct.pack("<B", len(words) // 2) + words
            + struct.pack("<H", len(data)) + data)


def parse_smb(payload):
    """The header fields a check needs, plus the words and bytes of the first block."""
    if len(payload) < HEADER_SIZE + 3 or payload[:4] != b"\xffSMB":
        raise CheckFailed(f"not an SMB1 message: {payload[:8].hex()}")
    (command, status, flags, flags2, _pid_high, _sig, _res, tid, _pid, uid,
     mid) = struct.unpack_from("<BIBHH8sHHHHH", payload, 4)
    word_count = payload[HEADER_SIZE]
    words_end = HEADER_SIZE + 1 + 2 * word_count
    if len(payload) < words_end + 2:
        raise CheckFailed(f"message shorter than its WordCount ({word_count}) says")
    byte_count = struct.unpack_from("<H", payload, words_end)[0]
    data = payload[words_end + 2:words_end + 2 + byte_count]
    if len(data) < byte_count:
        raise CheckFailed(f"message shorter than its ByteCount ({byte_count}) says")
    return {"command": command, "status": status, "flags": flags, "flags2": flags2, "tid": tid,
            "uid": uid, "mid": mid, "words": payload[HEADER_SIZE + 1:words_end], "data": data,
            "raw": payload}


def transact(sock, message, transport_kind=NB_SESSION_MESSAGE):
    sock.sendall(frame(message, transport_kind))
    reply = recv_frame(sock)
    if reply is None:
        raise CheckFailed("the server closed the connection instead of replying")
    kind, payload = reply
    if kind != NB_SESSION_MESSAGE:
        raise CheckFailed(f"expected a session message, got packet type 0x{kind:02x}")
    return parse_smb(payload)


def negotiate(sock):
    """MS-CIFS 2.2.4.52: offer only "NT LM 0.12" without extended security (FLAGS2 bit 0x0800
    clear), so the response carries the 8-byte challenge in the clear. Returns the challenge."""
    dialects = b"\x02NT LM 0.12\x00"  # 2.2.4.52.1: BufferFormat 0x02, then an OEM string
    reply = parse_check(transact(sock, smb_message(SMB_COM_NEGOTIATE, data=dialects)),
                        SMB_COM_NEGOTIATE, STATUS_SUCCESS)
    words = reply["words"]
    # 2.2.4.52.2 (NT LM 0.12): 17 words; DialectIndex first, ChallengeLength last (byte 33).
    if len(words) != 34:
        raise CheckFailed(f"NEGOTIATE response has {len(words) // 2} words, expected 17")
    dialect_index = struct.unpack_from("<H", words, 0)[0]
    if dialect_index != 0:
        raise CheckFailed(f"NEGOTIATE chose dialect index {dialect_index}, expected 0")
    challenge_length = words[33]
    if challenge_length != 8 or len(reply["data"]) < 8:
        raise CheckFailed(f"NEGOTIATE response challenge length {challenge_length}")
    return reply["data"][:8]


def parse_check(reply, command, status):
    if not reply["flags"] & FLAGS_REPLY:
        raise CheckFailed("reply without SMB_FLAGS_REPLY")
    if reply["command"] != command:
        raise CheckFailed(f"reply for command 0x{reply['command']:02x}, expected 0x{command:02x}")
    if status is not None and reply["status"] != status:
        raise CheckFailed(f"command 0x{command:02x}: status 0x{reply['status']:08x}, "
                          f"expected 0x{status:08x}")
    return reply


def tree_connect(uid, share_path):
    """MS-CIFS 2.2.4.55.1: AndX block (no follow-up), Flags 0, PasswordLength 1; data: a 1-byte
    password (user-level security ignores it), Pad to a 2-byte boundary from the header start,
    Path as NUL-terminated UTF-16LE, Service "?????" as a NUL-terminated OEM string."""
    password = b"\0"
    words = struct.pack("<BBHHH", 0xFF, 0, 0, 0, len(password))
    data_start = HEADER_SIZE + 1 + len(words) + 2
    pad = b"\0" * ((data_start + len(password)) % 2)
    data = password + pad + (share_path + "\0").encode("utf-16-le") + b"?????\0"
    return smb_message(SMB_COM_TREE_CONNECT_ANDX, words, data, uid=uid, mid=2)


def echo(sock, payload=b"smbkit-echo", mid=3):
    """MS-CIFS 2.2.4.39: EchoCount 1, TID 0xFFFF (allowed without a tree, 3.3.5.33)."""
    reply = parse_check(transact(sock, smb_message(SMB_COM_ECHO, struct.pack("<H", 1), payload,
                                                   mid=mid)),
                        SMB_COM_ECHO, STATUS_SUCCESS)
    if reply["data"] != payload:
        raise CheckFailed(f"ECHO returned {reply['data']!r}, sent {payload!r}")
    if reply["words"] != struct.pack("<H", 1):
        raise CheckFailed(f"ECHO SequenceNumber {reply['words'].hex()}, expected 0100")


# --- NetBIOS session requests ----------------------------------------------------------------

def nb_name(name, suffix=0x20):
    """RFC 1001 14.1 first-level encoding: 16 bytes (name padded with spaces, then the suffix),
    each split into two nibbles written as 'A' + nibble; a length byte 0x20 before, the empty
    scope (a zero byte) after."""
    raw = name.upper().ljust(15)[:15].encode("ascii") + bytes([suffix])
    encoded = bytes(c for b in raw for c in (ord("A") + (b >> 4), ord("A") + (b & 0x0F)))
    return b"\x20" + encoded + b"\x00"


def session_request(called, calling):
    """RFC 1002 4.3.2: called name, then calling name, in one 0x81 packet."""
    return frame(called + calling, NB_SESSION_REQUEST)


# --- digests and NTLM (MS-NLMP 3.3.2) -------------------------------------------------------

def md4(data):
    """MD4 as RFC 1320 describes it: Python's hashlib lacks it where OpenSSL 3 hides MD4 in its
    legacy provider."""
    mask = 0xFFFFFFFF

    def rotl(x, n):
        return ((x << n) | (x >> (32 - n))) & mask

    rounds = (
        (lambda x, y, z: (x & y) | (~x & z), 0,
         range(16), (3, 7, 11, 19)),
        (lambda x, y, z: (x & y) | (x & z) | (y & z), 0x5A827999,
         (0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15), (3, 5, 9, 13)),
        (lambda x, y, z: x ^ y ^ z, 0x6ED9EBA1,
         (0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15), (3, 9, 11, 15)),
    )
    message = bytearray(data) + b"\x80"
    message += b"\0" * ((56 - len(message)) % 64)
    message += struct.pack("<Q", (8 * len(data)) & 0xFFFFFFFFFFFFFFFF)
    state = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476]
    for block in range(0, len(message), 64):
        x = struct.unpack_from("<16I", message, block)
        a, b, c, d = state
        for fn, const, order, shifts in rounds:
            for i, k in enumerate(order):
                # [abcd k s]: a = (a + fn(b, c, d) + X[k] + const) <<< s, then the roles rotate
                # (the next step updates d from a, b, c), which four steps bring back.
                a, b, c, d = d, rotl((a + fn(b, c, d) + x[k] + const) & mask, shifts[i % 4]), b, c
        state = [(s + v) & mask for s, v in zip(state, (a, b, c, d))]
    return struct.pack("<4I", *state)


def hmac_md5(key, *parts):
    return hmac.new(key, b"".join(parts), hashlib.md5).digest()


def nt_hash(password):
    """NTOWFv1: MD4 of the UTF-16LE password."""
    return md4(password.encode("utf-16-le"))


def ntowf_v2(password, user, domain):
    """MS-NLMP 3.3.2: HMAC_MD5(NTOWFv1, UTF-16LE(Uppercase(User) || UserDom))."""
    return hmac_md5(nt_hash(password), (user.upper() + domain).encode("utf-16-le"))


def ntlmv2_responses(password, user, domain, server_challenge, target_info=b""):
    """(LMv2, NTLMv2) responses: the blob is Responserversion 1, HiResponserversion 1, Z(6),
    Time, ClientChallenge, Z(4), the AV pairs (ending with MsvAvEOL), Z(4)."""
    key = ntowf_v2(password, user, domain)
    client_challenge = os.urandom(8)
    filetime = int((time.time() + 11644473600) * 10_000_000)
    pairs = target_info or struct.pack("<HH", 0, 0)
    blob = (b"\x01\x01" + b"\0" * 6 + struct.pack("<Q", filetime) + client_challenge + b"\0" * 4
            + pairs + b"\0" * 4)
    proof = hmac_md5(key, server_challenge, blob)
    lm = hmac_md5(key, server_challenge, client_challenge) + client_challenge
    return lm, proof + blob


# --- NTLMSSP (MS-NLMP 2.2.1) and SPNEGO (RFC 4178) --------------------------------------------

NTLMSSP_SIGNATURE = b"NTLMSSP\0"
# MS-NLMP 2.2.2.5: UNICODE, OEM, REQUEST_TARGET, NTLM, ALWAYS_SIGN, EXTENDED_SESSIONSECURITY.
NTLMSSP_CLIENT_FLAGS = 0x00000001 | 0x00000002 | 0x00000004 | 0x00000200 | 0x00008000 | 0x00080000
NTLMSSP_NEGOTIATE_TARGET_INFO = 0x00800000
OID_SPNEGO = bytes.fromhex("2b0601050502")            # 1.3.6.1.5.5.2
OID_NTLMSSP = bytes.fromhex("2b0601040182370202" "0a")  # 1.3.6.1.4.1.311.2.2.10


def ntlm_negotiate():
    """2.2.1.1 NEGOTIATE_MESSAGE without domain, workstation or version."""
    return NTLMSSP_SIGNATURE + struct.pack("<II", 1, NTLMSSP_CLIENT_FLAGS) + b"\0" * 16


def ntlm_challenge_fields(message):
    """2.2.1.2 CHALLENGE_MESSAGE: (flags, ServerChallenge, TargetInfo)."""
    if len(message) < 48 or message[:8] != NTLMSSP_SIGNATURE or message[8:12] != b"\2\0\0\0":
        raise CheckFailed(f"not an NTLMSSP CHALLENGE_MESSAGE: {message[:16].hex()}")
    flags = struct.unpack_from("<I", message, 20)[0]
    info_len, _, info_offset = struct.unpack_from("<HHI", message, 40)
    target_info = message[info_offset:info_offset + info_len]
    return flags, message[24:32], target_info


def ntlm_authenticate(flags, user, domain, lm, nt, workstation="RAWSMB1"):
    """2.2.1.3 AUTHENTICATE_MESSAGE: no version, no MIC, no session key (KEY_EXCH is not asked),
    so the payload starts at byte 64."""
    payload = b""
    fields = b""
    for value in (lm, nt, domain.encode("utf-16-le"), user.encode("utf-16-le"),
                  workstation.encode("utf-16-le"), b""):
        fields += struct.pack("<HHI", len(value), len(value), 64 + len(payload))
        payload += value
    keep = flags & (NTLMSSP_CLIENT_FLAGS | NTLMSSP_NEGOTIATE_TARGET_INFO)
    return NTLMSSP_SIGNATURE + struct.pack("<I", 3) + fields + struct.pack("<I", keep) + payload


def der(tag, content):
    """A DER TLV with a definite length."""
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + content


def der_children(buf):
    """(tag, content) of each TLV in buf."""
    out = []
    at = 0
    while at < len(buf):
        if at + 2 > len(buf):
            raise CheckFailed("DER: truncated TLV")
        tag, n = buf[at], buf[at + 1]
        at += 2
        if n & 0x80:
            count = n & 0x7F
            n = int.from_bytes(buf[at:at + count], "big")
            at += count
        if at + n > len(buf):
            raise CheckFailed("DER: length beyond the buffer")
        out.append((tag, buf[at:at + n]))
        at += n
    return out


def spnego_init(mech_token):
    """RFC 4178 4.2.1 NegTokenInit offering NTLMSSP, inside the GSS-API InitialContextToken."""
    mech_types = der(0xA0, der(0x30, der(0x06, OID_NTLMSSP)))
    token = der(0xA2, der(0x04, mech_token))
    return der(0x60, der(0x06, OID_SPNEGO) + der(0xA0, der(0x30, mech_types + token)))


def spnego_response(mech_token):
    """RFC 4178 4.2.2 NegTokenResp carrying only a responseToken."""
    return der(0xA1, der(0x30, der(0xA2, der(0x04, mech_token))))


def spnego_response_token(blob):
    """The responseToken of a server's NegTokenResp (b"" when it has none)."""
    top = der_children(blob)
    if not top or top[0][0] != 0xA1:
        raise CheckFailed(f"not a NegTokenResp: {blob[:8].hex()}")
    seq = der_children(top[0][1])
    for tag, content in der_children(seq[0][1]) if seq and seq[0][0] == 0x30 else []:
        if tag == 0xA2:
            inner = der_children(content)
            if inner and inner[0][0] == 0x04:
                return inner[0][1]
    return b""


# --- a logged-on session ----------------------------------------------------------------------

SMB_COM_CLOSE = 0x04
SMB_COM_TRANSACTION2 = 0x32
SMB_COM_OPEN_ANDX = 0x2D
SMB_COM_READ_ANDX = 0x2E
SMB_COM_SESSION_SETUP_ANDX = 0x73
SMB_COM_NT_CREATE_ANDX = 0xA2
FLAGS2_EXTENDED_SECURITY = 0x0800
CAP_UNICODE = 0x4
CAP_NT_SMBS = 0x10
CAP_STATUS32 = 0x40
CAP_EXTENDED_SECURITY = 0x80000000
STATUS_MORE_PROCESSING_REQUIRED = 0xC0000016

STATUS_NAMES = {
    0x00000000: "STATUS_SUCCESS",
    0x00010002: "STATUS_INVALID_SMB",
    0x00050002: "STATUS_SMB_BAD_TID",
    0x005B0002: "STATUS_SMB_BAD_UID",
    0x80000006: "STATUS_NO_MORE_FILES",
    0xC0000008: "STATUS_INVALID_HANDLE",
    0xC000000D: "STATUS_INVALID_PARAMETER",
    0xC000000F: "STATUS_NO_SUCH_FILE",
    0xC0000010: "STATUS_INVALID_DEVICE_REQUEST",
    0xC0000016: "STATUS_MORE_PROCESSING_REQUIRED",
    0xC0000022: "STATUS_ACCESS_DENIED",
    0xC0000033: "STATUS_OBJECT_NAME_INVALID",
    0xC0000034: "STATUS_OBJECT_NAME_NOT_FOUND",
    0xC0000035: "STATUS_OBJECT_NAME_COLLISION",
    0xC0000039: "STATUS_OBJECT_PATH_INVALID",
    0xC000003A: "STATUS_OBJECT_PATH_NOT_FOUND",
    0xC000003B: "STATUS_OBJECT_PATH_SYNTAX_BAD",
    0xC0000064: "STATUS_NO_SUCH_USER",
    0xC000006A: "STATUS_WRONG_PASSWORD",
    0xC000006D: "STATUS_LOGON_FAILURE",
    0xC0000072: "STATUS_ACCOUNT_DISABLED",
    0xC00000BA: "STATUS_FILE_IS_A_DIRECTORY",
    0xC00000BB: "STATUS_NOT_SUPPORTED",
    0xC00000C9: "STATUS_NETWORK_NAME_DELETED",
    0xC00000CC: "STATUS_BAD_NETWORK_NAME",
    0xC0000103: "STATUS_NOT_A_DIRECTORY",
    0xC0000106: "STATUS_NAME_TOO_LONG",
    0xC0000203: "STATUS_USER_SESSION_DELETED",
    0xC0000418: "STATUS_NTLM_BLOCKED",
}


def status_text(status):
    return f"0x{status:08x} {STATUS_NAMES.get(status, '?')}"


class Session:
    """One connection: NEGOTIATE, a logon, trees and requests. Every reply's bytes are appended to
    `dump` (when given), so a test can prove that no reply carried a secret."""

    def __init__(self, args, extended=True):
        self.args = args
        self.sock = connect(args, args.port)
        self.extended = extended
        self.mid = 0
        self.uid = 0
        self.tid = 0xFFFF
        self.challenge = None

    def close(self):
        self.sock.close()

    def request(self, command, words=b"", data=b"", uid=None, tid=None):
        self.mid += 1
        message = smb_message(command, words, data, uid=self.uid if uid is None else uid,
                              tid=self.tid if tid is None else tid, mid=self.mid,
                              flags2_extra=FLAGS2_EXTENDED_SECURITY if self.extended else 0)
        reply = parse_check(transact(self.sock, message), command, None)
        if self.args.dump:
            with open(self.args.dump, "ab") as f:
                f.write(reply["raw"])
        return reply

    def negotiate(self):
        """MS-CIFS 2.2.4.52 / MS-SMB 2.2.4.5: NT LM 0.12; the challenge of a non-extended one."""
        reply = self.request(SMB_COM_NEGOTIATE, data=b"\x02NT LM 0.12\x00")
        if reply["status"] != STATUS_SUCCESS or len(reply["words"]) != 34:
            raise CheckFailed(f"NEGOTIATE failed: {status_text(reply['status'])}")
        if not self.extended:
            self.challenge = reply["data"][:8]
        return reply

    # MS-CIFS 2.2.4.53.1: the non-extended form, responses in the request.
    def setup_raw(self, user, domain, lm, nt):
        words = struct.pack("<BBHHHHIHHII", 0xFF, 0, 0, 0xFFFF, 2, 0, 0, len(lm), len(nt), 0,
                            CAP_UNICODE | CAP_NT_SMBS | CAP_STATUS32)
        data = lm + nt
        data_start = HEADER_SIZE + 1 + len(words) + 2
        data += b"\0" * ((data_start + len(data)) % 2)
        for text in (user, domain, "Unix", "raw_smb1"):
            data += (text + "\0").encode("utf-16-le")
        reply = self.request(SMB_COM_SESSION_SETUP_ANDX, words, data, uid=0)
        if reply["status"] == STATUS_SUCCESS:
            self.uid = reply["uid"]
        return reply

    # MS-SMB 2.2.4.6.1: the extended form, a security blob.
    # The capabilities SESSION_SETUP_ANDX announces (a subclass may add some).
    capabilities = CAP_UNICODE | CAP_NT_SMBS | CAP_STATUS32 | CAP_EXTENDED_SECURITY

    def setup_blob(self, blob, uid):
        words = struct.pack("<BBHHHHIHII", 0xFF, 0, 0, 0xFFFF, 2, 0, 0, len(blob), 0,
                            self.capabilities)
        data = blob
        data_start = HEADER_SIZE + 1 + len(words) + 2
        data += b"\0" * ((data_start + len(data)) % 2)
        data += "Unix\0raw_smb1\0".encode("utf-16-le")
        reply = self.request(SMB_COM_SESSION_SETUP_ANDX, words, data, uid=uid)
        blob_length = struct.unpack_from("<H", reply["words"], 6)[0] if len(
            reply["words"]) >= 8 else 0
        reply["blob"] = reply["data"][:blob_length]
        return reply

    def ntlmssp_challenge(self):
        """First leg: NEGOTIATE_MESSAGE in SPNEGO; returns (uid, flags, challenge, target info)."""
        reply = self.setup_blob(spnego_init(ntlm_negotiate()), 0)
        if reply["status"] != STATUS_MORE_PROCESSING_REQUIRED:
            raise CheckFailed(f"NTLMSSP NEGOTIATE answered {status_text(reply['status'])}")
        return (reply["uid"],) + ntlm_challenge_fields(spnego_response_token(reply["blob"]))

    def logon_ntlmssp(self, user, password, domain, responses=None):
        """Both legs; `responses(challenge, target_info)` may replace the NTLMv2 (LM, NT) pair.
        Returns (reply, the AUTHENTICATE blob sent)."""
        uid, flags, challenge, target_info = self.ntlmssp_challenge()
        if responses:
            lm, nt = responses(challenge, target_info)
        else:
            lm, nt = ntlmv2_responses(password, user, domain, challenge, target_info)
        blob = spnego_response(ntlm_authenticate(flags, user, domain, lm, nt))
        reply = self.setup_blob(blob, uid)
        if reply["status"] == STATUS_SUCCESS:
            self.uid = reply["uid"]
        return reply, blob

    def logon(self, user, password, domain):
        if self.extended:
            reply, _ = self.logon_ntlmssp(user, password, domain)
        else:
            lm, nt = ntlmv2_responses(password, user, domain, self.challenge)
            reply = self.setup_raw(user, domain, lm, nt)
        if reply["status"] != STATUS_SUCCESS:
            raise CheckFailed(f"logon of {user!r} failed: {status_text(reply['status'])}")
        return reply

    def tree_connect(self, share, uid=None):
        message_words_data = tree_connect(self.uid if uid is None else uid,
                                          f"\\\\{self.args.host}\\{share}")
        # tree_connect() builds a whole message; resend its words and data through request().
        parsed = parse_smb(message_words_data)
        reply = self.request(SMB_COM_TREE_CONNECT_ANDX, parsed["words"], parsed["data"],
                             uid=self.uid if uid is None else uid)
        if reply["status"] == STATUS_SUCCESS:
            self.tid = reply["tid"]
        return reply

    # --- file requests; names are raw UTF-16LE bytes ---

    def nt_create(self, name, access=0x00120089, disposition=1, options=0):
        """MS-CIFS 2.2.4.64.1: NameLength counts the name without a terminator; the name is
        aligned to 2 bytes from the header's start."""
        words = struct.pack("<BBHBHIIIQIIIIIB", 0xFF, 0, 0, 0, len(name), 0, 0, access, 0, 0,
                            7, disposition, options, 2, 0)
        data_start = HEADER_SIZE + 1 + len(words) + 2
        data = b"\0" * (data_start % 2) + name
        if len(data) + 2 <= 0xFFFF:
            data += b"\0\0"
        return self.request(SMB_COM_NT_CREATE_ANDX, words, data)

    def open_andx(self, name):
        """MS-CIFS 2.2.4.41.1: read access, open an existing file and fail otherwise."""
        words = struct.pack("<BBHHHHHIHIII", 0xFF, 0, 0, 0, 0, 0x16, 0, 0, 0x0001, 0, 0, 0)
        data_start = HEADER_SIZE + 1 + len(words) + 2
        data = b"\0" * (data_start % 2) + name + b"\0\0"
        return self.request(SMB_COM_OPEN_ANDX, words, data)

    def read(self, fid, count=4096):
        """MS-CIFS 2.2.4.42.1 (12 words): the data comes back in the reply."""
        words = struct.pack("<BBHHIHHIHI", 0xFF, 0, 0, fid, 0, count, count, 0, 0, 0)
        return self.request(SMB_COM_READ_ANDX, words)

    def close_fid(self, fid):
        return self.request(SMB_COM_CLOSE, struct.pack("<HI", fid, 0))

    def trans2(self, subcommand, parameters, max_data=0xFFFF, data=b""):
        """MS-CIFS 2.2.4.46.1 with one setup word; Name is a Unicode NUL, parameters and data
        start 4-aligned."""
        words_len = 2 * 15
        data_start = HEADER_SIZE + 1 + words_len + 2
        head = b"\0" * (data_start % 2) + b"\0\0"
        head += b"\0" * ((-(data_start + len(head))) % 4)
        parameter_offset = data_start + len(head)
        pad = b"\0" * ((-len(parameters)) % 4) if data else b""
        data_offset = parameter_offset + len(parameters) + len(pad)
        words = struct.pack("<HHHHBBHIHHHHHBBH", len(parameters), len(data), 64, max_data, 0, 0,
                            0, 0, 0, len(parameters), parameter_offset, len(data), data_offset,
                            1, 0, subcommand)
        reply = self.request(SMB_COM_TRANSACTION2, words, head + parameters + pad + data)
        if reply["status"] == STATUS_SUCCESS and len(reply["words"]) >= 20:
            (_tp, _td, _r, p_count, p_offset, _pd, d_count, d_offset,
             _dd) = struct.unpack_from("<9H", reply["words"], 0)
            raw = reply["raw"]
            reply["parameters"] = raw[p_offset:p_offset + p_count]
            reply["trans_data"] = raw[d_offset:d_offset + d_count]
        return reply

    def query_path(self, name):
        """TRANS2_QUERY_PATH_INFORMATION (MS-CIFS 2.2.6.6.1), SMB_QUERY_FILE_BASIC_INFO."""
        return self.trans2(0x0005, struct.pack("<HI", 0x0101, 0) + name + b"\0\0")

    def find_first(self, pattern):
        """TRANS2_FIND_FIRST2 (MS-CIFS 2.2.6.2.1): everything (hidden, system, directories),
        up to 512 entries at SMB_FIND_FILE_BOTH_DIRECTORY_INFO, closing the search at its end;
        the reply gets "names"."""
        reply = self.trans2(0x0001, struct.pack("<HHHHI", 0x16, 512, 0x0002, 0x0104, 0)
                            + pattern + b"\0\0")
        names = []
        data = reply.get("trans_data", b"")
        at = 0
        while reply["status"] == STATUS_SUCCESS and at + 94 <= len(data):
            next_offset = struct.unpack_from("<I", data, at)[0]
            name_length = struct.unpack_from("<I", data, at + 60)[0]
            names.append(data[at + 94:at + 94 + name_length].decode("utf-16-le", "replace"))
            if next_offset == 0:
                break
            at += next_offset
        reply["names"] = names
        return reply


# --- checks ----------------------------------------------------------------------------------

def connect(args, port):
    sock = socket.create_connection((args.host, port), timeout=args.timeout)
    sock.settimeout(args.timeout)
    return sock


def check_bad_uid(args):
    with connect(args, args.port) as sock:
        negotiate(sock)
        reply = parse_check(transact(sock, tree_connect(0xBEEF, f"\\\\{args.host}\\IPC$")),
                            SMB_COM_TREE_CONNECT_ANDX, None)
        if reply["status"] != args.bad_uid_status:
            raise CheckFailed(f"TREE_CONNECT_ANDX with unknown UID 0xBEEF: status "
                              f"0x{reply['status']:08x}, expected 0x{args.bad_uid_status:08x}")
        return f"TREE_CONNECT_ANDX with unknown UID 0xBEEF -> 0x{reply['status']:08x}"


def check_unknown_command(args):
    with connect(args, args.port) as sock:
        negotiate(sock)
        reply = parse_check(transact(sock, smb_message(UNASSIGNED_COMMAND, mid=2)),
                            UNASSIGNED_COMMAND, None)
        if reply["status"] == STATUS_SUCCESS:
            raise CheckFailed("command 0xFE answered with STATUS_SUCCESS")
        echo(sock)
        return f"command 0xFE -> 0x{reply['status']:08x}; ECHO afterwards succeeds"


def check_nb_session(args):
    with connect(args, args.netbios_port) as sock:
        sock.sendall(session_request(nb_name("*SMBSERVER"), nb_name("SMBKITTEST", 0x00)))
        reply = recv_frame(sock)
        if reply != (NB_POSITIVE_RESPONSE, b""):
            raise CheckFailed(f"session request answered with {describe(reply)}")
        negotiate(sock)
        return "session request for *SMBSERVER -> positive response; NEGOTIATE succeeds"


def check_nb_bad_name(args):
    with connect(args, args.netbios_port) as sock:
        # Length byte 0x20 announces 32 half-bytes, but 'Z' is no 'A'..'P' letter.
        bad = b"\x20" + b"Z" * 32 + b"\x00"
        sock.sendall(session_request(bad, nb_name("SMBKITTEST", 0x00)))
        reply = recv_frame(sock)
        if reply is None or reply[0] != NB_NEGATIVE_RESPONSE or len(reply[1]) != 1:
            raise CheckFailed(f"malformed called name answered with {describe(reply)}")
        if not peer_closes(sock):
            raise CheckFailed("the server kept the connection open after a negative response")
        return f"malformed called name -> negative response, error 0x{reply[1][0]:02x}; closed"


def check_nb_smb_first(args):
    with connect(args, args.netbios_port) as sock:
        dialects = b"\x02NT LM 0.12\x00"
        sock.sendall(frame(smb_message(SMB_COM_NEGOTIATE, data=dialects)))
        reply = recv_frame(sock)
        if reply is None:
            return "NEGOTIATE before a session request -> connection closed"
        if reply[0] == NB_NEGATIVE_RESPONSE:
            if not peer_closes(sock):
                raise CheckFailed("the server kept the connection open after a negative response")
            return "NEGOTIATE before a session request -> negative response; closed"
        raise CheckFailed(f"NEGOTIATE before a session request answered with {describe(reply)}")


def describe(reply):
    if reply is None:
        return "the connection closing"
    kind, payload = reply
    return f"packet type 0x{kind:02x} ({len(payload)} bytes: {payload[:40].hex()})"


CHECKS = {
    "bad_uid": (check_bad_uid, False),
    "unknown_command": (check_unknown_command, False),
    "nb_session": (check_nb_session, True),
    "nb_bad_name": (check_nb_bad_name, True),
    "nb_smb_first": (check_nb_smb_first, True),
}


# --- files mode: requests with hand-made names ------------------------------------------------

def name_bytes(spec):
    """UTF-16LE bytes of a name given on the command line, where %uXXXX is one UTF-16 code unit
    of any value (a NUL, a lone surrogate) and %*N(TEXT) is TEXT N times (TEXT holds no ')')."""
    out = b""
    at = 0
    while at < len(spec):
        repeat = re.match(r"%\*(\d+)\(([^)]*)\)", spec[at:])
        if repeat:
            out += name_bytes(repeat.group(2)) * int(repeat.group(1))
            at += repeat.end()
            continue
        m = re.match(r"%u([0-9A-Fa-f]{4})", spec[at:at + 6])
        if m:
            out += struct.pack("<H", int(m.group(1), 16))
            at += 6
        else:
            out += spec[at].encode("utf-16-le")
            at += 1
    return out


def read_and_close(session, fid, close=True):
    """Reads the start of an opened file (whatever confinement let through would show up in the
    replies' dump), then closes it unless asked to hold it."""
    read = session.read(fid)
    got = 0
    if read["status"] == STATUS_SUCCESS and len(read["words"]) >= 14:
        got = struct.unpack_from("<H", read["words"], 10)[0]
    if close:
        session.close_fid(fid)
    return got


def run_file_op(session, op):
    """One "VERB:ARG" operation; returns its report line."""
    verb, _, arg = op.partition(":")
    if verb == "run":
        done = subprocess.run(arg, shell=True, check=False)
        if done.returncode != 0:
            raise CheckFailed(f"command failed ({done.returncode}): {arg}")
        return f"op=run status=ok"
    name = name_bytes(arg)
    extra = ""
    if verb in ("create", "hold", "mkfile", "mkdir"):
        disposition, options, access = 1, 0, 0x00120089  # FILE_OPEN, FILE_GENERIC_READ
        if verb == "mkfile":
            disposition, access = 2, 0x00120089 | 0x00120116  # FILE_CREATE, read and write
        if verb == "mkdir":
            disposition, options = 2, 0x1  # FILE_CREATE, FILE_DIRECTORY_FILE
        reply = session.nt_create(name, access, disposition, options)
        if reply["status"] == STATUS_SUCCESS:
            fid = struct.unpack_from("<H", reply["words"], 5)[0]
            extra = f" read={read_and_close(session, fid, close=verb != 'hold')}"
    elif verb == "openx":
        reply = session.open_andx(name)
        if reply["status"] == STATUS_SUCCESS:
            fid = struct.unpack_from("<H", reply["words"], 4)[0]
            extra = f" read={read_and_close(session, fid)}"
    elif verb == "qpath":
        reply = session.query_path(name)
    elif verb == "find":
        reply = session.find_first(name)
        if reply["status"] == STATUS_SUCCESS:
            extra = " names=" + "|".join(sorted(reply["names"]))
    else:
        raise CheckFailed(f"unknown operation {verb!r}")
    return f"op={verb} status={status_text(reply['status'])}{extra}"


def files_mode(args):
    """Logs on, connects to --share and runs each operation in order on that one connection."""
    session = Session(args, extended=True)
    try:
        session.negotiate()
        session.logon(args.user, args.password, args.domain)
        tree = session.tree_connect(args.share)
        if tree["status"] != STATUS_SUCCESS:
            raise CheckFailed(f"TREE_CONNECT to {args.share} failed: {status_text(tree['status'])}")
        for op in args.ops:
            print(run_file_op(session, op), flush=True)
            if args.after_each:
                done = subprocess.run(args.after_each, shell=True, check=False)
                if done.returncode != 0:
                    raise CheckFailed(f"after {op[:80]!r}: `{args.after_each}` failed")
        echo(session.sock, mid=0xFFF0)  # the connection still serves requests
    finally:
        session.close()
    return 0


# --- auth mode: logons that must be refused ---------------------------------------------------

def fresh(args, extended):
    session = Session(args, extended)
    session.negotiate()
    return session


def probe_logon(args, extended, user, password=None, lm=None, nt=None):
    """One logon on a new connection: NTLMv2 from `password`, or the given raw responses."""
    session = fresh(args, extended)
    try:
        if extended:
            responses = None if password is not None else (lambda _c, _t: (lm, nt))
            reply, _ = session.logon_ntlmssp(user, password, args.domain, responses)
        else:
            if password is not None:
                lm, nt = ntlmv2_responses(password, user, args.domain, session.challenge)
            reply = session.setup_raw(user, args.domain, lm, nt)
        action = struct.unpack_from("<H", reply["words"], 4)[0] if reply["status"] == 0 else 0
        return reply["status"], f" guest={action & 1}" if reply["status"] == 0 else ""
    finally:
        session.close()


def probe_replay(args):
    """An AUTHENTICATE that logged on on connection A, sent again on connection B after B's own
    CHALLENGE (and so for a different server challenge)."""
    a = fresh(args, True)
    b = fresh(args, True)
    try:
        first, blob = a.logon_ntlmssp(args.user, args.password, args.domain)
        if first["status"] != STATUS_SUCCESS:
            raise CheckFailed(f"the logon to replay failed: {status_text(first['status'])}")
        uid, *_ = b.ntlmssp_challenge()
        reply = b.setup_blob(blob, uid)
        return reply["status"], ""
    finally:
        a.close()
        b.close()


def two_sessions(args):
    """A and B, both logged on and connected to --share. A holds a UID and a TID that B does not
    have (A logs on / connects again while they collide with B's, as sequential ids would)."""
    a = fresh(args, True)
    b = fresh(args, True)
    a.logon(args.user, args.password, args.domain)
    b.logon(args.user, args.password, args.domain)
    while a.uid == b.uid:
        a.logon(args.user, args.password, args.domain)
    a.tree_connect(args.share)
    b.tree_connect(args.share)
    while a.tid == b.tid:
        a.tree_connect(args.share)
    return a, b


def probe_cross_uid(args):
    """B sends TREE_CONNECT_ANDX with A's UID."""
    a, b = two_sessions(args)
    try:
        reply = b.tree_connect(args.share, uid=a.uid)
        echo(b.sock, mid=0xFFF0)
        return reply["status"], f" uid=0x{a.uid:04x}"
    finally:
        a.close()
        b.close()


def probe_cross_tid(args):
    """B sends TRANS2_QUERY_PATH_INFORMATION with its own UID and A's TID."""
    a, b = two_sessions(args)
    try:
        b.tid = a.tid
        reply = b.query_path(b"")
        echo(b.sock, mid=0xFFF0)
        return reply["status"], f" tid=0x{a.tid:04x}"
    finally:
        a.close()
        b.close()


def probe_cross_fid(args):
    """B sends READ_ANDX with its own UID and TID and a FID that A opened (on hello.txt)."""
    a, b = two_sessions(args)
    try:
        opened = a.nt_create(name_bytes("hello.txt"))
        if opened["status"] != STATUS_SUCCESS:
            raise CheckFailed(f"A could not open hello.txt: {status_text(opened['status'])}")
        fid = struct.unpack_from("<H", opened["words"], 5)[0]
        reply = b.read(fid)
        echo(b.sock, mid=0xFFF0)
        return reply["status"], f" fid=0x{fid:04x}"
    finally:
        a.close()
        b.close()


def auth_probes():
    """name -> function(args) returning (status, extra text)."""
    probes = {}
    for extended, form in ((False, "raw"), (True, "ntlmssp")):
        def make(user_of, password=None, lm=None, nt=None, extended=extended):
            return lambda args: probe_logon(args, extended, user_of(args), password=password(
                args) if callable(password) else password, lm=lm, nt=nt)
        probes[f"good_{form}"] = make(lambda a: a.user, lambda a: a.password)
        probes[f"wrong_password_{form}"] = make(lambda a: a.user, lambda a: a.password + "x")
        probes[f"unknown_user_{form}"] = make(lambda a: "nosuchuser", lambda a: a.password)
        probes[f"empty_password_{form}"] = make(lambda a: a.user, "")
        probes[f"empty_responses_{form}"] = make(lambda a: a.user, lm=b"", nt=b"")
        probes[f"anonymous_{form}"] = make(lambda a: "", lm=b"" if not extended else b"\0",
                                           nt=b"")
        probes[f"guest_{form}"] = make(lambda a: "guest", "")
    probes["replay"] = probe_replay
    probes["cross_uid"] = probe_cross_uid
    probes["cross_tid"] = probe_cross_tid
    probes["cross_fid"] = probe_cross_fid
    return probes


AUTH_PROBES = auth_probes()


def auth_mode(args):
    """Each named probe on fresh connections: "probe=NAME status=0x... NAME [extra]"."""
    for name in args.ops:
        if name not in AUTH_PROBES:
            raise CheckFailed(f"unknown probe {name!r}; known: {', '.join(AUTH_PROBES)}")
        status, extra = AUTH_PROBES[name](args)
        print(f"probe={name} status={status_text(status)}{extra}", flush=True)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True, help="direct TCP port")
    parser.add_argument("--netbios-port", type=int, help="NetBIOS session service port")
    parser.add_argument("--checks", help="comma-separated subset (default: all that the ports allow)")
    parser.add_argument("--bad-uid-status", type=lambda s: int(s, 0), default=STATUS_SMB_BAD_UID)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--user", default="")
    parser.add_argument("--password", default="")
    parser.add_argument("--domain", default="")
    parser.add_argument("--share", default="")
    parser.add_argument("--dump", help="append every reply's bytes to this file")
    parser.add_argument("--after-each", help="files: a shell command that must succeed after "
                        "every operation (e.g. a check that nothing outside the share changed)")
    parser.add_argument("mode", nargs="?", choices=("checks", "files", "auth"), default="checks")
    parser.add_argument("ops", nargs="*", help="files: VERB:NAME operations; auth: probe names")
    args = parser.parse_args()

    if args.mode != "checks":
        try:
            return files_mode(args) if args.mode == "files" else auth_mode(args)
        except (CheckFailed, OSError) as e:
            print(f"ERROR: {e}", flush=True)
            return 2

    names = args.checks.split(",") if args.checks else [
        n for n, (_, needs_nb) in CHECKS.items() if args.netbios_port or not needs_nb]
    failed = 0
    for name in names:
        if name not in CHECKS:
            parser.error(f"unknown check {name!r}")
        check, needs_nb = CHECKS[name]
        if needs_nb and not args.netbios_port:
            parser.error(f"check {name} needs --netbios-port")
        try:
            print(f"ok   {name}: {check(args)}", flush=True)
        except (CheckFailed, OSError) as e:
            failed += 1
            print(f"FAIL {name}: {e}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
