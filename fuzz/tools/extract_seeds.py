#!/usr/bin/env python3
"""Turns captured SMB1 sessions (fuzz/tools/capture_sessions.sh) into seed files for the fuzz
targets' corpora: fuzz/tools/extract_seeds.py --out fuzz/corpus CAPTURE.pcap...

Each target's input format is the one its .cc file states: a selector byte then an SMB1 message
for the command-family targets, a selector and the bytes for the TRANSACTION2 data and MS-FSCC
decoders, the bare blob for NTLMSSP and SPNEGO, 2-byte length-prefixed messages for the server
targets. Files are named by content hash, so running it again adds nothing twice."""

import argparse
import hashlib
import os
import struct
import subprocess
import sys

MAX_MESSAGE = 16384  # larger messages (64 KiB reads) are left out: the corpora stay small
MAX_PER_KIND = 6  # seeds kept per (target, selector, command, status) kind


def tcp_streams(pcap):
    """Yields each TCP stream as a list of (from_client, bytes) chunks, in order."""
    ids = subprocess.run(["tshark", "-r", pcap, "-T", "fields", "-e", "tcp.stream"],
                         capture_output=True, text=True, check=True).stdout.split()
    for sid in sorted({int(i) for i in ids if i}):
        text = subprocess.run(["tshark", "-r", pcap, "-q", "-z", f"follow,tcp,raw,{sid}"],
                              capture_output=True, text=True, check=True).stdout
        chunks, body = [], False
        for line in text.splitlines():
            if line.startswith("Node 1:"):
                body = True
                continue
            if not body or line.startswith("====") or not line.strip():
                continue
            from_server = line.startswith("\t")
            chunks.append((not from_server, bytes.fromhex(line.strip())))
        yield chunks


def frames(data):
    """NetBIOS session messages (RFC 1002, 24-bit length as smbkit reads it)."""
    out, at = [], 0
    while at + 4 <= len(data):
        ftype = data[at]
        length = int.from_bytes(data[at + 1:at + 4], "big")
        if ftype != 0:
            length &= 0x1FFFF
        if ftype == 0:
            out.append(data[at + 4:at + 4 + length])
        at += 4 + length
    return out


class Msg:
    """An SMB1 message, its first block located."""

    def __init__(self, raw):
        self.raw = bytes(raw)
        self.ok = len(raw) >= 35 and raw[:4] == b"\xffSMB"
        if not self.ok:
            return
        self.cmd = raw[4]
        self.status = struct.unpack_from("<I", raw, 5)[0]
        self.flags2 = struct.unpack_from("<H", raw, 10)[0]
        self.reply = bool(raw[9] & 0x80)
        self.tid, self.pid, self.uid, self.mid = struct.unpack_from("<HHHH", raw, 24)
        self.wc = raw[32]
        self.words_at = 33
        self.bc_at = 33 + 2 * self.wc
        if self.bc_at + 2 > len(raw):
            self.ok = False
            return
        self.bc = struct.unpack_from("<H", raw, self.bc_at)[0]
        self.data_at = self.bc_at + 2

    @property
    def unicode(self):
        return bool(self.flags2 & 0x8000)

    def word(self, i):
        return struct.unpack_from("<H", self.raw, self.words_at + 2 * i)[0]


class Seeds:
    def __init__(self, out):
        self.out = out
        self.kinds = {}
        self.count = 0

    def add(self, target, content, kind=None):
        if kind is not None:
            key = (target, kind)
            if self.kinds.get(key, 0) >= MAX_PER_KIND:
                return
            self.kinds[key] = self.kinds.get(key, 0) + 1
        d = os.path.join(self.out, target)
        os.makedirs(d, exist_ok=True)
        name = os.path.join(d, "cap-" + hashlib.sha1(content).hexdigest()[:16])
        if not os.path.exists(name):
            with open(name, "wb") as f:
                f.write(content)
            self.count += 1


# Command-family targets: command -> (target, request selector, response selector), or a
# function of the word count for SESSION_SETUP_ANDX.
FAMILIES = {
    0x72: ("smb1_negotiate", 0, 1),
    0x75: ("smb1_tree", 0, 1),
    0x71: ("smb1_tree", 2, 3),
    0x74: ("smb1_misc", 0, 1),
    0x2B: ("smb1_misc", 2, 3),
    0x04: ("smb1_misc", 4, 5),
    0x34: ("smb1_misc", 6, 7),
    0x2D: ("smb1_open", 0, 1),
    0xA2: ("smb1_open", 2, 3),
    0x2E: ("smb1_read_write", 0, 1),
    0x2F: ("smb1_read_write", 2, 3),
    0x32: ("smb1_trans2", 0, 1),
    0x33: ("smb1_trans2", 2, 2),
    # smb1_file_service_fuzz.cc's kChecks; 15 is the empty success reply they share.
    0x00: ("smb1_file_service", 0, 15),
    0x01: ("smb1_file_service", 1, 15),
    0x10: ("smb1_file_service", 2, 15),
    0x06: ("smb1_file_service", 3, 15),
    0x07: ("smb1_file_service", 4, 15),
    0xA5: ("smb1_file_service", 5, 15),
    0x08: ("smb1_file_service", 6, 7),
    0x09: ("smb1_file_service", 8, 15),
    0x80: ("smb1_file_service", 9, 10),
    0x05: ("smb1_file_service", 11, 15),
    0x24: ("smb1_misc", 9, 10),
    0xA0: ("smb1_file_service", 12, 13),
    0xA4: ("smb1_file_service", 14, 14),
}


def family_seed(seeds, m):
    if m.cmd == 0x73:
        sel = {13: 0, 3: 1, 12: 2, 4: 3}.get(m.wc)
        target = "smb1_session_setup"
    elif m.cmd in FAMILIES:
        target, req, resp = FAMILIES[m.cmd]
        sel = resp if m.reply else req
    else:
        return
    if sel is None:
        return
    seeds.add(target, bytes([sel]) + m.raw, (sel, m.cmd, m.status, m.wc))
    if m.status != 0:
        seeds.add("smb1_misc", bytes([8]) + m.raw, (8, m.status))


def trans2_parts(m):
    """(setup words, parameters, data) of a TRANSACTION2 request or response."""
    if m.reply:
        if m.wc < 10:
            return None
        pc, po, dc, do = m.word(3), m.word(4), m.word(6), m.word(7)
        setup_count, setup_at = m.word(9) & 0xFF, 10
    else:
        if m.wc < 14:
            return None
        pc, po, dc, do = m.word(9), m.word(10), m.word(11), m.word(12)
        setup_count, setup_at = m.word(13) & 0xFF, 14
    if setup_at + setup_count > m.wc:
        return None
    setup = [m.word(setup_at + i) for i in range(setup_count)]
    return setup, m.raw[po:po + pc], m.raw[do:do + dc]


DIRECTORY_CLASSES = {0x101: 1, 0x102: 2, 0x103: 12, 0x104: 3, 0x105: 38, 0x106: 37}


def trans2_data_seeds(seeds, req, resp):
    """Seeds for smb1_trans2_data and fscc_info from one TRANSACTION2 exchange."""
    rq = trans2_parts(req)
    if not rq or not rq[0]:
        return
    sub, params = rq[0][0], rq[1]
    u = 0x80 if req.unicode else 0
    T = "smb1_trans2_data"
    request_sel = {5: 0 | u, 7: 1, 3: 2, 1: 4 | u, 2: 6 | u}.get(sub)
    set_info_seeds(seeds, sub, params, rq[2], u)
    if request_sel is not None:
        seeds.add(T, bytes([request_sel]) + params, (request_sel, len(params) > 0))
        seeds.add(T, bytes([11 | u]) + params, (11, sub))
    if resp is None or resp.status != 0:
        return
    rs = trans2_parts(resp)
    if not rs:
        return
    rparams, rdata = rs[1], rs[2]
    level = None
    if sub == 5 and len(params) >= 2:
        level = struct.unpack_from("<H", params, 0)[0]
    elif sub == 7 and len(params) >= 4:
        level = struct.unpack_from("<H", params, 2)[0]
    elif sub == 3 and len(params) >= 2:
        level = struct.unpack_from("<H", params, 0)[0]
    if sub in (5, 7) and level is not None:
        seeds.add(T, bytes([3]) + rparams, (3,))
        seeds.add(T, bytes([9 | u]) + struct.pack("<H", level) + rdata, (9, level))
        if level > 1000:
            seeds.add("fscc_info", bytes([0, level - 1000]) + rdata, (0, level))
        if level in (0x104, 1009):
            seeds.add("fscc_info", bytes([3, 1]) + rdata, (3, 1))
    if sub == 3 and level is not None:
        seeds.add(T, bytes([10 | u]) + struct.pack("<H", level) + rdata, (10, level))
        if level > 1000:
            seeds.add("fscc_info", bytes([1, level - 1000]) + rdata, (1, level))
        if level in (0x102, 1001):
            seeds.add("fscc_info", bytes([3, 2]) + rdata, (3, 2))
        if level in (0x105, 1005):
            seeds.add("fscc_info", bytes([3, 3]) + rdata, (3, 3))
    if sub in (1, 2) and len(params) >= 8:
        if sub == 1:
            flags, level = struct.unpack_from("<HH", params, 4)
            seeds.add(T, bytes([5]) + rparams, (5,))
            count = struct.unpack_from("<H", rparams, 2)[0] if len(rparams) >= 4 else 0
        else:
            level = struct.unpack_from("<H", params, 4)[0]
            flags = struct.unpack_from("<H", params, 10)[0] if len(params) >= 12 else 0
            seeds.add(T, bytes([7]) + rparams, (7,))
            count = struct.unpack_from("<H", rparams, 0)[0] if len(rparams) >= 2 else 0
        resume = 0x40 if flags & 0x04 else 0
        seeds.add(T, bytes([8 | u | resume]) + struct.pack("<HH", level, count) + rdata,
                  (8, level, resume))
        if level in DIRECTORY_CLASSES:
            coding = 0 if req.unicode else 0x80
            seeds.add("fscc_info", bytes([2 | coding, DIRECTORY_CLASSES[level]]) + rdata,
                      (2, level))


def set_info_seeds(seeds, sub, params, data, u):
    """Seeds for smb1_set_info from a SET_PATH (6) or SET_FILE (8) INFORMATION request."""
    T = "smb1_set_info"
    if sub == 6 and len(params) >= 2:
        seeds.add(T, bytes([0 | u]) + params, (0, len(params) > 6))
        level = struct.unpack_from("<H", params, 0)[0]
    elif sub == 8 and len(params) >= 4:
        seeds.add(T, bytes([1]) + params, (1,))
        level = struct.unpack_from("<H", params, 2)[0]
    else:
        return
    seeds.add(T, bytes([2]) + struct.pack("<H", level) + data, (2, level))


def notify_seeds(seeds, m):
    """Seeds for smb1_set_info from NT_TRANSACT NOTIFY_CHANGE requests and their replies."""
    if m.cmd != 0xA0 or m.status != 0:
        return
    if not m.reply and m.wc >= 23 and m.word(18) == 4:  # Function NOTIFY_CHANGE
        setup = b"".join(struct.pack("<H", m.word(19 + i)) for i in range(m.wc - 19))
        seeds.add("smb1_set_info", bytes([3]) + setup, (3, m.wc))
    elif m.reply and m.wc >= 18:
        # MS-CIFS 2.2.4.62.2: Reserved1 (3 bytes), the two totals, then ParameterCount and
        # ParameterOffset, 4 bytes each and not word-aligned.
        count, offset = struct.unpack_from("<II", m.raw, m.words_at + 11)
        seeds.add("smb1_set_info", bytes([4]) + m.raw[offset:offset + count], (4, count > 0))


def der_octet_string_at(blob, start):
    """The NTLMSSP message starting at `start` if an OCTET STRING header ends right there."""
    for hdr in (2, 3, 4):
        h = start - hdr
        if h < 0 or blob[h] != 0x04:
            continue
        if hdr == 2 and blob[h + 1] < 0x80:
            n = blob[h + 1]
        elif hdr == 3 and blob[h + 1] == 0x81:
            n = blob[h + 2]
        elif hdr == 4 and blob[h + 1] == 0x82:
            n = int.from_bytes(blob[h + 2:h + 4], "big")
        else:
            continue
        if start + n <= len(blob):
            return blob[start:start + n]
    return None


def security_blob(m):
    """The SPNEGO blob of an extended-security NEGOTIATE response or SESSION_SETUP_ANDX."""
    data = m.raw[m.data_at:m.data_at + m.bc]
    if m.cmd == 0x72 and m.reply and m.wc == 17 and len(data) > 16:
        return data[16:]
    if m.cmd == 0x73 and not m.reply and m.wc == 12:
        return data[:m.word(7)]
    if m.cmd == 0x73 and m.reply and m.wc == 4:
        return data[:m.word(3)]
    return None


def auth_seeds(seeds, m):
    blob = security_blob(m)
    if not blob:
        return
    seeds.add("spnego", blob, ("spnego", m.cmd, m.reply, m.wc, blob[:1]))
    at = blob.find(b"NTLMSSP\0")
    if at < 0:
        return
    msg = der_octet_string_at(blob, at) or blob[at:]
    mtype = struct.unpack_from("<I", msg, 8)[0] if len(msg) >= 12 else 0
    if 1 <= mtype <= 3:
        seeds.add("ntlmssp", bytes([mtype - 1]) + msg, ("ntlm", mtype))
    if mtype == 2 and len(msg) >= 48:
        length, _, offset = struct.unpack_from("<HHI", msg, 40)
        seeds.add("ntlmssp", bytes([3]) + msg[offset:offset + length], ("av", 2))
    if mtype == 3 and len(msg) >= 28:
        length, _, offset = struct.unpack_from("<HHI", msg, 20)
        nt = msg[offset:offset + length]
        if len(nt) > 44:  # NTProofStr (16), blob header (28), then the AV pairs
            seeds.add("ntlmssp", bytes([3]) + nt[44:], ("av", 3))


def prefixed(messages):
    return b"".join(struct.pack("<H", len(m)) + m for m in messages if len(m) <= 0xFFFF)


class IdMap:
    """Renumbers a peer's TID and FIDs the way smbkit hands them out (1, 2, ... per connection)
    so that sessions captured against Samba replay against the fuzz harness; UIDs become 1."""

    def __init__(self):
        self.tids, self.fids = {}, {}

    def learn(self, reply):
        if reply.status != 0:
            return
        if reply.cmd == 0x75 and reply.tid not in self.tids:
            self.tids[reply.tid] = len(self.tids) + 1
        fid = None
        if reply.cmd == 0xA2 and reply.wc >= 34:
            fid = struct.unpack_from("<H", reply.raw, reply.words_at + 5)[0]
        if reply.cmd == 0x2D and reply.wc >= 15:
            fid = reply.word(2)
        if fid is not None and fid not in self.fids:
            self.fids[fid] = len(self.fids) + 1

    def rewrite(self, m):
        raw = bytearray(m.raw)
        struct.pack_into("<H", raw, 28, 1)
        struct.pack_into("<H", raw, 24, self.tids.get(m.tid, m.tid))
        fid_at = None
        if m.cmd == 0x04 and m.wc >= 3:
            fid_at = m.words_at
        elif m.cmd == 0x2E and m.wc >= 10:
            fid_at = m.words_at + 4
        if fid_at is not None:
            fid = struct.unpack_from("<H", raw, fid_at)[0]
            struct.pack_into("<H", raw, fid_at, self.fids.get(fid, fid))
        if m.cmd == 0x32:
            parts = trans2_parts(m)
            if parts and parts[0] and parts[0][0] == 7 and len(parts[1]) >= 2:
                po = m.word(10)
                fid = struct.unpack_from("<H", raw, po)[0]
                struct.pack_into("<H", raw, po, self.fids.get(fid, fid))
        return bytes(raw)


def session_seeds(seeds, stream, name):
    """The netbios and server targets' seeds from one connection."""
    client = b"".join(c for up, c in stream if up)
    server = b"".join(c for up, c in stream if not up)
    seeds.add("netbios", client[:2048])
    seeds.add("netbios", server[:2048])
    requests = [m for m in frames(client)]
    seeds.add("server_unauth", prefixed(requests[:40]))
    # After the logon: what follows the successful SESSION_SETUP_ANDX reply, renumbered.
    replies = [Msg(r) for r in frames(server)]
    by_mid = {}
    for r in replies:
        if r.ok:
            by_mid.setdefault(r.mid, []).append(r)
    ids, after, logged_on = IdMap(), [], False
    for raw in requests:
        m = Msg(raw)
        if not m.ok:
            continue
        answers = by_mid.get(m.mid, [])
        reply = answers.pop(0) if answers else None
        if logged_on and len(raw) <= MAX_MESSAGE:
            after.append(ids.rewrite(m))
        if reply is not None:
            ids.learn(reply)
            if m.cmd == 0x73 and reply.status == 0:
                logged_on = True
    if after:
        seeds.add("server_authed", prefixed(after[:60]))
        # Shorter sessions too, each starting with the tree connect, so each handler is near.
        for n in (3, 6, 10):
            seeds.add("server_authed", prefixed(after[:n]))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True, help="the corpus root, fuzz/corpus")
    ap.add_argument("pcaps", nargs="+")
    args = ap.parse_args()
    seeds = Seeds(args.out)
    for pcap in args.pcaps:
        name = os.path.splitext(os.path.basename(pcap))[0]
        for stream in tcp_streams(pcap):
            session_seeds(seeds, stream, name)
            client = b"".join(c for up, c in stream if up)
            server = b"".join(c for up, c in stream if not up)
            requests = [Msg(r) for r in frames(client)]
            replies = [Msg(r) for r in frames(server)]
            pending = {}
            for m in requests + replies:
                if not m.ok or len(m.raw) > MAX_MESSAGE:
                    continue
                seeds.add("smb1_message", m.raw, ("msg", m.cmd, m.reply, m.status, m.wc))
                family_seed(seeds, m)
                notify_seeds(seeds, m)
                auth_seeds(seeds, m)
            for m in requests:
                if m.ok and m.cmd == 0x32:
                    pending[m.mid] = m
            for r in replies:
                if r.ok and r.cmd == 0x32 and r.mid in pending and len(r.raw) <= MAX_MESSAGE:
                    req = pending.pop(r.mid)
                    trans2_data_seeds(seeds, req, r)
                    seeds.add("smb1_trans2", bytes([3]) + prefixed([req.raw]), (3, r.mid % 4))
                    seeds.add("smb1_trans2", bytes([4]) + prefixed([r.raw]), (4, r.mid % 4))
    print(f"{seeds.count} new seed files under {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
