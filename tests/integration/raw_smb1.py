#!/usr/bin/env python3
"""Raw SMB1 / NetBIOS probes for the error paths no ordinary client can reach.

A test client built from the field layouts in MS-CIFS and RFC 1001/1002, standard library only.
Each check opens its own connection, prints one line ("ok NAME: ..." or "FAIL NAME: ...") and the
script exits 1 if any check failed.

  raw_smb1.py --port P [--netbios-port NP] [--checks a,b] [--bad-uid-status 0x...]

Checks (no logon is needed for any of them):
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
"""

import argparse
import socket
import struct
import sys

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

def smb_header(command, uid=0, tid=0xFFFF, mid=1):
    # MS-CIFS 2.2.3.1: Protocol, Command, Status, Flags, Flags2, PIDHigh, SecurityFeatures[8],
    # Reserved, TID, PIDLow, UID, MID.
    flags = FLAGS_CASE_INSENSITIVE | FLAGS_CANONICALIZED_PATHS
    flags2 = FLAGS2_LONG_NAMES | FLAGS2_NT_STATUS | FLAGS2_UNICODE
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
            "uid": uid, "mid": mid, "words": payload[HEADER_SIZE + 1:words_end], "data": data}


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True, help="direct TCP port")
    parser.add_argument("--netbios-port", type=int, help="NetBIOS session service port")
    parser.add_argument("--checks", help="comma-separated subset (default: all that the ports allow)")
    parser.add_argument("--bad-uid-status", type=lambda s: int(s, 0), default=STATUS_SMB_BAD_UID)
    parser.add_argument("--timeout", type=float, default=5.0)
    args = parser.parse_args()

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
