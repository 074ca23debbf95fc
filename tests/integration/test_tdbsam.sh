#!/usr/bin/env bash
# Samba's passdb.tdb and username map, side by side: users made with pdbedit and smbpasswd in a
# private tdbsam (one normal, one disabled, one whose password was changed after it was made)
# log on to Samba's smbd and to `smbkit serve --config` with the same smb.conf, both reading the
# same passdb.tdb at once (smbkit read-only, while smbd runs), and the same smbclient commands
# (SMB3 and NT1) must come back with the same NT_STATUS names and the same file bytes. The
# username map maps two client names onto the normal user, whose password they then log on with.
. "$(dirname "$0")/lib.sh"
require_tool smbclient smbd pdbedit smbpasswd useradd flock cmp
need_root "Samba's smbd and Unix accounts"
require_smbkit

OK=smbkittdb1 DIS=smbkittdb2 CHG=smbkittdb3
OK_PASS=Tdb-ok-1 DIS_PASS=Tdb-dis-1 OLD_PASS=Tdb-old-1 NEW_PASS=Tdb-new-1
for u in "$OK" "$DIS" "$CHG"; do _ensure_unix_user "$u"; done

D=$T/smbd
mkdir -p "$D" "$T/share" "$T/got"
chmod a+x "$T"  # smbd works as the user who logged on, who must reach the share
head -c 3000 /dev/urandom >"$T/share/data.bin"
chmod -R a+rX "$T/share"
cat >"$T/users.map" <<EOF
# client names onto accounts (smb.conf(5) "username map")
; a comment of the other kind
$OK = mapone "Map Two"
EOF
SMBD_PORT=$(free_port)
{
  smbd_global_conf "$D" "$SMBD_PORT"
  printf '  username map = %s\n[data]\n  path = %s\n' "$T/users.map" "$T/share"
} >"$D/smb.conf"

note "users made with pdbedit and smbpasswd"
samba_tool() {
  "$@" >>"$D/log/accounts" 2>&1 || fail "$*: $(tail -n 3 "$D/log/accounts")"
}
printf '%s\n%s\n' "$OK_PASS" "$OK_PASS" | samba_tool pdbedit -s "$D/smb.conf" -a -u "$OK" -t
printf '%s\n%s\n' "$DIS_PASS" "$DIS_PASS" | samba_tool pdbedit -s "$D/smb.conf" -a -u "$DIS" -t
samba_tool pdbedit -s "$D/smb.conf" -r -u "$DIS" -c '[D]'
printf '%s\n%s\n' "$OLD_PASS" "$OLD_PASS" | samba_tool pdbedit -s "$D/smb.conf" -a -u "$CHG" -t
printf '%s\n%s\n' "$NEW_PASS" "$NEW_PASS" | samba_tool smbpasswd -c "$D/smb.conf" -s "$CHG"
pdbedit -s "$D/smb.conf" -L -w >"$T/accounts.txt" 2>/dev/null
assert_file_contains "$T/accounts.txt" "^$DIS:[0-9]+:X+:[0-9A-F]{32}:\\[DU +\\]"

# NAME|USER|PASSWORD: a logon as USER and a `get` of data.bin. NT1 runs the cases NT1_CASES names.
CASES=(
  "ok|$OK|$OK_PASS"
  "wrong|$OK|$OK_PASS-x"
  "disabled|$DIS|$DIS_PASS"
  "disabled_wrong|$DIS|$DIS_PASS-x"
  "changed_old|$CHG|$OLD_PASS"
  "changed_new|$CHG|$NEW_PASS"
  "mapped|mapone|$OK_PASS"
  "mapped_quoted|Map Two|$OK_PASS"
  "mapped_own_password|mapone|mapone"
)
NT1_CASES='^(ok|disabled|changed_new|mapped)$'

# outcome LABEL PORT: one line a case, "PROTO NAME: STATUS | what was fetched".
outcome() {
  local label=$1 port=$2 c name user pass proto status got
  : >"$T/smbclient.conf"
  for proto in SMB3 NT1; do
    for c in "${CASES[@]}"; do
      IFS='|' read -r name user pass <<<"$c"
      [ "$proto" = SMB3 ] || [[ $name =~ $NT1_CASES ]] || continue
      got=$T/got/$label-$proto-$name
      run "${label}_${proto}_$name" smbclient -s "$T/smbclient.conf" -m "$proto" \
        --option='client min protocol=NT1' -p "$port" //127.0.0.1/data -U "$user%$pass" \
        -c "get data.bin $got"
      status=$(cat "$T/${label}_${proto}_$name".{out,err} | grep -oE 'NT_STATUS_[A-Z_]+' |
        head -n 1 || true)
      if [ ! -e "$got" ]; then
        got=nothing
      elif cmp -s "$got" "$T/share/data.bin"; then
        got=data.bin
      else
        got="other bytes"
      fi
      printf '%s %s: %s | %s\n' "$proto" "$name" "${status:-OK}" "$got"
    done
  done
}

echo "+ smbd -s $D/smb.conf (port $SMBD_PORT)" >&9
timeout -k 10 "$SERVER_LIFETIME" smbd -s "$D/smb.conf" -F --no-process-group \
  >"$D/log/stdout" 2>&1 &
SMBD_PID=$!
_IT_PIDS+=("$SMBD_PID")
# smbkit starts while smbd does, and reads the passdb.tdb smbd has open.
start_smbkit --config "$D/smb.conf"
wait_for_port "$SMBD_PORT" "$SMBD_PID" "$D/log/log.smbd" "smbd" 30
outcome smbd "$SMBD_PORT" >"$T/smbd.outcome"
outcome smbkit "$SMBKIT_PORT" >"$T/smbkit.outcome"
diff -u "$T/smbd.outcome" "$T/smbkit.outcome" >&9 || fail "smbkit's outcomes differ from smbd's"

# Equal is not enough: the outcomes are the ones smbd was seen to give.
cat >"$T/expected.outcome" <<'EOF'
SMB3 ok: OK | data.bin
SMB3 wrong: NT_STATUS_LOGON_FAILURE | nothing
SMB3 disabled: NT_STATUS_ACCOUNT_DISABLED | nothing
SMB3 disabled_wrong: NT_STATUS_LOGON_FAILURE | nothing
SMB3 changed_old: NT_STATUS_LOGON_FAILURE | nothing
SMB3 changed_new: OK | data.bin
SMB3 mapped: OK | data.bin
SMB3 mapped_quoted: OK | data.bin
SMB3 mapped_own_password: NT_STATUS_LOGON_FAILURE | nothing
NT1 ok: OK | data.bin
NT1 disabled: NT_STATUS_ACCOUNT_DISABLED | nothing
NT1 changed_new: OK | data.bin
NT1 mapped: OK | data.bin
EOF
diff -u "$T/expected.outcome" "$T/smbkit.outcome" >&9 ||
  fail "smbkit's outcomes are not the ones smbd was seen to give"

# Every record read, every map line used: smbkit says nothing about either (no notice that the
# options go unread, no record or line skipped).
if grep -E '"passdb backend|"username map|cannot log on|line skipped' "$SMBKIT_LOG" >&9; then
  fail "smbkit serve reported something about the passdb or the username map (above)"
fi
stop_smbkit
