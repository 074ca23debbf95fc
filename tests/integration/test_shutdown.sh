#!/usr/bin/env bash
# No data lost. (1) SIGTERM while a client holds files open and has a write in flight: every write
# the client saw acknowledged is on disk, the server closes the files and exits 0 within a few
# seconds. (2) FLUSH and write-through WRITE_ANDX reach the disk: the server calls fsync or
# fdatasync on that very file (seen with strace). (3) SIGKILL during writes: what was flushed
# before is intact on disk. The client is write_client.py (hand-made NT_CREATE_ANDX, WRITE_ANDX,
# FLUSH), and the bytes it writes are a known pattern checked on the server's disk.
. "$(dirname "$0")/lib.sh"
require_tool python3 pgrep strace

require_smbkit
mkdir "$T/share"
CLIENT=(python3 "$IT_DIR/write_client.py")
LOGIN=(--user alice --password secret --share data)

# server_pid: the smbkit process itself (start_smbkit runs it under `timeout`).
server_pid() {
  pgrep -P "$SMBKIT_PID" -x smbkit || fail "no smbkit process under $SMBKIT_PID"
}

# wait_line FILE REGEX SECONDS [PID]: until a line of FILE matches; fails early if PID ends.
wait_line() {
  local file=$1 re=$2 seconds=$3 pid=${4:-} i
  for ((i = 0; i < seconds * 10; i++)); do
    grep -qE -- "$re" "$file" 2>/dev/null && return 0
    if [ -n "$pid" ] && ! _alive "$pid"; then
      grep -qE -- "$re" "$file" 2>/dev/null && return 0
      cat "${file%.out}.err" >&9 2>/dev/null || true
      fail "${file##*/}: the client ended before printing /$re/"
    fi
    sleep 0.1
  done
  fail "${file##*/}: no line matching /$re/ after $seconds s"
}

# last_number FILE WORD: the number after the last "WORD " line.
last_number() {
  sed -nE "s/^$2 ([0-9]+).*/\\1/p" "$1" | tail -n 1
}

# ---- (1) SIGTERM with open files and writes in flight ------------------------------------------
note "(1) SIGTERM while a client holds three files open and keeps writing to one"
start_smbkit --share "data=$T/share" --user alice:secret --log-level debug
pid=$(server_pid)
"${CLIENT[@]}" hold-open --port "$SMBKIT_PORT" "${LOGIN[@]}" --file held --files 3 \
  --bytes $((1024 * 1024)) >"$T/hold.out" 2>"$T/hold.err" &
hold_pid=$!
_IT_PIDS+=("$hold_pid")
wait_line "$T/hold.out" '^open 3 ' 60 "$hold_pid"
wait_line "$T/hold.out" "^acked $((3 * 1024 * 1024))" 60 "$hold_pid"
# The server holds the three files open.
open_fds=$(find "/proc/$pid/fd" -lname "$T/share/held.*" | wc -l)
[ "$open_fds" -ge 3 ] || fail "(1) the server holds $open_fds descriptors on held.*, expected 3"
started=$(date +%s%N)
stop_smbkit  # SIGTERM; exit status 0 within 10 s, or it fails
elapsed_ms=$((($(date +%s%N) - started) / 1000000))
note "(1) the server exited 0, $elapsed_ms ms after SIGTERM"
[ "$elapsed_ms" -le 5000 ] || fail "(1) the server took $elapsed_ms ms to exit after SIGTERM"
_wait_exit "$hold_pid" 30 || fail "(1) the client is still writing to a stopped server"
assert_exit_code 0 "$_EXIT_RC" "write_client.py hold-open"
assert_file_contains "$T/hold.out" '^server gone after' "the client's output"
acked=$(last_number "$T/hold.out" acked)
note "(1) $acked bytes acknowledged to held.0 before the server went; the file holds $(stat -c %s "$T/share/held.0")"
# Every acknowledged write is on disk, and nothing but the pattern is.
run verify_held0 "${CLIENT[@]}" verify --path "$T/share/held.0" --bytes "$acked" --exact
assert_exit_code 0 "$RC" "held.0 holds every acknowledged byte"
for i in 1 2; do
  run "verify_held$i" "${CLIENT[@]}" verify --path "$T/share/held.$i" --bytes $((1024 * 1024)) \
    --exact
  assert_exit_code 0 "$RC" "held.$i"
  assert_eq $((1024 * 1024)) "$(stat -c %s "$T/share/held.$i")" "held.$i's size"
done
assert_in_order "$SMBKIT_LOG" 'signal 15: closing connections' 'closing 1 connection\(s\)' \
  'closing its 3 open file\(s\)' 'stopped$'

# ---- (2) FLUSH and write-through reach the disk -------------------------------------------------
# ---- (3) SIGKILL during writes: the flushed prefix is intact ------------------------------------
note "(2, 3) FLUSH after 8 MiB, writes beyond it, SIGKILL"
start_smbkit --share "data=$T/share" --user alice:secret
pid=$(server_pid)
# strace -y names each descriptor's file, so a sync is tied to the file it is for.
timeout -k 5 300 strace -f -y -qq -e trace=fsync,fdatasync -o "$T/strace.out" -p "$pid" \
  2>"$T/strace.err" &
strace_pid=$!
_IT_PIDS+=("$strace_pid")
sleep 1  # strace attaches to every thread before tracing
_alive "$strace_pid" || fail "strace could not attach to the server: $(cat "$T/strace.err")"

# The write-through sync must come while the file is still open (not from its close).
"${CLIENT[@]}" write-through --port "$SMBKIT_PORT" "${LOGIN[@]}" --file through.bin \
  --go "$T/through.go" >"$T/through.out" 2>"$T/through.err" &
through_pid=$!
_IT_PIDS+=("$through_pid")
wait_line "$T/through.out" '^written-through$' 60 "$through_pid"
wait_line "$T/strace.out" 'f(data)?sync\([0-9]+<[^>]*/through\.bin>\) += 0' 5
touch "$T/through.go"
_wait_exit "$through_pid" 30 || fail "write_client.py write-through did not end"
assert_exit_code 0 "$_EXIT_RC" "write_client.py write-through"
run verify_through "${CLIENT[@]}" verify --path "$T/share/through.bin" --bytes 32768 --exact
assert_exit_code 0 "$RC" "through.bin"

"${CLIENT[@]}" flush-then-write --port "$SMBKIT_PORT" "${LOGIN[@]}" --file victim.bin \
  --flushed $((8 * 1024 * 1024)) --seconds 120 >"$T/kill.out" 2>"$T/kill.err" &
writer_pid=$!
_IT_PIDS+=("$writer_pid")
wait_line "$T/kill.out" '^flushed 8388608$' 120 "$writer_pid"
wait_line "$T/kill.out" "^written $((12 * 1024 * 1024))$" 120 "$writer_pid"
kill -KILL "$pid"
_wait_exit "$writer_pid" 30 || fail "(3) the client is still writing to a killed server"
assert_exit_code 0 "$_EXIT_RC" "write_client.py flush-then-write"
note "(3) SIGKILL after $(last_number "$T/kill.out" written) bytes written; victim.bin holds $(stat -c %s "$T/share/victim.bin")"
run verify_victim "${CLIENT[@]}" verify --path "$T/share/victim.bin" --bytes 8388608 --exact
assert_exit_code 0 "$RC" "the flushed 8 MiB of victim.bin"
_wait_exit "$SMBKIT_PID" 10 || fail "smbkit's timeout wrapper did not end after SIGKILL"
SMBKIT_PID=""
_wait_exit "$strace_pid" 10 || fail "strace did not end with the server"

# The FLUSH synced its file.
assert_file_contains "$T/strace.out" 'f(data)?sync\([0-9]+<[^>]*/victim\.bin>\) += 0' \
  "strace of the server (FLUSH)"
note "(2) syncs seen: $(grep -cE 'f(data)?sync\(' "$T/strace.out")"
