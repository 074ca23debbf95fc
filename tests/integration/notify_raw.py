#!/usr/bin/env python3
"""NT_TRANSACT_NOTIFY_CHANGE requests that end without a change (MS-CIFS 2.2.7.4): one cancelled
by NT_CANCEL (STATUS_CANCELLED) and one whose handle is closed (STATUS_NOTIFY_CLEANUP). Prints
"ok NAME: ..." per check; exits 1 on the first failure. Uses raw_smb1.py (imported)."""
import argparse
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import raw_smb1 as raw  # noqa: E402

SMB_COM_NT_TRANSACT = 0xA0
SMB_COM_NT_CANCEL = 0xA4
NT_TRANSACT_NOTIFY_CHANGE = 0x0004
FILE_NOTIFY_CHANGE_FILE_NAME = 0x1
FILE_DIRECTORY_FILE = 0x1
STATUS_CANCELLED = 0xC0000120
STATUS_NOTIFY_CLEANUP = 0x0000010B


def send(s, command, words=b"", data=b"", mid=None):
    if mid is None:
        s.mid += 1
        mid = s.mid
    message = raw.smb_message(command, words, data, uid=s.uid, tid=s.tid, mid=mid,
                              flags2_extra=raw.FLAGS2_EXTENDED_SECURITY)
    s.sock.sendall(raw.frame(message))
    return mid


def receive(s):
    reply = raw.recv_frame(s.sock)
    if reply is None:
        raise raw.CheckFailed("the server closed the connection")
    return raw.parse_smb(reply[1])


def notify(s, fid):
    """MS-CIFS 2.2.4.62.1 with the 2.2.7.4.1 setup: no parameters, no data, offsets at the end."""
    setup = struct.pack("<IHBB", FILE_NOTIFY_CHANGE_FILE_NAME, fid, 0, 0)
    end = raw.HEADER_SIZE + 1 + 38 + len(setup) + 2
    words = struct.pack("<BHIIIIIIIIBH", 0, 0, 0, 0, 4096, 0, 0, end, 0, end, 4,
                        NT_TRANSACT_NOTIFY_CHANGE) + setup
    return send(s, SMB_COM_NT_TRANSACT, words)


def open_dir(s, name):
    reply = s.nt_create(name.encode("utf-16-le"), options=FILE_DIRECTORY_FILE)
    if reply["status"] != 0:
        raise raw.CheckFailed(f"open {name}: {raw.status_text(reply['status'])}")
    return struct.unpack_from("<H", reply["words"], 5)[0]


def expect(reply, mid, status, what):
    if reply["mid"] != mid or reply["status"] != status or reply["command"] != SMB_COM_NT_TRANSACT:
        raise raw.CheckFailed(f"{what}: MID {reply['mid']} command 0x{reply['command']:02x} "
                              f"{raw.status_text(reply['status'])}, expected MID {mid} "
                              f"0x{status:08x}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--user", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--share", required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--timeout", type=float, default=10.0)
    args = p.parse_args()
    args.dump = None
    s = raw.Session(args)
    try:
        s.negotiate()
        s.logon(args.user, args.password, "")
        s.tree_connect(args.share)
        fid = open_dir(s, args.dir)

        mid = notify(s, fid)
        send(s, SMB_COM_NT_CANCEL, mid=mid)  # no reply of its own
        expect(receive(s), mid, STATUS_CANCELLED, "cancelled notify")
        print(f"ok cancel: MID {mid} answered STATUS_CANCELLED")

        mid = notify(s, fid)
        close_mid = send(s, raw.SMB_COM_CLOSE, struct.pack("<HI", fid, 0))
        replies = {r["mid"]: r for r in (receive(s), receive(s))}
        expect(replies.get(mid, {"mid": None, "status": None, "command": None}), mid,
               STATUS_NOTIFY_CLEANUP, "notify on a closed handle")
        if replies[close_mid]["status"] != 0:
            raise raw.CheckFailed("CLOSE failed")
        print(f"ok close: MID {mid} answered STATUS_NOTIFY_CLEANUP")

        s.request(raw.SMB_COM_ECHO, struct.pack("<H", 1), b"x")
        print("ok alive: the connection still answers")
    except raw.CheckFailed as e:
        print(f"FAIL {e}")
        return 1
    finally:
        s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
