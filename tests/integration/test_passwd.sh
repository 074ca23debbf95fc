#!/usr/bin/env bash
# `smbkit passwd` edits a Samba smbpasswd file as Samba's smbpasswd does: -a adds a user (its
# NT hash the same as smbpasswd writes for the same password), a later call changes it, -x
# deletes it, other lines stay; a mismatched confirmation or a user without a Unix account
# changes nothing. `smbkit serve --users-file` then logs the user on with the password set.
. "$(dirname "$0")/lib.sh"
need_root "useradd"
require_tool smbclient smbpasswd useradd flock
require_smbkit

user=smbkitpw
_ensure_unix_user "$user"
file=$T/smbpasswd
printf '# kept as it is\n' >"$file"

passwd_cmd() { "$SMBKIT_BIN" passwd --users-file "$file" "$@"; }

note "-a adds the user"
run add sh -c "printf 'Pass-1\nPass-1\n' | \"\$0\" passwd --users-file '$file' -a -s $user" \
  "$SMBKIT_BIN"
assert_exit_code 0 "$RC" "smbkit passwd -a"
assert_file_contains "$T/add.out" "^Added user $user\\.$"
assert_file_contains "$file" '^# kept as it is$'
assert_file_contains "$file" \
  "^$user:$(id -u "$user"):X{32}:[0-9A-F]{32}:\\[U {10}\\]:LCT-[0-9A-F]{8}:$"
assert_eq 600 "$(stat -c %a "$file")" "the file's mode"

note "the NT hash is the one Samba's smbpasswd writes"
mkdir -p "$T/samba"/{private,lock,state,cache,pid}
cat >"$T/samba/smb.conf" <<CONF
[global]
  passdb backend = smbpasswd:$T/samba/smbpasswd
  private dir = $T/samba/private
  lock directory = $T/samba/lock
  state directory = $T/samba/state
  cache directory = $T/samba/cache
  pid directory = $T/samba/pid
CONF
run samba_add sh -c "printf 'Pass-1\nPass-1\n' | smbpasswd -c '$T/samba/smb.conf' -a -s $user"
assert_exit_code 0 "$RC" "Samba's smbpasswd -a"
ours=$(grep "^$user:" "$file" | cut -d: -f4)
theirs=$(grep "^$user:" "$T/samba/smbpasswd" | cut -d: -f4)
assert_eq "$theirs" "$ours" "the NT hash (smbpasswd's, then smbkit's)"

note "serve logs the user on with that password, and refuses another"
mkdir "$T/share"
echo "content" >"$T/share/seen.txt"
start_smbkit --share "data=$T/share" --users-file "$file"
run logon smbclient_nt1 -p "$SMBKIT_PORT" //127.0.0.1/data -U "$user%Pass-1" -c ls
assert_exit_code 0 "$RC" "smbclient with the password set"
assert_file_contains "$T/logon.out" 'seen\.txt'
run wrong smbclient_nt1 -p "$SMBKIT_PORT" //127.0.0.1/data -U "$user%Pass-2" -c ls
assert_file_contains "$T/wrong.out" 'NT_STATUS_LOGON_FAILURE' "smbclient with another password"
stop_smbkit

note "a later call changes the password; a mismatch changes nothing"
run mismatch sh -c "printf 'Pass-2\nPass-3\n' | \"\$0\" passwd --users-file '$file' -s $user" \
  "$SMBKIT_BIN"
assert_exit_code 1 "$RC" "a mismatched confirmation"
assert_file_contains "$T/mismatch.err" '^error: the passwords do not match$'
assert_eq "$ours" "$(grep "^$user:" "$file" | cut -d: -f4)" "the hash after the mismatch"
run change sh -c "printf 'Pass-2\n' | \"\$0\" passwd --users-file '$file' -s $user" \
  "$SMBKIT_BIN"
assert_exit_code 0 "$RC" "smbkit passwd (change)"
assert_file_contains "$T/change.out" "^Changed the password of $user\\.$"
[ "$(grep -c "^$user:" "$file")" = 1 ] || fail "the user has more than one line"
start_smbkit --share "data=$T/share" --users-file "$file"
run logon2 smbclient_nt1 -p "$SMBKIT_PORT" //127.0.0.1/data -U "$user%Pass-2" -c ls
assert_exit_code 0 "$RC" "smbclient with the new password"
run old smbclient_nt1 -p "$SMBKIT_PORT" //127.0.0.1/data -U "$user%Pass-1" -c ls
assert_file_contains "$T/old.out" 'NT_STATUS_LOGON_FAILURE' "smbclient with the old password"
stop_smbkit

note "no Unix account, no SMB account; -x deletes"
run nounix sh -c "printf 'x\n' | \"\$0\" passwd --users-file '$file' -a -s no-such-unix-user-9" \
  "$SMBKIT_BIN"
assert_exit_code 1 "$RC" "a user without a Unix account"
assert_file_contains "$T/nounix.err" '^error: no Unix account no-such-unix-user-9'
run delete passwd_cmd -x "$user"
assert_exit_code 0 "$RC" "smbkit passwd -x"
if grep -q "^$user:" "$file"; then fail "the user is still in the file after -x"; fi
assert_file_contains "$file" '^# kept as it is$'
