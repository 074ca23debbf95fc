#!/usr/bin/env bash
# The SMB 2/3 client against a server that misbehaves mid-transfer (fault_proxy.py between
# `smbkit get` and smbd): the connection closed inside a READ response, a READ response whose
# DataLength runs past the message, one whose DataOffset points into the header, and a READ
# response never sent. Each must end in a one-line error naming the status and exit status 1:
# never a crash (a status of 128 or more), never a hang (the run's own time-out), never a file
# that looks complete.
. "$(dirname "$0")/lib.sh"
require_tool smbd smbpasswd python3

start_smbd
make_random_file "$SMBD_SHARE/big.bin" $((8 * 1024 * 1024))

# DIALECT MODE STATUS_NAME HEX [ALTERNATIVE_NAME ALTERNATIVE_HEX]
check_fault() {
  local dialect=$1 fault=$2 name=$3 hex=$4 alt_name=${5:-} alt_hex=${6:-} port pid
  local how=(-m "$dialect") mode=$fault-$dialect
  note "fault: $fault over $dialect"
  port=$(free_port)
  timeout -k 5 "$SERVER_LIFETIME" python3 "$IT_DIR/fault_proxy.py" "$port" "$SMBD_PORT" "$fault" \
    2>"$T/proxy-$mode.err" &
  pid=$!
  _IT_PIDS+=("$pid")
  wait_for_port "$port" "$pid" "$T/proxy-$mode.err" "fault_proxy.py ($mode)"
  local started=$SECONDS
  run "get_$mode" smbkit_client get //127.0.0.1/share/big.bin "$T/got-$mode.bin" -t 3 --trace \
    -U "$SMBD_USER%$SMBD_PASS" -p "$port" "${how[@]}"
  assert_exit_code 1 "$RC" "smbkit get through a proxy that does '$mode'"
  assert_file_contains "$T/proxy-$mode.err" "^fault: $fault$" "the proxy acted"
  if [ -n "$alt_name" ] && grep -qE "^error: $alt_name " "$T/get_$mode.err"; then
    assert_client_error "$T/get_$mode.err" "$alt_name" "$alt_hex"
  else
    assert_client_error "$T/get_$mode.err" "$name" "$hex"
  fi
  assert_eq 1 "$(grep -c "^error:" "$T/get_$mode.err")" "one error line for '$mode'"
  # Whatever the client left must not pass for the file.
  if [ -f "$T/got-$mode.bin" ] && cmp -s "$T/got-$mode.bin" "$SMBD_SHARE/big.bin"; then
    fail "'$mode': the failed get left a complete copy"
  fi
  (( SECONDS - started < 20 )) || fail "'$mode' took $((SECONDS - started)) s to fail"
  kill "$pid" 2>/dev/null || true
}

# SMB 3.1.1 (1 MiB multi-credit reads, several in flight) and 2.0.2 (64 KiB single-credit reads;
# smbd answers some of them with an interim STATUS_PENDING first).
for dialect in SMB3_11 SMB2_02; do
  check_fault "$dialect" close STATUS_CONNECTION_DISCONNECTED C000020C STATUS_CONNECTION_RESET C000020D
  check_fault "$dialect" lie-len STATUS_INVALID_NETWORK_RESPONSE C00000C3
  check_fault "$dialect" lie-off STATUS_INVALID_NETWORK_RESPONSE C00000C3
  check_fault "$dialect" silent STATUS_IO_TIMEOUT C00000B5
done

stop_smbd
