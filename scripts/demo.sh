#!/usr/bin/env bash
# scripts/demo.sh: builds smbkit, serves a throw-away share on loopback (direct TCP and NetBIOS,
# high ports), and walks the smbkit client through the scenario with --trace: over SMB1 a listing,
# a download over the NetBIOS session service, a `cat` with the challenge/response logon; then the
# same steps over SMB 3.1.1, signed, and the download encrypted; compares the SHA-256 of the
# original and the downloads. Builds the smbkit binary alone. Cleans up after itself.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d "${TMPDIR:-/tmp}/smbkit-demo.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# SMBKIT_BIN=path runs that binary as it is instead of building build/smbkit.
if [ -n "${SMBKIT_BIN:-}" ]; then
  smbkit=$SMBKIT_BIN
else
  echo "building (log: build/demo-build.log) ..."
  mkdir -p build
  if ! { scripts/deps.sh && SMBKIT_BUILD_TARGET=smbkit scripts/build.sh build; } \
    >build/demo-build.log 2>&1; then
    tail -n 40 build/demo-build.log
    exit 1
  fi
  smbkit=$PWD/build/smbkit
fi

# Two ports the kernel just found free on 127.0.0.1.
read -r port nbport < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))')

mkdir -p "$work/share/docs" "$work/downloads"
printf 'Hello from smbkit.\nThis file travelled over SMB.\n' >"$work/share/hello.txt"
head -c $((1024 * 1024)) /dev/urandom >"$work/share/random.bin"
printf 'a file in a subdirectory\n' >"$work/share/docs/readme.txt"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }

step "smbkit serve: share 'demo', user demo, direct TCP on $port, NetBIOS on $nbport"
"$smbkit" serve --share "demo=$work/share" --user demo:demo --listen 127.0.0.1 --port "$port" \
  --netbios-port "$nbport" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
  [ -n "$(ss -Hltn "sport = :$port")" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.1
done
cat "$work/server.log"

step "ls over direct TCP (NTLMSSP in SPNEGO)"
show "$smbkit" ls //127.0.0.1/demo -p "$port" -U demo%demo -m NT1 --trace

step "get over the NetBIOS session service"
show "$smbkit" get //127.0.0.1/demo/random.bin "$work/downloads/random.bin" --netbios \
  -p "$nbport" -U demo%demo -m NT1 --trace

step "cat with the NT LM 0.12 challenge/response logon"
show "$smbkit" cat //127.0.0.1/demo/hello.txt -p "$port" -U demo%demo -m NT1 \
  --security challenge --trace

step "SMB 3.1.1, signed: ls over direct TCP"
show "$smbkit" ls //127.0.0.1/demo -p "$port" -U demo%demo -m SMB3_11 --sign --trace

step "SMB 3.1.1, encrypted (AES-128-GCM): get"
show "$smbkit" get //127.0.0.1/demo/random.bin "$work/downloads/random3.bin" -p "$port" \
  -U demo%demo -m SMB3_11 --encrypt --trace

step "SMB 3.1.1, signed: cat"
show "$smbkit" cat //127.0.0.1/demo/hello.txt -p "$port" -U demo%demo --sign --trace

step "SHA-256 of the original and of the downloads"
(cd "$work" && sha256sum share/random.bin downloads/random.bin downloads/random3.bin)
for copy in random.bin random3.bin; do
  if cmp -s "$work/share/random.bin" "$work/downloads/$copy"; then
    echo "$copy: identical"
  else
    echo "$copy: DIFFERENT"
    exit 1
  fi
done

step "stopping the server (SIGTERM)"
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=""
tail -n 3 "$work/server.log"
echo "server exit status: $status"
