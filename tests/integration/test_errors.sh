#!/usr/bin/env bash
# Failures come back as the status Windows and Samba give, and the smbkit client exits 1 with
# "error: STATUS_NAME (0xXXXXXXXX)". Each case runs against Samba's smbd first (with smbclient,
# then the smbkit client) to show the statuses agree, then against smbkit serve. The cases only
# raw packets reach (bad UID, unknown command, NetBIOS misuse) go through raw_smb1.py.
. "$(dirname "$0")/lib.sh"
require_tool python3 smbclient smbd smbpasswd

# case NAME  URL-PATH (share/path)  USER%PASS  STATUS  HEX
CASES=(
  "wrong_password  SHARE/hello.txt      USER%wrong-password  STATUS_LOGON_FAILURE           C000006D"
  "unknown_user    SHARE/hello.txt      nosuchuser%whatever  STATUS_LOGON_FAILURE           C000006D"
  "missing_share   nosuchshare/x.txt    USER%PASS            STATUS_BAD_NETWORK_NAME        C00000CC"
  "missing_file    SHARE/nosuch.txt     USER%PASS            STATUS_OBJECT_NAME_NOT_FOUND   C0000034"
  "missing_dir     SHARE/nodir/x.txt    USER%PASS            STATUS_OBJECT_PATH_NOT_FOUND   C000003A"
)

# smbkit_cases HOST-PORT-ARGS SHARE USER PASS LABEL: every case with the smbkit client, in both
# logon forms (the logon cases matter most in both).
smbkit_cases() {
  local port=$1 share=$2 user=$3 pass=$4 label=$5 c name path cred status hex security
  for c in "${CASES[@]}"; do
    read -r name path cred status hex <<<"$c"
    path=${path/SHARE/$share}
    cred=${cred/USER/$user}
    cred=${cred/PASS/$pass}
    for security in extended challenge; do
      run "${label}_${name}_$security" smbkit_client get "//127.0.0.1/$path" "$T/never" \
        -p "$port" -U "$cred" -m NT1 --security "$security"
      assert_exit_code 1 "$RC" "smbkit get, $name against $label ($security)"
      assert_client_error "$T/${label}_${name}_$security.err" "$status" "$hex"
      [ ! -e "$T/never" ] || fail "$name against $label ($security): a local file was created"
    done
  done
}

# ---- Samba's smbd ----
# Observed with Samba 4.17.12 and smbclient -m NT1: wrong password and unknown user (map to
# guest = Never) -> NT_STATUS_LOGON_FAILURE at session setup; unknown share ->
# NT_STATUS_BAD_NETWORK_NAME at tree connect; `get nosuch.txt` -> NT_STATUS_OBJECT_NAME_NOT_FOUND;
# `get nodir\x.txt` -> NT_STATUS_OBJECT_PATH_NOT_FOUND; smbclient exits 1 each time. (Listing a
# missing directory, `ls nodir\*`, gives NT_STATUS_OBJECT_NAME_NOT_FOUND from Samba's
# FIND_FIRST2; not a case here.)
start_smbd
populate_share "$SMBD_SHARE"
note "smbclient against smbd"
for c in "${CASES[@]}"; do
  read -r name path cred status hex <<<"$c"
  path=${path/SHARE/share}
  cred=${cred/USER/$SMBD_USER}
  cred=${cred/PASS/$SMBD_PASS}
  run "smbd_smbclient_$name" smbclient_nt1 -p "$SMBD_PORT" "//127.0.0.1/${path%%/*}" -U "$cred" \
    -c "get ${path#*/} $T/never"
  assert_exit_code 1 "$RC" "smbclient, $name against smbd"
  assert_contains "$(cat "$T/smbd_smbclient_$name".{out,err})" "NT_${status}" \
    "smbclient's output for $name against smbd"
done

note "raw packets against smbd"
# Samba is lenient with NetBIOS misuse (a malformed called name gets a positive response, SMB
# before a session request is served), so only these three agree and are checked against it.
run raw_smbd python3 "$IT_DIR/raw_smb1.py" --port "$SMBD_PORT" --netbios-port "$SMBD_PORT" \
  --checks bad_uid,unknown_command,nb_session
assert_exit_code 0 "$RC"

note "smbkit client against smbd"
smbkit_cases "$SMBD_PORT" share "$SMBD_USER" "$SMBD_PASS" smbd
stop_smbd

# ---- smbkit serve ----
populate_share "$T/share"
mkdir -p "$T/private"
echo "for bob only" > "$T/private/bob.txt"
echo "nobody may read this" > "$T/share/locked.txt"
chmod 000 "$T/share/locked.txt"
start_smbkit --share "data=$T/share" --share "private=$T/private" --share-users private=bob \
  --user alice:secret --user bob:builder
note "smbkit client against smbkit"
smbkit_cases "$SMBKIT_PORT" data alice secret smbkit

# No access: a share alice is not listed for, and a file whose mode lets nobody read it (smbkit
# honours mode bits even when it runs as root). Windows answers both with STATUS_ACCESS_DENIED.
for security in extended challenge; do
  run "denied_share_$security" smbkit_client get "//127.0.0.1/private/bob.txt" "$T/never" \
    -p "$SMBKIT_PORT" -U alice%secret -m NT1 --security "$security"
  assert_exit_code 1 "$RC" "alice reading bob's share ($security)"
  assert_client_error "$T/denied_share_$security.err" STATUS_ACCESS_DENIED C0000022
  run "denied_file_$security" smbkit_client get "//127.0.0.1/data/locked.txt" "$T/never" \
    -p "$SMBKIT_PORT" -U alice%secret -m NT1 --security "$security"
  assert_exit_code 1 "$RC" "reading a mode-000 file ($security)"
  assert_client_error "$T/denied_file_$security.err" STATUS_ACCESS_DENIED C0000022
  [ ! -e "$T/never" ] || fail "access denied ($security): a local file was created"
done
run allowed_share smbkit_client cat "//127.0.0.1/private/bob.txt" -p "$SMBKIT_PORT" -U bob%builder -m NT1
assert_exit_code 0 "$RC" "bob reading his share"
assert_eq "for bob only" "$(cat "$T/allowed_share.out")" "bob's file through cat"
run denied_smbclient smbclient_nt1 -p "$SMBKIT_PORT" //127.0.0.1/private -U alice%secret -c "ls"
assert_exit_code 1 "$RC" "smbclient as alice on bob's share"
assert_contains "$(cat "$T/denied_smbclient".{out,err})" NT_STATUS_ACCESS_DENIED "smbclient's output"

note "smbclient against smbkit"
for c in "${CASES[@]}"; do
  read -r name path cred status hex <<<"$c"
  path=${path/SHARE/data}
  cred=${cred/USER/alice}
  cred=${cred/PASS/secret}
  run "smbkit_smbclient_$name" smbclient_nt1 -p "$SMBKIT_PORT" "//127.0.0.1/${path%%/*}" \
    -U "$cred" -c "get ${path#*/} $T/never"
  assert_exit_code 1 "$RC" "smbclient, $name against smbkit"
  assert_contains "$(cat "$T/smbkit_smbclient_$name".{out,err})" "NT_${status}" \
    "smbclient's output for $name against smbkit"
done

note "raw packets against smbkit"
# smbkit answers as MS-CIFS says: STATUS_SMB_BAD_UID (0x005B0002) for an unknown UID, an error
# for an unknown command with the connection kept, and on its NetBIOS port a negative session
# response for a malformed name and no service before a session request.
run raw_smbkit python3 "$IT_DIR/raw_smb1.py" --port "$SMBKIT_PORT" --netbios-port "$SMBKIT_NBPORT"
assert_exit_code 0 "$RC"
cat "$T/raw_smbkit.out" >&9

stop_smbkit
