#!/usr/bin/env python3
"""The measurements behind bench/run.sh: smbkit serve and Samba's smbd side by side on loopback.

run.sh installs the packages, builds smbkit and raises the file limit, then runs this script as
root. Python 3 standard library only. Every case runs each server in turn, alternating the
order from one round to the next, and every figure is a median with its min and max. Beside
each wall-clock figure stands the server's CPU time per unit of work, from /proc/PID/stat
(utime + stime + cutime + cstime) summed over the server's whole process tree, before and after.

  bench.py --smbkit BIN --cache DIR --results DIR [--quick] [--runs N] [--cases a,b,...]

The SMB1 cases (read, write, connect, memory, metadata, idle10k) speak NT LM 0.12; the cases
ending in 3 (read3, write3, connect3, memory3, idle10k3) speak SMB 3.1.1: smbclient with
-m SMB3_11, unsigned (--client-protection=off) and signed (--client-protection=sign), and
connect_loop.py --dialect smb3. read3enc and write3enc move the big file encrypted
(--client-protection=encrypt) with AES-128-GCM, AES-256-GCM and AES-128-CCM pinned; the ceiling
case also times OpenSSL's AES-GCM on one core (openssl speed, 8 KiB blocks).
"""

import argparse
import datetime
import json
import os
import platform
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
CONNECT_LOOP = os.path.join(BENCH_DIR, "connect_loop.py")
CLK_TCK = os.sysconf("SC_CLK_TCK")
GIB = 1 << 30
MIB = 1 << 20

USER = "smbkitbench"
PASSWORD = "Bench-pass-1"
# Connections opened at a time when many are held: Samba spends ~50 ms of CPU forking each, and
# one at a time would make its 1,000 take minutes per run.
HOLD_PARALLEL = 4
SMALL_FILE_SIZE = 100  # bytes in each file of the create case
CASES = ("ceiling", "read", "write", "connect", "memory", "metadata", "idle10k",
         "read3", "write3", "connect3", "memory3", "idle10k3", "read3enc", "write3enc",
         "client3")
# The smbkit client's options per mode of the client3 case, matching SMBCLIENT_PROTO's.
SMBKIT_CLIENT_PROTO = {
    "smb3": ["-m", "SMB3_11"],
    "smb3sign": ["-m", "SMB3_11", "--sign"],
    "smb3gcm128": ["-m", "SMB3_11", "--encrypt", "--smb3-encryption-algorithms", "AES-128-GCM"],
}
# smbclient's protocol options per client mode: SMB1, and SMB 3.1.1 unsigned or signed
# (PEERS.md). "off" still lets the server sign the 3.1.1 SESSION_SETUP response, as it must.
SMBCLIENT_PROTO = {
    "nt1": ["-m", "NT1", "--option=client min protocol=NT1"],
    "smb3": ["-m", "SMB3_11", "--option=client min protocol=SMB3_11",
             "--client-protection=off"],
    "smb3sign": ["-m", "SMB3_11", "--option=client min protocol=SMB3_11",
                 "--client-protection=sign"],
}
# Encrypted SMB 3.1.1, one cipher pinned per mode: (mode, row label, cipher).
ENCRYPTED_MODES = (("smb3gcm128", "encrypted AES-128-GCM", "AES-128-GCM"),
                   ("smb3gcm256", "encrypted AES-256-GCM", "AES-256-GCM"),
                   ("smb3ccm128", "encrypted AES-128-CCM", "AES-128-CCM"))
for _mode, _label, _cipher in ENCRYPTED_MODES:
    SMBCLIENT_PROTO[_mode] = ["-m", "SMB3_11", "--option=client min protocol=SMB3_11",
                              "--client-protection=encrypt",
                              "--option=client smb3 encryption algorithms=" + _cipher]


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


# --- process trees --------------------------------------------------------------------------

def _proc_stat(pid):
    """(ppid, cpu ticks incl. reaped children) of one process, or None when it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            text = f.read()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces: split after the last ')'.
    fields = text[text.rindex(")") + 2:].split()
    # proc(5): fields 4 ppid, 14 utime, 15 stime, 16 cutime, 17 cstime (1-based, from pid).
    ppid = int(fields[1])
    ticks = int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
    return ppid, ticks


def tree_pids(root):
    """root and all its descendants."""
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = _proc_stat(int(name))
            if st:
                children.setdefault(st[0], []).append(int(name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, ()))
    return out


def tree_cpu(root):
    """CPU seconds of the whole tree: live processes plus the children they have reaped."""
    ticks = 0
    for pid in tree_pids(root):
        st = _proc_stat(pid)
        if st:
            ticks += st[1]
    return ticks / CLK_TCK


def tree_pss_kib(root):
    total = 0
    for pid in tree_pids(root):
        try:
            with open("/proc/%d/smaps_rollup" % pid) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


# --- helpers --------------------------------------------------------------------------------

def free_port():
    """A free port in 20000-31999: below Linux's ephemeral range, so the thousands of client
    connections opened later cannot take it."""
    for _ in range(500):
        port = random.randint(20000, 31999)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise SystemExit("bench: no free port")


def wait_listening(port, proc, what, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("bench: %s exited (status %s) before listening"
                             % (what, proc.returncode))
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("bench: %s not listening on port %d after %d s" % (what, port, seconds))


def stop_process(proc, seconds=15):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def loadavg():
    """The 1, 5 and 15 minute load averages: other work on the machine skews every figure."""
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def script_of(commands):
    """smbclient reads commands one a line from stdin."""
    return "\n".join(commands) + "\n"


def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values)}


class Run:
    """One client command against one server: wall time, the server tree's CPU, the client's
    CPU and its output."""

    def __init__(self, server, cmd, timeout=600, stdin=None):
        pids_before = len(tree_pids(server.pid))
        cpu0 = tree_cpu(server.pid)
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=timeout)
        self.seconds = time.perf_counter() - t0
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        server.settle(pids_before)
        self.server_cpu = tree_cpu(server.pid) - cpu0
        self.client_cpu = (ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime)
        self.rc = p.returncode
        self.out = p.stdout
        self.err = p.stderr

    def failure(self):
        """The exit status and the last line of output that names an error."""
        text = (self.err.strip() + "\n" + self.out.strip()).strip().splitlines()
        interesting = [l for l in text if re.search(r"NT_STATUS|NT code|[Ee]rror", l)]
        return "exit %d: %s" % (self.rc, (interesting or text or ["(no output)"])[-1][:200])


# --- servers --------------------------------------------------------------------------------

class Server:
    key = ""
    label = ""
    proc = None
    port = 0

    @property
    def pid(self):
        return self.proc.pid

    def settle(self, pids_before, seconds=5):
        """Waits until the tree has no more processes than before the run: Samba's per-connection
        child has exited and been reaped, so its CPU time is in its parent's cutime/cstime."""
        deadline = time.time() + seconds
        while len(tree_pids(self.pid)) > pids_before and time.time() < deadline:
            time.sleep(0.1)

    def unc(self, share):
        return "//127.0.0.1/%s" % share

    def stop(self):
        if self.proc:
            stop_process(self.proc)
            self.proc = None

    def restart(self):
        """A fresh server, on a new port: its memory holds nothing from earlier cases. Returns
        once its process tree has stopped growing (Samba starts helper processes)."""
        self.stop()
        self.start()
        count, stable_since = 0, time.time()
        deadline = time.time() + 10
        while time.time() < deadline and time.time() - stable_since < 1.0:
            n = len(tree_pids(self.pid))
            if n != count:
                count, stable_since = n, time.time()
            time.sleep(0.1)


class SmbkitServer(Server):
    key = "smbkit"
    label = "smbkit"

    def __init__(self, binary, data, scratch, workdir):
        self.binary, self.data, self.scratch = binary, data, scratch
        self.logfile = os.path.join(workdir, "smbkit.log")

    def start(self):
        self.port = free_port()
        cmd = [self.binary, "serve", "--share", "bench=" + self.data, "--share",
               "scratch=" + self.scratch, "--user", "%s:%s" % (USER, PASSWORD), "--listen",
               "127.0.0.1", "--port", str(self.port), "--netbios-port", "0", "--log-level", "warn",
               # 10,000 idle connections plus the clients measured meanwhile.
               "--max-connections", "20000"]
        with open(self.logfile, "ab") as out:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=out, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        wait_listening(self.port, self.proc, "smbkit serve")


class SambaServer(Server):
    """A private smbd (PEERS.md): own config, state and passdb under a temp dir, a loopback high
    port, SMB1 allowed, force user = root."""

    def __init__(self, key, label, tuned, data, scratch, workdir):
        self.key, self.label, self.tuned = key, label, tuned
        self.data, self.scratch = data, scratch
        self.dir = os.path.join(workdir, key)

    def start(self):
        d = self.dir
        for sub in ("private", "lock", "state", "cache", "pid", "ncalrpc", "log"):
            os.makedirs(os.path.join(d, sub), exist_ok=True)
        self.port = free_port()
        conf = os.path.join(d, "smb.conf")
        tuned = ("  smb2 max read = 1048576\n  smb2 max write = 1048576\n" if self.tuned else "")
        with open(conf, "w") as f:
            f.write("""[global]
  smb ports = {port}
  interfaces = 127.0.0.1/8
  bind interfaces only = yes
  disable netbios = yes
  server role = standalone server
  workgroup = SMBKIT
  map to guest = Never
  server min protocol = NT1
  raw NTLMv2 auth = yes
  passdb backend = tdbsam:{d}/private/passdb.tdb
  private dir = {d}/private
  lock directory = {d}/lock
  state directory = {d}/state
  cache directory = {d}/cache
  pid directory = {d}/pid
  ncalrpc dir = {d}/ncalrpc
  log file = {d}/log/log.%m
  max log size = 0
  load printers = no
  printcap name = /dev/null
  disable spoolss = yes
{tuned}
[bench]
  path = {data}
  read only = no
  force user = root
[scratch]
  path = {scratch}
  read only = no
  force user = root
""".format(port=self.port, d=d, tuned=tuned, data=self.data, scratch=self.scratch))
        p = subprocess.run(["smbpasswd", "-c", conf, "-s", "-a", USER],
                           input="%s\n%s\n" % (PASSWORD, PASSWORD), capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit("bench: smbpasswd -a failed: " + p.stdout + p.stderr)
        # A session of its own: smbd with --no-process-group signals its whole process group when
        # it exits.
        with open(os.path.join(d, "log", "stdout"), "ab") as out:
            self.proc = subprocess.Popen(["smbd", "-s", conf, "-F", "--no-process-group"],
                                         stdout=out, stderr=out, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        wait_listening(self.port, self.proc, "smbd (%s)" % self.label)


# --- clients --------------------------------------------------------------------------------

class Clients:
    def __init__(self, smbkit_bin, workdir):
        self.smbkit_bin = smbkit_bin
        # A private, empty client config keeps the machine's smb.conf out (PEERS.md).
        self.conf = os.path.join(workdir, "smbclient.conf")
        open(self.conf, "w").close()

    def smbclient(self, server, share, command=None, proto="nt1"):
        cmd = (["smbclient", "-s", self.conf] + SMBCLIENT_PROTO[proto] +
               ["-p", str(server.port), server.unc(share), "-U", "%s%%%s" % (USER, PASSWORD)])
        return cmd + (["-c", command] if command is not None else [])

    def smbkit(self, verb, server, path, *extra):
        return [self.smbkit_bin, verb, "//127.0.0.1:%d/%s" % (server.port, path), *extra,
                "-U", "%s%%%s" % (USER, PASSWORD), "-m", "NT1"]

    def smbkit3(self, verb, server, first, second, proto):
        """`smbkit get //server/PATH LOCAL` or `smbkit put LOCAL //server/PATH` over SMB 3.1.1."""
        unc = lambda p: "//127.0.0.1:%d/%s" % (server.port, p)
        args = [unc(first), second] if verb == "get" else [first, unc(second)]
        return ([self.smbkit_bin, verb, *args, "-U", "%s%%%s" % (USER, PASSWORD)] +
                SMBKIT_CLIENT_PROTO[proto])

    def smbkit_put(self, server, local, path):
        return [self.smbkit_bin, "put", local, "//127.0.0.1:%d/%s" % (server.port, path),
                "-U", "%s%%%s" % (USER, PASSWORD), "-m", "NT1"]

    def connect_loop(self, mode, server, count, *extra, dialect="nt1"):
        return [sys.executable, CONNECT_LOOP, mode, "--port", str(server.port), "--user", USER,
                "--password", PASSWORD, "--share", "bench", "--count", str(count),
                "--dialect", dialect, *extra]


def openssl_speed(cipher, seconds):
    """MB/s of `openssl speed -evp CIPHER` on 8 KiB blocks (one process, so one core)."""
    p = subprocess.run(["openssl", "speed", "-evp", cipher, "-bytes", "8192", "-seconds",
                        str(seconds)], capture_output=True, text=True, timeout=120)
    # The result line: "AES-128-GCM   1234567.89k" (thousands of bytes per second).
    m = re.search(r"^%s\s+([0-9.]+)k\s*$" % re.escape(cipher), p.stdout, re.M | re.I)
    if p.returncode != 0 or not m:
        raise SystemExit("bench: openssl speed %s failed: %s" % (cipher, p.stdout[-300:] + p.stderr))
    return float(m.group(1)) * 1000 / 1e6


def smbclient_rate(text):
    """Bytes/s from smbclient's "(average N KiloBytes/sec)" or "(average N kb/s)"."""
    m = re.search(r"\(average ([0-9.]+) (?:KiloBytes/sec|kb/s)\)", text)
    return float(m.group(1)) * 1024 if m else None


# --- the benchmark --------------------------------------------------------------------------

class Bench:
    def __init__(self, args):
        self.args = args
        self.quick = args.quick
        self.runs = args.runs or (2 if self.quick else 5)
        self.big_size = 64 * MIB if self.quick else GIB
        self.cache = args.cache
        self.data = os.path.join(self.cache, "share")
        self.big_name = "big-%dm.bin" % (self.big_size // MIB)
        self.big = os.path.join(self.data, self.big_name)
        self.list_dir = "list10k"
        self.list_count = 10000
        self.meta_count = 200 if self.quick else 2000
        # Samba opens some 10-20 connections a second here (a fork and ~50 ms of CPU each),
        # smbkit hundreds to thousands: each gets a count that takes it a few seconds, so the
        # CPU figures are well above the 10 ms clock tick and Samba stays within the budget.
        self.connect_counts = {"smbkit": 500 if self.quick else 2000,
                               "samba": 30 if self.quick else 100}
        self.hold_count = 100 if self.quick else 1000
        self.memory_runs = args.runs or (2 if self.quick else 3)
        self.idle_count = 10000
        self.latency_runs = 3 if self.quick else 10
        self.work = tempfile.mkdtemp(prefix="smbkit-bench.")
        self.scratch = os.path.join(self.work, "scratch")
        os.makedirs(self.scratch)
        os.chmod(self.work, 0o755)
        self.clients = Clients(args.smbkit, self.work)
        self.smbkit = SmbkitServer(args.smbkit, self.data, self.scratch, self.work)
        self.samba_default = SambaServer("samba", "Samba (defaults)", False, self.data,
                                         self.scratch, self.work)
        self.samba_tuned = SambaServer("samba_1m", "Samba (smb2 max read/write 1 MiB)", True,
                                       self.data, self.scratch, self.work)
        self.servers = [self.smbkit, self.samba_default, self.samba_tuned]
        self.results = {}  # case -> [row, ...] (see row())
        self.started = time.time()
        self.loadavg_start = loadavg()

    # -- set-up --

    def prepare_data(self):
        os.makedirs(self.data, exist_ok=True)
        if not (os.path.exists(self.big) and os.path.getsize(self.big) == self.big_size):
            log("making %s (%d MiB from /dev/urandom, once)" % (self.big, self.big_size // MIB))
            tmp = self.big + ".part"
            with open("/dev/urandom", "rb") as src, open(tmp, "wb") as dst:
                left = self.big_size
                while left:
                    chunk = src.read(min(left, 4 * MIB))
                    dst.write(chunk)
                    left -= len(chunk)
            os.rename(tmp, self.big)
        listing = os.path.join(self.data, self.list_dir)
        if not (os.path.isdir(listing) and len(os.listdir(listing)) == self.list_count):
            log("making %s (%d small files, once)" % (listing, self.list_count))
            shutil.rmtree(listing, ignore_errors=True)
            os.makedirs(listing)
            for i in range(self.list_count):
                with open(os.path.join(listing, "entry%05d.txt" % i), "w") as f:
                    f.write("entry %d\n" % i)
        # The small files smbclient uploads in the create case.
        self.small_dir = os.path.join(self.work, "small")
        os.makedirs(self.small_dir)
        for i in range(self.meta_count):
            with open(os.path.join(self.small_dir, "m%05d.txt" % i), "w") as f:
                f.write(("small file %05d\n" % i).ljust(SMALL_FILE_SIZE, "."))
        # The page cache holds the big file for every server alike.
        subprocess.run(["cat", self.big], stdout=subprocess.DEVNULL, check=True)

    def ensure_user(self):
        if subprocess.run(["id", "-u", USER], capture_output=True).returncode != 0:
            subprocess.run(["useradd", "-M", "-s", "/usr/sbin/nologin", USER], check=True)

    def start_servers(self):
        self.ensure_user()
        for s in self.servers:
            log("starting %s" % s.label)
            s.start()

    def stop_servers(self):
        for s in self.servers:
            s.stop()

    def rounds(self, servers, runs=None):
        """(round, server) pairs: every server once per round, the order rotated each round."""
        servers = list(servers)
        for r in range(runs or self.runs):
            k = r % len(servers)
            for s in servers[k:] + servers[:k]:
                yield r, s

    def row(self, case, name, unit, better, samples, cpu_unit=None, extra=None):
        """Records one table row: samples[server_key] = list of (value, server CPU per unit[,
        client CPU per unit]) or a string saying why there is none."""
        entry = {"case": case, "name": name, "unit": unit, "better": better,
                 "cpu_unit": cpu_unit, "servers": {}}
        for key, vals in samples.items():
            if isinstance(vals, str):
                entry["servers"][key] = {"unsupported": vals}
                continue
            entry["servers"][key] = {
                "value": summary([v[0] for v in vals]),
                "cpu": summary([v[1] for v in vals]) if cpu_unit else None,
                "samples": [v[0] for v in vals],
                "cpu_samples": [v[1] for v in vals],
            }
            if all(len(v) > 2 for v in vals):
                entry["servers"][key]["client_cpu_samples"] = [v[2] for v in vals]
        if extra:
            entry.update(extra)
        self.results.setdefault(case, []).append(entry)
        return entry

    # -- cases --

    def case_ceiling(self):
        port = free_port()
        iperf = subprocess.Popen(["iperf3", "-s", "-B", "127.0.0.1", "-p", str(port)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 start_new_session=True)
        try:
            wait_listening(port, iperf, "iperf3 -s")
            rates = []
            for _ in range(self.runs):
                p = subprocess.run(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-t",
                                    "2" if self.quick else "5", "-J"],
                                   capture_output=True, text=True, timeout=60)
                if p.returncode != 0:
                    raise SystemExit("bench: iperf3 failed: " + p.stdout[-500:] + p.stderr)
                bps = json.loads(p.stdout)["end"]["sum_received"]["bits_per_second"]
                rates.append((bps / 8 / 1e6, None))
            floors = self.kernel_floors(port, iperf.pid)
        finally:
            stop_process(iperf)
        self.row("ceiling", "iperf3, one TCP stream on 127.0.0.1", "MB/s", "higher",
                 {"loopback": rates})
        for name, samples in floors:
            self.row("floor", name, "CPU-s/GiB", "lower", {"loopback": samples})
        dd = []
        for _ in range(self.runs):
            t0 = time.perf_counter()
            subprocess.run(["dd", "if=" + self.big, "of=/dev/null", "bs=1M"], check=True,
                           capture_output=True)
            dd.append((self.big_size / (time.perf_counter() - t0) / 1e6, None))
        self.row("ceiling", "page-cache read of the %d MiB file (dd bs=1M)"
                 % (self.big_size // MIB),
                 "MB/s", "higher", {"loopback": dd})
        for cipher in ("aes-128-gcm", "aes-256-gcm"):
            speeds = [(openssl_speed(cipher, 1 if self.quick else 3), None)
                      for _ in range(self.runs)]
            self.row("ceiling", "OpenSSL %s on one core, 8 KiB blocks (openssl speed -evp)"
                     % cipher.upper(), "MB/s", "higher", {"loopback": speeds})

    def kernel_floors(self, port, iperf_pid):
        """CPU per GiB that moving the big file's size costs on this machine with no SMB at all,
        in the transfer sizes smbclient uses over SMB1: what a server cannot go below. On
        loopback the sender's CPU also pays for the TCP receive processing of the other end."""
        gib = self.big_size / GIB
        send, receive, store, cold, warm = [], [], [], [], []
        target = os.path.join(self.scratch, "floor.bin")
        for _ in range(self.runs):
            # The read case's sending side: sendfile in 64 KiB pieces (iperf3 -Z).
            ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-Z", "-l", "65536",
                            "-n", str(self.big_size)], check=True, capture_output=True, timeout=120)
            ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            send.append(((ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime) / gib, None))
            # The write case's receiving side: iperf3 -s taking 127 KiB writes.
            c0 = tree_cpu(iperf_pid)
            subprocess.run(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-l", "130048",
                            "-n", str(self.big_size)], check=True, capture_output=True, timeout=120)
            time.sleep(0.2)  # the server side ends its test after the client
            receive.append(((tree_cpu(iperf_pid) - c0) / gib, None))
            # ... and its storing side: 127 KiB writes into a new file in the page cache
            # (dd's reads of /dev/zero are a memset each, cheaper than a receive's copy).
            if os.path.exists(target):
                os.unlink(target)
            ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(["dd", "if=/dev/zero", "of=" + target, "bs=130048",
                            "count=%d" % -(-self.big_size // 130048)], check=True,
                           capture_output=True)
            ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            store.append(((ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime) / gib, None))
            os.unlink(target)
            # The receiving client's side of a read: the big file (in the page cache) sent with
            # sendfile (-Z), so the receiver's copy reads page-cache pages no CPU touched lately,
            # against read+write by the sender, whose own copy leaves the bytes in the CPU's
            # cache for the receiver's. A network card would bring the bytes cold either way.
            for zerocopy, store_to in ((True, cold), (False, warm)):
                c0 = tree_cpu(iperf_pid)
                subprocess.run(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-F", self.big,
                                "-l", "1048576"] + (["-Z"] if zerocopy else []), check=True,
                               capture_output=True, timeout=120)
                time.sleep(0.2)
                store_to.append(((tree_cpu(iperf_pid) - c0) / gib, None))
        return [("send over loopback with sendfile, 64 KiB at a time (iperf3 -Z, sender)", send),
                ("receive over loopback, 127 KiB at a time (iperf3 -s)", receive),
                ("write into a new file's page cache, 127 KiB at a time (dd from /dev/zero)",
                 store),
                ("receive the big file sent with sendfile from the page cache (iperf3 -F -Z; the "
                 "receiver, 1 MiB reads)", cold),
                ("receive the big file sent with read+write (iperf3 -F; the receiver, 1 MiB reads)",
                 warm)]

    def case_read(self):
        remote = self.big_name
        for client in ("smbclient", "smbkit"):
            wall, own = {}, {}
            for _, s in self.rounds(self.servers):
                if isinstance(wall.get(s.key), str):
                    continue
                if client == "smbclient":
                    cmd = self.clients.smbclient(s, "bench", "get %s /dev/null" % remote)
                else:
                    cmd = self.clients.smbkit("get", s, "bench/" + remote, "/dev/null")
                r = Run(s, cmd)
                # smbclient exits 0 even when a get fails; it names the size of what it got.
                whole = client != "smbclient" or "of size %d as" % self.big_size in r.out + r.err
                if r.rc != 0 or not whole:
                    wall[s.key] = own[s.key] = "failed: " + r.failure()
                    log("read with %s from %s %s" % (client, s.label, wall[s.key]))
                    continue
                cpu = r.server_cpu / (self.big_size / GIB)
                client_cpu = r.client_cpu / (self.big_size / GIB)
                wall.setdefault(s.key, []).append((self.big_size / r.seconds / 1e6, cpu,
                                                   client_cpu))
                if client == "smbclient":
                    rate = smbclient_rate(r.out + r.err)
                    own.setdefault(s.key, []).append((rate / 1e6 if rate else None, cpu,
                                                      client_cpu))
                log("read %s -> %s: %.0f MB/s, server %.2f CPU-s/GiB, client %.2f CPU-s"
                    % (s.label, client, self.big_size / r.seconds / 1e6, cpu, r.client_cpu))
            what = "sequential read of %d MiB" % (self.big_size // MIB)
            if client == "smbclient":
                self.row("read", what + ", smbclient get (timed)", "MB/s", "higher", wall,
                         "CPU-s/GiB", {"throughput": True})
                self.row("read", what + ", smbclient get (its own rate)", "MB/s", "higher", own,
                         "CPU-s/GiB", {"throughput": True})
            else:
                self.row("read", what + ", smbkit get (timed)", "MB/s", "higher", wall,
                         "CPU-s/GiB", {"throughput": True})

    def case_write(self):
        target = os.path.join(self.scratch, "put.bin")
        for client in ("smbclient", "smbkit"):
            wall, own = {}, {}
            for _, s in self.rounds(self.servers):
                if isinstance(wall.get(s.key), str):
                    continue
                if client == "smbclient":
                    cmd = self.clients.smbclient(s, "scratch", "put %s put.bin" % self.big)
                else:
                    cmd = self.clients.smbkit_put(s, self.big, "scratch/put.bin")
                r = Run(s, cmd)
                size = os.path.getsize(target) if os.path.exists(target) else -1
                if os.path.exists(target):
                    os.unlink(target)
                if r.rc != 0 or size != self.big_size:
                    wall[s.key] = own[s.key] = ("failed (%s; %d bytes landed)"
                                                % (r.failure(), max(size, 0)))
                    log("write with %s to %s: %s" % (client, s.label, wall[s.key]))
                    continue
                cpu = r.server_cpu / (self.big_size / GIB)
                client_cpu = r.client_cpu / (self.big_size / GIB)
                wall.setdefault(s.key, []).append((self.big_size / r.seconds / 1e6, cpu,
                                                   client_cpu))
                if client == "smbclient":
                    rate = smbclient_rate(r.out + r.err)
                    own.setdefault(s.key, []).append((rate / 1e6 if rate else None, cpu,
                                                      client_cpu))
                log("write %s -> %s: %.0f MB/s, server %.2f CPU-s/GiB, client %.2f CPU-s"
                    % (client, s.label, self.big_size / r.seconds / 1e6, cpu, r.client_cpu))
            what = "sequential write of %d MiB, %s put" % (self.big_size // MIB, client)
            self.row("write", what + " (timed)", "MB/s", "higher", wall, "CPU-s/GiB",
                     {"throughput": True})
            if client == "smbclient":
                self.row("write", what + " (its own rate)", "MB/s", "higher", own, "CPU-s/GiB",
                         {"throughput": True})

    def case_read3(self):
        self.smb3_transfer("read")

    def case_write3(self):
        self.smb3_transfer("write")

    def case_read3enc(self):
        self.smb3_transfer("read", [(m, label) for m, label, _ in ENCRYPTED_MODES], "3enc")

    def case_write3enc(self):
        self.smb3_transfer("write", [(m, label) for m, label, _ in ENCRYPTED_MODES], "3enc")

    def smb3_transfer(self, direction, modes=(("smb3", "unsigned"), ("smb3sign", "signed")),
                      suffix="3"):
        """SMB 3.1.1 `smbclient get` of the big file to /dev/null, or `put` of it into scratch,
        in each client mode (unsigned and signed, or encrypted with each cipher); the server's
        and the client's CPU per GiB of each run."""
        target = os.path.join(self.scratch, "put.bin")
        gib = self.big_size / GIB
        for proto, how in modes:
            wall, own = {}, {}
            for _, s in self.rounds(self.servers):
                if isinstance(wall.get(s.key), str):
                    continue
                if direction == "read":
                    cmd = self.clients.smbclient(s, "bench", "get %s /dev/null" % self.big_name,
                                                 proto)
                else:
                    cmd = self.clients.smbclient(s, "scratch", "put %s put.bin" % self.big, proto)
                r = Run(s, cmd)
                if direction == "read":
                    # smbclient exits 0 even when a get fails; it names the size it got.
                    whole = "of size %d as" % self.big_size in r.out + r.err
                    landed = ""
                else:
                    size = os.path.getsize(target) if os.path.exists(target) else -1
                    if os.path.exists(target):
                        os.unlink(target)
                    whole = size == self.big_size
                    landed = "; %d bytes landed" % max(size, 0)
                if r.rc != 0 or not whole:
                    wall[s.key] = own[s.key] = "failed (%s%s)" % (r.failure(), landed)
                    log("%s %s with %s: %s" % (direction, how, s.label, wall[s.key]))
                    continue
                cpu, client_cpu = r.server_cpu / gib, r.client_cpu / gib
                wall.setdefault(s.key, []).append((self.big_size / r.seconds / 1e6, cpu,
                                                   client_cpu))
                rate = smbclient_rate(r.out + r.err)
                own.setdefault(s.key, []).append((rate / 1e6 if rate else None, cpu, client_cpu))
                log("SMB3 %s %s %s: %.0f MB/s, server %.2f, client %.2f CPU-s/GiB"
                    % (direction, how, s.label, self.big_size / r.seconds / 1e6, cpu, client_cpu))
            what = "SMB 3.1.1 %s, sequential %s of %d MiB, smbclient %s" % (
                how, direction, self.big_size // MIB, "get" if direction == "read" else "put")
            case = direction + suffix
            self.row(case, what + " (timed)", "MB/s", "higher", wall, "CPU-s/GiB",
                     {"throughput": True, "id": "%s_%s" % (case, how.split()[-1].lower())})
            self.row(case, what + " (its own rate)", "MB/s", "higher", own, "CPU-s/GiB",
                     {"throughput": True})

    def case_client3(self):
        """The clients side by side: smbkit get/put against smbclient get/put of the big file
        over SMB 3.1.1 (unsigned, signed, encrypted with AES-128-GCM), from smbkit serve and
        from Samba; throughput and the client's CPU per GiB."""
        target = os.path.join(self.scratch, "put.bin")
        gib = self.big_size / GIB
        servers = [self.smbkit, self.samba_default]
        modes = (("smb3", "unsigned"), ("smb3sign", "signed"), ("smb3gcm128", "AES-128-GCM"))
        for direction in ("read", "write"):
            for proto, how in modes:
                for client in ("smbclient", "smbkit"):
                    wall = {}
                    for _, s in self.rounds(servers):
                        if isinstance(wall.get(s.key), str):
                            continue
                        if client == "smbclient":
                            cmd = (self.clients.smbclient(s, "bench", "get %s /dev/null"
                                                          % self.big_name, proto)
                                   if direction == "read" else
                                   self.clients.smbclient(s, "scratch", "put %s put.bin"
                                                          % self.big, proto))
                        else:
                            cmd = (self.clients.smbkit3("get", s, "bench/" + self.big_name,
                                                        "/dev/null", proto)
                                   if direction == "read" else
                                   self.clients.smbkit3("put", s, self.big, "scratch/put.bin",
                                                        proto))
                        r = Run(s, cmd)
                        if direction == "read":
                            whole = (client != "smbclient" or
                                     "of size %d as" % self.big_size in r.out + r.err)
                        else:
                            size = os.path.getsize(target) if os.path.exists(target) else -1
                            if os.path.exists(target):
                                os.unlink(target)
                            whole = size == self.big_size
                        if r.rc != 0 or not whole:
                            wall[s.key] = "failed (%s)" % r.failure()
                            log("client3 %s %s %s from %s: %s" % (direction, how, client,
                                                                  s.label, wall[s.key]))
                            continue
                        wall.setdefault(s.key, []).append((self.big_size / r.seconds / 1e6,
                                                           r.server_cpu / gib,
                                                           r.client_cpu / gib))
                        log("client3 %s %s %s from %s: %.0f MB/s, client %.2f CPU-s/GiB"
                            % (direction, how, client, s.label, self.big_size / r.seconds / 1e6,
                               r.client_cpu / gib))
                    verb = "get" if direction == "read" else "put"
                    self.row("client3", "SMB 3.1.1 %s, %s %s of %d MiB (timed)"
                             % (how, client, verb, self.big_size // MIB), "MB/s", "higher",
                             wall, "CPU-s/GiB",
                             {"throughput": True,
                              "id": "client3_%s_%s_%s" % (direction, proto, client)})

    def connect_count(self, server):
        return self.connect_counts["smbkit" if server is self.smbkit else "samba"]

    def case_connect(self, dialect="nt1"):
        samples = {}
        for _, s in self.rounds(self.servers):
            if isinstance(samples.get(s.key), str):
                continue
            n = self.connect_count(s)
            r = Run(s, self.clients.connect_loop("loop", s, n, dialect=dialect))
            if r.rc != 0:
                samples[s.key] = "failed: " + r.failure()
                log("connect loop against %s %s" % (s.label, samples[s.key]))
                continue
            per_s = json.loads(r.out)["per_second"]
            cpu_ms = r.server_cpu / n * 1000
            samples.setdefault(s.key, []).append((per_s, cpu_ms))
            log("connect %s: %.0f/s, server %.2f ms CPU each" % (s.label, per_s, cpu_ms))
        if dialect == "nt1":
            self.row("connect", "connect + negotiate + NTLMv2 logon + tree connect + disconnect, "
                     "in a row from one process (smbkit %d, Samba %d)"
                     % (self.connect_counts["smbkit"], self.connect_counts["samba"]),
                     "connections/s", "higher", samples,
                     "ms/connection", {"id": "connect"})
        else:
            self.row("connect3", "SMB 3.1.1: connect + negotiate + NTLMSSP (NTLMv2) logon in "
                     "SPNEGO + tree connect + disconnect, in a row from one process (smbkit %d, "
                     "Samba %d)" % (self.connect_counts["smbkit"], self.connect_counts["samba"]),
                     "connections/s", "higher", samples, "ms/connection", {"id": "connect3"})

    def case_connect3(self):
        self.case_connect("smb3")

    def hold(self, server, count, depth="full", dialect="nt1"):
        """Opens `count` connections with connect_loop.py hold; returns (process, seconds) once
        they are all open, or (None, error text)."""
        p = subprocess.Popen(self.clients.connect_loop("hold", server, count, "--depth", depth,
                                                     "--parallel", str(HOLD_PARALLEL),
                                                     dialect=dialect),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        line = p.stdout.readline()
        if not line.startswith("ready "):
            p.stdin.close()
            p.wait()
            return None, (p.stderr.read().strip() or "no 'ready' line").splitlines()[-1][:200]
        return p, float(line.split()[2])

    def release(self, server, p, pids_before):
        p.stdin.write("\n")
        p.stdin.close()
        p.wait(120)
        # The closes reach the server; Samba's children exit.
        server.settle(pids_before, seconds=120)

    def case_memory(self, dialect="nt1"):
        n = self.hold_count
        samples, opening = {}, {}
        for _, s in self.rounds(self.servers, self.memory_runs):
            if isinstance(samples.get(s.key), str):
                continue
            # A fresh server each run: a baseline that still holds an earlier run's freed memory
            # (kept by the allocator) would hide what the connections cost.
            s.restart()
            pids_before = len(tree_pids(s.pid))
            base = tree_pss_kib(s.pid)
            cpu0 = tree_cpu(s.pid)
            p, seconds = self.hold(s, n, dialect=dialect)
            if p is None:
                samples[s.key] = opening[s.key] = "failed: " + seconds
                log("memory %s: %s" % (s.label, samples[s.key]))
                continue
            time.sleep(1.0)
            held = tree_pss_kib(s.pid)
            cpu_ms = (tree_cpu(s.pid) - cpu0) / n * 1000
            procs = len(tree_pids(s.pid))
            self.release(s, p, pids_before)
            per = (held - base) / n
            samples.setdefault(s.key, []).append((per, cpu_ms))
            opening.setdefault(s.key, []).append((n / seconds, cpu_ms))
            log("memory %s: %.1f KiB PSS per connection (%d KiB -> %d KiB, %d processes), "
                "opened at %.0f/s" % (s.label, per, base, held, procs, n / seconds))
        case, what = ("memory", "") if dialect == "nt1" else ("memory3", "SMB 3.1.1: ")
        self.row(case, what + "idle memory per logged-on, tree-connected connection, %d held "
                 "(PSS of the server's process tree, fresh server; %d runs)"
                 % (n, self.memory_runs), "KiB/connection", "lower", samples, "ms/connection",
                 {"id": case})
        self.row(case, what + "opening those %d connections (one process, %d at a time)"
                 % (n, HOLD_PARALLEL), "connections/s", "higher", opening, "ms/connection")

    def case_memory3(self):
        self.case_memory("smb3")

    def case_metadata(self):
        n = self.meta_count
        names = ["m%05d.txt" % i for i in range(n)]
        create, delete, ls_smbclient, ls_smbkit = {}, {}, {}, {}

        def on_disk(size=None):
            """Files named m* in the scratch share; with `size`, only those of that size."""
            return sum(1 for x in os.listdir(self.scratch) if x.startswith("m") and
                       (size is None or os.path.getsize(os.path.join(self.scratch, x)) == size))

        def clear():
            for x in os.listdir(self.scratch):
                os.unlink(os.path.join(self.scratch, x))

        for _, s in self.rounds(self.servers):
            # create: smbclient put of n small files, one command each, in one smbclient process.
            if not isinstance(create.get(s.key), str):
                clear()
                script = script_of(["lcd " + self.small_dir] +
                                               ["put %s" % x for x in names])
                r = Run(s, self.clients.smbclient(s, "scratch"), stdin=script)
                # Every file there with its content: a create whose write failed leaves it empty.
                made = on_disk(SMALL_FILE_SIZE)
                if made != n:
                    create[s.key] = ("unsupported (%d of %d created with their %d bytes, %d "
                                     "files in all; %s)" % (made, n, SMALL_FILE_SIZE, on_disk(),
                                                            r.failure()))
                    log("create on %s: %s" % (s.label, create[s.key]))
                else:
                    create.setdefault(s.key, []).append((n / r.seconds, r.server_cpu / n * 1e6))
                    log("create %s: %.0f files/s" % (s.label, n / r.seconds))
            # delete: the same n files, made directly on disk, removed by smbclient one by one.
            if not isinstance(delete.get(s.key), str):
                clear()
                for x in names:
                    with open(os.path.join(self.scratch, x), "w") as f:
                        f.write("to be deleted\n")
                r = Run(s, self.clients.smbclient(s, "scratch"),
                        stdin=script_of(["del %s" % x for x in names]))
                left = on_disk()
                if left != 0:
                    delete[s.key] = ("unsupported (%d of %d deleted; %s)"
                                     % (n - left, n, r.failure()))
                    log("delete on %s: %s" % (s.label, delete[s.key]))
                else:
                    delete.setdefault(s.key, []).append((n / r.seconds, r.server_cpu / n * 1e6))
                    log("delete %s: %.0f files/s" % (s.label, n / r.seconds))
                clear()
            # list: the pre-made directory of 10,000 entries, with both clients.
            for client, store in (("smbclient", ls_smbclient), ("smbkit", ls_smbkit)):
                if isinstance(store.get(s.key), str):
                    continue
                if client == "smbclient":
                    cmd = self.clients.smbclient(s, "bench", "cd %s; ls" % self.list_dir)
                    pattern = r"^  entry\d{5}\.txt +\S+ +\d+ "
                else:
                    cmd = self.clients.smbkit("ls", s, "bench/" + self.list_dir)
                    pattern = r"^- .* entry\d{5}\.txt$"
                r = Run(s, cmd)
                seen = len(re.findall(pattern, r.out, re.M))
                if r.rc != 0 or seen != self.list_count:
                    store[s.key] = "failed (%d of %d entries; %s)" % (seen, self.list_count,
                                                                      r.failure())
                    log("ls with %s on %s: %s" % (client, s.label, store[s.key]))
                    continue
                store.setdefault(s.key, []).append((self.list_count / r.seconds,
                                                    r.server_cpu / self.list_count * 1e6))
                log("ls %s -> %s: %.3f s" % (s.label, client, r.seconds))
        self.row("metadata", "create %d small files, smbclient put (one process)" % n,
                 "files/s", "higher", create, "µs/file")
        self.row("metadata", "delete %d small files, smbclient del (one process)" % n,
                 "files/s", "higher", delete, "µs/file")
        self.row("metadata", "list %d entries, smbclient ls (whole command)" % self.list_count,
                 "entries/s", "higher", ls_smbclient, "µs/entry")
        self.row("metadata", "list %d entries, smbkit ls (whole command)" % self.list_count,
                 "entries/s", "higher", ls_smbkit, "µs/entry")

    def latencies(self, s, runs, dialect="nt1"):
        """A new client listing the share's top level, `runs` times with smbkit ls and smbclient
        ls (SMB 3.1.1: smbclient only; smbkit's client speaks SMB1): {client: [(ms, server CPU
        ms)]}. One run's CPU is below the 10 ms resolution of /proc/PID/stat, so each sample
        carries the mean over all the runs of that client."""
        clients = ["smbkit", "smbclient"] if dialect == "nt1" else ["smbclient"]
        out = {c: [] for c in clients}
        cpu = {c: 0.0 for c in clients}
        for _ in range(runs):
            for client in out:
                if client == "smbkit":
                    cmd = self.clients.smbkit("ls", s, "bench/")
                else:
                    cmd = self.clients.smbclient(s, "bench", "ls",
                                                 "nt1" if dialect == "nt1" else "smb3")
                r = Run(s, cmd, timeout=120)
                if r.rc != 0 or self.big_name not in r.out:
                    return None, "%s ls failed: %s" % (client, r.failure())
                out[client].append(r.seconds * 1000)
                cpu[client] += r.server_cpu
        # The mean CPU rides on the first sample only, so the table shows it once.
        return {c: [(ms, cpu[c] * 1000 / runs if i == 0 else None) for i, ms in enumerate(v)]
                for c, v in out.items()}, None

    def case_idle10k3(self):
        self.case_idle10k("smb3")

    def case_idle10k(self, dialect="nt1"):
        s = self.smbkit
        n = self.idle_count
        case, what = ("idle10k", "") if dialect == "nt1" else ("idle10k3", "SMB 3.1.1: ")
        s.restart()
        before, err = self.latencies(s, self.latency_runs, dialect)
        if err:
            raise SystemExit("bench: " + err)
        pids_before = len(tree_pids(s.pid))
        base = tree_pss_kib(s.pid)
        cpu0 = tree_cpu(s.pid)
        p, seconds = self.hold(s, n, dialect=dialect)
        note_samba = ("not run: Samba forks one process per connection, so 10,000 smbd "
                      "processes (its CPU and memory per connection are in the connect and "
                      "memory rows)")
        if p is None:
            self.row(case, what + "%d idle logged-on connections held" % n, "-", "lower",
                     {"smbkit": "failed: " + seconds, "samba": note_samba, "samba_1m": note_samba})
            return
        try:
            time.sleep(1.0)
            held = tree_pss_kib(s.pid)
            open_cpu_ms = (tree_cpu(s.pid) - cpu0) / n * 1000
            during, err = self.latencies(s, self.latency_runs, dialect)
        finally:
            self.release(s, p, pids_before)
        log("idle10k: %d connections opened in %.1f s, %.1f KiB PSS each" %
            (n, seconds, (held - base) / n))
        if err:
            during = {c: "failed: " + err for c in before}
        for client in before:
            self.row(case, what + "new client's `%s ls` of the share, no other connection"
                     % client, "ms", "lower", {"smbkit": before[client]}, "ms/ls (mean)",
                     {"id": "%s_%s_alone" % (case, client)})
            self.row(case, what + "new client's `%s ls` of the share, %d idle connections held"
                     % (client, n), "ms", "lower",
                     {"smbkit": during[client], "samba": note_samba, "samba_1m": note_samba},
                     "ms/ls (mean)", {"id": "%s_%s_held" % (case, client)})
        self.row(case, what + "PSS per connection with %d held" % n, "KiB/connection", "lower",
                 {"smbkit": [((held - base) / n, open_cpu_ms)], "samba": note_samba,
                  "samba_1m": note_samba}, "ms/connection")
        self.row(case, what + "opening the %d connections (one process, %d at a time)"
                 % (n, HOLD_PARALLEL),
                 "connections/s", "higher",
                 {"smbkit": [(n / seconds, open_cpu_ms)], "samba": note_samba,
                  "samba_1m": note_samba}, "ms/connection")

    # -- the whole run --

    def run(self):
        cases = self.args.cases.split(",") if self.args.cases else list(CASES)
        unknown = set(cases) - set(CASES)
        if unknown:
            raise SystemExit("bench: unknown case(s) %s; cases: %s" % (",".join(sorted(unknown)),
                                                                       ",".join(CASES)))
        self.prepare_data()
        try:
            self.start_servers()
            for case in cases:
                log("case %s" % case)
                t0 = time.time()
                getattr(self, "case_" + case)()
                log("case %s took %.0f s" % (case, time.time() - t0))
        finally:
            self.stop_servers()
            if not self.args.keep:
                shutil.rmtree(self.work, ignore_errors=True)
            else:
                log("kept " + self.work)
        self.write_results(cases)

    def write_results(self, cases):
        meta = {
            "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            "host": platform.node(),
            "cpus": os.cpu_count(),
            "kernel": platform.release(),
            "samba": subprocess.run(["smbd", "--version"], capture_output=True,
                                    text=True).stdout.strip(),
            # The commit the working tree sits on; the tree itself may hold more.
            "smbkit_commit": subprocess.run(["git", "-C", BENCH_DIR, "rev-parse", "--short",
                                             "HEAD"], capture_output=True,
                                            text=True).stdout.strip() or "?",
            "loadavg_start": self.loadavg_start,
            "loadavg_end": loadavg(),
            "quick": self.quick,
            "runs": self.runs,
            "memory_runs": self.memory_runs,
            "cases": cases,
            "seconds": round(time.time() - self.started),
            "sizes": {"big_file": self.big_size, "list_entries": self.list_count,
                      "metadata_files": self.meta_count, "connect_loop": self.connect_counts,
                      "memory_connections": self.hold_count, "idle_connections": self.idle_count},
        }
        text = markdown(self.results, meta)
        os.makedirs(self.args.results, exist_ok=True)
        stem = (datetime.datetime.now().strftime("%Y-%m-%d-%H%M") +
                ("-quick" if self.quick else ""))
        md_path = os.path.join(self.args.results, stem + ".md")
        json_path = os.path.join(self.args.results, stem + ".json")
        with open(md_path, "w") as f:
            f.write(text)
        with open(json_path, "w") as f:
            json.dump({"meta": meta, "results": self.results}, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(text)
        log("wrote %s and %s (%d s)" % (md_path, json_path, meta["seconds"]))


# --- report ---------------------------------------------------------------------------------

def fmt_num(v):
    if v is None:
        return "-"
    a = abs(v)
    if a >= 100:
        return "%.0f" % v
    if a >= 10:
        return "%.1f" % v
    if a >= 1:
        return "%.2f" % v
    if a >= 0.01:
        return "%.3f" % v
    return "%.2g" % v


def fmt_summary(s):
    if s is None:
        return "-"
    if s["n"] == 1:
        return fmt_num(s["median"])
    return "%s (%s–%s)" % (fmt_num(s["median"]), fmt_num(s["min"]), fmt_num(s["max"]))


def cell(entry, key, what="value", notes=None):
    """A table cell. A figure that could not be had shows its first word and a note number;
    the note (in `notes`, shared by the table) says why."""
    d = entry["servers"].get(key)
    if d is None:
        return ""
    if "unsupported" in d:
        if what != "value":
            return ""
        text = d["unsupported"]
        if notes is None:
            return text
        if text not in notes:
            notes.append(text)
        return "%s [%d]" % (re.split(r"[(:]", text)[0].strip(), notes.index(text) + 1)
    return fmt_summary(d[what])


def best_samba(entry):
    """The Samba configuration with the better median for this row, or None."""
    best = None
    for key in ("samba", "samba_1m"):
        d = entry["servers"].get(key)
        if not d or "unsupported" in d or not d["value"]:
            continue
        m = d["value"]["median"]
        if best is None or (m > best[1] if entry["better"] == "higher" else m < best[1]):
            best = (key, m)
    return best


# The targets, each checked against the row with that id: (id, what, measure, bound).
# measure "value": smbkit's median over the best Samba median (throughput, memory); "cpu": the
# server CPU per unit, smbkit's median over the lowest Samba median.
TARGETS = [
    ("read3_unsigned", "SMB 3.1.1 read 1 GiB unsigned: throughput at least Samba's", "value", 1.0),
    ("read3_unsigned", "... server CPU per GiB at most 1/3 of Samba's", "cpu", 1 / 3),
    ("read3_signed", "SMB 3.1.1 read 1 GiB signed: throughput at least Samba's", "value", 1.0),
    ("read3_signed", "... server CPU per GiB at most 1/2 of Samba's", "cpu", 1 / 2),
    ("write3_unsigned", "SMB 3.1.1 write 1 GiB unsigned: throughput at least Samba's", "value",
     1.0),
    ("write3_unsigned", "... server CPU per GiB at most 1/3 of Samba's", "cpu", 1 / 3),
    ("write3_signed", "SMB 3.1.1 write 1 GiB signed: throughput at least Samba's", "value", 1.0),
    ("write3_signed", "... server CPU per GiB at most 1/2 of Samba's", "cpu", 1 / 2),
    ("connect3", "SMB 3.1.1 connection setup: server CPU at most 1/50 of Samba's", "cpu", 1 / 50),
    ("read3enc_aes-128-gcm", "SMB 3.1.1 read 1 GiB AES-128-GCM: throughput at least 1.5x Samba's",
     "value", 1.5),
    ("read3enc_aes-128-gcm", "... server CPU per GiB at most 1/2 of Samba's", "cpu", 1 / 2),
    ("read3enc_aes-256-gcm", "SMB 3.1.1 read 1 GiB AES-256-GCM: throughput at least 1.5x Samba's",
     "value", 1.5),
    ("read3enc_aes-256-gcm", "... server CPU per GiB at most 1/2 of Samba's", "cpu", 1 / 2),
    ("write3enc_aes-128-gcm", "SMB 3.1.1 write 1 GiB AES-128-GCM: throughput at least 1.5x "
     "Samba's", "value", 1.5),
    ("write3enc_aes-128-gcm", "... server CPU per GiB at most 1/2 of Samba's", "cpu", 1 / 2),
    ("write3enc_aes-256-gcm", "SMB 3.1.1 write 1 GiB AES-256-GCM: throughput at least 1.5x "
     "Samba's", "value", 1.5),
    ("write3enc_aes-256-gcm", "... server CPU per GiB at most 1/2 of Samba's", "cpu", 1 / 2),
    ("connect", "SMB1 connection setup: server CPU at most 1/50 of Samba's", "cpu", 1 / 50),
    ("memory3", "SMB 3.1.1 idle memory per logged-on connection at most 1/50 of Samba's",
     "value", 1 / 50),
]


def targets_table(rows):
    by_id = {r["id"]: r for r in rows if r.get("id")}
    out = []
    for rid, what, measure, bound in TARGETS:
        r = by_id.get(rid)
        if not r:
            continue
        sk = r["servers"].get("smbkit")
        sambas = [d for k, d in r["servers"].items()
                  if k != "smbkit" and d and "unsupported" not in d and d.get(measure)]
        if not sk or "unsupported" in sk or not sk.get(measure) or not sambas:
            continue
        mine = sk[measure]["median"]
        theirs = [d[measure]["median"] for d in sambas]
        if measure == "value" and r["better"] == "higher":
            ref = max(theirs)
            ratio = mine / ref if ref else None
            met = ratio is not None and ratio >= bound
            rel = "≥"
        else:
            ref = min(theirs)
            ratio = mine / ref if ref else None
            met = ratio is not None and ratio <= bound
            rel = "≤"
        out.append("| %s | %s / %s | %s | %s %s | %s |" % (
            what, fmt_num(mine), fmt_num(ref), fmt_num(ratio) if ratio else "-", rel,
            fmt_num(bound), "met" if met else "**not met**"))
    held = by_id.get("idle10k3_smbclient_held")
    alone = by_id.get("idle10k3_smbclient_alone")
    if held and alone:
        h, a = held["servers"].get("smbkit", {}), alone["servers"].get("smbkit", {})
        if h.get("value") and a.get("value"):
            out.append("| SMB 3.1.1: a new client served promptly with 10,000 idle connections held "
                       "(smbclient ls, ms) | %s held / %s alone | %s | - | %s |" % (
                           fmt_num(h["value"]["median"]), fmt_num(a["value"]["median"]),
                           fmt_num(h["value"]["median"] / a["value"]["median"]),
                           "see the ratio"))
    if out:
        out = ["", "## The issue's targets", "",
               "Samba's figure: its better configuration (the higher throughput, the lower CPU or "
               "memory).", "",
               "| target | smbkit / Samba | ratio | bound | |", "|---|---|---|---|---|"] + out
    return out


def markdown(results, meta):
    """The report's tables from the results and the run's meta data."""
    rows = [r for case in results.values() for r in case]
    lines = [
        "# smbkit vs Samba, %s%s" % (meta["date"], " (--quick)" if meta["quick"] else ""),
        "",
        "Host: %s; %d CPUs; kernel %s; Samba %s; smbkit %s (working tree); %d runs per figure, "
        "servers alternating, unless said otherwise; load average %s at the start, %s at the "
        "end." % (meta["host"], meta["cpus"], meta["kernel"], meta["samba"].replace("Version ", ""),
                  meta["smbkit_commit"], meta["runs"],
                  "/".join("%.1f" % x for x in meta["loadavg_start"]),
                  "/".join("%.1f" % x for x in meta["loadavg_end"])),
        "Cells: median (min–max). CPU: the server's whole process tree (utime+stime, reaped "
        "children included) per unit of work. Ratio: smbkit / the better Samba configuration "
        "(↑ higher is better, ↓ lower is better). Rows that start with \"SMB 3.1.1\" speak SMB 3.1.1 "
        "(smbclient -m SMB3_11; unsigned: --client-protection=off, signed: =sign); the others "
        "SMB1 (NT LM 0.12).",
    ]
    rows = [r for r in rows if r["case"] not in ("ceiling", "floor")]
    if rows:
        lines += ["",
                  "| case | unit | smbkit | Samba (defaults) | Samba (smb2 max read/write 1 MiB) "
                  "| smbkit / best Samba | smbkit CPU | best Samba CPU | CPU unit |",
                  "|---|---|---|---|---|---|---|---|---|"]
    notes = []
    for r in rows:
        best = best_samba(r)
        ratio = "-"
        sk = r["servers"].get("smbkit")
        if best and sk and "unsupported" not in sk and sk["value"]:
            ratio = fmt_num(sk["value"]["median"] / best[1]) if best[1] else "-"
        arrow = "↑" if r["better"] == "higher" else "↓"
        lines.append("| %s | %s %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["name"], r["unit"], arrow, cell(r, "smbkit", notes=notes),
            cell(r, "samba", notes=notes), cell(r, "samba_1m", notes=notes),
            ratio, cell(r, "smbkit", "cpu") if r["cpu_unit"] else "",
            cell(r, best[0], "cpu") if best and r["cpu_unit"] else "", r["cpu_unit"] or ""))
    if notes:
        lines += [""] + ["[%d] %s" % (i + 1, n) + ("  " if i + 1 < len(notes) else "")
                         for i, n in enumerate(notes)]
    floors = results.get("floor", [])
    if floors:
        lines += ["", "## Kernel floors", "",
                  "The CPU any server pays per GiB on this machine for the bytes alone, with no "
                  "SMB (medians; min-max):", "", "| what | CPU-s/GiB |", "|---|---|"]
        for r in floors:
            lines.append("| %s | %s |" % (r["name"], cell(r, "loopback")))
    ceilings = {r["name"]: r for r in results.get("ceiling", [])}
    if ceilings:
        lines += ["", "## Loopback ceilings", "", "| ceiling | MB/s |", "|---|---|"]
        for name, r in ceilings.items():
            lines.append("| %s | %s |" % (name, cell(r, "loopback")))
        iperf = next((r for n, r in ceilings.items() if n.startswith("iperf3")), None)
        dd = next((r for n, r in ceilings.items() if n.startswith("page-cache")), None)
        thr = [r for r in rows if r.get("throughput")]
        if thr and iperf and dd:
            ip = iperf["servers"]["loopback"]["value"]["median"]
            dm = dd["servers"]["loopback"]["value"]["median"]
            lines += ["", "Throughput medians as a share of the iperf3 / dd ceilings:", "",
                      "| case | smbkit | Samba (defaults) | Samba (1 MiB) |", "|---|---|---|---|"]
            for r in thr:
                cells = []
                for key in ("smbkit", "samba", "samba_1m"):
                    d = r["servers"].get(key)
                    if not d or "unsupported" in d or not d["value"]:
                        cells.append("-")
                    else:
                        m = d["value"]["median"]
                        cells.append("%.0f%% / %.0f%%" % (100 * m / ip, 100 * m / dm))
                lines.append("| %s | %s |" % (r["name"], " | ".join(cells)))
    # The "(its own rate)" rows repeat the runs of the "(timed)" rows above them.
    with_client = [r for r in rows if "its own rate" not in r["name"] and
                   any("client_cpu_samples" in d for d in r["servers"].values())]
    if with_client:
        lines += ["", "## CPU per GiB moved: server and client together", "",
                  "Medians of CPU-seconds per GiB; the client is smbclient (or smbkit get/put), "
                  "the server its whole process tree. Best Samba: the configuration with the "
                  "lower total.", "",
                  "| case | smbkit server | smbkit client | smbkit total | Samba (defaults) "
                  "server + client | Samba (1 MiB) server + client | total / best Samba's |",
                  "|---|---|---|---|---|---|---|"]
        for r in with_client:
            def both(key):
                d = r["servers"].get(key, {})
                sv, cl = d.get("cpu_samples"), d.get("client_cpu_samples")
                if not sv or not cl:
                    return None
                return statistics.median(sv), statistics.median(cl)
            sk = both("smbkit")
            sambas = [x for x in (both("samba"), both("samba_1m")) if x]
            best = min((a + b for a, b in sambas), default=None)
            cells = ["-", "-", "-"] if not sk else [fmt_num(sk[0]), fmt_num(sk[1]),
                                                    fmt_num(sk[0] + sk[1])]
            for key in ("samba", "samba_1m"):
                x = both(key)
                cells.append("%s + %s = %s" % (fmt_num(x[0]), fmt_num(x[1]), fmt_num(x[0] + x[1]))
                             if x else "-")
            cells.append(fmt_num((sk[0] + sk[1]) / best) if sk and best else "-")
            lines.append("| %s | %s |" % (r["name"], " | ".join(cells)))
    lines += targets_table(rows)
    return "\n".join(lines) + "\n"




def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--smbkit", help="the smbkit binary")
    p.add_argument("--cache", help="where the share contents are made once")
    p.add_argument("--results", help="where the .md and .json go")
    p.add_argument("--render", metavar="JSON",
                   help="only print the tables of an earlier run's .json file")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--runs", type=int, default=0, help="runs per figure (default 5, --quick 2)")
    p.add_argument("--cases", default="", help="comma-separated subset of: " + ",".join(CASES))
    p.add_argument("--keep", action="store_true", help="keep the temp dir (logs, configs)")
    args = p.parse_args()
    if args.render:
        with open(args.render) as f:
            saved = json.load(f)
        print(markdown(saved["results"], saved["meta"]), end="")
        return
    if not (args.smbkit and args.cache and args.results):
        p.error("--smbkit, --cache and --results are required")
    if os.geteuid() != 0:
        raise SystemExit("bench: run as root (Samba's smbd and its passdb need it)")
    Bench(args).run()


if __name__ == "__main__":
    main()
