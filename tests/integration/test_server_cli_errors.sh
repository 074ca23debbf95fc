#!/usr/bin/env bash
# `smbkit serve` refuses a configuration it cannot serve before serving anything: exit status 2
# and exactly one line on stderr, starting with "error:".
. "$(dirname "$0")/lib.sh"

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
