#!/usr/bin/env python3
"""An SMB1 file client for the limit and data-safety tests, standard library only.

It logs on with NTLMv2 and connects a tree through bench/connect_loop.py, then sends hand-made
NT_CREATE_ANDX, WRITE_ANDX, FLUSH, READ_ANDX and CLOSE requests (MS-CIFS 2.2.4.64, 2.2.4.43,
2.2.4.14, 2.2.4.42, 2.2.4.5). What it writes is a known pattern (pattern() below), so a test can
check a file's bytes on the server's disk afterwards.

  write_client.py flush-then-write --port P --user U --password W --share S --file NAME
                  --flushed BYTES [--seconds N]
      writes BYTES of the pattern, FLUSHes, prints "flushed BYTES", then keeps writing the pattern
      beyond them without flushing, printing "written OFFSET" after each MiB, until the server
      goes away ("server gone after OFFSET", exit 0) or N seconds pass (exit 1).
  write_client.py write-through ... --file NAME --go FILE
      writes one 32 KiB block of the pattern with WRITE_ANDX in write-through mode (WriteMode
      bit 0), prints "written-through", then keeps the file open until FILE exists (or 60 s).
  write_client.py hold-open ... --file NAME [--files K] [--bytes B]
      opens K files NAME.0 .. NAME.K-1, writes B bytes of the pattern to each (WRITE_ANDX replies
      received), prints "open K B", then writes on to NAME.0 in a loop, printing "acked OFFSET"
      after each reply, until the server goes away ("server gone after OFFSET", exit 0).
  write_client.py verify --path PATH --bytes N [--exact]
      checks that the first N bytes of the local file PATH are the pattern (with --exact: that
      the file holds exactly the pattern, whatever its length, and at least N bytes).
Failures print "error: ..." and exit 1.
"""

import argparse
import hashlib
import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench"))
import connect_loop as cl  # noqa: E402  (MD4, NTLMv2 logon, tree connect)

# MS-CIFS 2.2.2.1 command codes.
SMB_COM_CLOSE = 0x04
SMB_COM_FLUSH = 0x05
SMB_COM_ECHO = 0x2B
SMB_COM_READ_ANDX = 0x2E
SMB_COM_WRITE_ANDX = 0x2F
SMB_COM_NT_CREATE_ANDX = 0xA2

STATUS_SUCCESS = 0
STATUS_TOO_MANY_OPENED_FILES = 0xC000011F

# MS-SMB2 2.2.13.1.1 access mask bits, MS-CIFS 2.2.4.64.1 dispositions and share access.
GENERIC_READ = 0x80000000
GENERIC_WRITE = 0x40000000
FILE_SHARE_READ = 0x1
FILE_SHARE_WRITE = 0x2
FILE_OPEN = 1
FILE_OPEN_IF = 3
FILE_OVERWRITE_IF = 5
FILE_NON_DIRECTORY_FILE = 0x40
WRITE_THROUGH = 0x0001  # WRITE_ANDX WriteMode bit 0

CHUNK = 32 * 1024  # below MaxBufferSize, so no large-write extension is needed


def pattern(offset, length):
    """The bytes the tests write at `offset`: each CHUNK-aligned block is SHAKE-256 of its
    index, so a block written at the wrong place or a torn block shows."""
    out = bytearray()
    while len(out) < length:
        at = offset + len(out)
        block = hashlib.shake_256(b"smbkit-%d" % (at // CHUNK)).digest(CHUNK)
        take = min(length - len(out), CHUNK - at % CHUNK)
        out += block[at % CHUNK:at % CHUNK + take]
    return bytes(out)


class Session:
    """One logged-on connection with a tree; requests return the reply whatever its status."""

    def __init__(self, host, port, user, password, share, timeout=30.0):
        args = argparse.Namespace(host=host, port=port, user=user, password=password,
                                  share=share, timeout=timeout)
        self.conn = cl.Client(args).open("full")
        self.sock = self.conn.sock

    def close_connection(self):
        self.conn.close()

    def frame(self, command, words, data):
        self.conn.mid = (self.conn.mid + 1) & 0xFFFF
        msg = (cl.header(command, self.conn.tid, self.conn.uid, self.conn.mid) +
               bytes([len(words) // 2]) + words + struct.pack("<H", len(data)) + data)
        return struct.pack(">I", len(msg)) + msg

    def receive(self):
        (length,) = struct.unpack(">I", cl.recv_exact(self.sock, 4))
        return cl.Reply(cl.recv_exact(self.sock, length & 0xFFFFFF))

    def request(self, command, words, data=b""):
        self.sock.sendall(self.frame(command, words, data))
        reply = self.receive()
        if reply.command != command or not reply.flags & cl.FLAGS_REPLY:
            raise cl.SmbError("reply to command 0x%02x is command 0x%02x" %
                              (command, reply.command))
        return reply

    def create(self, name, disposition=FILE_OPEN_IF, access=GENERIC_READ | GENERIC_WRITE):
        """NT_CREATE_ANDX; returns (status, FID or None)."""
        # MS-CIFS 2.2.4.64.1: AndX, Reserved, NameLength, Flags, RootDirectoryFID,
        # DesiredAccess, AllocationSize, ExtFileAttributes, ShareAccess, CreateDisposition,
        # CreateOptions, ImpersonationLevel (2: impersonation), SecurityFlags.
        name_bytes = name.encode("utf-16-le") + b"\0\0"
        words = struct.pack("<BBHBHIIIQIIIIIB", cl.NO_ANDX, 0, 0, 0, len(name_bytes), 0, 0,
                            access, 0, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, disposition,
                            FILE_NON_DIRECTORY_FILE, 2, 0)
        # The name is Unicode, 2-byte aligned from the header: 32 + 1 + 48 + 2 = 83, pad 1.
        reply = self.request(SMB_COM_NT_CREATE_ANDX, words, b"\0" + name_bytes)
        if reply.status != STATUS_SUCCESS:
            return reply.status, None
        # 2.2.4.64.2: AndX (4 bytes), OpLockLevel, FID.
        return reply.status, struct.unpack_from("<H", reply.words, 5)[0]

    def write_frame(self, fid, offset, data, write_mode=0):
        """A WRITE_ANDX request (MS-CIFS 2.2.4.43.1, 14 words with OffsetHigh)."""
        data_offset = cl.HEADER_SIZE + 1 + 28 + 2 + 1  # header, WordCount, words, ByteCount, pad
        words = struct.pack("<BBHHIIHHHHHI", cl.NO_ANDX, 0, 0, fid, offset & 0xFFFFFFFF, 0,
                            write_mode, 0, 0, len(data), data_offset, offset >> 32)
        return self.frame(SMB_COM_WRITE_ANDX, words, b"\0" + data)

    def write(self, fid, offset, data, write_mode=0):
        self.sock.sendall(self.write_frame(fid, offset, data, write_mode))
        reply = self.receive()
        check(reply, SMB_COM_WRITE_ANDX, "WRITE_ANDX at %d" % offset)
        # 2.2.4.43.2: AndX, Count, Available, CountHigh.
        count = struct.unpack_from("<H", reply.words, 4)[0]
        count |= struct.unpack_from("<H", reply.words, 8)[0] << 16
        if count != len(data):
            raise cl.SmbError("WRITE_ANDX at %d wrote %d of %d bytes" % (offset, count,
                                                                         len(data)))

    def flush(self, fid):
        check(self.request(SMB_COM_FLUSH, struct.pack("<H", fid)), SMB_COM_FLUSH, "FLUSH")

    def read(self, fid, offset, count):
        # MS-CIFS 2.2.4.42.1 (12 words): AndX, FID, Offset, MaxCount, MinCount, Timeout,
        # Remaining, OffsetHigh.
        words = struct.pack("<BBHHIHHIHI", cl.NO_ANDX, 0, 0, fid, offset & 0xFFFFFFFF, count,
                            0, 0, 0, offset >> 32)
        reply = check(self.request(SMB_COM_READ_ANDX, words), SMB_COM_READ_ANDX, "READ_ANDX")
        # 2.2.4.42.2: AndX, Available, DataCompactionMode, Reserved1, DataLength, DataOffset.
        length, data_offset = struct.unpack_from("<HH", reply.words, 10)
        return reply.data[data_offset:data_offset + length]

    def close(self, fid):
        check(self.request(SMB_COM_CLOSE, struct.pack("<HI", fid, 0)), SMB_COM_CLOSE, "CLOSE")


def check(reply, command, what):
    if reply.status != STATUS_SUCCESS:
        raise cl.SmbError("%s: status 0x%08x" % (what, reply.status))
    return reply


def write_pattern(session, fid, start, length):
    for at in range(start, start + length, CHUNK):
        session.write(fid, at, pattern(at, min(CHUNK, start + length - at)))


def flush_then_write(args):
    s = Session(args.host, args.port, args.user, args.password, args.share)
    status, fid = s.create(args.file, FILE_OVERWRITE_IF)
    if fid is None:
        raise cl.SmbError("NT_CREATE_ANDX %s: status 0x%08x" % (args.file, status))
    write_pattern(s, fid, 0, args.flushed)
    s.flush(fid)
    print("flushed %d" % args.flushed, flush=True)
    at = args.flushed
    deadline = time.monotonic() + args.seconds
    try:
        while time.monotonic() < deadline:
            s.write(fid, at, pattern(at, CHUNK))
            at += CHUNK
            if at % (1024 * 1024) == 0:
                print("written %d" % at, flush=True)
    except (OSError, cl.SmbError) as e:
        print("server gone after %d (%s)" % (at, e), flush=True)
        return 0
    raise cl.SmbError("the server was still there after %d s" % args.seconds)


def write_through(args):
    s = Session(args.host, args.port, args.user, args.password, args.share)
    status, fid = s.create(args.file, FILE_OVERWRITE_IF)
    if fid is None:
        raise cl.SmbError("NT_CREATE_ANDX %s: status 0x%08x" % (args.file, status))
    s.write(fid, 0, pattern(0, CHUNK), WRITE_THROUGH)
    print("written-through", flush=True)
    deadline = time.monotonic() + 60
    while not os.path.exists(args.go) and time.monotonic() < deadline:
        time.sleep(0.05)
    s.close(fid)
    s.close_connection()
    return 0


def hold_open(args):
    s = Session(args.host, args.port, args.user, args.password, args.share)
    fids = []
    for i in range(args.files):
        status, fid = s.create("%s.%d" % (args.file, i), FILE_OVERWRITE_IF)
        if fid is None:
            raise cl.SmbError("NT_CREATE_ANDX %s.%d: status 0x%08x" % (args.file, i, status))
        write_pattern(s, fid, 0, args.bytes)
        fids.append(fid)
    print("open %d %d" % (len(fids), args.bytes), flush=True)
    at = args.bytes
    try:
        while True:
            s.write(fids[0], at, pattern(at, CHUNK))
            at += CHUNK
            print("acked %d" % at, flush=True)
    except (OSError, cl.SmbError) as e:
        print("server gone after %d (%s)" % (at, e), flush=True)
        return 0


def verify(args):
    with open(args.path, "rb") as f:
        data = f.read()
    if len(data) < args.bytes:
        raise cl.SmbError("%s holds %d bytes, fewer than %d" % (args.path, len(data), args.bytes))
    size = len(data) if args.exact else args.bytes
    expected = pattern(0, size)
    if data[:size] != expected:
        first = next(i for i in range(size) if data[i] != expected[i])
        raise cl.SmbError("%s differs from the pattern at byte %d" % (args.path, first))
    print("ok %s: %d bytes match the pattern" % (args.path, size))
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("mode", choices=("flush-then-write", "write-through", "hold-open", "verify"))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int)
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--share")
    p.add_argument("--file")
    p.add_argument("--flushed", type=int, default=8 * 1024 * 1024)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--files", type=int, default=3)
    p.add_argument("--bytes", type=int, default=1024 * 1024)
    p.add_argument("--path")
    p.add_argument("--exact", action="store_true")
    p.add_argument("--go", default="/nonexistent")
    args = p.parse_args()
    try:
        if args.mode == "verify":
            return verify(args)
        if args.mode == "flush-then-write":
            return flush_then_write(args)
        if args.mode == "write-through":
            return write_through(args)
        return hold_open(args)
    except (OSError, cl.SmbError) as e:
        print("error: %s" % e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
