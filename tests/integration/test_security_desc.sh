#!/usr/bin/env bash
# Samba's smbcacls (SMB1) reads and sets the security descriptor smbkit derives from a file's
# owner, group and mode (src/server/posix_security.h): owner S-1-22-1-<uid>, group
# S-1-22-2-<gid>, and ALLOWED ACEs for owner, group and Everyone with the rights of their mode
# bits. A DACL set through smbcacls --set becomes the file's mode (checked with stat); a new
# owner, or an ACE for any other SID, is refused with ACCESS_DENIED and changes nothing.
#
# smbcacls always connects to port 445 (it ignores `smb ports`), so the test runs in a network
# namespace of its own, where smbkit can take 445 on a loopback nobody else shares.
if [ -z "${SMBKIT_IT_NETNS:-}" ] && [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
  SMBKIT_IT_NETNS=1 exec unshare -n bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"
need_root "a network namespace for smbcacls on port 445"
require_tool unshare ip smbcacls
[ -n "${SMBKIT_IT_NETNS:-}" ] || fail "not in a network namespace of its own (unshare -n)"
ip link set lo up

mkdir -p "$T/share/dir"
echo data >"$T/share/f.txt"
chmod 0640 "$T/share/f.txt"
chmod 0755 "$T/share/dir"
U=$(stat -c %u "$T/share/f.txt")
G=$(stat -c %g "$T/share/f.txt")

start_smbkit --port 445 --netbios-port 0 --share "data=$T/share" --user alice:secret
: >"$T/client.conf"

# cacls NAME FILE ARGS...: smbcacls on SMB1 with numeric SIDs, ACE types and masks (smbkit
# serves no LSA pipe to look names up with); an ACE prints as ACL:SID:TYPE/FLAGS/MASK, type 0
# ALLOWED.
cacls() {
  local name=$1 file=$2
  shift 2
  run "$name" timeout -k 5 "$CLIENT_TIMEOUT" smbcacls -s "$T/client.conf" -m NT1 \
    --option='client min protocol=NT1' --numeric \
    -U alice%secret //127.0.0.1/data "$file" "$@"
}

# The masks access_of_mode_bits gives: rw- for the owner (with READ_CONTROL, WRITE_DAC and the
# attribute rights), r-- (FILE_GENERIC_READ), --- (nothing), rwx (FILE_ALL_ACCESS), r-x.
RW_OWNER=0x0016019f READ=0x00120089 FULL=0x001f01ff READ_EXEC=0x001200a9

cacls query_file f.txt
assert_exit_code 0 "$RC" "smbcacls on f.txt"
cat "$T/query_file.out" >&9
assert_file_contains "$T/query_file.out" "CONTROL:0x9004"
assert_file_contains "$T/query_file.out" "OWNER:S-1-22-1-$U"
assert_file_contains "$T/query_file.out" "GROUP:S-1-22-2-$G"
assert_file_contains "$T/query_file.out" "ACL:S-1-22-1-$U:0/0x0/$RW_OWNER"
assert_file_contains "$T/query_file.out" "ACL:S-1-22-2-$G:0/0x0/$READ"
assert_file_contains "$T/query_file.out" "ACL:S-1-1-0:0/0x0/0x00000000"

cacls query_dir dir
assert_exit_code 0 "$RC" "smbcacls on dir"
cat "$T/query_dir.out" >&9
assert_file_contains "$T/query_dir.out" "ACL:S-1-22-1-$U:0/0x0/$FULL"
assert_file_contains "$T/query_dir.out" "ACL:S-1-22-2-$G:0/0x0/$READ_EXEC"
assert_file_contains "$T/query_dir.out" "ACL:S-1-1-0:0/0x0/$READ_EXEC"

# --set replaces the DACL: owner full control, group read, Everyone read and execute -> 0745.
cacls set_dacl f.txt --set \
  "ACL:S-1-22-1-$U:ALLOWED/0x0/$FULL,ACL:S-1-22-2-$G:ALLOWED/0x0/$READ,ACL:S-1-1-0:ALLOWED/0x0/$READ_EXEC"
assert_exit_code 0 "$RC" "smbcacls --set on f.txt"
assert_eq 745 "$(stat -c %a "$T/share/f.txt")" "mode of f.txt after smbcacls --set"
cacls query_after f.txt
assert_file_contains "$T/query_after.out" "ACL:S-1-22-1-$U:0/0x0/$FULL"
assert_file_contains "$T/query_after.out" "ACL:S-1-1-0:0/0x0/$READ_EXEC"

# --modify edits one ACE of the DACL it read back: Everyone loses everything -> 0740.
cacls modify_dacl f.txt --modify "ACL:S-1-1-0:ALLOWED/0x0/0x0"
assert_exit_code 0 "$RC" "smbcacls --modify on f.txt"
assert_eq 740 "$(stat -c %a "$T/share/f.txt")" "mode of f.txt after smbcacls --modify"

# What a mode cannot hold is refused, and the mode stays as it was.
cacls add_other_sid f.txt --add "ACL:S-1-5-32-544:ALLOWED/0x0/$FULL"
assert_exit_code 1 "$RC" "smbcacls --add of another SID"
assert_file_contains "$T/add_other_sid.out" "set failed: NT_STATUS_ACCESS_DENIED"
cacls chown f.txt --chown "S-1-22-1-12345"
assert_exit_code 1 "$RC" "smbcacls --chown"
assert_file_contains "$T/chown.out" "set failed: NT_STATUS_ACCESS_DENIED"
assert_eq 740 "$(stat -c %a "$T/share/f.txt")" "mode of f.txt after the refused changes"
assert_eq "$U" "$(stat -c %u "$T/share/f.txt")" "owner of f.txt after the refused chown"

stop_smbkit
