#!/usr/bin/env bash
# fuzz/tools/capture_sessions.sh SMBKIT_BIN OUT_DIR: records real SMB1 sessions on loopback for
# the seed corpora. Samba's smbclient (NT1 only, PEERS.md) talks to smbkit's server and to Samba's
# smbd, with SPNEGO and with the raw NTLMv2 session setup, with Unicode and without, while dumpcap
# writes OUT_DIR/<name>.pcap; OUT_DIR/smbpasswd is a real smbpasswd file exported by pdbedit.
# Then fuzz/tools/extract_seeds.py OUT_DIR/*.pcap turns the captures into corpus files.
# Needs root (smbd), samba, smbclient and tshark. A one-off tool: the corpora it made are committed.
set -euo pipefail

smbkit=$(realpath "$1")
out=$(realpath -m "$2")
mkdir -p "$out"
work=$(mktemp -d /tmp/smbkit-capture.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on port $1" >&2
  return 1
}

# The share: a few files, a directory tree, names that need Unicode.
share=$work/share
mkdir -p "$share/sub/deeper"
printf 'hello, world\n' >"$share/hello.txt"
: >"$share/empty.txt"
head -c 300 /dev/zero | tr '\0' x >"$share/Mixed Case.TXT"
head -c 70000 /dev/zero | tr '\0' b >"$share/big.bin"
printf 'inner\n' >"$share/sub/inner.txt"
head -c 5000 /dev/zero >"$share/sub/deeper/leaf.dat"
printf 'unicode\n' >"$share/sub/caf$(printf '\xc3\xa9') na$(printf '\xc3\xaf')ve.txt"
chmod -R a+rwX "$share"

empty_conf=$work/client.conf
: >"$empty_conf"
commands='ls; allinfo hello.txt; volume; get hello.txt /dev/null; get big.bin /dev/null;
cd sub; ls; ls *.txt; get inner.txt /dev/null; cd deeper; dir; allinfo leaf.dat; cd \;
ls nosuchfile; get nosuch.txt /dev/null; du; put /etc/hostname newfile.txt;
mkdir newdir; mkdir newdir; rmdir newdir; put /etc/hostname a.tmp; rename a.tmp b.tmp;
setmode b.tmp +h; allinfo b.tmp; setmode b.tmp -h; del b.tmp; del nosuch.tmp; mkdir d2;
put /etc/hostname d2\\x.txt; rmdir d2; deltree d2; rm newfile.txt'

# capture NAME PORT USER%PASS SHARE [smbclient options...]
capture() {
  local name=$1 port=$2 cred=$3 sharename=$4
  shift 4
  dumpcap -q -i lo -f "tcp port $port" -w "$out/$name.pcap" >"$work/dumpcap-$name.log" 2>&1 &
  local cap=$!
  sleep 1.5
  timeout 60 smbclient -s "$empty_conf" -m NT1 --option='client min protocol=NT1' \
    -p "$port" "//127.0.0.1/$sharename" -U "$cred" "$@" -c "$commands" \
    >"$work/smbclient-$name.log" 2>&1 || echo "($name: smbclient exited $?)"
  sleep 1
  kill "$cap"
  wait "$cap" 2>/dev/null || true
  echo "captured $name: $(tshark -r "$out/$name.pcap" 2>/dev/null | wc -l) packets"
}

# smbkit's server.
kport=$(free_port)
"$smbkit" serve --share "data=$share" --user alice:secret --port "$kport" --netbios-port 0 \
  --listen 127.0.0.1 >"$work/smbkit.log" 2>&1 &
pids+=($!)
wait_port "$kport"
capture smbkit_spnego "$kport" alice%secret data
capture smbkit_raw "$kport" alice%secret data --option='client use spnego=no'
capture smbkit_oem "$kport" alice%secret data --option='unicode=no' --option='client use spnego=no'
capture smbkit_badpass "$kport" alice%wrong data

# Samba's smbd (PEERS.md: private config, tdbsam, raw NTLMv2 allowed).
sport=$(free_port)
d=$work/smbd
mkdir -p "$d"/{private,lock,state,cache,pid,ncalrpc,log}
cat >"$d/smb.conf" <<EOF
[global]
  smb ports = $sport
  interfaces = 127.0.0.1/8
  bind interfaces only = yes
  disable netbios = yes
  server role = standalone server
  workgroup = SMBKIT
  map to guest = Never
  server min protocol = NT1
  raw NTLMv2 auth = yes
  passdb backend = tdbsam:$d/private/passdb.tdb
  private dir = $d/private
  lock directory = $d/lock
  state directory = $d/state
  cache directory = $d/cache
  pid directory = $d/pid
  ncalrpc dir = $d/ncalrpc
  log file = $d/log/log.%m
  load printers = no
  printcap name = /dev/null
  disable spoolss = yes
[data]
  path = $share
  read only = no
  force user = root
EOF
id smbkitfuzz >/dev/null 2>&1 || useradd -M smbkitfuzz
printf 'Fuzz-pass1\nFuzz-pass1\n' | smbpasswd -c "$d/smb.conf" -s -a smbkitfuzz >/dev/null
pdbedit -s "$d/smb.conf" -e "smbpasswd:$out/smbpasswd" >/dev/null
timeout -k 5 600 smbd -s "$d/smb.conf" -F --no-process-group >"$d/log/stdout" 2>&1 &
pids+=($!)
wait_port "$sport"
capture samba_spnego "$sport" smbkitfuzz%Fuzz-pass1 data
capture samba_raw "$sport" smbkitfuzz%Fuzz-pass1 data --option='client use spnego=no'
capture samba_oem "$sport" smbkitfuzz%Fuzz-pass1 data --option='unicode=no' \
  --option='client use spnego=no'
capture samba_badpass "$sport" smbkitfuzz%wrong data
