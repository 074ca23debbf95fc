#!/usr/bin/env bash
# One server, two dialects, one truth (doc/architecture.md "Opens, share modes and locks"): one
# `smbkit serve` with its default protocol range (NT1 to SMB3_11), an SMB1 client (raw_smb1.py)
# and SMB 3.1.1 clients (raw_smb2.py) on the same files. raw_smb2.py's own smoke test first logs
# on with each dialect 2.0.2 .. 3.1.1 (SPNEGO and raw NTLMSSP) and writes and reads a file; then
# cross_dialect.py checks share modes (STATUS_SHARING_VIOLATION both ways), byte-range locks
# (STATUS_FILE_LOCK_CONFLICT for I/O, STATUS_LOCK_NOT_GRANTED for locks, an SMB3 lock waiting
# behind an STATUS_PENDING interim until the SMB1 client unlocks, CANCEL giving
# STATUS_CANCELLED), delete pending (STATUS_DELETE_PENDING, the file gone after the last
# CLOSE), change notification across dialects (FILE_ACTION_ADDED and the name; STATUS_CANCELLED,
# STATUS_NOTIFY_CLEANUP), oplock breaks each way and between two SMB3 clients (the opener waits
# for the acknowledgement), the same bytes read by either dialect, and extended attributes set by
# one dialect read by the other and seen on disk as user.* xattrs; the header of
# cross_dialect.py lists every check. The checks run again with SMB 2.1 clients.
. "$(dirname "$0")/lib.sh"
require_tool python3 timeout

CHECKS=(share_none share_read lock_smb3_holds lock_smb1_holds lock_wait lock_cancel
  lock_smb3_pair delete_setinfo delete_on_close notify_smb3 notify_smb1 notify_tree rename_smb3
  notify_end
  oplock_smb3_holds oplock_smb1_holds oplock_smb3_pair oplock_exclusive oplock_parked content eas)

mkdir -p "$T/share0" "$T/smb311" "$T/smb21"
start_smbkit --share "data=$T/share0" --share "smb311=$T/smb311" --share "smb21=$T/smb21" \
  --user alice:secret

note "raw_smb2.py alone: each dialect, SPNEGO and raw NTLMSSP"
run smoke python3 "$IT_DIR/raw_smb2.py" --port "$SMBKIT_PORT" --user alice --password secret \
  --share data smoke
cat "$T/smoke.out" >&9
assert_exit_code 0 "$RC" "raw_smb2.py smoke"
for dialect in 0x0202 0x0210 0x0300 0x0302 0x0311; do
  assert_file_contains "$T/smoke.out" "^ok dialect $dialect \(SPNEGO\): " "raw_smb2.py output"
done
assert_file_contains "$T/smoke.out" "^ok dialect 0x0311 \(raw NTLMSSP\): " "raw_smb2.py output"
[ -z "$(ls -A "$T/share0")" ] || fail "the smoke tests left files behind: $(ls -A "$T/share0")"

# A whole suite in one process: each wait in it is bounded (30 s), and the suite too, by more
# than `run`'s 60 s per command, for a loaded machine. Unloaded it takes a few seconds.
cross_dialect() {
  timeout -k 5 150 python3 "$IT_DIR/cross_dialect.py" --port "$SMBKIT_PORT" --user alice \
    --password secret --timeout 30 "$@"
}

# cross_check NAME DIALECT: every check, on a directory of its own served as a share of its own.
cross_check() {
  local name=$1 dialect=$2 check
  run "$name" cross_dialect --share "$name" --local "$T/$name" --dialect "$dialect"
  cat "$T/$name.out" >&9
  assert_exit_code 0 "$RC" "cross_dialect.py --dialect $dialect"
  for check in "${CHECKS[@]}"; do
    assert_file_contains "$T/$name.out" "^ok +$check:" "cross_dialect.py output ($dialect)"
  done
}

note "an SMB1 client and SMB 3.1.1 clients on the same files"
cross_check smb311 0x0311
# What the eas check left: the EAs as Linux tools see them.
# The xattrs read with Python's os.getxattr (getfattr would need the attr package).
xattr() {
  python3 -c 'import os, sys; sys.stdout.write(os.getxattr(sys.argv[1], sys.argv[2]).decode())' "$@"
}
assert_eq "from smb3" "$(xattr "$T/smb311/eas.txt" "user.Cross EA")" "the xattr user.Cross EA"
assert_eq "v1" "$(xattr "$T/smb311/eas.txt" "user.From SMB1")" "the xattr user.From SMB1"

note "the same with SMB 2.1 clients"
cross_check smb21 0x0210

stop_smbkit
