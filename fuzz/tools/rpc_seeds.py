#!/usr/bin/env python3
"""Seeds for the rpc_pdu and rpc_srvsvc fuzz targets (fuzz/tools/rpc_seeds.py --out fuzz/corpus):
real DCE/RPC PDUs laid out from C706 chapter 12.6 (connection-oriented PDUs) and NDR 2.0 stubs of
srvsvc (MS-SRVS NetrShareEnum, NetrShareGetInfo, NetrServerGetInfo) and wkssvc (MS-WKST
NetrWkstaGetInfo), each prefixed with the selector byte its target's .cc file gives it. Files are
named seed-<name>; running it again rewrites them."""

import argparse
import os
import struct

# PTYPE (C706 12.6.3.1)
REQUEST, RESPONSE, FAULT, BIND, BIND_ACK, BIND_NAK = 0, 2, 3, 11, 12, 13
ALTER_CONTEXT, ALTER_CONTEXT_RESP, ORPHANED = 14, 15, 19
FIRST, LAST, DID_NOT_EXECUTE, OBJECT_UUID = 0x01, 0x02, 0x20, 0x80


def uuid(text):
    """A UUID in NDR little-endian wire order."""
    h = bytes.fromhex(text.replace("-", ""))
    return h[3::-1] + h[5:3:-1] + h[7:5:-1] + h[8:]


def syntax(text, major, minor=0):
    return uuid(text) + struct.pack("<HH", major, minor)


NDR = syntax("8a885d04-1ceb-11c9-9fe8-08002b104860", 2)
NDR64 = syntax("71710533-beba-4937-8319-b5dbef9ccc36", 1)
SRVSVC = syntax("4b324fc8-1670-01d3-1278-5a47bf6ee188", 3)
WKSSVC = syntax("6bffd098-a112-3610-9833-46c3f87e345a", 1)


def feature_syntax(bits):
    """MS-RPCE 3.3.1.5.3: 6CB71C2C-9812-4540 and the 8-octet bitmask, version 1.0."""
    return uuid("6cb71c2c-9812-4540-0000-000000000000")[:8] + bytes([bits]) + bytes(7) + \
        struct.pack("<HH", 1, 0)


def pdu(ptype, body, call_id=1, flags=FIRST | LAST, auth=b"", drep=b"\x10\0\0\0"):
    """The 16-byte common header (C706 12.6.3.1), the body, the auth verifier."""
    length = 16 + len(body) + len(auth)
    auth_length = len(auth) - 8 if auth else 0
    return struct.pack("<BBBB", 5, 0, ptype, flags) + drep + \
        struct.pack("<HHI", length, auth_length, call_id) + body + auth


def bind(contexts, call_id=1, frag=4280, assoc=0, ptype=BIND, auth=b""):
    """contexts: (context id, abstract syntax, [transfer syntaxes])."""
    body = struct.pack("<HHIB3x", frag, frag, assoc, len(contexts))
    for cid, abstract, transfers in contexts:
        body += struct.pack("<HBx", cid, len(transfers)) + abstract + b"".join(transfers)
    return pdu(ptype, body, call_id, auth=auth)


def bind_ack(results, call_id=1, address=b"\\PIPE\\srvsvc", ptype=BIND_ACK, frag=4280):
    """results: (result, reason, transfer syntax)."""
    addr = struct.pack("<H", len(address) + 1) + address + b"\0" if address else b"\0\0"
    body = struct.pack("<HHI", frag, frag, 0x53F0) + addr
    body += b"\0" * (-(16 + len(body)) % 4)
    body += struct.pack("<B3x", len(results))
    for result, reason, transfer in results:
        body += struct.pack("<HH", result, reason) + transfer
    return pdu(ptype, body, call_id)


def request(opnum, stub, call_id=2, context=0, flags=FIRST | LAST, obj=None, auth=b""):
    body = struct.pack("<IHH", len(stub), context, opnum) + (obj or b"") + stub
    return pdu(REQUEST, body, call_id, flags | (OBJECT_UUID if obj else 0), auth)


def fragments(opnum, stub, call_id=2, chunk=16):
    out = []
    for off in range(0, len(stub), chunk):
        flags = (FIRST if off == 0 else 0) | (LAST if off + chunk >= len(stub) else 0)
        out.append(request(opnum, stub[off:off + chunk], call_id, flags=flags))
    return out


def response(stub, call_id=2, flags=FIRST | LAST):
    return pdu(RESPONSE, struct.pack("<IHBx", len(stub), 0, 0) + stub, call_id, flags)


def fault(status, call_id=2):
    return pdu(FAULT, struct.pack("<IHBxI4x", 0, 0, 0, status), call_id,
               FIRST | LAST | DID_NOT_EXECUTE)


class Ndr:
    """NDR 2.0 (C706 chapter 14): aligned primitives, [string] wchar_t*, unique pointers whose
    referents follow the construct holding them, depth first."""

    def __init__(self):
        self.b = bytearray()
        self.next_id = 0x20000
        self.queue = []

    def align(self, n):
        self.b += b"\0" * (-len(self.b) % n)

    def u32(self, v):
        self.align(4)
        self.b += struct.pack("<I", v)

    def wstr(self, s):
        units = len(s.encode("utf-16-le")) // 2 + 1
        self.u32(units)
        self.u32(0)
        self.u32(units)
        self.b += s.encode("utf-16-le") + b"\0\0"

    def ptr(self, referent):
        """referent: None for NULL, else a function writing it (deferred)."""
        if referent is None:
            self.u32(0)
            return
        self.u32(self.next_id)
        self.next_id += 4
        self.queue.append(referent)

    def ptr_top(self, referent):
        if referent is None:
            self.u32(0)
            return
        self.u32(self.next_id)
        self.next_id += 4
        referent()
        self.flush()

    def sptr(self, s):
        self.ptr(None if s is None else (lambda: self.wstr(s)))

    def flush(self):
        queue, self.queue = self.queue, []
        for referent in queue:
            referent()
            self.flush()


def share_info(n, level, name, stype=0, remark="", path="C:\\data"):
    if level == 1005:
        n.u32(0)
        return
    n.sptr(name)
    if level == 0:
        return
    n.u32(stype)
    n.sptr(remark)
    if level == 501:
        n.u32(0)
        return
    if level == 1:
        return
    n.u32(0)
    n.u32(0xFFFFFFFF)
    n.u32(1)
    n.sptr(path)
    n.sptr(None)
    if level == 502:
        n.u32(0)
        n.ptr(None)


def enum_struct(n, level, shares):
    """SHARE_ENUM_STRUCT (MS-SRVS 2.2.4.38); shares None for an empty container."""
    n.u32(level)
    n.u32(level)

    def container():
        n.u32(len(shares or []))

        def array():
            n.u32(len(shares))
            for s in shares:
                share_info(n, level, *s)
        n.ptr(array if shares else None)
    n.ptr(container)
    n.flush()


def share_enum_request(level=1, server="\\\\SMBKIT", resume=0, pref=0xFFFFFFFF):
    n = Ndr()
    n.ptr_top(None if server is None else (lambda: n.wstr(server)))
    enum_struct(n, level, None)
    n.u32(pref)
    n.ptr_top(None if resume is None else (lambda: n.u32(resume)))
    return bytes(n.b)


def share_enum_response(level, shares, status=0):
    n = Ndr()
    enum_struct(n, level, shares)
    n.u32(len(shares))
    n.ptr_top(lambda: n.u32(0))
    n.u32(status)
    return bytes(n.b)


def share_get_info_request(name, level, server="\\\\SMBKIT"):
    n = Ndr()
    n.ptr_top(lambda: n.wstr(server))
    n.wstr(name)
    n.u32(level)
    return bytes(n.b)


def share_get_info_response(level, share, status=0):
    n = Ndr()
    n.u32(level)
    n.ptr(None if share is None else (lambda: share_info(n, level, *share)))
    n.flush()
    n.u32(status)
    return bytes(n.b)


def level_request(level, server="\\\\SMBKIT"):
    """NetrServerGetInfo and NetrWkstaGetInfo requests: ServerName, Level."""
    n = Ndr()
    n.ptr_top(lambda: n.wstr(server))
    n.u32(level)
    return bytes(n.b)


def server_info_response(level, name="SMBKIT", comment="smbkit", status=0):
    n = Ndr()
    n.u32(level)

    def info():
        n.u32(500)
        n.sptr(name)
        if level == 100:
            return
        n.u32(10)
        n.u32(0)
        n.u32(0x9003)
        n.sptr(comment)
        if level == 101:
            return
        for v in (0, 15, 0, 240, 3000, 0):
            n.u32(v)
        n.sptr("C:\\")
    n.ptr(info if status == 0 else None)
    n.flush()
    n.u32(status)
    return bytes(n.b)


def wksta_response(name="SMBKIT", group="WORKGROUP"):
    n = Ndr()
    n.u32(100)

    def info():
        n.u32(500)
        n.sptr(name)
        n.sptr(group)
        n.u32(10)
        n.u32(0)
    n.ptr(info)
    n.flush()
    n.u32(0)
    return bytes(n.b)


SHARES = [("data", 0, "Data"), ("IPC$", 0x80000003, "IPC Service"), ("music", 0, "")]
SECTRAILER = struct.pack("<BBBBI", 10, 2, 0, 0, 0)  # NTLMSSP, connect level


def prefixed(*pieces):
    return b"".join(struct.pack("<H", len(p)) + p for p in pieces)


def pdu_seeds():
    windows_bind = bind([(0, SRVSVC, [NDR]), (1, SRVSVC, [NDR64]),
                         (2, SRVSVC, [feature_syntax(3)])])
    seeds = {
        "header-request": (0, request(15, share_enum_request())),
        "header-big-endian": (0, struct.pack(">BBBB4sHHI", 5, 0, 0, 3, b"\0\0\0\0", 24, 0, 7) +
                              bytes(8)),
        "bind-srvsvc": (1, bind([(0, SRVSVC, [NDR])])),
        "bind-windows": (1, windows_bind),
        "bind-auth": (1, bind([(0, SRVSVC, [NDR])], auth=SECTRAILER + b"NTLMSSP\0")),
        "alter-context": (1, bind([(1, WKSSVC, [NDR, NDR64])], call_id=3, ptype=ALTER_CONTEXT)),
        "bind-ack": (2, bind_ack([(0, 0, NDR)])),
        "bind-ack-windows": (2, bind_ack([(0, 0, NDR), (2, 2, bytes(20)), (3, 2, bytes(20))])),
        "alter-context-resp": (2, bind_ack([(0, 0, NDR)], address=b"", ptype=ALTER_CONTEXT_RESP)),
        "bind-nak": (3, pdu(BIND_NAK, struct.pack("<HBBB3x", 4, 1, 5, 0))),
        "request-share-enum": (4, request(15, share_enum_request())),
        "request-object": (4, request(21, level_request(101), obj=uuid(
            "00112233-4455-6677-8899-aabbccddeeff"))),
        "request-auth": (4, request(16, share_get_info_request("IPC$", 1005),
                                    auth=SECTRAILER + bytes(16))),
        "response": (5, response(share_enum_response(1, SHARES))),
        "response-middle": (5, response(bytes(32), flags=0)),
        "fault": (6, fault(0x1C010002)),
    }
    stubs = {
        "share-enum-request": (0, share_enum_request()),
        "share-enum-request-502": (0, share_enum_request(502, resume=None, pref=4096)),
        "share-enum-response-1": (1, share_enum_response(1, SHARES)),
        "share-enum-response-0": (1, share_enum_response(0, SHARES)),
        "share-enum-response-2": (1, share_enum_response(2, SHARES)),
        "share-enum-response-501": (1, share_enum_response(501, SHARES)),
        "share-enum-response-502": (1, share_enum_response(502, SHARES)),
        "share-get-info-request": (2, share_get_info_request("data", 2)),
        "share-get-info-response-502": (3, share_get_info_response(502, SHARES[0])),
        "share-get-info-response-1005": (3, share_get_info_response(1005, SHARES[0])),
        "share-get-info-not-found": (3, share_get_info_response(1, None, 2310)),
        "server-get-info-request": (4, level_request(102)),
        "server-get-info-response-101": (5, server_info_response(101)),
        "server-get-info-response-102": (5, server_info_response(102)),
        "wksta-get-info-request": (6, level_request(100)),
        "wksta-get-info-response": (7, wksta_response()),
    }
    for name, (sub, stub) in stubs.items():
        seeds["stub-" + name] = (7, bytes([sub]) + stub)
    # NDR reader: opcodes (string, u32, pointer to u32, flush, conformance of 4-byte elements,
    # u64), then the data they read.
    ops = bytes([4, 2, 6, 7, 5 | (3 << 3), 3])
    data = Ndr()
    data.wstr("share")
    data.u32(7)
    data.u32(0x20000)
    data.u32(9)
    data.u32(2)
    data.u32(1)
    data.u32(2)
    seeds["ndr-ops"] = (8, bytes([len(ops)]) + ops + bytes(data.b))
    big = share_enum_response(1, SHARES * 10)
    seeds["client-share-enum"] = (9, struct.pack("<I", 2) + prefixed(
        response(big[:48], flags=FIRST), response(big[48:96], flags=0),
        response(big[96:], flags=LAST)))
    seeds["client-server-info"] = (9, struct.pack("<I", 3) + prefixed(
        response(server_info_response(101), call_id=3)))
    seeds["client-bind-ack"] = (9, struct.pack("<I", 1) + prefixed(bind_ack([(0, 0, NDR)])))
    seeds["client-fault"] = (9, struct.pack("<I", 2) + prefixed(fault(0x1C010003)))
    return seeds


def srvsvc_seeds():
    # Selector bits (rpc_srvsvc_fuzz.cc): 1 wkssvc, 2 bind first, 4 small limits, 8 fix up
    # frag_length, 0x30 read size.
    srv_bind = bind([(0, SRVSVC, [NDR])])
    return {
        "share-enum-levels": (2, prefixed(*[request(15, share_enum_request(level), call_id=2 + i)
                                            for i, level in enumerate((0, 1, 2, 501, 502, 503))])),
        "share-enum-paged": (2, prefixed(request(15, share_enum_request(1, pref=64)),
                                         request(15, share_enum_request(1, resume=3, pref=64)))),
        "share-get-info": (2, prefixed(*[request(16, share_get_info_request(name, level),
                                                 call_id=10 + i)
                                         for i, (name, level) in enumerate(
                                             (("IPC$", 1005), ("DATA", 502), ("hidden$", 2),
                                              ("nosuch", 1), ("data", 7)))])),
        "server-get-info": (2, prefixed(*[request(21, level_request(level), call_id=20 + level)
                                          for level in (100, 101, 102, 103)])),
        "wksta-get-info": (3, prefixed(request(0, level_request(100)),
                                       request(0, level_request(101), call_id=3),
                                       request(5, b"", call_id=4))),
        "windows-bind-then-calls": (0x00, prefixed(
            bind([(0, SRVSVC, [NDR]), (1, SRVSVC, [NDR64]), (2, SRVSVC, [feature_syntax(3)])]),
            request(15, share_enum_request()),
            request(15, share_enum_request(), call_id=3, context=1))),
        "alter-context": (0x00, prefixed(
            bind([(0, SRVSVC, [NDR64])]),
            bind([(1, SRVSVC, [NDR])], call_id=2, ptype=ALTER_CONTEXT),
            request(21, level_request(101), call_id=3, context=1))),
        "fragmented-request": (0x06, prefixed(*fragments(15, share_enum_request(502)))),
        "large-response-small-frags": (0x06, prefixed(request(15, share_enum_request(502)))),
        "fixup-lengths": (0x0A, prefixed(request(15, share_enum_request(1)) + b"\0" * 4)),
        "small-reads": (0x10, prefixed(srv_bind, request(15, share_enum_request(2)))),
        "piece-sized-reads": (0x30, prefixed(srv_bind,
                                             request(16, share_get_info_request("data", 1)))),
        "orphaned": (2, prefixed(fragments(15, share_enum_request(1))[0],
                                 pdu(ORPHANED, b"", call_id=2),
                                 request(15, share_enum_request(1), call_id=3))),
        "request-before-bind": (0x00, prefixed(request(15, share_enum_request()))),
        "bind-auth": (0x00, prefixed(bind([(0, SRVSVC, [NDR])], auth=SECTRAILER + b"NTLMSSP\0"),
                                     srv_bind)),
        "bind-big-endian": (0x00, prefixed(
            struct.pack(">BBBB4sHHI", 5, 0, BIND, 3, b"\0\0\0\0", len(srv_bind), 0, 1) +
            srv_bind[16:])),
        "bind-split": (0x00, prefixed(srv_bind[:5], srv_bind[5:40], srv_bind[40:],
                                      request(15, share_enum_request()))),
        "unknown-opnum-and-context": (2, prefixed(request(99, b""),
                                                  request(15, share_enum_request(), context=4),
                                                  request(15, b"\0\0\0\0"))),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True, help="the corpus directory (fuzz/corpus)")
    args = ap.parse_args()
    for target, seeds in (("rpc_pdu", pdu_seeds()), ("rpc_srvsvc", srvsvc_seeds())):
        d = os.path.join(args.out, target)
        os.makedirs(d, exist_ok=True)
        for name, (selector, data) in seeds.items():
            with open(os.path.join(d, "seed-" + name), "wb") as f:
                f.write(bytes([selector]) + data)


if __name__ == "__main__":
    main()
