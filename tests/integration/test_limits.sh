#!/usr/bin/env bash
# The server's limits under floods (flood.py), each bounded in count and time, on loopback only:
# (a) more connections than --max-connections, (b) frames announcing huge lengths, before logon
# and after it against --max-pdu-size, (c) connections that never log on (--logon-timeout),
# (d) one connection pipelining 100,000 ECHO requests without reading a reply
# (--max-outstanding), (e) more opens than --max-open-files. During each flood a well-behaved
# client (smbkit get and ls) gets exact bytes and listings, and the server's resident memory
# (VmRSS) stays within a bound, during the flood and after it.
. "$(dirname "$0")/lib.sh"
require_tool python3 pgrep

require_smbkit
populate_share "$T/share"
mkdir "$T/scratch"
printf 'the file read back during the open-files flood\n' >"$T/scratch/hello.txt"
LOGIN=(--user alice --password secret)
MIB=1024

# ---- helpers ----------------------------------------------------------------------------------

# server_pid: the smbkit process itself (start_smbkit runs it under `timeout`).
server_pid() {
  pgrep -P "$SMBKIT_PID" -x smbkit || fail "no smbkit process under $SMBKIT_PID"
}

# rss_kib: the server's resident memory in KiB.
rss_kib() {
  awk '/^VmRSS:/ { print $2 }' "/proc/$(server_pid)/status"
}

# assert_rss_below LABEL BASE_KIB MAX_GROWTH_MIB: the server's RSS now is at most BASE + growth.
assert_rss_below() {
  local label=$1 base=$2 growth=$3 now
  now=$(rss_kib)
  note "$label: server RSS $((base / MIB)) MiB -> $((now / MIB)) MiB ($(((now - base) / MIB)) MiB more; bound $growth MiB)"
  # Under AddressSanitizer RSS measures ASan (redzones, and a quarantine that keeps up to 256 MiB
  # of freed memory), not the server: the bound is checked in the plain build's run.
  if [ "${SMBKIT_SANITIZED:-0}" = 1 ]; then
    note "$label: sanitized build, RSS bound not checked"
    return 0
  fi
  [ "$now" -le $((base + growth * MIB)) ] ||
    fail "$label: the server's RSS grew from $base KiB to $now KiB, more than $growth MiB"
}

# well_behaved LABEL: smbkit get of a 5 MiB file (byte-exact) and ls of the share (exact names).
well_behaved() {
  local label=$1 started=$SECONDS
  run "${label}_get" smbkit_client get //127.0.0.1/data/random5m.bin "$T/${label}.bin" \
    -p "$SMBKIT_PORT" -U alice%secret -m NT1
  assert_exit_code 0 "$RC" "smbkit get during $label"
  assert_file_eq "$T/share/random5m.bin" "$T/${label}.bin"
  rm -f "$T/${label}.bin"
  run "${label}_ls" smbkit_client ls //127.0.0.1/data -p "$SMBKIT_PORT" -U alice%secret -m NT1
  assert_exit_code 0 "$RC" "smbkit ls during $label"
  assert_eq "$(sorted_lines "${SHARE_TOP_NAMES[@]}")" "$(smbkit_ls_names "$T/${label}_ls.out")" \
    "names listed during $label"
  note "$label: the well-behaved client got its file and listing in $((SECONDS - started)) s"
}

# flood_start NAME ARGS...: flood.py in the background (300 s at most); its output in
# $T/NAME.out. It holds its connections until flood_finish.
flood_start() {
  FLOOD_NAME=$1
  shift
  FLOOD_OUT=$T/$FLOOD_NAME.out
  rm -f "$T/$FLOOD_NAME.go"
  echo "+ flood.py $*" >&9
  timeout -k 5 300 python3 "$IT_DIR/flood.py" "$@" --go "$T/$FLOOD_NAME.go" \
    >"$FLOOD_OUT" 2>"$T/$FLOOD_NAME.err" &
  FLOOD_PID=$!
  _IT_PIDS+=("$FLOOD_PID")
}

# flood_wait_ready SECONDS: until the flood prints "ready".
flood_wait_ready() {
  local i
  for ((i = 0; i < $1 * 10; i++)); do
    grep -q '^ready' "$FLOOD_OUT" && return 0
    if ! _alive "$FLOOD_PID"; then
      cat "$T/$FLOOD_NAME.err" >&9
      fail "flood $FLOOD_NAME ended before it was ready"
    fi
    sleep 0.1
  done
  fail "flood $FLOOD_NAME not ready after $1 s"
}

# flood_finish SECONDS: lets the flood close its connections; it must exit 0 within SECONDS.
flood_finish() {
  touch "$T/$FLOOD_NAME.go"
  _wait_exit "$FLOOD_PID" "$1" || fail "flood $FLOOD_NAME still running after $1 s"
  [ "$_EXIT_RC" -eq 0 ] || { cat "$T/$FLOOD_NAME.err" >&9; fail "flood $FLOOD_NAME failed"; }
}

# flood_value KEY: what the flood printed after KEY.
flood_value() {
  sed -n "s/^$1 //p" "$FLOOD_OUT" | head -n 1
}

# wait_no_connections SECONDS: until the server holds no established connection (it has seen
# the flood's connections close).
wait_no_connections() {
  local i
  for ((i = 0; i < $1 * 10; i++)); do
    [ -z "$(ss -Htn state established "( sport = :$SMBKIT_PORT or sport = :$SMBKIT_NBPORT )")" ] &&
      return 0
    sleep 0.1
  done
  fail "the server still holds connections $1 s after the flood closed them"
}

# ---- (a) max connections ----------------------------------------------------------------------
note "(a) --max-connections 100, then 150 connections"
start_smbkit --share "data=$T/share" --user alice:secret --max-connections 100
well_behaved a_warmup
base=$(rss_kib)
flood_start connections connections --port "$SMBKIT_PORT" --count 150
flood_wait_ready 60
note "(a) $(flood_value answered) answered, $(flood_value closed) closed, in $(flood_value seconds) s"
assert_eq 100 "$(flood_value answered)" "(a) connections answered"
assert_eq 50 "$(flood_value closed)" "(a) connections closed at once"
# With every slot taken a further client is turned away promptly, and the server lives on.
run a_refused smbkit_client ls //127.0.0.1/data -p "$SMBKIT_PORT" -U alice%secret -m NT1
assert_exit_code 1 "$RC" "smbkit ls with every connection slot taken"
_alive "$(server_pid)" || fail "(a) the server died"
assert_rss_below "(a) 100 connections held" "$base" 20
flood_finish 30
wait_no_connections 10
well_behaved a_after
assert_rss_below "(a) after the flood" "$base" 20
assert_file_contains "$SMBKIT_LOG" 'refused 1 connection\(s\): the limit of 100 connections' \
  "the server log"
stop_smbkit

# One server for the other floods.
start_smbkit --share "data=$T/share" --share "scratch=$T/scratch" --user alice:secret \
  --max-pdu-size 8388608 --logon-timeout 4 --max-outstanding 50 --max-open-files 20
well_behaved warmup
base=$(rss_kib)

# ---- (b) max PDU size ---------------------------------------------------------------------------
note "(b) 100 connections announcing 0xFFFFFF (direct TCP) or 0x1FFFF (NetBIOS) bytes before logon"
run b_huge python3 "$IT_DIR/flood.py" huge-frames --port "$SMBKIT_PORT" \
  --netbios-port "$SMBKIT_NBPORT" --count 100
assert_exit_code 0 "$RC" "flood huge-frames"
FLOOD_OUT=$T/b_huge.out
assert_eq "100 of 100" "$(flood_value closed)" "(b) connections closed on a huge header"
note "(b) closed each within $(flood_value max_close_seconds) s"
awk -v s="$(flood_value max_close_seconds)" 'BEGIN { exit !(s < 2) }' ||
  fail "(b) a connection took $(flood_value max_close_seconds) s to be closed"

note "(b) 60 logged-on connections announcing 8 MiB (the limit) and sending 1 KiB, 10 announcing 8 MiB + 1"
flood_start b_over big-announced --port "$SMBKIT_PORT" "${LOGIN[@]}" --share data --count 10 \
  --length $((8388608 + 1))
flood_wait_ready 60
assert_eq "0 10" "$(flood_value held) $(flood_value closed)" "(b) over the limit: held, closed"
flood_finish 30
flood_start b_at big-announced --port "$SMBKIT_PORT" "${LOGIN[@]}" --share data --count 60 \
  --length 8388608
flood_wait_ready 60
assert_eq "60 0" "$(flood_value held) $(flood_value closed)" "(b) at the limit: held, closed"
# 60 x 8 MiB would be 480 MiB if buffers followed the announced lengths.
assert_rss_below "(b) 60 connections announcing 8 MiB each" "$base" 50
well_behaved b_during
flood_finish 30
wait_no_connections 10
assert_rss_below "(b) after the flood" "$base" 50

# ---- (c) time allowed before logon --------------------------------------------------------------
note "(c) 200 connections that never log on (--logon-timeout 4)"
flood_start c_prelogon prelogon --port "$SMBKIT_PORT" --netbios-port "$SMBKIT_NBPORT" \
  --count 200 --deadline 30
flood_wait_ready 60
well_behaved c_during
assert_rss_below "(c) 200 connections waiting to log on" "$base" 50
_wait_exit "$FLOOD_PID" 60 || fail "(c) the flood did not end"
assert_exit_code 0 "$_EXIT_RC" "flood prelogon"
note "(c) closed $(flood_value closed) after $(flood_value min_close_seconds)-$(flood_value max_close_seconds) s"
assert_eq "200 of 200" "$(flood_value closed)" "(c) connections closed for want of a logon"
awk -v lo="$(flood_value min_close_seconds)" -v hi="$(flood_value max_close_seconds)" \
  'BEGIN { exit !(lo >= 3.5 && hi <= 8) }' ||
  fail "(c) closed after $(flood_value min_close_seconds)-$(flood_value max_close_seconds) s, not about 4 s"
assert_file_contains "$SMBKIT_LOG" 'no logon within 4 s' "the server log"
wait_no_connections 10
assert_rss_below "(c) after the flood" "$base" 50

# ---- (d) outstanding requests -------------------------------------------------------------------
note "(d) one connection pipelining 100,000 ECHO requests (1 KiB each) without reading replies"
flood_start d_pipeline pipeline --port "$SMBKIT_PORT" "${LOGIN[@]}" --share data \
  --count 100000 --payload 1024
flood_wait_ready 120
stalled=$(flood_value stalled_after)
note "(d) the server stopped reading after $stalled requests (its replies unread)"
[ "$stalled" -lt 100000 ] || fail "(d) the server read all 100,000 requests without a reply read"
# 100,000 requests of ~1.1 KiB: about 110 MiB if the server buffered them or their replies.
assert_rss_below "(d) pipelining stalled" "$base" 50
well_behaved d_during
flood_finish 240
assert_eq "100000 in order" "$(flood_value replies)" "(d) replies once read"
assert_rss_below "(d) after the flood" "$base" 50

# ---- (e) open files per session -----------------------------------------------------------------
note "(e) one session opening 25 more files with --max-open-files 20"
run e_open python3 "$IT_DIR/flood.py" open-files --port "$SMBKIT_PORT" "${LOGIN[@]}" \
  --share scratch --count 25 --read hello.txt
assert_exit_code 0 "$RC" "flood open-files"
FLOOD_OUT=$T/e_open.out
assert_eq 20 "$(flood_value opened)" "(e) files opened"
assert_eq "6 status 0xc000011f" "$(flood_value refused)" "(e) opens refused (STATUS_TOO_MANY_OPENED_FILES)"
assert_eq ok "$(flood_value reopened)" "(e) an open after a close"
assert_eq 'the file read back during the open-files flood\n' "$(flood_value read_back)" \
  "(e) READ_ANDX on a handle opened before the flood"
# A refused create leaves nothing behind: flood-0..18 exist, flood-19..24 do not.
expected=(hello.txt flood-again)
for i in $(seq 0 18); do expected+=("flood-$i"); done
assert_eq "$(sorted_lines "${expected[@]}")" "$(ls "$T/scratch" | LC_ALL=C sort)" \
  "(e) files in the share afterwards"
well_behaved e_after
assert_rss_below "(e) after the flood" "$base" 50

_alive "$(server_pid)" || fail "the server died"
stop_smbkit
