# shellcheck shell=bash
# Sourced by every tests/integration/test_*.sh. Gives each test a private temp dir ($T, removed at
# exit), free loopback ports, smbkit and Samba servers it starts and stops, bounded client runs,
# assertions that say what differed, and packet captures (dumpcap) checked with tshark. Facts about the Samba peers come
# from /work/shared/PEERS.md and are noted where they are used.
#
# Environment: SMBKIT_BIN (default build/smbkit), SMBKIT_IT_KEEP=1 keeps $T,
# SMBKIT_IT_CLIENT_TIMEOUT (seconds per client command, default 60).
# Exit codes: 0 pass, 1 fail, 77 skipped (a prerequisite that is not smbkit's: not root). A missing
# command is no reason to skip: require_tool fails the test at its start, naming the package.

set -Eeuo pipefail

IT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$IT_DIR/../.." && pwd)
SMBKIT_BIN=${SMBKIT_BIN:-$REPO_ROOT/build/smbkit}
[[ $SMBKIT_BIN == /* ]] || SMBKIT_BIN=$PWD/$SMBKIT_BIN  # `run -C DIR` changes directory
CLIENT_TIMEOUT=${SMBKIT_IT_CLIENT_TIMEOUT:-60}
# Background servers run under `timeout` too, so a test killed outright leaks nothing for long.
SERVER_LIFETIME=900
SKIP=77

TEST_NAME=$(basename "$0" .sh)
T=$(mktemp -d "${TMPDIR:-/tmp}/smbkit-$TEST_NAME.XXXXXX")
# Reservations of ports across tests running in parallel: one directory per port.
_IT_PORT_DIR=${TMPDIR:-/tmp}/smbkit-it-ports
_IT_PIDS=()
_IT_CAPTURES=0
_IT_SMBKIT_RUNS=0
SMBKIT_PID="" SMBKIT_PORT="" SMBKIT_NBPORT="" SMBKIT_LOG=""
SMBD_PID="" SMBD_PORT="" SMBD_CONF="" SMBD_SHARE="" SMBD_USER=smbkittest SMBD_PASS=Smbk1t-pass
CAPTURE_PID="" CAPTURE_FILE="" CAPTURE_STD="" CAPTURE_LOG=""
RC=0 LAST_RUN=""

# fd 9 is the test's own stderr, still reachable while a command's stderr goes to a file.
exec 9>&2

note() { echo "== $*" >&9; }

fail() {
  echo "FAIL: $*" >&9
  exit 1
}

skip() {
  echo "SKIP: $*" >&9
  exit "$SKIP"
}

_it_on_err() {
  echo "FAIL: line $1: '$2' exited with status $3" >&9
}
trap '_it_on_err "$LINENO" "$BASH_COMMAND" "$?"' ERR

_alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $state != Z* ]]
}

# _wait_exit PID SECONDS: waits for a child to end; sets _EXIT_RC (or returns 1 on time-out).
_wait_exit() {
  local pid=$1 i
  for ((i = 0; i < $2 * 10; i++)); do
    _alive "$pid" || break
    sleep 0.1
  done
  _alive "$pid" && return 1
  _EXIT_RC=0
  wait "$pid" 2>/dev/null || _EXIT_RC=$?
}

_it_cleanup() {
  local rc=$1 pid f
  trap - ERR
  set +e
  for pid in "${_IT_PIDS[@]}"; do
    _alive "$pid" && kill -TERM "$pid" 2>/dev/null
  done
  for pid in "${_IT_PIDS[@]}"; do
    _wait_exit "$pid" 5 || kill -KILL "$pid" 2>/dev/null
  done
  _stop_samba_rpc_helpers
  if [ "$rc" -ne 0 ] && [ "$rc" -ne "$SKIP" ]; then
    for f in "$T"/smbkit-*.log "$T"/smbd/log/log.smbd; do
      [ -s "$f" ] || continue
      echo "---- last lines of ${f#"$T"/} ----" >&9
      tail -n 40 "$f" >&9
    done
  fi
  for f in "$_IT_PORT_DIR"/*/owner; do
    [ -f "$f" ] && [ "$(cat "$f" 2>/dev/null)" = "$$" ] && rm -rf "$(dirname "$f")"
  done
  if [ "${SMBKIT_IT_KEEP:-0}" = 1 ]; then
    echo "kept $T" >&9
  else
    rm -rf "$T"
  fi
  exit "$rc"
}
trap '_it_cleanup $?' EXIT

need_root() {
  [ "$(id -u)" -eq 0 ] || skip "$1 needs root (CI runs as root)"
}

# ---- commands -------------------------------------------------------------------------------

# smbd, useradd and the like are in /usr/sbin, which a non-root user's PATH may leave out.
case ":$PATH:" in
  *:/usr/sbin:*) ;;
  *) PATH=$PATH:/usr/sbin:/sbin ;;
esac

# _IT_PACKAGE_OF[COMMAND]: COMMAND's Debian package, from scripts/deps.txt (what deps.sh installs).
declare -gA _IT_PACKAGE_OF=()

# require_tool COMMAND...: each test calls it first with the commands it runs (the helpers below
# check theirs again); a missing one fails the test in one line that names its Debian package.
# A COMMAND that scripts/deps.txt does not list fails too: deps.sh would not install it.
require_tool() {
  local line package tools tool path missing=()
  if ((${#_IT_PACKAGE_OF[@]} == 0)); then
    while IFS= read -r line; do
      line=${line%%#*}
      read -r package tools <<<"$line"
      for tool in $tools; do
        [ "$tool" = - ] || _IT_PACKAGE_OF[$tool]=$package
      done
    done <"$REPO_ROOT/scripts/deps.txt"
  fi
  for tool in "$@"; do
    package=${_IT_PACKAGE_OF[$tool]:-}
    [ -n "$package" ] || fail "require_tool: $tool is not in scripts/deps.txt; add it with its package"
    # -x: bash's PATH search also returns a file it may not run, to say "Permission denied".
    path=$(type -P "$tool") && [ -x "$path" ] || missing+=("$tool (Debian package $package)")
  done
  ((${#missing[@]})) || return 0
  local list
  list=$(printf ', %s' "${missing[@]}")
  fail "missing command${missing[1]+s}: ${list#, }; scripts/deps.sh installs what the tests run"
}

# What the helpers below run for every test.
require_tool ps ss timeout

# ---- ports ----------------------------------------------------------------------------------

# reserve_port PORT: claims PORT for this test unless another live test holds it or a socket
# uses it. Returns 1 if it is taken.
reserve_port() {
  local p=$1 dir=$_IT_PORT_DIR/$1 owner
  mkdir -p "$_IT_PORT_DIR"
  if ! mkdir "$dir" 2>/dev/null; then
    owner=$(cat "$dir/owner" 2>/dev/null || true)
    # A reservation whose test has gone is stale; an empty owner is one being written.
    [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null || return 1
    rm -rf "$dir"
    mkdir "$dir" 2>/dev/null || return 1
  fi
  echo $$ >"$dir/owner"
  if [ -n "$(ss -Htan "sport = :$p")" ]; then
    rm -rf "$dir"
    return 1
  fi
}

# free_port: prints an unused port on 127.0.0.1, reserved for this test. 20000-31999 lies below
# Linux's ephemeral range (32768+), so outgoing connections do not take it meanwhile.
free_port() {
  local i p
  for ((i = 0; i < 500; i++)); do
    p=$((20000 + RANDOM % 12000))
    if reserve_port "$p"; then
      echo "$p"
      return 0
    fi
  done
  fail "no free port found"
}

# wait_for_port PORT PID LOG WHAT [SECONDS]: until PORT listens (max 10 s unless told); fails if
# PID ends first.
wait_for_port() {
  local port=$1 pid=$2 log=$3 what=$4 seconds=${5:-10} i
  for ((i = 0; i < seconds * 10; i++)); do
    if ! _alive "$pid"; then
      _wait_exit "$pid" 1 || true
      echo "---- $log ----" >&9
      tail -n 20 "$log" >&9 2>/dev/null || true
      fail "$what exited (status $_EXIT_RC) before listening on port $port"
    fi
    [ -n "$(ss -Hltn "sport = :$port")" ] && return 0
    sleep 0.1
  done
  fail "$what is not listening on port $port after $seconds s"
}

# ---- running commands -----------------------------------------------------------------------

require_smbkit() {
  [ -x "$SMBKIT_BIN" ] || fail "smbkit binary missing: $SMBKIT_BIN (build it: scripts/build.sh)"
}

# smbkit_client ARGS...: the smbkit CLI (client commands), bounded in time.
smbkit_client() {
  require_smbkit
  timeout -k 5 "$CLIENT_TIMEOUT" "$SMBKIT_BIN" "$@"
}

# smbclient_nt1 ARGS...: Samba's smbclient limited to SMB1 (PEERS.md: it refuses NT1 unless
# both -m NT1 and 'client min protocol=NT1' are given), with a private empty config so the
# machine's smb.conf stays out.
smbclient_nt1() {
  require_tool smbclient
  : >"$T/smbclient.conf"
  timeout -k 5 "$CLIENT_TIMEOUT" smbclient -s "$T/smbclient.conf" -m NT1 \
    --option='client min protocol=NT1' "$@"
}

# run [-C DIR] NAME CMD...: runs CMD (a command, or one of the functions above) with stdout in
# $T/NAME.out and stderr in $T/NAME.err; sets RC and never fails by itself. Commands that are
# not functions run under `timeout`.
run() {
  local dir=""
  if [ "$1" = -C ]; then
    dir=$2
    shift 2
  fi
  local name=$1
  shift
  LAST_RUN=$name
  echo "+ $(printf '%q ' "$@")" >&9
  local cmd=("$@")
  declare -F "$1" >/dev/null || cmd=(timeout -k 5 "$CLIENT_TIMEOUT" "$@")
  RC=0
  if [ -n "$dir" ]; then
    (cd "$dir" && "${cmd[@]}") >"$T/$name.out" 2>"$T/$name.err" || RC=$?
  else
    "${cmd[@]}" >"$T/$name.out" 2>"$T/$name.err" || RC=$?
  fi
  [ "$RC" -ne 124 ] || echo "   (timed out after $CLIENT_TIMEOUT s)" >&9
}

_show_last_run() {
  [ -n "$LAST_RUN" ] || return 0
  local f
  for f in "$T/$LAST_RUN.err" "$T/$LAST_RUN.out"; do
    [ -s "$f" ] || continue
    echo "---- ${f##*/} (last 20 lines) ----" >&9
    tail -n 20 "$f" | cut -c1-300 >&9
  done
}

# ---- servers --------------------------------------------------------------------------------

# start_smbkit ARGS...: `smbkit serve` on 127.0.0.1 in the background; --port and --netbios-port
# get free ports unless ARGS name them. Sets SMBKIT_PORT, SMBKIT_NBPORT, SMBKIT_PID, SMBKIT_LOG.
start_smbkit() {
  require_smbkit
  [ -z "$SMBKIT_PID" ] || fail "start_smbkit: a server is already running"
  local a port="" nbport="" prev=""
  for a in "$@"; do
    case $prev in
      --port) port=$a ;;
      --netbios-port) nbport=$a ;;
    esac
    prev=$a
  done
  local extra=()
  if [ -z "$port" ]; then
    port=$(free_port)
    extra+=(--port "$port")
  fi
  if [ -z "$nbport" ]; then
    nbport=$(free_port)
    extra+=(--netbios-port "$nbport")
  fi
  SMBKIT_PORT=$port SMBKIT_NBPORT=$nbport
  _IT_SMBKIT_RUNS=$((_IT_SMBKIT_RUNS + 1))
  SMBKIT_LOG=$T/smbkit-$_IT_SMBKIT_RUNS.log
  echo "+ smbkit serve --listen 127.0.0.1 ${extra[*]} $*" >&9
  timeout -k 10 "$SERVER_LIFETIME" "$SMBKIT_BIN" serve --listen 127.0.0.1 "${extra[@]}" "$@" \
    >"$SMBKIT_LOG" 2>&1 &
  SMBKIT_PID=$!
  _IT_PIDS+=("$SMBKIT_PID")
  wait_for_port "$SMBKIT_PORT" "$SMBKIT_PID" "$SMBKIT_LOG" "smbkit serve"
  if [ "$SMBKIT_NBPORT" != 0 ]; then
    wait_for_port "$SMBKIT_NBPORT" "$SMBKIT_PID" "$SMBKIT_LOG" "smbkit serve (NetBIOS)"
  fi
}

# stop_smbkit: SIGTERM, then the server must exit 0 within 10 s.
stop_smbkit() {
  [ -n "$SMBKIT_PID" ] || fail "stop_smbkit: no server running"
  kill -TERM "$SMBKIT_PID"
  if ! _wait_exit "$SMBKIT_PID" 10; then
    kill -KILL "$SMBKIT_PID" 2>/dev/null || true
    fail "smbkit serve did not exit within 10 s of SIGTERM"
  fi
  SMBKIT_PID=""
  LAST_RUN=""
  assert_exit_code 0 "$_EXIT_RC" "smbkit serve's exit status after SIGTERM (log: $SMBKIT_LOG)"
}

_ensure_unix_user() {
  # Tests run in parallel: one useradd at a time.
  flock "${TMPDIR:-/tmp}/smbkit-it-useradd.lock" \
    sh -c "id -u '$1' >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin '$1'"
}

# smbd_global_conf DIR PORT: prints the [global] section of a private smbd (PEERS.md "smbd as a
# reference server") on 127.0.0.1:PORT, SMB1 allowed, no printing, with its tdbsam passdb
# (DIR/private/passdb.tdb), state and logs under DIR, which it creates. Callers print their own
# [global] lines after it, then their shares.
smbd_global_conf() {
  local d=$1
  mkdir -p "$d"/{private,lock,state,cache,pid,ncalrpc,log}
  cat <<EOF
[global]
  smb ports = $2
  interfaces = 127.0.0.1/8
  bind interfaces only = yes
  disable netbios = yes
  server role = standalone server
  map to guest = Never
  server min protocol = NT1
  # SMB1 session setup without SPNEGO carries NTLMv2 only with this (PEERS.md).
  raw NTLMv2 auth = yes
  passdb backend = tdbsam:$d/private/passdb.tdb
  private dir = $d/private
  lock directory = $d/lock
  state directory = $d/state
  cache directory = $d/cache
  pid directory = $d/pid
  ncalrpc dir = $d/ncalrpc
  log file = $d/log/log.%m
  max log size = 0
  load printers = no
  printcap name = /dev/null
  disable spoolss = yes
EOF
}

# start_smbd [--ntlmv1] [--share NAME=PATH]...: a private Samba smbd (PEERS.md "smbd as a
# reference server") on a free loopback port, SMB1 allowed, one user $SMBD_USER/$SMBD_PASS in a
# tdbsam passdb under $T. Without --share it serves "share" = $T/smbd/share. Sets SMBD_PORT,
# SMBD_PID, SMBD_CONF, SMBD_SHARE (the first share's path).
# shellcheck disable=SC2120  # the arguments are optional
start_smbd() {
  need_root "Samba's smbd"
  require_tool smbd smbpasswd useradd flock
  [ -z "$SMBD_PID" ] || fail "start_smbd: smbd is already running"
  local ntlmv1=no shares=()
  while (($#)); do
    case $1 in
      --ntlmv1) ntlmv1=yes ;;
      --share) shares+=("$2"); shift ;;
      *) fail "start_smbd: unknown argument $1" ;;
    esac
    shift
  done
  local d=$T/smbd s
  mkdir -p "$d"
  if ((${#shares[@]} == 0)); then
    mkdir -p "$d/share"
    shares=("share=$d/share")
  fi
  # shellcheck disable=SC2034  # for the tests
  SMBD_SHARE=${shares[0]#*=}
  SMBD_PORT=$(free_port)
  SMBD_CONF=$d/smb.conf
  {
    smbd_global_conf "$d" "$SMBD_PORT"
    echo "  workgroup = SMBKIT"
    echo "  ntlm auth = $([ "$ntlmv1" = yes ] && echo ntlmv1-permitted || echo ntlmv2-only)"
    for s in "${shares[@]}"; do
      # force user = root: Samba 4.17 as an unprivileged owner answers some opens with
      # ACCESS_DENIED (PEERS.md).
      printf '[%s]\n  path = %s\n  read only = no\n  force user = root\n' "${s%%=*}" "${s#*=}"
    done
  } >"$SMBD_CONF"
  _ensure_unix_user "$SMBD_USER"
  smbd_add_user "$SMBD_USER" "$SMBD_PASS"
  run_smbd
}

# smbd_add_user USER PASSWORD: adds a Samba user (whose Unix account exists) to $SMBD_CONF's
# passdb.
smbd_add_user() {
  local log
  log=$(dirname "$SMBD_CONF")/log/smbpasswd
  printf '%s\n%s\n' "$2" "$2" | smbpasswd -c "$SMBD_CONF" -s -a "$1" >>"$log" 2>&1 ||
    fail "smbpasswd -a $1 failed: $(cat "$log")"
}

# run_smbd: smbd in the background with $SMBD_CONF, whose [global] came from smbd_global_conf
# with $SMBD_PORT; waits until it listens. Sets SMBD_PID.
run_smbd() {
  local d
  d=$(dirname "$SMBD_CONF")
  echo "+ smbd -s $SMBD_CONF -F --no-process-group (port $SMBD_PORT)" >&9
  # `timeout` also puts smbd in a process group of its own, which matters: smbd started with
  # --no-process-group signals its whole process group when it exits, and would end the test.
  timeout -k 10 "$SERVER_LIFETIME" smbd -s "$SMBD_CONF" -F --no-process-group \
    >>"$d/log/stdout" 2>&1 &
  SMBD_PID=$!
  _IT_PIDS+=("$SMBD_PID")
  # smbd starts more slowly than smbkit, the more so on a loaded machine.
  wait_for_port "$SMBD_PORT" "$SMBD_PID" "$d/log/log.smbd" "smbd" 30
}

# restart_smbd: ends smbd and starts it again on the same port with $SMBD_CONF as it is now: for
# a test that changes the configuration (a SIGHUP reload left smbd refusing connections now and
# then, seconds later, on a loaded machine).
restart_smbd() {
  stop_smbd
  echo "+ smbd -s $SMBD_CONF -F --no-process-group (port $SMBD_PORT, restarted)" >&9
  timeout -k 10 "$SERVER_LIFETIME" smbd -s "$SMBD_CONF" -F --no-process-group \
    >>"$(dirname "$SMBD_CONF")/log/stdout" 2>&1 &
  SMBD_PID=$!
  _IT_PIDS+=("$SMBD_PID")
  wait_for_port "$SMBD_PORT" "$SMBD_PID" "$(dirname "$SMBD_CONF")/log/log.smbd" "smbd" 30
}

stop_smbd() {
  [ -n "$SMBD_PID" ] || fail "stop_smbd: smbd is not running"
  kill -TERM "$SMBD_PID"
  if ! _wait_exit "$SMBD_PID" 15; then
    kill -KILL "$SMBD_PID" 2>/dev/null || true
    fail "smbd did not exit within 15 s of SIGTERM"
  fi
  SMBD_PID=""
  _stop_samba_rpc_helpers
}

# Samba 4.17 starts samba-dcerpcd and its rpcd_* workers on demand (an IPC$ pipe opened) as
# processes of their own, which outlive smbd: end those started with this test's config.
_stop_samba_rpc_helpers() {
  [ -n "$SMBD_CONF" ] || return 0
  pkill -TERM -f -- "--configfile=$SMBD_CONF( |\$)" 2>/dev/null || true
}

# ---- files and listings ---------------------------------------------------------------------

# make_random_file PATH BYTES
make_random_file() {
  mkdir -p "$(dirname "$1")"
  head -c "$2" /dev/urandom >"$1"
}

# The files every test share holds (populate_share); SHARE_TOP_NAMES lists its top level.
NON_ASCII_NAME='Grüße-naïve-日本.txt'
# shellcheck disable=SC2034  # for the tests
SHARE_TOP_NAMES=(hello.txt empty.bin random5m.bin sub "$NON_ASCII_NAME")

# populate_share DIR: a small text file, an empty file, 5 MiB of random bytes, a file in a
# subdirectory and a file with a non-ASCII name.
populate_share() {
  mkdir -p "$1/sub"
  printf 'hello from the smbkit tests\nsecond line\n' >"$1/hello.txt"
  : >"$1/empty.bin"
  make_random_file "$1/random5m.bin" $((5 * 1024 * 1024))
  printf 'inside a subdirectory\n' >"$1/sub/inner.txt"
  printf 'a file with a non-ASCII name\n' >"$1/$NON_ASCII_NAME"
}

# smbclient_ls_names FILE: the entry names in smbclient `ls` output ("  NAME  ATTR  SIZE  DATE"),
# without . and ..
smbclient_ls_names() {
  sed -nE 's/^  (.*[^ ]) +[ADHNRS]+ +[0-9]+  [A-Z][a-z]{2} [A-Z][a-z]{2} +[0-9]+ .*$/\1/p' "$1" |
    grep -vxE '\.|\.\.' | LC_ALL=C sort || true
}

# smbkit_ls_names FILE: the entry names in `smbkit ls` output
# ("<d|->  <size>  <YYYY-MM-DD HH:MM:SS>  <name>"), without . and ..
smbkit_ls_names() {
  sed -nE 's/^[d-] +[0-9]+ +[0-9]{4}-[0-9]{2}-[0-9]{2} +[0-9]{2}:[0-9]{2}:[0-9]{2} +//p' "$1" |
    grep -vxE '\.|\.\.' | LC_ALL=C sort || true
}

# sorted_lines WORD...: the words one per line, sorted as the *_ls_names functions sort.
sorted_lines() {
  printf '%s\n' "$@" | LC_ALL=C sort
}

# ---- assertions -----------------------------------------------------------------------------

assert_eq() {
  local expected=$1 actual=$2 what=${3:-value}
  [ "$expected" == "$actual" ] && return 0
  if [[ $expected == *$'\n'* || $actual == *$'\n'* ]]; then
    echo "FAIL: $what differs (- expected, + actual):" >&9
    diff -u <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") | tail -n +3 >&9 || true
  else
    echo "FAIL: $what: expected '$expected', got '$actual'" >&9
  fi
  _show_last_run
  exit 1
}

assert_contains() {
  local haystack=$1 needle=$2 what=${3:-output}
  [[ $haystack == *"$needle"* ]] && return 0
  echo "FAIL: $what does not contain '$needle'; it is:" >&9
  printf '%s\n' "$haystack" | tail -n 20 >&9
  exit 1
}

# assert_file_contains FILE REGEX [WHAT]: an extended regular expression matches a line.
assert_file_contains() {
  grep -qE -- "$2" "$1" && return 0
  echo "FAIL: ${3:-$1} has no line matching /$2/; it is:" >&9
  tail -n 30 "$1" | cut -c1-300 >&9
  exit 1
}

# assert_file_eq EXPECTED ACTUAL: byte-exact.
assert_file_eq() {
  [ -f "$2" ] || { _show_last_run; fail "$2 does not exist (expected a copy of $1)"; }
  cmp -s -- "$1" "$2" && return 0
  echo "FAIL: $2 differs from $1" >&9
  echo "  sizes: $(stat -c %s "$1") expected, $(stat -c %s "$2") actual" >&9
  echo "  $(cmp -- "$1" "$2" 2>&1 | head -n 1)" >&9
  _show_last_run
  exit 1
}

assert_exit_code() {
  local expected=$1 actual=$2 what=${3:-${LAST_RUN:-command}}
  [ "$expected" == "$actual" ] && return 0
  echo "FAIL: $what: exit status $actual, expected $expected" >&9
  _show_last_run
  exit 1
}

# assert_client_error ERRFILE STATUS_NAME HEX: the smbkit client's failure line,
# "error: STATUS_NAME (0xXXXXXXXX)".
assert_client_error() {
  local file=$1 name=$2 hex=${3#0x}
  grep -qiE "^error: $name \(0x$hex\)" "$file" && return 0
  echo "FAIL: expected 'error: $name (0x$hex)' in ${file##*/}; it is:" >&9
  tail -n 10 "$file" >&9
  exit 1
}

# assert_in_order FILE REGEX...: each expression matches a line at or after the line the previous
# one matched (the same line is allowed: an AndX chain travels in one packet).
assert_in_order() {
  local file=$1 re from=1 n
  shift
  for re in "$@"; do
    n=$(tail -n "+$from" "$file" | grep -nE -m1 -- "$re" | cut -d: -f1 || true)
    if [ -z "$n" ]; then
      echo "FAIL: ${file##*/}: no line matching /$re/ at or after line $from; the file:" >&9
      head -n 60 "$file" | cut -c1-300 >&9
      exit 1
    fi
    from=$((from + n - 1))
  done
}

# ---- packet captures ------------------------------------------------------------------------

# capture_start PORT...: captures those TCP ports on lo into $CAPTURE_FILE (pcap). dumpcap is
# the capture engine `tshark -i lo -w` runs; called directly it starts in a fraction of tshark's
# time (no dissectors to load). Returns once the capture really runs: a probe datagram to
# 127.0.0.254:7 (the echo service, which Wireshark dissects harmlessly) has reached the file.
capture_start() {
  need_root "capturing on lo"
  require_tool dumpcap
  (($#)) || fail "capture_start: PORT..."
  [ -z "$CAPTURE_PID" ] || fail "capture_start: a capture is already running"
  _IT_CAPTURES=$((_IT_CAPTURES + 1))
  CAPTURE_FILE=$T/capture-$_IT_CAPTURES.pcap
  CAPTURE_LOG=$T/dumpcap-$_IT_CAPTURES.log
  local filter="" p i
  for p in "$@"; do filter+="${filter:+ or }tcp port $p"; done
  filter="$filter or (udp and dst host 127.0.0.254 and dst port 7)"
  # -B 256: a 256 MiB kernel buffer; the 2 MiB default drops packets of a fast loopback transfer.
  timeout -k 5 "$SERVER_LIFETIME" dumpcap -i lo -B 256 -f "$filter" -P -w "$CAPTURE_FILE" \
    >"$CAPTURE_LOG" 2>&1 &
  CAPTURE_PID=$!
  _IT_PIDS+=("$CAPTURE_PID")
  for ((i = 0; i < 300; i++)); do
    _alive "$CAPTURE_PID" || fail "dumpcap ended: $(cat "$CAPTURE_LOG")"
    echo probe 2>/dev/null >/dev/udp/127.0.0.254/7 || true
    # 24 bytes of pcap file header; anything more is a packet.
    [ "$(stat -c %s "$CAPTURE_FILE" 2>/dev/null || echo 0)" -gt 24 ] && return 0
    sleep 0.1
  done
  fail "dumpcap is not capturing after 30 s: $(cat "$CAPTURE_LOG")"
}

capture_stop() {
  [ -n "$CAPTURE_PID" ] || fail "capture_stop: no capture running"
  sleep 0.5  # let the last segments reach the capture
  kill -TERM "$CAPTURE_PID"
  _wait_exit "$CAPTURE_PID" 10 || fail "dumpcap did not stop within 10 s"
  CAPTURE_PID=""
  # A capture with holes proves nothing. dumpcap ends with
  # "Packets received/dropped on interface 'Loopback: lo': R/D (...)".
  local dropped
  dropped=$(sed -nE "s|^Packets received/dropped on interface .*: [0-9]+/([0-9]+).*|\\1|p" \
    "$CAPTURE_LOG")
  [ -n "$dropped" ] || fail "dumpcap did not report its counts: $(cat "$CAPTURE_LOG")"
  [ "$dropped" -eq 0 ] || fail "dumpcap dropped $dropped packets: ${CAPTURE_FILE##*/} is incomplete"
}

# capture_check FILE PORT [STD_PORT]: Wireshark must find nothing malformed and no expert item of
# severity error. The port is first rewritten to STD_PORT (445; 139 for a NetBIOS session port)
# in a copy, $CAPTURE_STD: dissecting a high port as nbss mis-frames large messages (PEERS.md).
# Warnings (e.g. on SPNEGO negHints, which Windows and Samba send) are below error and pass.
# Segments TCP itself sent again or out of order are left out: loopback on this VM does reorder
# and retransmit now and then (nstat: TcpRetransSegs, TcpExtTCPOFOQueue, with any server), and
# Wireshark calls the overlap a reassembly error, though the stream the peers read is whole.
CAPTURE_BAD='(_ws.malformed || _ws.expert.severity >= error) && !(tcp.analysis.retransmission ||
  tcp.analysis.fast_retransmission || tcp.analysis.spurious_retransmission ||
  tcp.analysis.out_of_order)'
capture_check() {
  local file=$1 port=$2 std=${3:-445} bad n
  require_tool tcprewrite tshark
  CAPTURE_STD=${file%.pcap}-as$std.pcap
  tcprewrite --portmap="$port:$std" --infile="$file" --outfile="$CAPTURE_STD" \
    >"$T/tcprewrite.log" 2>&1 || fail "tcprewrite failed: $(cat "$T/tcprewrite.log")"
  bad=$(tshark -r "$CAPTURE_STD" -Y "$CAPTURE_BAD" 2>"$T/tshark-check.err") ||
    fail "tshark could not read $CAPTURE_STD: $(cat "$T/tshark-check.err")"
  if [ -n "$bad" ]; then
    echo "FAIL: Wireshark reports malformed packets or errors in ${file##*/} (port $port as $std):" >&9
    printf '%s\n' "$bad" | head -n 20 >&9
    tshark -r "$CAPTURE_STD" -Y "$CAPTURE_BAD" -T fields -e frame.number -e _ws.expert.message \
      2>/dev/null | head -n 20 >&9
    exit 1
  fi
  # An empty capture would pass vacuously.
  n=$(capture_count "$CAPTURE_STD" "tcp.port == $std && tcp.len > 0")
  [ "$n" -gt 0 ] || fail "${file##*/} holds no payload on port $port"
}

# capture_count FILE FILTER: how many packets match a display filter.
capture_count() {
  tshark -r "$1" -Y "$2" 2>/dev/null | wc -l
}

# assert_capture_has FILE FILTER [WHAT]
assert_capture_has() {
  local n
  n=$(capture_count "$1" "$2")
  [ "$n" -gt 0 ] || fail "${3:-capture}: no packet matches '$2' in ${1##*/}"
}

# assert_capture_smb_commands FILE CODE...: each SMB1 command code (0x72, ...) appears in the
# capture, AndX followers included. One tshark pass for all of them.
assert_capture_smb_commands() {
  local file=$1 seen code
  shift
  seen=$(tshark -r "$file" -Y smb -T fields -e smb.cmd 2>/dev/null | tr ',' '\n' | sort -u)
  for code in "$@"; do
    grep -qx -- "$code" <<<"$seen" ||
      fail "${file##*/}: no SMB command $code; the commands seen: $(tr '\n' ' ' <<<"$seen")"
  done
}
