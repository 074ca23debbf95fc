#!/usr/bin/env python3
"""SMB 3.1.1 encryption as a raw client sees it (raw_smb2.py with python3-cryptography): what
smbclient cannot show, each check with exact statuses and bytes.

  encryption_raw.py --port P --desired-port Q --user U --password W --share S

P serves with the default policy (if_required), Q with --smb-encrypt desired. Prints "ok NAME"
or "FAIL NAME: ..." per check and exits 1 if any failed. Checks:
  replies       a client offering AES-128-GCM, then AES-256-CCM: CREATE, WRITE, READ sealed;
                every response comes sealed and unsigned, the data read is the data written
  interim       a CHANGE_NOTIFY sealed: its interim STATUS_PENDING and, after CANCEL, its final
                STATUS_CANCELLED both come sealed
  oplock_break  a batch oplock taken by a sealed CREATE: the break another client's open causes
                comes sealed
  no_fallback   after sealed requests, a plaintext (signed) READ on the session gets
                STATUS_ACCESS_DENIED
  unknown_session, tampered  a transform naming another session, or with one bit flipped in
                its ciphertext: the server closes the connection without answering
  desired       on Q, a client offering a cipher gets SMB2_SESSION_FLAG_ENCRYPT_DATA, its
                plaintext TREE_CONNECT STATUS_ACCESS_DENIED, then the sealed one succeeds; a
                client offering none gets no flag and works in plaintext
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import raw_smb2 as smb  # noqa: E402

FAILED = []


def check(name, fn):
    try:
        fn()
        print(f"ok {name}")
    except Exception as e:  # noqa: BLE001 (every failure is reported by name)
        print(f"FAIL {name}: {type(e).__name__}: {e}")
        FAILED.append(name)


def expect(cond, what):
    if not cond:
        raise AssertionError(what)


def status_is(m, status, what):
    expect(m["status"] == status, f"{what}: {smb.status_text(m['status'])}, expected "
                                  f"{smb.status_text(status)}")


def connect(args, port, ciphers):
    c = smb.Client("127.0.0.1", port)
    c.negotiate([0x0311], ciphers=ciphers)
    expect(c.cipher_id == (ciphers[0] if ciphers else 0), f"cipher {c.cipher_id:#x} chosen")
    m = c.logon(args.user, args.password)
    return c, m


def encrypted_client(args, cipher=smb.AES_128_GCM):
    c, _ = connect(args, args.port, [cipher])
    c.tree_connect(args.share)
    c.encrypting = True
    return c


def sealed(m, what):
    expect(m["encrypted"], f"{what}: the response came in plaintext")
    expect(not m["flags"] & smb.FLAGS_SIGNED, f"{what}: an encrypted response is also signed")


def replies(args):
    for cipher in (smb.AES_128_GCM, smb.AES_256_CCM):
        c = encrypted_client(args, cipher)
        name = f"enc-{cipher}.txt"
        f = c.create(name, disposition=smb.FILE_OVERWRITE_IF)
        status_is(f, smb.STATUS_SUCCESS, "sealed CREATE")
        sealed(f, "CREATE")
        file_id = f["file_id"]
        data = os.urandom(100000)
        m = c.write(file_id, 0, data[:60000])
        sealed(m, "WRITE")
        status_is(m, smb.STATUS_SUCCESS, "sealed WRITE")
        m = c.write(file_id, 60000, data[60000:])
        status_is(m, smb.STATUS_SUCCESS, "sealed WRITE")
        m = c.read(file_id, 0, len(data))
        sealed(m, "READ")
        status_is(m, smb.STATUS_SUCCESS, "sealed READ")
        expect(m["data"] == data, "the data read back differs from the data written")
        with open(os.path.join(args.local, name), "rb") as f:
            expect(f.read() == data, "the file on the server's disk differs")
        c.close()


def interim(args):
    c = encrypted_client(args)
    d = c.create("", access=smb.FILE_LIST_DIRECTORY, options=smb.FILE_DIRECTORY_FILE)
    status_is(d, smb.STATUS_SUCCESS, "open of the share's root")
    r = c.change_notify(d["file_id"])
    m = r.interim()
    sealed(m, "interim CHANGE_NOTIFY response")
    c.cancel(r)
    m = r.result()
    status_is(m, smb.STATUS_CANCELLED, "cancelled CHANGE_NOTIFY")
    sealed(m, "final CHANGE_NOTIFY response")
    c.close()


def oplock_break(args):
    a = encrypted_client(args)
    m = a.create("break.txt", disposition=smb.FILE_OVERWRITE_IF, oplock=smb.OPLOCK_BATCH)
    status_is(m, smb.STATUS_SUCCESS, "sealed CREATE with a batch oplock")
    expect(m["oplock_level"] == smb.OPLOCK_BATCH, f"oplock {m['oplock_level']:#x} granted")
    b, _ = connect(args, args.port, [])
    b.tree_connect(args.share)
    pending = b.create("break.txt", wait=False)
    brk = a.next_break()
    expect(brk is not None, "no oplock break came")
    sealed(brk, "oplock break notification")
    a.oplock_break_ack(m["file_id"], smb.OPLOCK_NONE)
    status_is(pending.result(), smb.STATUS_SUCCESS, "the other client's open")
    a.close()
    b.close()


def no_fallback(args):
    c = encrypted_client(args)
    m = c.create("fallback.txt", disposition=smb.FILE_OVERWRITE_IF)
    status_is(m, smb.STATUS_SUCCESS, "sealed CREATE")
    c.encrypting = False
    c.sign_all = True
    m = c.read(m["file_id"], 0, 10)
    status_is(m, smb.STATUS_ACCESS_DENIED, "a plaintext READ after sealed requests")
    c.close()


def closes(c, what):
    try:
        m = c.echo()
    except smb.ProtocolError as e:
        expect("closed" in str(e), f"{what}: {e}")
        return
    raise AssertionError(f"{what}: answered {smb.status_text(m['status'])}")


def unknown_session(args):
    c = encrypted_client(args)
    c.seal_session_id = c.session_id + 1000
    closes(c, "a transform naming another session")


def tampered(args):
    c = encrypted_client(args)
    good = c.seal

    def flip(message):
        frame = bytearray(good(message))
        frame[60] ^= 0x01  # in the ciphertext
        return bytes(frame)
    c.seal = flip
    closes(c, "a transform with a flipped bit")


def desired(args):
    c = smb.Client("127.0.0.1", args.desired_port)
    c.negotiate([0x0311], ciphers=[smb.AES_128_GCM])
    m = c.logon(args.user, args.password)
    expect(m["session_flags"] & smb.SESSION_FLAG_ENCRYPT_DATA,
           f"session flags {m['session_flags']:#x} without ENCRYPT_DATA")
    try:
        c.tree_connect(args.share)
        raise AssertionError("a plaintext TREE_CONNECT was accepted on an encrypting session")
    except smb.ProtocolError as e:
        expect("STATUS_ACCESS_DENIED" in str(e), f"plaintext TREE_CONNECT: {e}")
    c.encrypting = True
    m = c.tree_connect(args.share)
    sealed(m, "sealed TREE_CONNECT")
    c.close()
    p = smb.Client("127.0.0.1", args.desired_port)
    p.negotiate([0x0311])
    m = p.logon(args.user, args.password)
    expect(not m["session_flags"] & smb.SESSION_FLAG_ENCRYPT_DATA,
           "ENCRYPT_DATA for a client that offered no cipher")
    m = p.tree_connect(args.share)
    expect(not m["encrypted"], "a plaintext client got an encrypted response")
    status_is(p.echo(), smb.STATUS_SUCCESS, "ECHO in plaintext")
    p.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--desired-port", type=int, required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--share", required=True)
    ap.add_argument("--local", required=True, help="the share's directory on this machine")
    args = ap.parse_args()
    for name, fn in (("replies", replies), ("interim", interim), ("oplock_break", oplock_break),
                     ("no_fallback", no_fallback), ("unknown_session", unknown_session),
                     ("tampered", tampered), ("desired", desired)):
        check(name, lambda fn=fn: fn(args))
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
