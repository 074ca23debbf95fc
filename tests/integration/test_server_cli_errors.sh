#!/usr/bin/env bash
# `smbkit serve` refuses a configuration it cannot serve before serving anything: exit status 2
# and exactly one line on stderr, starting with "error:" (the limits' flags included); and
# `serve --help` states each limit's default.
. "$(dirname "$0")/lib.sh"
require_tool python3

require_smbkit
mkdir "$T/share"

# refuses LABEL ARGS...: serve must exit 2 with a single "error:" line (10 s at most: a server
# that starts instead is killed and reported).
refuses() {
  local label=$1
  shift
  run "$label" timeout -k 2 10 "$SMBKIT_BIN" serve --listen 127.0.0.1 "$@"
  [ "$RC" -ne 124 ] || fail "$label: smbkit serve started serving instead of refusing"
  assert_exit_code 2 "$RC" "smbkit serve, $label"
  local lines
  lines=$(wc -l <"$T/$label.err")
  assert_eq 1 "$lines" "$label: lines on stderr"
  assert_file_contains "$T/$label.err" '^error: ' "$label: stderr"
  note "$label: $(cat "$T/$label.err")"
}

port=$(free_port)
nbport=$(free_port)
ports=(--port "$port" --netbios-port "$nbport")

refuses missing_share_path --share "data=$T/no-such-dir" --user alice:secret "${ports[@]}"
refuses share_without_equals --share "data" --user alice:secret "${ports[@]}"
refuses share_without_name --share "=$T/share" --user alice:secret "${ports[@]}"
refuses user_without_colon --share "data=$T/share" --user alice "${ports[@]}"
refuses user_without_name --share "data=$T/share" --user :secret "${ports[@]}"
refuses unknown_flag --share "data=$T/share" --user alice:secret --no-such-flag "${ports[@]}"
refuses bad_port_number --share "data=$T/share" --user alice:secret --port notaport

# The limits: out of range, or not numbers at all.
ok=(--share "data=$T/share" --user alice:secret "${ports[@]}")
refuses max_connections_zero "${ok[@]}" --max-connections 0
refuses max_connections_word "${ok[@]}" --max-connections many
refuses max_pdu_size_below_max_buffer "${ok[@]}" --max-pdu-size 65534
refuses max_pdu_size_over_24_bits "${ok[@]}" --max-pdu-size 16777216
refuses logon_timeout_negative "${ok[@]}" --logon-timeout -1
refuses logon_timeout_word "${ok[@]}" --logon-timeout soon
refuses logon_timeout_over_a_day "${ok[@]}" --logon-timeout 86401
refuses max_outstanding_zero "${ok[@]}" --max-outstanding 0
refuses max_outstanding_over_16_bits "${ok[@]}" --max-outstanding 65536
refuses max_open_files_zero "${ok[@]}" --max-open-files 0
refuses max_open_files_over_fids "${ok[@]}" --max-open-files 65535
refuses max_open_files_missing_value "${ok[@]}" --max-open-files

# `serve --help` states every limit with its default.
run serve_help "$SMBKIT_BIN" serve --help
assert_exit_code 0 "$RC" "smbkit serve --help"
assert_file_contains "$T/serve_help.out" '--max-connections .*=10000$'
assert_file_contains "$T/serve_help.out" '--max-pdu-size .*=16777215$'
assert_file_contains "$T/serve_help.out" '--logon-timeout .*=60$'
assert_file_contains "$T/serve_help.out" '--max-outstanding .*=50$'
assert_file_contains "$T/serve_help.out" '--max-open-files .*=16384$'

# A port held by another listener, direct TCP and then NetBIOS.
cat >"$T/holder.py" <<'EOF'
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(1)
time.sleep(120)
EOF
timeout 120 python3 "$T/holder.py" "$port" &
_IT_PIDS+=("$!")
wait_for_port "$port" "$!" /dev/null "port holder"
refuses port_in_use --share "data=$T/share" --user alice:secret "${ports[@]}"
other=$(free_port)
refuses netbios_port_in_use --share "data=$T/share" --user alice:secret --port "$other" \
  --netbios-port "$port"
