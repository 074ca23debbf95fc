#!/usr/bin/env python3
"""Many SMB1 or SMB 3.1.1 connections from one process, for bench/run.sh. Python 3 standard
library only.

SMB1 (--dialect nt1, the default): each connection does, over direct TCP, NEGOTIATE (NT LM 0.12,
non-extended security), SESSION_SETUP_ANDX with an NTLMv2 + LMv2 challenge response (MS-CIFS
2.2.4.53, MS-NLMP 3.3.2), TREE_CONNECT_ANDX, and in `loop` mode TREE_DISCONNECT, LOGOFF_ANDX and
close.
SMB 3.1.1 (--dialect smb3): NEGOTIATE offering 3.1.1 alone with a pre-authentication integrity
context and a signing context offering HMAC-SHA256 alone (MS-SMB2 2.2.3; Python's standard
library has no AES for CMAC or GMAC), two SESSION_SETUPs carrying NTLMSSP (NEGOTIATE, then
AUTHENTICATE with an NTLMv2 response over the server's target info) inside SPNEGO, TREE_CONNECT,
and in `loop` mode TREE_DISCONNECT, LOGOFF and close. As 3.1.1 wants (MS-SMB2 3.3.5.7: Samba
disconnects an unsigned TREE_CONNECT), every request after the logon is signed with the
session's SigningKey, derived from the NTLMv2 session key and the pre-authentication hash
(3.2.5.3.1, SP 800-108 KDF); the server verifies them and signs its answers.
No fork per connection, so the figure is the server's cost, not the client's start-up.

  connect_loop.py loop --port P --user U --password W --share S --count N [--dialect nt1|smb3]
      N connections one after the other; prints one JSON line {"count", "seconds", "per_second"}.
  connect_loop.py hold --port P --user U --password W --share S --count N [--depth full|negotiate]
                       [--parallel K]
      opens N connections, K at a time (threads), and keeps them open (full: logged on and
      tree-connected; negotiate: NEGOTIATE only); prints "ready N SECONDS" once all are open,
      then holds them until a line or EOF arrives on stdin, and closes them.
A failure prints "error: ..." on stderr and exits 1.
"""

import argparse
import concurrent.futures
import hashlib
import hmac
import json
import os
import socket
import struct
import sys
import threading
import time

# MS-CIFS 2.2.2.1 command codes.
SMB_COM_TREE_DISCONNECT = 0x71
SMB_COM_NEGOTIATE = 0x72
SMB_COM_SESSION_SETUP_ANDX = 0x73
SMB_COM_LOGOFF_ANDX = 0x74
SMB_COM_TREE_CONNECT_ANDX = 0x75
NO_ANDX = 0xFF

# MS-CIFS 2.2.3.1 header flags.
FLAGS_CASE_INSENSITIVE = 0x08
FLAGS_CANONICALIZED_PATHS = 0x10
FLAGS_REPLY = 0x80
FLAGS2_LONG_NAMES = 0x0001
FLAGS2_NT_STATUS = 0x4000
FLAGS2_UNICODE = 0x8000

# MS-CIFS 2.2.4.52.2 / 2.2.4.53.1 capabilities the client announces.
CAP_UNICODE = 0x0004
CAP_LARGE_FILES = 0x0008
CAP_NT_SMBS = 0x0010
CAP_STATUS32 = 0x0040

HEADER_SIZE = 32
PID = 0x4242


class SmbError(Exception):
    pass


# --- MD4 (RFC 1320), for the NT hash: OpenSSL 3 keeps MD4 in its legacy provider, which
# hashlib may not load. Test code; it hashes one password per run.

def _rotl(x, n):
    x &= 0xFFFFFFFF
    return ((x << n) | (x >> (32 - n))) & 0xFFFFFFFF


def md4(data):
    msg = bytearray(data)
    bit_len = (8 * len(data)) & 0xFFFFFFFFFFFFFFFF
    msg.append(0x80)
    while len(msg) % 64 != 56:
        msg.append(0)
    msg += struct.pack("<Q", bit_len)
    a, b, c, d = 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476
    f = lambda x, y, z: (x & y) | (~x & z)
    g = lambda x, y, z: (x & y) | (x & z) | (y & z)
    h = lambda x, y, z: x ^ y ^ z
    for off in range(0, len(msg), 64):
        x = struct.unpack("<16I", bytes(msg[off:off + 64]))
        aa, bb, cc, dd = a, b, c, d
        # Round 1: [abcd k s] with s cycling 3, 7, 11, 19.
        for i in range(16):
            k, s = i, (3, 7, 11, 19)[i % 4]
            if i % 4 == 0:
                a = _rotl(a + f(b, c, d) + x[k], s)
            elif i % 4 == 1:
                d = _rotl(d + f(a, b, c) + x[k], s)
            elif i % 4 == 2:
                c = _rotl(c + f(d, a, b) + x[k], s)
            else:
                b = _rotl(b + f(c, d, a) + x[k], s)
        # Round 2: k = 0,4,8,12,1,5,... ; s cycling 3, 5, 9, 13; constant 0x5A827999.
        for i in range(16):
            k, s = (i % 4) * 4 + i // 4, (3, 5, 9, 13)[i % 4]
            if i % 4 == 0:
                a = _rotl(a + g(b, c, d) + x[k] + 0x5A827999, s)
            elif i % 4 == 1:
                d = _rotl(d + g(a, b, c) + x[k] + 0x5A827999, s)
            elif i % 4 == 2:
                c = _rotl(c + g(d, a, b) + x[k] + 0x5A827999, s)
            else:
                b = _rotl(b + g(c, d, a) + x[k] + 0x5A827999, s)
        # Round 3: k in the order 0,8,4,12,2,10,6,14,1,9,5,13,3,11,7,15; s cycling 3, 9, 11, 15.
        order = (0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15)
        for i in range(16):
            k, s = order[i], (3, 9, 11, 15)[i % 4]
            if i % 4 == 0:
                a = _rotl(a + h(b, c, d) + x[k] + 0x6ED9EBA1, s)
            elif i % 4 == 1:
                d = _rotl(d + h(a, b, c) + x[k] + 0x6ED9EBA1, s)
            elif i % 4 == 2:
                c = _rotl(c + h(d, a, b) + x[k] + 0x6ED9EBA1, s)
            else:
                b = _rotl(b + h(c, d, a) + x[k] + 0x6ED9EBA1, s)
        a = (a + aa) & 0xFFFFFFFF
        b = (b + bb) & 0xFFFFFFFF
        c = (c + cc) & 0xFFFFFFFF
        d = (d + dd) & 0xFFFFFFFF
    return struct.pack("<4I", a, b, c, d)


def _self_check_md4():
    # RFC 1320 appendix A.5 test suite.
    vectors = {b"": "31d6cfe0d16ae931b73c59d7e0c089c0",
               b"abc": "a448017aaf21d8525fc10ae87aa6729d",
               b"message digest": "d9130a8164549fe818874806e1c7014b"}
    for text, digest in vectors.items():
        if md4(text).hex() != digest:
            raise SystemExit("error: MD4 self-check failed for %r" % text)


# --- NTLMv2 (MS-NLMP 3.3.2) -------------------------------------------------------------------

def nt_hash(password):
    return md4(password.encode("utf-16-le"))


def ntowf_v2(hash16, user, domain):
    return hmac.new(hash16, (user.upper() + domain).encode("utf-16-le"), hashlib.md5).digest()


def av_pairs(domain, computer):
    # MS-NLMP 2.2.2.1: MsvAvNbComputerName (1), MsvAvNbDomainName (2), MsvAvEOL (0).
    out = b""
    for av_id, text in ((2, domain), (1, computer)):
        value = text.encode("utf-16-le")
        out += struct.pack("<HH", av_id, len(value)) + value
    return out + struct.pack("<HH", 0, 0)


def ntlmv2_responses(key, server_challenge, names):
    """(LMv2 response, NTLMv2 response) for one server challenge."""
    client_challenge = os.urandom(8)
    # FILETIME: 100 ns units since 1601-01-01.
    timestamp = int((time.time() + 11644473600) * 10_000_000)
    temp = (b"\x01\x01" + b"\x00" * 6 + struct.pack("<Q", timestamp) + client_challenge +
            b"\x00" * 4 + names + b"\x00" * 4)
    proof = hmac.new(key, server_challenge + temp, hashlib.md5).digest()
    lm = hmac.new(key, server_challenge + client_challenge, hashlib.md5).digest() + client_challenge
    return lm, proof + temp


# --- framing and messages --------------------------------------------------------------------

def recv_exact(sock, n):
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise SmbError("connection closed by the server")
        buf += chunk
    return bytes(buf)


def header(command, tid=0, uid=0, mid=0):
    # MS-CIFS 2.2.3.1: Protocol, Command, Status, Flags, Flags2, PIDHigh, SecurityFeatures,
    # Reserved, TID, PIDLow, UID, MID.
    return struct.pack("<4sBIBHH8sHHHHH", b"\xffSMB", command, 0,
                       FLAGS_CASE_INSENSITIVE | FLAGS_CANONICALIZED_PATHS,
                       FLAGS2_UNICODE | FLAGS2_NT_STATUS | FLAGS2_LONG_NAMES, 0, b"\x00" * 8, 0,
                       tid, PID, uid, mid)


class Reply:
    def __init__(self, data):
        if len(data) < HEADER_SIZE + 3 or data[:4] != b"\xffSMB":
            raise SmbError("not an SMB1 reply (%d bytes)" % len(data))
        (self.command, self.status, self.flags, self.flags2, _, _, _, self.tid, _, self.uid,
         self.mid) = struct.unpack("<xxxxBIBHH8sHHHHH", data[:HEADER_SIZE])
        self.data = data
        word_count = data[HEADER_SIZE]
        self.words = data[HEADER_SIZE + 1:HEADER_SIZE + 1 + 2 * word_count]
        at = HEADER_SIZE + 1 + 2 * word_count
        if len(data) < at + 2:
            raise SmbError("truncated reply to command 0x%02x" % self.command)
        (byte_count,) = struct.unpack_from("<H", data, at)
        self.bytes_offset = at + 2
        self.bytes = data[at + 2:at + 2 + byte_count]


class Connection:
    def __init__(self, host, port, timeout):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.mid = 0
        self.uid = 0
        self.tid = 0

    def exchange(self, command, words, data, what):
        self.mid += 1
        msg = (header(command, self.tid, self.uid, self.mid) + bytes([len(words) // 2]) + words +
               struct.pack("<H", len(data)) + data)
        # Direct TCP (MS-SMB2 2.1 / RFC 1002 session message): a zero byte and a 24-bit length.
        self.sock.sendall(struct.pack(">I", len(msg)) + msg)
        (length,) = struct.unpack(">I", recv_exact(self.sock, 4))
        reply = Reply(recv_exact(self.sock, length & 0xFFFFFF))
        if reply.command != command or not reply.flags & FLAGS_REPLY:
            raise SmbError("%s: the reply is command 0x%02x" % (what, reply.command))
        if reply.status != 0:
            raise SmbError("%s: status 0x%08x" % (what, reply.status))
        return reply

    def negotiate(self):
        # MS-CIFS 2.2.4.52.1: one dialect, "NT LM 0.12".
        reply = self.exchange(SMB_COM_NEGOTIATE, b"", b"\x02NT LM 0.12\x00", "NEGOTIATE")
        if len(reply.words) != 34:
            raise SmbError("NEGOTIATE: %d parameter words, expected 17" % (len(reply.words) // 2))
        # MS-CIFS 2.2.4.52.2: DialectIndex, SecurityMode, MaxMpxCount, MaxNumberVcs,
        # MaxBufferSize, MaxRawSize, SessionKey, Capabilities, SystemTime, ServerTimeZone,
        # ChallengeLength.
        (index, _, _, _, _, _, session_key, caps, _, _, challenge_len) = struct.unpack(
            "<HBHHIIIIQhB", reply.words)
        if index != 0:
            raise SmbError("NEGOTIATE: the server chose dialect %d" % index)
        if challenge_len != 8 or len(reply.bytes) < 8:
            raise SmbError("NEGOTIATE: no 8-byte challenge (extended security forced?)")
        self.challenge = reply.bytes[:8]
        self.session_key = session_key
        # DomainName follows, Unicode, NUL-terminated.
        rest = reply.bytes[8:]
        end = 0
        while end + 1 < len(rest) and rest[end:end + 2] != b"\x00\x00":
            end += 2
        self.domain = rest[:end].decode("utf-16-le", "replace")

    def session_setup(self, user, key, names):
        lm, nt = ntlmv2_responses(key, self.challenge, names)
        # MS-CIFS 2.2.4.53.1: AndX block, MaxBufferSize, MaxMpxCount, VcNumber, SessionKey,
        # OEMPasswordLen, UnicodePasswordLen, Reserved, Capabilities.
        words = struct.pack("<BBHHHHIHHII", NO_ANDX, 0, 0, 16644, 50, 0, self.session_key,
                            len(lm), len(nt), 0,
                            CAP_UNICODE | CAP_LARGE_FILES | CAP_NT_SMBS | CAP_STATUS32)
        data = lm + nt
        # Unicode strings start 2-byte aligned from the header start: header, WordCount, 26 bytes of
        # words, ByteCount, then the passwords.
        if (HEADER_SIZE + 1 + len(words) + 2 + len(data)) % 2:
            data += b"\x00"
        for text in (user, self.domain, "Linux", "smbkit-bench"):
            data += text.encode("utf-16-le") + b"\x00\x00"
        reply = self.exchange(SMB_COM_SESSION_SETUP_ANDX, words, data, "SESSION_SETUP_ANDX")
        if reply.uid == 0:
            raise SmbError("SESSION_SETUP_ANDX: no UID")
        self.uid = reply.uid

    def tree_connect(self, host, share):
        # MS-CIFS 2.2.4.55.1: AndX block, Flags, PasswordLength (1: a single NUL byte).
        words = struct.pack("<BBHHH", NO_ANDX, 0, 0, 0, 1)
        data = b"\x00"
        if (HEADER_SIZE + 1 + len(words) + 2 + len(data)) % 2:
            data += b"\x00"
        data += ("\\\\%s\\%s" % (host, share)).encode("utf-16-le") + b"\x00\x00" + b"?????\x00"
        reply = self.exchange(SMB_COM_TREE_CONNECT_ANDX, words, data, "TREE_CONNECT_ANDX")
        self.tid = reply.tid

    def tree_disconnect(self):
        self.exchange(SMB_COM_TREE_DISCONNECT, b"", b"", "TREE_DISCONNECT")
        self.tid = 0

    def logoff(self):
        self.exchange(SMB_COM_LOGOFF_ANDX, struct.pack("<BBH", NO_ANDX, 0, 0), b"", "LOGOFF_ANDX")
        self.uid = 0

    def close(self):
        self.sock.close()


# --- SMB 3.1.1 (MS-SMB2) with NTLMSSP (MS-NLMP) in SPNEGO (RFC 4178) ---------------------------

SMB2_NEGOTIATE = 0x0000
SMB2_SESSION_SETUP = 0x0001
SMB2_LOGOFF = 0x0002
SMB2_TREE_CONNECT = 0x0003
SMB2_TREE_DISCONNECT = 0x0004
SMB2_HEADER_SIZE = 64
SMB2_FLAGS_SERVER_TO_REDIR = 0x00000001
STATUS_MORE_PROCESSING_REQUIRED = 0xC0000016

# MS-NLMP 2.2.2.5.
NTLMSSP_NEGOTIATE_UNICODE = 0x00000001
NTLMSSP_REQUEST_TARGET = 0x00000004
NTLMSSP_NEGOTIATE_SIGN = 0x00000010
NTLMSSP_NEGOTIATE_NTLM = 0x00000200
NTLMSSP_NEGOTIATE_ALWAYS_SIGN = 0x00008000
NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000
NTLMSSP_NEGOTIATE_TARGET_INFO = 0x00800000
NTLMSSP_NEGOTIATE_128 = 0x20000000
NTLMSSP_NEGOTIATE_56 = 0x80000000
NTLM_FLAGS = (NTLMSSP_NEGOTIATE_UNICODE | NTLMSSP_REQUEST_TARGET | NTLMSSP_NEGOTIATE_SIGN |
              NTLMSSP_NEGOTIATE_NTLM | NTLMSSP_NEGOTIATE_ALWAYS_SIGN |
              NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY | NTLMSSP_NEGOTIATE_TARGET_INFO |
              NTLMSSP_NEGOTIATE_128 | NTLMSSP_NEGOTIATE_56)

OID_SPNEGO = bytes.fromhex("2b0601050502")            # 1.3.6.1.5.5.2
OID_NTLMSSP = bytes.fromhex("2b06010401823702020a")  # 1.3.6.1.4.1.311.2.2.10


def der(tag, content):
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    elif n < 0x100:
        length = bytes([0x81, n])
    else:
        length = bytes([0x82, n >> 8, n & 0xFF])
    return bytes([tag]) + length + content


def spnego_init(token):
    # GSS-API InitialContextToken: [APPLICATION 0] { OID spnego, NegTokenInit [0] SEQUENCE {
    # mechTypes [0] SEQUENCE OF OID, mechToken [2] OCTET STRING } }.
    mech_types = der(0xA0, der(0x30, der(0x06, OID_NTLMSSP)))
    mech_token = der(0xA2, der(0x04, token))
    return der(0x60, der(0x06, OID_SPNEGO) + der(0xA0, der(0x30, mech_types + mech_token)))


def spnego_resp(token):
    # NegTokenResp [1] SEQUENCE { responseToken [2] OCTET STRING }.
    return der(0xA1, der(0x30, der(0xA2, der(0x04, token))))


def ntlmssp_from(blob):
    """The NTLMSSP message inside a server's SPNEGO token (or the raw message)."""
    at = blob.find(b"NTLMSSP\x00")
    if at < 0:
        raise SmbError("SESSION_SETUP: no NTLMSSP message in the server's token")
    return blob[at:]


def ntlm_negotiate():
    # MS-NLMP 2.2.1.1: Signature, MessageType 1, NegotiateFlags, empty DomainName and
    # Workstation fields.
    return b"NTLMSSP\x00" + struct.pack("<II", 1, NTLM_FLAGS) + b"\x00" * 16


def ntlm_field(msg, at):
    length, _, offset = struct.unpack_from("<HHI", msg, at)
    if offset + length > len(msg):
        raise SmbError("CHALLENGE: a field lies outside the message")
    return msg[offset:offset + length]


def ntlm_authenticate(challenge_msg, user, password_hash, workstation):
    """MS-NLMP 2.2.1.3 AUTHENTICATE with LMv2 and NTLMv2 responses (3.3.2) for the CHALLENGE
    message `challenge_msg`; the domain is the server's TargetName. Returns (message, the
    session key): with no key exchange the exported session key is the NTLMv2 SessionBaseKey,
    HMAC-MD5(ResponseKeyNT, NTProofStr)."""
    if len(challenge_msg) < 48 or struct.unpack_from("<I", challenge_msg, 8)[0] != 2:
        raise SmbError("SESSION_SETUP: not an NTLMSSP CHALLENGE")
    domain = ntlm_field(challenge_msg, 12).decode("utf-16-le", "replace")
    (flags,) = struct.unpack_from("<I", challenge_msg, 20)
    server_challenge = challenge_msg[24:32]
    target_info = ntlm_field(challenge_msg, 40)
    key = ntowf_v2(password_hash, user, domain)
    lm, nt = ntlmv2_responses(key, server_challenge, target_info)
    payload_fields = [lm, nt, domain.encode("utf-16-le"), user.encode("utf-16-le"),
                      workstation.encode("utf-16-le"), b""]
    header = bytearray(b"NTLMSSP\x00" + struct.pack("<I", 3))
    offset = 12 + 8 * len(payload_fields) + 4
    payload = b""
    for value in payload_fields:
        header += struct.pack("<HHI", len(value), len(value), offset + len(payload))
        payload += value
    header += struct.pack("<I", flags & NTLM_FLAGS)
    session_key = hmac.new(key, nt[:16], hashlib.md5).digest()
    return bytes(header) + payload, session_key


class Smb3Reply:
    def __init__(self, data):
        if len(data) < SMB2_HEADER_SIZE + 2 or data[:4] != b"\xfeSMB":
            raise SmbError("not an SMB2 reply (%d bytes)" % len(data))
        (self.status, self.command, self.credits, self.flags, _, self.message_id, _,
         self.tree_id, self.session_id) = struct.unpack_from("<8xIHHIIQIIQ", data, 0)
        self.data = data
        self.body = data[SMB2_HEADER_SIZE:]


def kdf_sp800_108(key, label, context, bits=128):
    """SP 800-108 counter mode, HMAC-SHA256, r = 32: one block is enough for 128 bits."""
    data = struct.pack(">I", 1) + label + b"\x00" + context + struct.pack(">I", bits)
    return hmac.new(key, data, hashlib.sha256).digest()[:bits // 8]


class Smb3Connection:
    """One SMB 3.1.1 connection: a request at a time, MessageIds 0, 1, 2, ..."""

    def __init__(self, host, port, timeout):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.message_id = 0
        self.session_id = 0
        self.tree_id = 0
        self.preauth = b"\x00" * 64  # MS-SMB2 3.2.5.2: H0, then SHA-512(H || message)
        self.signing_key = None

    def hash_in(self, message):
        self.preauth = hashlib.sha512(self.preauth + message).digest()

    def exchange(self, command, body, what, ok=(0,), hash_request=False):
        # MS-SMB2 2.2.1.2 SYNC header: ProtocolId, StructureSize 64, CreditCharge 1, Status,
        # Command, CreditRequest, Flags, NextCommand, MessageId, Reserved, TreeId, SessionId,
        # Signature.
        flags = 0x00000008 if self.signing_key else 0  # SMB2_FLAGS_SIGNED
        hdr = struct.pack("<4sHHIHHIIQIIQ16s", b"\xfeSMB", 64, 1, 0, command, 8, flags, 0,
                          self.message_id, 0xFEFF, self.tree_id, self.session_id, b"\x00" * 16)
        self.message_id += 1
        msg = hdr + body
        if self.signing_key:
            # MS-SMB2 3.1.4.1, HMAC-SHA256 as negotiated: over the message with a zero
            # Signature, truncated to 16 bytes.
            sig = hmac.new(self.signing_key, msg, hashlib.sha256).digest()[:16]
            msg = msg[:48] + sig + msg[64:]
        if hash_request:
            self.hash_in(msg)
        self.sock.sendall(struct.pack(">I", len(msg)) + msg)
        while True:
            (length,) = struct.unpack(">I", recv_exact(self.sock, 4))
            reply = Smb3Reply(recv_exact(self.sock, length & 0xFFFFFF))
            # An interim response (STATUS_PENDING, async) is followed by the real one.
            if reply.status != 0x00000103:
                break
        if reply.command != command or not reply.flags & SMB2_FLAGS_SERVER_TO_REDIR:
            raise SmbError("%s: the reply is command 0x%04x" % (what, reply.command))
        if reply.status not in ok:
            raise SmbError("%s: status 0x%08x" % (what, reply.status))
        return reply

    def negotiate(self):
        # MS-SMB2 2.2.3: StructureSize 36, DialectCount 1, SecurityMode SIGNING_ENABLED,
        # Capabilities 0, ClientGuid, NegotiateContextOffset, NegotiateContextCount 2, the
        # dialect 0x0311, padding to 8, SMB2_PREAUTH_INTEGRITY_CAPABILITIES (SHA-512, a 32-byte
        # salt; 2.2.3.1.1), padding to 8, SMB2_SIGNING_CAPABILITIES (HMAC-SHA256; 2.2.3.1.7).
        salt = os.urandom(32)
        pre = struct.pack("<HHH", 1, len(salt), 0x0001) + salt
        ctx = struct.pack("<HHI", 0x0001, len(pre), 0) + pre
        ctx += b"\x00" * ((-len(ctx)) % 8)
        signing = struct.pack("<HH", 1, 0x0000)
        ctx += struct.pack("<HHI", 0x0008, len(signing), 0) + signing
        fixed = 36 + 2  # the fixed part and one dialect
        pad = (-(SMB2_HEADER_SIZE + fixed)) % 8
        ctx_offset = SMB2_HEADER_SIZE + fixed + pad
        body = (struct.pack("<HHHHI16sIHH", 36, 1, 0x0001, 0, 0, os.urandom(16), ctx_offset, 2,
                            0) + struct.pack("<H", 0x0311) + b"\x00" * pad + ctx)
        reply = self.exchange(SMB2_NEGOTIATE, body, "NEGOTIATE", hash_request=True)
        self.hash_in(reply.data)
        (dialect,) = struct.unpack_from("<H", reply.body, 4)
        if dialect != 0x0311:
            raise SmbError("NEGOTIATE: the server chose dialect 0x%04x" % dialect)

    def session_setup(self, token):
        # MS-SMB2 2.2.5: StructureSize 25, Flags 0, SecurityMode SIGNING_ENABLED, Capabilities
        # 0, Channel 0, SecurityBufferOffset 88, SecurityBufferLength, PreviousSessionId 0.
        body = struct.pack("<HBBIIHHQ", 25, 0, 0x01, 0, 0, SMB2_HEADER_SIZE + 24, len(token),
                           0) + token
        reply = self.exchange(SMB2_SESSION_SETUP, body, "SESSION_SETUP",
                              ok=(0, STATUS_MORE_PROCESSING_REQUIRED), hash_request=True)
        if reply.status == STATUS_MORE_PROCESSING_REQUIRED:
            self.hash_in(reply.data)  # the final response is not hashed
        self.session_id = reply.session_id
        offset, length = struct.unpack_from("<HH", reply.body, 4)
        return reply.status, reply.data[offset:offset + length]

    def logon(self, user, password_hash):
        status, blob = self.session_setup(spnego_init(ntlm_negotiate()))
        if status != STATUS_MORE_PROCESSING_REQUIRED:
            raise SmbError("SESSION_SETUP: no challenge (status 0x%08x)" % status)
        auth, session_key = ntlm_authenticate(ntlmssp_from(blob), user, password_hash,
                                              "BENCHCLIENT")
        status, _ = self.session_setup(spnego_resp(auth))
        if status != 0 or self.session_id == 0:
            raise SmbError("SESSION_SETUP: status 0x%08x" % status)
        # MS-SMB2 3.2.5.3.1: SigningKey = KDF(SessionKey, "SMBSigningKey\0", the session's
        # pre-authentication hash).
        self.signing_key = kdf_sp800_108(session_key, b"SMBSigningKey\x00", self.preauth)

    def tree_connect(self, host, share):
        # MS-SMB2 2.2.9: StructureSize 9, Reserved, PathOffset 72, PathLength, the UNC path.
        path = ("\\\\%s\\%s" % (host, share)).encode("utf-16-le")
        body = struct.pack("<HHHH", 9, 0, SMB2_HEADER_SIZE + 8, len(path)) + path
        reply = self.exchange(SMB2_TREE_CONNECT, body, "TREE_CONNECT")
        self.tree_id = reply.tree_id

    def tree_disconnect(self):
        self.exchange(SMB2_TREE_DISCONNECT, struct.pack("<HH", 4, 0), "TREE_DISCONNECT")
        self.tree_id = 0

    def logoff(self):
        self.exchange(SMB2_LOGOFF, struct.pack("<HH", 4, 0), "LOGOFF")
        self.session_id = 0

    def close(self):
        self.sock.close()


class Client:
    def __init__(self, args):
        self.args = args
        self.hash = nt_hash(args.password)
        self.keys = {}  # NTOWFv2 per domain name the servers announce

    def open(self, depth):
        a = self.args
        if getattr(a, "dialect", "nt1") == "smb3":  # callers outside this script pass no dialect
            c = Smb3Connection(a.host, a.port, a.timeout)
            try:
                c.negotiate()
                if depth != "negotiate":
                    c.logon(a.user, self.hash)
                    c.tree_connect(a.host, a.share)
                return c
            except BaseException:
                c.close()
                raise
        c = Connection(a.host, a.port, a.timeout)
        try:
            c.negotiate()
            if depth == "negotiate":
                return c
            key = self.keys.get(c.domain)
            if key is None:
                key = self.keys[c.domain] = ntowf_v2(self.hash, a.user, c.domain)
            c.session_setup(a.user, key, av_pairs(c.domain, "BENCHCLIENT"))
            c.tree_connect(a.host, a.share)
            return c
        except BaseException:
            c.close()
            raise


def run_loop(client, count):
    start = time.perf_counter()
    for _ in range(count):
        c = client.open("full")
        c.tree_disconnect()
        c.logoff()
        c.close()
    seconds = time.perf_counter() - start
    print(json.dumps({"count": count, "seconds": seconds, "per_second": count / seconds}))


def run_hold(client, count, depth, parallel):
    start = time.perf_counter()
    held = []
    lock = threading.Lock()
    next_index = [0]

    def opener():
        # Each worker takes the next connection number until all are open; the first failure
        # stops them all.
        while True:
            with lock:
                i = next_index[0]
                if i >= count:
                    return
                next_index[0] += 1
            try:
                c = client.open(depth)
            except (OSError, SmbError) as e:
                with lock:
                    next_index[0] = count
                raise SmbError("connection %d of %d: %s" % (i + 1, count, e))
            with lock:
                held.append(c)

    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=parallel) as pool:
            for f in [pool.submit(opener) for _ in range(parallel)]:
                f.result()
        print("ready %d %.3f" % (len(held), time.perf_counter() - start), flush=True)
        sys.stdin.readline()
    finally:
        for c in held:
            c.close()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("mode", choices=("loop", "hold"))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--share", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--depth", choices=("full", "negotiate"), default="full")
    p.add_argument("--dialect", choices=("nt1", "smb3"), default="nt1",
                   help="SMB1 (NT LM 0.12) or SMB 3.1.1")
    p.add_argument("--parallel", type=int, default=1,
                   help="hold: connections opened at a time (threads)")
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per socket operation")
    args = p.parse_args()
    _self_check_md4()
    client = Client(args)
    try:
        if args.mode == "loop":
            run_loop(client, args.count)
        else:
            run_hold(client, args.count, args.depth, max(1, args.parallel))
    except (OSError, SmbError) as e:
        print("error: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
