#!/usr/bin/env python3
"""Hand-made edge cases for the fuzz corpora (fuzz/tools/edge_seeds.py --out fuzz/corpus): short
and lying inputs, the limits of each format, and requests real clients rarely send (OPEN_ANDX,
AndX chains, DOS error statuses). Files are named edge-<name>; running it again rewrites them."""

import argparse
import os
import struct

UNICODE, NT_STATUS, LONG_NAMES = 0x8000, 0x4000, 0x0001


def header(cmd, status=0, flags=0x18, flags2=UNICODE | NT_STATUS | LONG_NAMES, tid=0, uid=0,
           mid=1):
    return (b"\xffSMB" + bytes([cmd]) + struct.pack("<IBH", status, flags, flags2) +
            b"\0" * 12 + struct.pack("<HHHH", tid, 0x1234, uid, mid))


def block(words=b"", data=b""):
    assert len(words) % 2 == 0
    return bytes([len(words) // 2]) + words + struct.pack("<H", len(data)) + data


def msg(cmd, words=b"", data=b"", **kw):
    return header(cmd, **kw) + block(words, data)


def utf16z(s):
    return s.encode("utf-16-le") + b"\0\0"


def prefixed(*messages):
    return b"".join(struct.pack("<H", len(m)) + m for m in messages)


def andx(next_cmd=0xFF, offset=0):
    return struct.pack("<BBH", next_cmd, 0, offset)


def open_andx(name, open_mode=0x0001, access=0x0040, flags=0x0001, uid=1, tid=1, mid=5):
    words = andx() + struct.pack("<HHHHIHIII", flags, access, 0x16, 0, 0, open_mode, 0, 0, 0)
    return msg(0x2D, words, b"\0" + utf16z(name), uid=uid, tid=tid, mid=mid)


def read_andx(fid, offset=0, count=100, uid=1, tid=1, mid=6):
    words = andx() + struct.pack("<HIHHIHI", fid, offset, count, count, 0, 0, 0)
    return msg(0x2E, words, uid=uid, tid=tid, mid=mid)


def tree_connect(path, uid=1, mid=3):
    words = andx() + struct.pack("<HH", 0x0008, 1)
    return msg(0x75, words, b"\0" + utf16z(path) + b"?????\0", uid=uid, mid=mid)


def trans2(sub, params, data=b"", uid=1, tid=1, mid=7, max_data=16384):
    # 14 fixed words + 1 setup word; Name (Unicode: pad + NUL) then parameters at a 4-byte offset.
    fixed = 32 + 1 + 30 + 2
    pad_name = b"\0\0\0"  # one byte pad to align the Unicode name, then its NUL
    param_off = fixed + len(pad_name)
    param_off += (-param_off) % 4
    body = pad_name + b"\0" * (param_off - fixed - len(pad_name)) + params
    data_off = fixed + len(body)
    data_off += (-data_off) % 4
    body += b"\0" * (data_off - fixed - len(body)) + data
    words = struct.pack("<HHHHBBHIHHHHHBBH", len(params), len(data), 10, max_data, 0, 0, 0, 0, 0,
                        len(params), param_off, len(data), data_off if data else 0, 1, 0, sub)
    return msg(0x32, words, body, uid=uid, tid=tid, mid=mid)


def nt_create(name, access=0x0002019F, uid=1, tid=1, mid=4):
    encoded = utf16z(name)
    words = andx() + struct.pack("<BHIIIQIIIIIB", 0, len(encoded) - 2, 0, 0, access, 0, 0, 3, 1,
                                 0, 2, 0)
    return msg(0xA2, words, b"\0" + encoded, uid=uid, tid=tid, mid=mid)


def trans_pipe(setup, data=b"", params=b"", name="\\PIPE\\", uid=1, tid=1, mid=8,
               max_data=4280):
    """SMB_COM_TRANSACTION (MS-CIFS 2.2.4.33.1): the Name (Unicode, 2-aligned), then parameters
    and data 4-aligned from the header."""
    fixed = 32 + 1 + 2 * (14 + len(setup)) + 2
    body = b"\0" * (fixed % 2) + utf16z(name)
    param_off = fixed + len(body) + (-(fixed + len(body)) % 4)
    body += b"\0" * (param_off - fixed - len(body)) + params
    data_off = fixed + len(body) + (-(fixed + len(body)) % 4)
    body += b"\0" * (data_off - fixed - len(body)) + data
    words = struct.pack("<HHHHBBHIHHHHHBB", len(params), len(data), 16, max_data, 0, 0, 0, 0, 0,
                        len(params), param_off if params else 0, len(data),
                        data_off if data else 0, len(setup), 0)
    words += b"".join(struct.pack("<H", w) for w in setup)
    return msg(0x25, words, body, uid=uid, tid=tid, mid=mid)


def srvsvc_bind(call_id=1):
    """A DCE/RPC BIND of srvsvc 3.0 with NDR 2.0 (C706 12.6.4.3)."""
    body = struct.pack("<HHIB3x", 4280, 4280, 0, 1) + struct.pack("<HBx", 0, 1)
    body += bytes.fromhex("c84f324b7016d30112785a47bf6ee188") + struct.pack("<HH", 3, 0)
    body += bytes.fromhex("045d888aeb1cc9119fe808002b104860") + struct.pack("<I", 2)
    return struct.pack("<BBBBIHHI", 5, 0, 11, 3, 0x10, 16 + len(body), 0, call_id) + body


def negotiate(mid=1):
    return msg(0x72, data=b"\x02NT LM 0.12\0", mid=mid)


def seeds():
    s = {}
    # netbios: a session request to *SMBSERVER with a scope, a keepalive, a negative response,
    # the largest session message length, a truncated name.
    def nb_name(name, suffix=0x20):
        raw = name.ljust(15)[:15].encode() + bytes([suffix])
        return bytes([32]) + b"".join(bytes([65 + (c >> 4), 65 + (c & 15)]) for c in raw)
    req = nb_name("*SMBSERVER") + b"\x05scope\0" + nb_name("CLIENT", 0) + b"\0"
    s["netbios", "session-request-scope"] = b"\x81\0" + struct.pack(">H", len(req)) + req
    s["netbios", "keepalive-negative"] = b"\x85\0\0\0\x83\0\0\x01\x8f"
    s["netbios", "max-length"] = b"\0\xff\xff\xff" + b"\xffSMB"
    s["netbios", "short-name"] = b"\x81\0\0\x05\x20ABCD"
    s["netbios", "label-too-long"] = b"\x81\0\0\x30" + nb_name("X")[:33] + b"\x40" + b"a" * 14

    # smb1_message: an AndX chain, a chain pointing backwards, a ByteCount past the end.
    ss = andx(0x75, 0) + struct.pack("<HHHIHHII", 16644, 50, 0, 0, 0, 0, 0, 0x80000054)[:-4] + \
        struct.pack("<I", 0x54)
    chain = header(0x73) + block(ss[:24], b"")
    tc = block(andx() + struct.pack("<HH", 0, 1), b"\0\0" + utf16z("\\\\S\\data") + b"?????\0")
    chain = bytearray(chain)
    struct.pack_into("<H", chain, 32 + 1 + 2, len(chain))
    s["smb1_message", "andx-chain"] = bytes(chain) + tc
    back = bytearray(chain + tc)
    struct.pack_into("<H", back, 32 + 1 + 2, 10)
    s["smb1_message", "andx-backwards"] = bytes(back)
    s["smb1_message", "bytecount-lies"] = header(0x2B) + b"\x01\x01\x00\xff\xffabc"
    s["smb1_message", "wordcount-255"] = header(0x2B) + b"\xff" + b"\0" * 40

    # Families: lying and truncated blocks.
    s["smb1_negotiate", "no-terminator"] = b"\0" + msg(0x72, data=b"\x02NT LM 0.12")
    s["smb1_negotiate", "bad-format"] = b"\0" + msg(0x72, data=b"\x03NT LM 0.12\0")
    s["smb1_negotiate", "no-dialect-reply"] = b"\x01" + msg(0x72, b"\xff\xff", flags=0x98)
    s["smb1_session_setup", "ext-blob-too-long"] = b"\x02" + msg(
        0x73, andx() + struct.pack("<HHHIHIIH", 4356, 2, 0, 0, 0xFFFF, 0, 0x80000054, 0)[:20],
        b"`\x05abc")
    s["smb1_tree", "unterminated-service"] = b"\0" + msg(
        0x75, andx() + struct.pack("<HH", 0, 1), b"\0\0" + utf16z("\\\\S\\data") + b"A:")
    s["smb1_tree", "password-too-long"] = b"\0" + msg(0x75, andx() + struct.pack("<HH", 0, 500))
    s["smb1_misc", "echo-zero"] = b"\x02" + msg(0x2B, b"\0\0", b"x" * 17)
    s["smb1_misc", "dos-error-baduid"] = b"\x08" + msg(0x2E, status=0x005B0002, flags2=UNICODE)
    s["smb1_misc", "dos-error-badfile"] = b"\x08" + msg(0x2D, status=0x00020001, flags2=0)
    s["smb1_misc", "nt-error-no-flag"] = b"\x08" + msg(0x2D, status=0xC0000034, flags2=0)
    s["smb1_open", "open-andx"] = b"\0" + open_andx("\\hello.txt")
    s["smb1_open", "open-andx-oem"] = b"\0" + msg(0x2D, open_andx("x")[33:33 + 30],
                                                  b"\\hello.txt\0", flags2=0)
    s["smb1_open", "nt-create-name-length-lies"] = b"\x02" + msg(
        0xA2, andx() + struct.pack("<BHIIIQIIIIIB", 0, 0xFFFF, 0, 0, 0x80, 0, 0, 7, 1, 0, 2, 0),
        b"\0" + utf16z("a"))
    s["smb1_read_write", "read-offset-high"] = b"\0" + msg(
        0x2E, andx() + struct.pack("<HIHHIHI", 1, 0, 0xFFFF, 0, 0xFFFF, 0, 0xFFFFFFFF))
    write_words = andx() + struct.pack("<HIIHHHHHI", 1, 0, 0, 0, 0, 0, 5, 64, 0)
    s["smb1_read_write", "write-andx"] = b"\x02" + msg(0x2F, write_words, b"\0" * 1 + b"hello")
    s["smb1_read_write", "write-offset-past-end"] = b"\x02" + msg(
        0x2F, andx() + struct.pack("<HIIHHHHHI", 1, 0, 0, 0, 0, 0, 500, 64, 0), b"\0hello")
    s["smb1_read_write", "read-reply-data-outside"] = b"\x01" + msg(
        0x2E, andx() + struct.pack("<HHHHH", 0xFFFF, 0, 0, 100, 8) + b"\0" * 10, b"xyz",
        flags=0x98)

    # TRANSACTION2: a query, a primary announcing more, a secondary part, the split checks.
    qfs = trans2(3, struct.pack("<H", 0x105))
    s["smb1_trans2", "query-fs"] = b"\0" + qfs
    more = bytearray(trans2(5, struct.pack("<HI", 0x101, 0) + utf16z("hello.txt")))
    struct.pack_into("<H", more, 33, 200)  # TotalParameterCount above this part's
    sec_words = struct.pack("<HHHHHHHHH", 200, 0, 4, 60, 30, 0, 0, 0, 0xFFFF)
    secondary = msg(0x33, sec_words, b"\0" * 5 + b"abcd", uid=1, tid=1, mid=7)
    s["smb1_trans2", "assemble-two-parts"] = b"\x03" + prefixed(bytes(more), secondary,
                                                              secondary)
    s["smb1_trans2", "secondary"] = b"\x02" + secondary
    for name, (pc, dc, setup, maxbuf) in {
            "split-small-buffer": (100, 5000, 1, 200), "split-empty": (0, 0, 0, 100),
            "split-too-small": (10, 10, 3, 60), "split-max": (4000, 65535, 1, 65535),
            "split-params-only": (3000, 0, 2, 1000)}.items():
        s["smb1_trans2", name] = b"\x05" + struct.pack("<HHBHB", pc, dc, setup, maxbuf, 1)

    # TRANSACTION2 parameters and data.
    s["smb1_trans2_data", "dos-times"] = b"\x0c" + struct.pack("<HHQ", 0x5A21, 0x8C00, 0) + \
        struct.pack("<HHQ", 0xFFFF, 0xFFFF, 0x01D9000000000000) + struct.pack("<HH", 0x21, 0)
    s["smb1_trans2_data", "find-first-no-name"] = b"\x84" + struct.pack("<HHHHI", 0x16, 10, 6,
                                                                       0x104, 0)
    s["smb1_trans2_data", "param-string-odd"] = b"\x8b" + b"a\0b\0c"
    s["smb1_trans2_data", "find-standard-entry"] = b"\x48" + struct.pack("<HH", 1, 1) + \
        struct.pack("<I", 7) + b"\0" * 22 + b"\x05" + b"a.txt\0"
    s["smb1_trans2_data", "passthrough-basic"] = b"\x89" + struct.pack("<H", 1004) + \
        struct.pack("<QQQQI", 1, 2, 3, 4, 0x20) + b"\0" * 4

    # MS-FSCC structures.
    basic = struct.pack("<QQQQI", 132000000000000000, 1, 2, 3, 0x80) + b"\0" * 4
    s["fscc_info", "basic"] = bytes([0, 4]) + basic
    s["fscc_info", "standard"] = bytes([0, 5]) + struct.pack("<QQIBBH", 4096, 13, 1, 0, 0, 0)
    s["fscc_info", "network-open"] = bytes([0, 34]) + struct.pack("<QQQQQQI", 1, 2, 3, 4, 8, 9,
                                                                  0x20) + b"\0" * 4
    s["fscc_info", "name-length-lies"] = bytes([0, 9]) + struct.pack("<I", 0xFFFFFFF0) + b"a\0"
    label = "VOL".encode("utf-16-le")
    s["fscc_info", "fs-volume"] = bytes([1, 1]) + struct.pack("<QIIBB", 5, 0x1234, len(label), 0,
                                                              0) + label
    name = "NTFS".encode("utf-16-le")
    s["fscc_info", "fs-attribute"] = bytes([1, 5]) + struct.pack("<IiI", 0x7, 255, len(name)) + name
    s["fscc_info", "fs-size"] = bytes([1, 3]) + struct.pack("<QQII", 100, 50, 8, 512)

    def dir_entry(fname, next_off):
        n = fname.encode("utf-16-le")
        e = struct.pack("<IIQQQQQQII", next_off, 0, 1, 2, 3, 4, 13, 4096, 0x20, len(n)) + n
        return e
    e1 = dir_entry("a.txt", 0)
    e1 = dir_entry("a.txt", (len(e1) + 7) & ~7)
    first = e1 + b"\0" * ((-len(e1)) % 8)
    s["fscc_info", "directory-two"] = bytes([2, 1]) + first + dir_entry("b", 0)
    s["fscc_info", "directory-loop"] = bytes([2, 1]) + dir_entry("a", 8) + dir_entry("b", 0)
    s["fscc_info", "names-oem"] = bytes([0x82, 12]) + struct.pack("<III", 0, 0, 3) + b"abc"

    # Wildcards.
    for name, v in {"star-ext": b"*.txt\0hello.txt", "dos-star": b"<.txt\0a.b.txt",
                    "dos-qm": b"a>>\0a.b", "dos-dot": b'a"\0a', "qmark": b"h?llo\0HELLO",
                    "many-stars": b"*a" * 200 + b"\0" + b"a" * 300,
                    "mixed": b'<"*>?\0x.y.z', "case": b"ABC\0abc",
                    "utf8": "\u00e9*\0\u00c9t\u00e9".encode()}.items():
        s["fscc_wildcard", name] = v

    # NTLMSSP and SPNEGO edge cases.
    neg = b"NTLMSSP\0" + struct.pack("<II", 1, 0x00003207) + struct.pack("<HHI", 5, 5, 40) + \
        struct.pack("<HHI", 4, 4, 45) + b"\x0a\x00\x63\x45\x00\x00\x00\x0f" + b"DOMAINWKST"
    s["ntlmssp", "negotiate-oem-fields"] = b"\0" + neg
    s["ntlmssp", "challenge-offset-past-end"] = b"\x01" + b"NTLMSSP\0" + struct.pack(
        "<IHHII", 2, 10, 10, 0xFFFFFFF0, 0x00890205) + b"\x01" * 8 + b"\0" * 8 + struct.pack(
        "<HHI", 4, 4, 48) + b"\0\0\0\0"
    s["ntlmssp", "av-no-eol"] = b"\x03" + struct.pack("<HH", 1, 4) + "AB".encode("utf-16-le")
    s["ntlmssp", "av-timestamp"] = b"\x03" + struct.pack("<HHQ", 7, 8, 1) + struct.pack(
        "<HHI", 6, 4, 2) + struct.pack("<HH", 0, 0)
    s["spnego", "indefinite-length"] = b"\x60\x80\x06\x06\x2b\x06\x01\x05\x05\x02\x00\x00"
    s["spnego", "long-form-length"] = b"\xa1\x84\x00\x00\x00\x05\x30\x03\x0a\x01\x00"
    deep = b"\x05\x00"
    for _ in range(40):
        deep = b"\x30" + bytes([len(deep)]) + deep if len(deep) < 128 else \
            b"\x30\x81" + bytes([len(deep)]) + deep
    s["spnego", "nested-40"] = deep
    s["spnego", "oid-huge-arc"] = b"\x06\x0b\x2b\x86\xff\xff\xff\xff\xff\xff\xff\xff\x7f"
    s["spnego", "resp-reject"] = b"\xa1\x07\x30\x05\xa0\x03\x0a\x01\x02"

    # smbpasswd.
    s["smbpasswd", "samples"] = (
        b"# comment\n\nalice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:"
        b"878D8014606CDA29677A44EFA1353FC7:[U          ]:LCT-5F5E1000:\n"
        b"bob:1001:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:[NDU        ]:"
        b"LCT-00000000:\r\n")
    s["smbpasswd", "bad-hash"] = b"eve:1:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:12345:[U]:\n"
    s["smbpasswd", "bad-flags"] = b"eve:1:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:" + b"a" * 32 + b":[Q]:\n"
    s["smbpasswd", "uid-overflow"] = b"x:99999999999999999999999:" + b"X" * 32 + b":" + b"X" * 32 + b":\n"

    # Whole connections.
    s["server_unauth", "negotiate-echo"] = prefixed(negotiate(), msg(0x2B, b"\x01\0", b"ping"))
    s["server_unauth", "before-negotiate"] = prefixed(msg(0x2B, b"\x01\0", b"ping"), negotiate())
    s["server_unauth", "tree-without-logon"] = prefixed(negotiate(), tree_connect("\\\\S\\data"))
    s["server_unauth", "reply-closes"] = prefixed(negotiate(), msg(0x2B, b"\x01\0", flags=0x98))
    s["server_authed", "open-andx-read"] = prefixed(
        tree_connect("\\\\SMBKIT\\data"), open_andx("\\hello.txt"), read_andx(1),
        read_andx(1, offset=5, count=0xFFFF), msg(0x04, struct.pack("<HI", 1, 0), uid=1, tid=1))
    s["server_authed", "open-andx-create"] = prefixed(
        tree_connect("\\\\SMBKIT\\data"), open_andx("\\new.txt", open_mode=0x0011, access=0x42),
        open_andx("\\sub", open_mode=0x0001), open_andx("\\..\\etc\\passwd"))
    s["server_authed", "trans2-queries"] = prefixed(
        tree_connect("\\\\SMBKIT\\data"),
        trans2(3, struct.pack("<H", 1005)), trans2(3, struct.pack("<H", 0x102)),
        trans2(5, struct.pack("<HI", 1018, 0) + utf16z("\\sub\\inner.txt")),
        trans2(5, struct.pack("<HI", 0x107, 0) + utf16z("\\big.bin")),
        trans2(1, struct.pack("<HHHHI", 0x16, 2, 0x06, 0x104, 0) + utf16z("\\*"), max_data=600),
        trans2(2, struct.pack("<HHHIH", 1, 10, 0x104, 0, 0x0C) + utf16z("")),
        msg(0x34, b"\x01\x00", uid=1, tid=1))
    # Named pipes on IPC$: srvsvc opened, a BIND by TransactNmPipe, READ_ANDX with nothing to
    # read, the pipe state, WRITE_ANDX of the BIND again (a second BIND breaks the pipe), a RAP
    # call, an unknown pipe, a lock on the pipe, CLOSE.
    s["server_authed", "ipc-srvsvc"] = prefixed(
        tree_connect("\\\\SMBKIT\\IPC$"), nt_create("\\srvsvc"),
        trans_pipe([0x26, 1], srvsvc_bind()), read_andx(1, count=4280),
        trans_pipe([0x21, 1], mid=9),
        msg(0x2F, andx() + struct.pack("<HIIHHHHHI", 1, 0, 0, 0x08, 0, 0, 72, 64, 0),
            b"\0" + srvsvc_bind(2), uid=1, tid=1, mid=10),
        read_andx(1, count=16, mid=11), read_andx(1, count=4280, mid=12),
        trans_pipe([], params=struct.pack("<H", 0x68) + b"WrLehDz\0B16BBDz\0" +
                   struct.pack("<HHI", 1, 4280, 0xFFFFFFFF), name="\\PIPE\\LANMAN", mid=13),
        nt_create("\\PIPE\\samr", mid=14),
        msg(0x24, andx() + struct.pack("<HBBIHH", 1, 0, 0, 0, 0, 1) + b"",
            struct.pack("<HII", 1, 0, 10), uid=1, tid=1, mid=15),
        msg(0x04, struct.pack("<HI", 1, 0), uid=1, tid=1, mid=16))
    s["server_authed", "ipc-and-disconnect"] = prefixed(
        tree_connect("\\\\SMBKIT\\IPC$"), msg(0x71, uid=1, tid=1), msg(0x74, andx(), uid=1))
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    for (target, name), content in seeds().items():
        d = os.path.join(args.out, target)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "edge-" + name), "wb") as f:
            f.write(content)


if __name__ == "__main__":
    main()
