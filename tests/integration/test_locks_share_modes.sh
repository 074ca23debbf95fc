#!/usr/bin/env bash
# What SMB1 connections of one `smbkit serve` see of each other (doc/architecture.md "Opens,
# share modes and locks"). Two raw connections (two_clients.py) check share modes
# (STATUS_SHARING_VIOLATION), LOCKING_ANDX byte-range locks (LOCK_NOT_GRANTED, then
# FILE_LOCK_CONFLICT on a retry, FILE_LOCK_CONFLICT for a READ_ANDX of a range locked by the
# other, RANGE_NOT_LOCKED, a time-out that waits about the time asked, a waiting lock granted by
# the other connection's unlock, CLOSE dropping locks, the DOS-only errors), a DELETE refused
# while an open does not share delete, and file ids (the inode number from both connections). DOS attributes set by one smbclient are seen by another
# and stored in user.smbkit.dosattrib. Then smbtorture's base.lock and the raw.lock tests that
# serial request handling allows: raw.lock.async, errorcode and multilock* need requests of one
# connection handled while one of its locks waits, raw.lock.lock needs SMB_COM_LOCK_BYTE_RANGE.
. "$(dirname "$0")/lib.sh"
require_tool python3 smbclient smbtorture

mkdir -p "$T/share"
head -c 8192 /dev/zero >"$T/share/locked.bin"
echo attributes >"$T/share/attr.txt"
start_smbkit --share "data=$T/share" --user alice:secret

note "share modes and byte-range locks between two connections"
run two_clients python3 "$IT_DIR/two_clients.py" --port "$SMBKIT_PORT" --user alice \
  --password secret --share data --file locked.bin --inode "$(stat -c %i "$T/share/locked.bin")"
cat "$T/two_clients.out" >&9
assert_exit_code 0 "$RC" "two_clients.py"
for check in share_none share_read openx_deny exclusive_lock shared_locks unlock timeout \
  wait_granted close_releases dos_only delete_shared file_id; do
  assert_file_contains "$T/two_clients.out" "^ok +$check:" "two_clients.py output"
done

note "DOS attributes set by one client, seen by another"
smbc() {
  smbclient_nt1 -p "$SMBKIT_PORT" //127.0.0.1/data -U alice%secret -c "$1"
}
run setmode smbc 'setmode attr.txt +hs'
assert_exit_code 0 "$RC"
run allinfo smbc 'allinfo attr.txt'
assert_file_contains "$T/allinfo.out" '^attributes: HSA \(26\)$' "allinfo after setmode +hs"
run ls_hidden smbc 'ls attr.txt'
assert_file_contains "$T/ls_hidden.out" '^  attr\.txt +AHS +11 ' "ls after setmode +hs"
stored=$(python3 -c 'import os, sys; print(os.getxattr(*sys.argv[1:]).decode())' \
  "$T/share/attr.txt" user.smbkit.dosattrib)
assert_eq "0x26" "$stored" "user.smbkit.dosattrib on disk"
run readonly smbc 'setmode attr.txt -hs; setmode attr.txt +r; allinfo attr.txt'
assert_file_contains "$T/readonly.out" '^attributes: RA \(21\)$' "allinfo after setmode -hs +r"
assert_eq "444" "$(stat -c %a "$T/share/attr.txt")" "mode of a read-only file"
python3 -c 'import os,sys; os.getxattr(sys.argv[1], "user.smbkit.dosattrib")' "$T/share/attr.txt" \
  2>/dev/null && fail "the defaults left a stored value behind"

note "smbtorture lock tests"
: >"$T/torture.conf"
tests=(raw.lock.lockx raw.lock.pidhigh raw.lock.changetype raw.lock.stacking raw.lock.unlock
  raw.lock.multiple_unlock raw.lock.zerobytelocks raw.lock.zerobyteread
  base.lock.LOCK1 base.lock.LOCK2 base.lock.LOCK3 base.lock.LOCK4 base.lock.LOCK5
  base.lock.LOCK6 base.lock.LOCK7)
run torture timeout -k 5 240 smbtorture -s "$T/torture.conf" //127.0.0.1/data \
  -p "$SMBKIT_PORT" -U alice%secret --option='client min protocol=NT1' "${tests[@]}"
grep -E '^(success|failure|error|skip):' "$T/torture.out" >&9 || true
assert_exit_code 0 "$RC" "smbtorture ${tests[*]}"
for t in "${tests[@]}"; do
  assert_file_contains "$T/torture.out" "^success: ${t##*.}\$" "smbtorture output"
done

stop_smbkit
