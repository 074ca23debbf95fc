#!/usr/bin/env python3
"""Seeds for the smb2_header and smb2_session fuzz targets (fuzz/tools/smb2_seeds.py --out
fuzz/corpus): valid messages of each kind, each prefixed with the selector byte its target's .cc
file gives it, laid out from MS-SMB2 section 2.2; the Windows negotiate/session-setup messages and
the encrypted frames are the test vectors of the Microsoft Open Specifications blogs ("SMB 3.1.1
Pre-authentication integrity in Windows 10", "Encryption in SMB 3.0: A protocol perspective",
"SMB 3.1.1 Encryption in Windows 10"). Files are named seed-<name>; running it again rewrites
them."""

import argparse
import os
import struct

# Commands (MS-SMB2 2.2.1.2).
NEGOTIATE, SESSION_SETUP, LOGOFF, TREE_CONNECT, TREE_DISCONNECT = 0, 1, 2, 3, 4
CANCEL, ECHO, OPLOCK_BREAK = 0x0C, 0x0D, 0x12
SERVER_TO_REDIR, ASYNC = 0x1, 0x2


def header(cmd, status=0, flags=0, next_command=0, message_id=1, tree_id=0, session_id=0,
           async_id=None):
    """A 64-byte SMB2 header (MS-SMB2 2.2.1.1 / 2.2.1.2)."""
    h = b"\xfeSMB" + struct.pack("<HHIHHIIQ", 64, 1, status, cmd, 1, flags, next_command,
                                 message_id)
    if async_id is not None:
        h += struct.pack("<Q", async_id)
    else:
        h += struct.pack("<II", 0xFEFF, tree_id)
    return h + struct.pack("<Q", session_id) + b"\0" * 16


def utf16(s):
    return s.encode("utf-16-le")


def pad8(b):
    return b + b"\0" * (-len(b) % 8)


def context(ctype, data):
    """One negotiate context (2.2.3.1), unpadded."""
    return struct.pack("<HHI", ctype, len(data), 0) + data


def context_list(start, contexts):
    """Contexts laid out from offset `start` (from the header), each 8-byte aligned."""
    out = b""
    for i, c in enumerate(contexts):
        if i:
            out += b"\0" * (-(start + len(out)) % 8)
        out += c
    return out


WIN_NEGOTIATE_REQUEST = bytes.fromhex(
    "FE534D4240000100000000000000800000000000000000000100000000000000FFFE000000000000"
    "00000000000000000000000000000000000000000000000024000500000000003F000000ECD86F32"
    "6276024F9F7752B89BB33F3A70000000020000000202100200030203110300000100260000000000"
    "010020000100FA49E6578F1F3A9F4CD3E9CC14A67AA884B3D05844E0E5A118225C15887F32FF0000"
    "0200060000000000020002000100")
WIN_NEGOTIATE_RESPONSE = bytes.fromhex(
    "FE534D4240000100000000000000010001000000000000000100000000000000FFFE000000000000"
    "000000000000000000000000000000000000000000000000410001001103020039CBCAF329714942"
    "BDCE5D60F09AB3FB2F000000000080000000800000008000D8DAE5ADCBAED00109094AB095AED001"
    "80004001C00100006082013C06062B0601050502A08201303082012CA01A3018060A2B0601040182"
    "3702021E060A2B06010401823702020AA282010C048201084E45474F455854530100000000000000"
    "60000000700000007C7CC0FD06D6362D02DDE1CF343BFE292900F49750B4AA97934D9C4296B26E51"
    "FD370471B235E15A50DAE15BD5489C87000000000000000060000000010000000000000000000000"
    "5C33530DEAF90D4DB2EC4AE3786EC3084E45474F4558545303000000010000004000000098000000"
    "7C7CC0FD06D6362D02DDE1CF343BFE295C33530DEAF90D4DB2EC4AE3786EC3084000000058000000"
    "3056A05430523027802530233121301F06035504031318546F6B656E205369676E696E6720507562"
    "6C6963204B65793027802530233121301F06035504031318546F6B656E205369676E696E67205075"
    "626C6963204B6579010026000000000001002000010060A3C3B95C3C7CCD51EC536648D9B3AC74C4"
    "83CA5B65385A251117BEB30712E50000020004000000000001000200")
WIN_SESSION_SETUP_REQUEST = bytes.fromhex(
    "FE534D4240000100000000000100800000000000000000000200000000000000FFFE000000000000"
    "00000000000000000000000000000000000000000000000019000001010000000000000058004A00"
    "0000000000000000604806062B0601050502A03E303CA00E300C060A2B06010401823702020AA22A"
    "04284E544C4D5353500001000000978208E200000000000000000000000000000000060380250000"
    "000F")
WIN_SESSION_SETUP_RESPONSE = bytes.fromhex(
    "FE534D4240000100160000C00100010001000000000000000200000000000000FFFE000000000000"
    "190000000010000000000000000000000000000000000000090000004800B300A181B03081ADA003"
    "0A0101A10C060A2B06010401823702020AA281970481944E544C4D53535000020000000C000C0038"
    "00000015828AE20D1D8BA31179D008000000000000000050005000440000000A0092270000000F53"
    "005500540033003100310002000C0053005500540033003100310001000C00530055005400330031"
    "00310004000C0053005500540033003100310003000C0053005500540033003100310007000800A1"
    "A1F5ADCBAED00100000000")
TRANSFORM_300 = bytes.fromhex(
    "FD534D4281A286535415445DAE393921E44FA42E66E69A111892584FB5ED524A"
    "744DA3EE87000000000001001100001400E4080025C8FEE16605A437832D1CD5"
    "2DA9F4645333482A175FE5384563F45FCDAFAEF38BC62BA4D5C62897996625A4"
    "4C29BE5658DE2E6117585779E7B59FFD971278D08580D7FA899E410E910EABF5"
    "AA1DB43050B33B49182637759AC15D84BFCDF5B6B238993C0F4CF4D6012023F6"
    "C627297075D84B7803912D0A9639634453595EF3E33FFE4E7AC2AB")
TRANSFORM_311 = bytes.fromhex(
    "FD534D42BD73D97D2BC9001BCAFAC0FDFF5FEEBCC7D6822D269CAF48904C664C0000000087000000"
    "0000010025000000001000006ECDD2A7AFC7B47763057A041B8FD4DAFFE990B70C9E09D36C084E02"
    "D14EF247F8BDE38ACF6256F8B1D3B56F77FBDEB312FEA5E92CBCC1ED8FB2EBBFAA75E49A4A394BB4"
    "4576545567C24D4C014D47C9FBDFDAFD2C4F9B72F8D256452620A299F48E29E53D6B61D1C13A19E9"
    "1AF013F00D17E3ABC2FC3D36C8C1B6B93973253852DBD442E46EE8")


def negotiate_all_contexts():
    """A 3.1.1 NEGOTIATE request with every context type of 2.2.3.1 and an unknown one."""
    dialects = struct.pack("<HH", 0x0311, 0x0302)
    start = 64 + 36 + len(dialects)
    ctxs = [
        context(8, struct.pack("<HHH", 2, 2, 1)),
        context(5, utf16("fileserver")),
        context(6, struct.pack("<I", 1)),
        context(3, struct.pack("<HHIHH", 2, 0, 1, 5, 4)),
        context(7, struct.pack("<HHIHH", 2, 0, 0, 1, 2)),
        context(0x4242, b"\xaa\xbb\xcc"),
        context(2, struct.pack("<HHHHH", 4, 4, 3, 2, 1)),
        context(1, struct.pack("<HHH", 1, 4, 1) + b"salt"),
    ]
    body = struct.pack("<HHHHI", 36, 2, 1, 0, 0x7F) + bytes(range(16))
    body += struct.pack("<IHH", start, len(ctxs), 0) + dialects
    return header(NEGOTIATE) + body + context_list(start, ctxs)


def negotiate_202():
    body = struct.pack("<HHHHI", 36, 2, 1, 0, 0) + bytes(16) + bytes(8)
    return header(NEGOTIATE) + body + struct.pack("<HH", 0x0202, 0x0210)


def negotiate_response_210():
    body = struct.pack("<HHHH", 65, 1, 0x0210, 0) + bytes(range(16))
    body += struct.pack("<IIIIQQHHI", 0x7, 65536, 65536, 65536, 0x01D9000000000000, 0, 128, 0, 0)
    return header(NEGOTIATE, flags=SERVER_TO_REDIR) + body + b"\0"


def session_setup_request_binding():
    body = struct.pack("<HBBIIHHQ", 25, 1, 2, 1, 0, 88, 4, 0x1122334455667788) + b"\x60\x02\x05\x00"
    return header(SESSION_SETUP, flags=0x8, session_id=0x1000000019) + body


def session_setup_response_guest():
    return (header(SESSION_SETUP, flags=SERVER_TO_REDIR, session_id=0x1000000019) +
            struct.pack("<HHHH", 9, 1, 72, 0) + b"\0")


def four_byte(cmd, flags=0, **kw):
    return header(cmd, flags=flags, **kw) + struct.pack("<HH", 4, 0)


PATH = utf16("\\\\server\\share")


def tree_connect():
    return header(TREE_CONNECT, session_id=0x19) + struct.pack("<HHHH", 9, 0, 72, len(PATH)) + PATH


def tree_connect_extension():
    ctx = struct.pack("<HHI", 1, 4, 0) + b"\xde\xad\xbe\xef"
    path_end = 88 + len(PATH)
    ctx_offset = path_end + (-path_end % 8)
    body = struct.pack("<HHHH", 9, 0x0006, 88, len(PATH))
    body += struct.pack("<IH", ctx_offset, 1) + b"\0" * 10 + PATH
    body += b"\0" * (ctx_offset - path_end) + ctx
    return header(TREE_CONNECT, session_id=0x19) + body


def tree_connect_response():
    return (header(TREE_CONNECT, flags=SERVER_TO_REDIR, tree_id=5, session_id=0x19) +
            struct.pack("<HBBIII", 16, 1, 0, 0x8830, 0x108, 0x001F01FF))


def error_empty():
    return header(TREE_CONNECT, status=0xC00000CC, flags=SERVER_TO_REDIR) + bytes([9, 0, 0, 0, 0, 0, 0, 0, 0])


def error_buffer_too_small():
    return (header(0x10, status=0xC0000023, flags=SERVER_TO_REDIR) +
            struct.pack("<HBBI", 9, 0, 0, 4) + struct.pack("<I", 0x118))


def error_contexts():
    c1 = struct.pack("<II", 3, 0x72645253) + b"\x0a\x0b\x0c"
    c2 = struct.pack("<II", 2, 0) + struct.pack("<H", 0x0302)
    data = pad8(c1) + c2
    return (header(TREE_CONNECT, status=0xC00000CC, flags=SERVER_TO_REDIR) +
            struct.pack("<HBBI", 9, 2, 0, len(data)) + data)


def oplock_break_notification():
    return (header(OPLOCK_BREAK, flags=SERVER_TO_REDIR, message_id=0xFFFFFFFFFFFFFFFF) +
            struct.pack("<HBBIQQ", 24, 1, 0, 0, 0x11, 0x22))


def lease_break_notification():
    return (header(OPLOCK_BREAK, flags=SERVER_TO_REDIR, message_id=0xFFFFFFFFFFFFFFFF) +
            struct.pack("<HHI", 44, 3, 1) + bytes(range(16)) + struct.pack("<IIIII", 7, 1, 0, 0, 0))


def lease_break_ack():
    return (header(OPLOCK_BREAK, message_id=9, session_id=0x19, tree_id=5) +
            struct.pack("<HHI", 36, 0, 0) + bytes(range(16)) + struct.pack("<IQ", 1, 0))


def session_seeds():
    return {
        "negotiate-windows": (0, WIN_NEGOTIATE_REQUEST),
        "negotiate-all-contexts": (0, negotiate_all_contexts()),
        "negotiate-202": (0, negotiate_202()),
        "negotiate-response-windows": (1, WIN_NEGOTIATE_RESPONSE),
        "negotiate-response-210": (1, negotiate_response_210()),
        "session-setup-windows": (2, WIN_SESSION_SETUP_REQUEST),
        "session-setup-binding": (2, session_setup_request_binding()),
        "session-setup-response-windows": (3, WIN_SESSION_SETUP_RESPONSE),
        "session-setup-response-guest": (3, session_setup_response_guest()),
        "logoff": (4, four_byte(LOGOFF, session_id=0x19)),
        "logoff-response": (5, four_byte(LOGOFF, flags=SERVER_TO_REDIR, session_id=0x19)),
        "tree-connect": (6, tree_connect()),
        "tree-connect-extension": (6, tree_connect_extension()),
        "tree-connect-302": (7, tree_connect()),
        "tree-connect-response": (8, tree_connect_response()),
        "tree-disconnect": (9, four_byte(TREE_DISCONNECT, tree_id=5)),
        "tree-disconnect-response": (10, four_byte(TREE_DISCONNECT, flags=SERVER_TO_REDIR)),
        "echo": (11, four_byte(ECHO)),
        "echo-response": (12, four_byte(ECHO, flags=SERVER_TO_REDIR)),
        "cancel-async": (13, four_byte(CANCEL, flags=ASYNC, async_id=0x77)),
        "error-empty": (14, error_empty()),
        "error-buffer-too-small": (14, error_buffer_too_small()),
        "error-contexts": (14, error_contexts()),
        "oplock-break": (15, oplock_break_notification()),
        "lease-break": (15, lease_break_notification()),
        "lease-break-ack": (15, lease_break_ack()),
        "context-preauth": (16, struct.pack("<HHHH", 1, 1, 32, 1) + bytes(range(32))),
        "context-netname": (16, struct.pack("<H", 5) + utf16("srv.example")),
        "context-compression": (16, struct.pack("<HHHIHH", 3, 2, 0, 1, 2, 4)),
    }


def echo_chain(count):
    """`count` ECHO requests compounded: each padded to 72 bytes but the last."""
    out = b""
    for i in range(count):
        m = four_byte(ECHO, next_command=72 if i + 1 < count else 0, message_id=i + 1)
        out += pad8(m) if i + 1 < count else m
    return out


def header_seeds():
    return {
        "header-sync": (0, four_byte(ECHO)),
        "header-async": (0, four_byte(CANCEL, flags=ASYNC, async_id=0x1234)),
        "compound-one": (1, four_byte(ECHO)),
        "compound-three": (1, echo_chain(3)),
        "compound-related": (1, pad8(four_byte(ECHO, next_command=72)) +
                             four_byte(ECHO, flags=0x4, message_id=2)),
        "transform-300": (2, TRANSFORM_300),
        "transform-311": (2, TRANSFORM_311),
        "compression-unchained": (3, b"\xfcSMB" + struct.pack("<IHHI", 0x1000, 2, 0, 0) + b"\x11\x22"),
        "compression-chained": (3, b"\xfcSMB" + struct.pack("<IHHI", 0x200, 4, 1, 8) + bytes(8)),
        "receive-compound": (4, echo_chain(2)),
        "receive-transform": (4, TRANSFORM_311),
        "receive-smb1": (4, b"\xffSMBr" + bytes(27)),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True, help="the corpus directory (fuzz/corpus)")
    args = ap.parse_args()
    for target, seeds in (("smb2_session", session_seeds()), ("smb2_header", header_seeds())):
        d = os.path.join(args.out, target)
        os.makedirs(d, exist_ok=True)
        for name, (selector, data) in seeds.items():
            with open(os.path.join(d, "seed-" + name), "wb") as f:
                f.write(bytes([selector]) + data)


if __name__ == "__main__":
    main()
