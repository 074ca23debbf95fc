#!/usr/bin/env bash
# SMB1 oplocks between two connections (doc/architecture.md "Oplocks"): oplock_raw.py holds a
# batch oplock on connection 1, opens the file on connection 2, and checks that the OpLock Break
# reaches connection 1 (LOCKING_ANDX, MID 0xFFFF, its FID, NewOpLockLevel 1), that connection 2's
# open completes, with level II, only after the acknowledgement, which itself gets no reply; that
# a stat-only open breaks no exclusive oplock; and that a truncating open breaks level II to none.
# As root, the same script runs against Samba's smbd first, so the expectations are a real
# server's.
. "$(dirname "$0")/lib.sh"
require_tool python3 smbd smbpasswd

check_oplocks() {  # PORT USER PASSWORD SHARE WHO
  run "oplock_raw_$5" python3 "$IT_DIR/oplock_raw.py" --port "$1" --user "$2" --password "$3" \
    --share "$4" --file hello.txt --other sub\\inner.txt
  cat "$T/oplock_raw_$5.out" >&9
  assert_exit_code 0 "$RC" "oplock_raw.py against $5"
  for check in grant break wait ack no-reply no-break level-ii alive; do
    assert_file_contains "$T/oplock_raw_$5.out" "^ok $check:" "oplock_raw.py output ($5)"
  done
}

if [ "$(id -u)" = 0 ]; then
  note "the checks against Samba's smbd"
  start_smbd
  populate_share "$SMBD_SHARE"
  check_oplocks "$SMBD_PORT" "$SMBD_USER" "$SMBD_PASS" share smbd
  stop_smbd
fi

note "an oplock break between two connections of smbkit"
populate_share "$T/share"
start_smbkit --share "data=$T/share" --user alice:secret
check_oplocks "$SMBKIT_PORT" alice secret data smbkit
stop_smbkit
