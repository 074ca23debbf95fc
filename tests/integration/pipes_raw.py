#!/usr/bin/env python3
"""Named pipes on IPC$ over SMB2, request by request (what smbclient and rpcclient do not show):
the CREATE response of a pipe, unknown pipe names, FSCTL_PIPE_TRANSCEIVE with a BIND, a READ that
waits for a reply (answered when a WRITE makes one; ended by CANCEL or CLOSE), a READ shorter than
the message (STATUS_BUFFER_OVERFLOW, then the rest), TRANSCEIVE while a reply is unread
(STATUS_PIPE_BUSY), the classes QUERY_INFO answers, the file operations a pipe refuses, and the
pipes a session may hold. Prints "ok NAME: ..." per check; exits 1 on the first failure. Uses
raw_smb2.py (imported); the DCE/RPC PDUs are built here from C706 12.6 and MS-SRVS 3.1.4.8."""
import argparse
import os
import struct
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import raw_smb2 as smb2  # noqa: E402

FSCTL_PIPE_TRANSCEIVE = 0x0011C017
FSCTL_GET_REPARSE_POINT = 0x000900A8
IOCTL_IS_FSCTL = 0x00000001
FILE_STANDARD_INFORMATION = 5
FILE_PIPE_INFORMATION = 23
FILE_PIPE_LOCAL_INFORMATION = 24
FILE_BASIC_INFORMATION = 4
INFO_FILESYSTEM = 0x02
STATUS_BUFFER_OVERFLOW = 0x80000005
STATUS_INVALID_DEVICE_REQUEST = 0xC0000010
STATUS_INVALID_PARAMETER = 0xC000000D
STATUS_NOT_SUPPORTED = 0xC00000BB
STATUS_PIPE_NOT_AVAILABLE = 0xC00000AC
STATUS_PIPE_BUSY = 0xC00000AE
STATUS_PIPE_BROKEN = 0xC000014B
for code, name in ((STATUS_BUFFER_OVERFLOW, "STATUS_BUFFER_OVERFLOW"),
                   (STATUS_INVALID_DEVICE_REQUEST, "STATUS_INVALID_DEVICE_REQUEST"),
                   (STATUS_INVALID_PARAMETER, "STATUS_INVALID_PARAMETER"),
                   (STATUS_NOT_SUPPORTED, "STATUS_NOT_SUPPORTED"),
                   (STATUS_PIPE_NOT_AVAILABLE, "STATUS_PIPE_NOT_AVAILABLE"),
                   (STATUS_PIPE_BUSY, "STATUS_PIPE_BUSY"),
                   (STATUS_PIPE_BROKEN, "STATUS_PIPE_BROKEN")):
    smb2.STATUS_NAMES.setdefault(code, name)

# C706 12.6: PDU types and the syntaxes srvsvc is bound with.
PTYPE_REQUEST, PTYPE_RESPONSE, PTYPE_BIND, PTYPE_BIND_ACK = 0, 2, 11, 12
SRVSVC = (uuid.UUID("4b324fc8-1670-01d3-1278-5a47bf6ee188"), 3, 0)
NDR = (uuid.UUID("8a885d04-1ceb-11c9-9fe8-08002b104860"), 2, 0)
MAX_PIPES = 64


class Failed(Exception):
    pass


def pdu(ptype, call_id, body):
    """The common header (C706 12.6.3.1): version 5.0, first and last fragment, little-endian
    NDR data representation."""
    return struct.pack("<BBBBIHHI", 5, 0, ptype, 0x03, 0x10, 16 + len(body), 0, call_id) + body


def bind(call_id):
    uuid_, major, minor = SRVSVC
    ndr_uuid, ndr_version, _ = NDR
    body = struct.pack("<HHIB3x", 4280, 4280, 0, 1)
    body += struct.pack("<HBx", 0, 1) + uuid_.bytes_le + struct.pack("<HH", major, minor)
    body += ndr_uuid.bytes_le + struct.pack("<I", ndr_version)
    return pdu(PTYPE_BIND, call_id, body)


def share_enum(call_id):
    """NetrShareEnum (opnum 15) at level 1 for "\\\\S", as MS-SRVS 3.1.4.8 lays it out: ServerName
    (unique), SHARE_ENUM_STRUCT with an empty container, PreferedMaximumLength, ResumeHandle."""
    name = "\\\\S\0".encode("utf-16-le")
    stub = struct.pack("<IIII", 0x00020000, 4, 0, 4) + name
    stub += struct.pack("<IIIII", 1, 1, 0x00020004, 0, 0) + struct.pack("<I", 0xFFFFFFFF)
    stub += struct.pack("<II", 0x00020008, 0)
    return pdu(PTYPE_REQUEST, call_id, struct.pack("<IHH", len(stub), 0, 15) + stub)


def ptype_of(data, what):
    if len(data) < 16 or data[0] != 5:
        raise Failed(f"{what}: not a DCE/RPC PDU: {data[:16].hex()}")
    return data[2]


def expect(m, status, what):
    if m["status"] != status:
        raise Failed(f"{what}: {smb2.status_text(m['status'])}, expected "
                     f"{smb2.status_text(status)}")
    return m


def parse_ioctl(m):
    """MS-SMB2 2.2.32: StructureSize 49, CtlCode, FileId, the input and output buffers."""
    smb2.expect_structure(m, 49)
    (_s, _r, ctl, _fid, in_off, in_len, out_off, out_len) = struct.unpack_from(
        "<HHI16sIIII", m["body"], 0)
    m.update(ctl_code=ctl, output=smb2.buffer_at(m, out_off, out_len))


def parse_query_info(m):
    """MS-SMB2 2.2.38."""
    smb2.expect_structure(m, 9)
    _s, offset, length = struct.unpack_from("<HHI", m["body"], 0)
    m["output"] = smb2.buffer_at(m, offset, length)


def transceive(c, file_id, data, max_out=4280, wait=True):
    body = struct.pack("<HHI16sIIIIIIII", 57, 0, FSCTL_PIPE_TRANSCEIVE, file_id,
                       smb2.HEADER_SIZE + 56, len(data), 0, 0, 0, max_out, IOCTL_IS_FSCTL,
                       0) + data
    return c.request(smb2.IOCTL, body, parse_ioctl, wait, extra_ok=(STATUS_BUFFER_OVERFLOW,))


def fsctl(c, file_id, code, max_out=1024):
    body = struct.pack("<HHI16sIIIIIIII", 57, 0, code, file_id, 0, 0, 0, 0, 0, max_out,
                       IOCTL_IS_FSCTL, 0) + b"\0"
    return c.request(smb2.IOCTL, body, parse_ioctl)


def read(c, file_id, length, wait=True):
    body = struct.pack("<HBBIQ16sIIIHH", 49, 0x50, 0, length, 0, file_id, 0, 0, 0, 0, 0) + b"\0"
    return c.request(smb2.READ, body, smb2.parse_read, wait, extra_ok=(STATUS_BUFFER_OVERFLOW,))


def query_info(c, file_id, info_class, info_type=smb2.INFO_FILE, length=1024):
    body = struct.pack("<HBBIHHIII16s", 41, info_type, info_class, length, 0, 0, 0, 0, 0,
                       file_id)
    return c.request(smb2.QUERY_INFO, body, parse_query_info)


def open_pipe(c, name="srvsvc"):
    return expect(c.create(name, disposition=smb2.FILE_OPEN, share=3), smb2.STATUS_SUCCESS,
                  f"CREATE {name}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--dialect", type=lambda s: int(s, 0), default=0x0311)
    p.add_argument("--timeout", type=float, default=10.0)
    args = p.parse_args()
    dialects = tuple(d for d in smb2.DIALECTS if d <= args.dialect)
    try:
        c = smb2.connect(args.host, args.port, args.user, args.password, "IPC$", dialects,
                         timeout=args.timeout)
    except smb2.ProtocolError as e:
        print(f"FAIL logon: {e}")
        return 1
    try:
        f = open_pipe(c, "SRVSVC")
        if (f["create_action"], f["attributes"], f["end_of_file"], f["oplock_level"]) != (
                1, 0x80, 0, 0):
            raise Failed(f"CREATE response: action {f['create_action']}, attributes "
                         f"{f['attributes']:#x}, EndOfFile {f['end_of_file']}, oplock "
                         f"{f['oplock_level']} (expected 1, 0x80, 0, 0)")
        for name in ("samr", "lsarpc", "\\PIPE\\nosuch"):
            expect(c.create(name, disposition=smb2.FILE_OPEN), smb2.STATUS_OBJECT_NAME_NOT_FOUND,
                   f"CREATE {name}")
        print(f"ok create: srvsvc opened (FILE_OPENED, FILE_ATTRIBUTE_NORMAL, sizes 0), "
              f"samr and lsarpc STATUS_OBJECT_NAME_NOT_FOUND, dialect 0x{c.dialect:04x}")
        fid = f["file_id"]

        t = expect(transceive(c, fid, bind(1)), smb2.STATUS_SUCCESS, "TRANSCEIVE of a BIND")
        if ptype_of(t["output"], "BIND reply") != PTYPE_BIND_ACK:
            raise Failed(f"BIND answered with PDU type {t['output'][2]}")
        print(f"ok transceive: a BIND answered by a {len(t['output'])}-byte BIND_ACK")

        # A READ with nothing to read waits; the WRITE of a request answers it.
        r = read(c, fid, 4280, wait=False)
        r.interim()
        expect(c.write(fid, 0, share_enum(2)), smb2.STATUS_SUCCESS, "WRITE of a request")
        m = expect(r.result(), smb2.STATUS_SUCCESS, "the waiting READ")
        reply = m["data"]
        if ptype_of(reply, "READ") != PTYPE_RESPONSE or "IPC$".encode("utf-16-le") not in reply:
            raise Failed("the READ did not return the NetrShareEnum response")
        print(f"ok read-waits: interim STATUS_PENDING, then the {len(reply)}-byte response "
              f"once the WRITE made it")

        # A READ shorter than the message: STATUS_BUFFER_OVERFLOW, then the rest.
        expect(c.write(fid, 0, share_enum(3)), smb2.STATUS_SUCCESS, "WRITE of a request")
        busy = transceive(c, fid, share_enum(4))
        expect(busy, STATUS_PIPE_BUSY, "TRANSCEIVE while a reply is unread")
        first = expect(read(c, fid, 24), STATUS_BUFFER_OVERFLOW, "READ of 24 bytes")
        rest = expect(read(c, fid, 4280), smb2.STATUS_SUCCESS, "READ of the rest")
        whole = first["data"] + rest["data"]
        frag_length = struct.unpack_from("<H", whole, 8)[0]
        if len(first["data"]) != 24 or len(whole) != frag_length or whole[16:] != reply[16:]:
            raise Failed(f"24 + {len(rest['data'])} bytes read, the PDU says {frag_length}")
        print(f"ok overflow: 24 bytes with STATUS_BUFFER_OVERFLOW, then the other "
              f"{len(rest['data'])}; TRANSCEIVE meanwhile STATUS_PIPE_BUSY")

        t = expect(transceive(c, fid, share_enum(5), max_out=100), STATUS_BUFFER_OVERFLOW,
                   "TRANSCEIVE with 100 bytes of output")
        rest = expect(read(c, fid, 4280), smb2.STATUS_SUCCESS, "READ after TRANSCEIVE")
        if len(t["output"]) != 100 or len(t["output"]) + len(rest["data"]) != len(reply):
            raise Failed(f"{len(t['output'])} + {len(rest['data'])} bytes of a "
                         f"{len(reply)}-byte reply")
        print("ok transceive-overflow: 100 bytes with STATUS_BUFFER_OVERFLOW, the rest by READ")

        # A waiting READ ends with CANCEL (STATUS_CANCELLED) and with CLOSE (STATUS_PIPE_BROKEN).
        r = read(c, fid, 4280, wait=False)
        r.interim()
        c.cancel(r)
        expect(r.result(), smb2.STATUS_CANCELLED, "the cancelled READ")
        r = read(c, fid, 4280, wait=False)
        r.interim()
        expect(c.close_file(fid), smb2.STATUS_SUCCESS, "CLOSE")
        expect(r.result(), STATUS_PIPE_BROKEN, "the READ of a closed pipe")
        print("ok read-ends: CANCEL gives STATUS_CANCELLED, CLOSE STATUS_PIPE_BROKEN")

        fid = open_pipe(c, "wkssvc")["file_id"]
        std = expect(query_info(c, fid, FILE_STANDARD_INFORMATION), smb2.STATUS_SUCCESS,
                     "FileStandardInformation")["output"]
        if std != struct.pack("<QQIBBH", 4096, 0, 1, 1, 0, 0):
            raise Failed(f"FileStandardInformation {std.hex()}")
        mode = expect(query_info(c, fid, FILE_PIPE_INFORMATION), smb2.STATUS_SUCCESS,
                      "FilePipeInformation")["output"]
        local = expect(query_info(c, fid, FILE_PIPE_LOCAL_INFORMATION), smb2.STATUS_SUCCESS,
                       "FilePipeLocalInformation")["output"]
        if mode != struct.pack("<II", 1, 0) or len(local) != 40 or local[:4] != b"\1\0\0\0":
            raise Failed(f"FilePipeInformation {mode.hex()}, FilePipeLocalInformation "
                         f"{local.hex()}")
        expect(query_info(c, fid, FILE_BASIC_INFORMATION), STATUS_NOT_SUPPORTED,
               "FileBasicInformation")
        expect(query_info(c, fid, 1, INFO_FILESYSTEM), STATUS_NOT_SUPPORTED,
               "FileFsVolumeInformation")
        print("ok query-info: FileStandardInformation as Windows answers it on a pipe, message "
              "mode in FilePipe(Local)Information, other classes STATUS_NOT_SUPPORTED")

        expect(c.lock(fid, [(0, 1, smb2.LOCKFLAG_EXCLUSIVE | smb2.LOCKFLAG_FAIL_IMMEDIATELY)]),
               STATUS_INVALID_DEVICE_REQUEST, "LOCK")
        expect(fsctl(c, fid, FSCTL_GET_REPARSE_POINT), STATUS_INVALID_DEVICE_REQUEST,
               "FSCTL_GET_REPARSE_POINT")
        expect(c.change_notify(fid, wait=True), STATUS_INVALID_PARAMETER, "CHANGE_NOTIFY")
        body = struct.pack("<HBBI16sHHI", 33, 37, 0, 0, fid, smb2.HEADER_SIZE + 32, 2,
                           65536) + "*".encode("utf-16-le")
        expect(c.request(smb2.QUERY_DIRECTORY, body, smb2.parse_nothing), STATUS_INVALID_PARAMETER,
               "QUERY_DIRECTORY")
        expect(c.request(smb2.FLUSH, struct.pack("<HHI16s", 24, 0, 0, fid), smb2.parse_nothing),
               smb2.STATUS_SUCCESS, "FLUSH")
        expect(c.close_file(fid), smb2.STATUS_SUCCESS, "CLOSE")
        print("ok refused: LOCK and other FSCTLs STATUS_INVALID_DEVICE_REQUEST, CHANGE_NOTIFY "
              "and QUERY_DIRECTORY STATUS_INVALID_PARAMETER, FLUSH succeeds")

        held = [open_pipe(c)["file_id"] for _ in range(MAX_PIPES)]
        expect(c.create("srvsvc", disposition=smb2.FILE_OPEN), STATUS_PIPE_NOT_AVAILABLE,
               f"CREATE of pipe {MAX_PIPES + 1}")
        expect(c.close_file(held.pop()), smb2.STATUS_SUCCESS, "CLOSE")
        held.append(open_pipe(c)["file_id"])
        for fid in held:
            expect(c.close_file(fid), smb2.STATUS_SUCCESS, "CLOSE")
        print(f"ok limit: {MAX_PIPES} pipes a session, then STATUS_PIPE_NOT_AVAILABLE until "
              f"one closes")
        expect(c.echo(), smb2.STATUS_SUCCESS, "ECHO")
    except (Failed, smb2.ProtocolError) as e:
        print(f"FAIL {e}")
        return 1
    finally:
        c.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
