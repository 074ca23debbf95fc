#!/usr/bin/env bash
# The smbkit client (get, cat, ls) against Samba's smbd: over SMB1 (NT LM 0.12) in both logon
# forms, --security extended (NTLMSSP in SPNEGO) and --security challenge (the NT LM 0.12
# challenge/response; smbd takes NTLMv2 there only with `raw NTLMv2 auth = yes`, which start_smbd
# sets); and over each SMB 2/3 dialect (2.0.2, 2.1, 3.0, 3.0.2, 3.1.1), signed with each
# algorithm (HMAC-SHA256, AES-CMAC, AES-GMAC) and encrypted with each cipher (AES-128/256-CCM/GCM),
# the algorithm the server picked checked in the trace. Every download is compared byte for byte.
. "$(dirname "$0")/lib.sh"
require_tool smbd smbpasswd smbclient

start_smbd
populate_share "$SMBD_SHARE"

# Samba alone first: the reference serves these files to its own client.
run smbclient_get smbclient_nt1 -p "$SMBD_PORT" //127.0.0.1/share -U "$SMBD_USER%$SMBD_PASS" \
  -c "get random5m.bin $T/smbclient_random5m.bin"
assert_exit_code 0 "$RC"
assert_file_eq "$SMBD_SHARE/random5m.bin" "$T/smbclient_random5m.bin"

auth=(-U "$SMBD_USER%$SMBD_PASS" -p "$SMBD_PORT")
# NAME:OPTIONS:WHAT THE TRACE MUST SHOW (a regular expression on the NEGOTIATE response, then one
# on a READ response).
modes=(
  "extended:--security extended -m NT1::"
  "challenge:--security challenge -m NT1::"
  "smb202:-m SMB2_02:dialect=0x0202:"
  "smb210-hmac:-m SMB2_10 --sign:dialect=0x0210:SMB2_READ .*signed=yes"
  "smb300-cmac:-m SMB3_00 --sign:dialect=0x0300:SMB2_IOCTL .*matches=yes.*signed=yes"
  "smb302-ccm:-m SMB3_02 --encrypt:dialect=0x0302:SMB2_READ .*encrypted=yes"
  "smb311-gmac:-m SMB3_11 --sign --smb3-signing-algorithms AES-128-GMAC:signing=AES-128-GMAC:SMB2_READ .*signed=yes"
  "smb311-cmac:-m SMB3_11 --sign --smb3-signing-algorithms AES-128-CMAC:signing=AES-128-CMAC:SMB2_READ .*signed=yes"
  "smb311-hmac:-m SMB3_11 --sign --smb3-signing-algorithms HMAC-SHA256:signing=HMAC-SHA256:SMB2_READ .*signed=yes"
  "smb311-128gcm:--encrypt --smb3-encryption-algorithms AES-128-GCM:cipher=AES-128-GCM:SMB2_READ .*encrypted=yes"
  "smb311-128ccm:--encrypt --smb3-encryption-algorithms AES-128-CCM:cipher=AES-128-CCM:SMB2_READ .*encrypted=yes"
  "smb311-256gcm:--encrypt --smb3-encryption-algorithms AES-256-GCM:cipher=AES-256-GCM:SMB2_READ .*encrypted=yes"
  "smb311-256ccm:--encrypt --smb3-encryption-algorithms AES-256-CCM:cipher=AES-256-CCM:SMB2_READ .*encrypted=yes"
)
for mode in "${modes[@]}"; do
  IFS=: read -r security how negotiated read_reply <<<"$mode"
  read -ra how <<<"$how"
  auth=(-U "$SMBD_USER%$SMBD_PASS" -p "$SMBD_PORT" "${how[@]}")
  note "security $security: get"
  got=$T/got-$security
  mkdir -p "$got/cwd"
  for f in hello.txt empty.bin random5m.bin sub/inner.txt "$NON_ASCII_NAME"; do
    run "get_$security" smbkit_client get "//127.0.0.1/share/$f" "$got/${f##*/}" \
      "${auth[@]}"
    assert_exit_code 0 "$RC" "smbkit get $f ($security)"
    assert_file_eq "$SMBD_SHARE/$f" "$got/${f##*/}"
  done
  # Without LOCAL, get writes the basename into the current directory.
  run -C "$got/cwd" "get_cwd_$security" smbkit_client get //127.0.0.1/share/sub/inner.txt \
    "${auth[@]}"
  assert_exit_code 0 "$RC"
  assert_file_eq "$SMBD_SHARE/sub/inner.txt" "$got/cwd/inner.txt"

  note "security $security: cat"
  run "cat_$security" smbkit_client cat //127.0.0.1/share/random5m.bin --trace "${auth[@]}"
  assert_exit_code 0 "$RC"
  assert_file_eq "$SMBD_SHARE/random5m.bin" "$T/cat_$security.out"
  if [ -n "$negotiated" ]; then
    assert_file_contains "$T/cat_$security.err" "S>C +SMB2_NEGOTIATE +STATUS_SUCCESS .*$negotiated" \
      "the dialect and algorithm negotiated ($security)"
    # A response verified under the session's signing key is traced "signed=yes"; one that
    # fails the check fails the command (checked above).
    [ -z "$read_reply" ] || assert_file_contains "$T/cat_$security.err" "S>C +$read_reply" \
      "the trace of $security"
  fi

  note "security $security: ls"
  run "ls_$security" smbkit_client ls //127.0.0.1/share "${auth[@]}"
  assert_exit_code 0 "$RC"
  assert_eq "$(sorted_lines "${SHARE_TOP_NAMES[@]}")" "$(smbkit_ls_names "$T/ls_$security.out")" \
    "names listed by smbkit ls ($security)"
  assert_file_contains "$T/ls_$security.out" '^d +[0-9]+ +[0-9-]+ +[0-9:]+ +sub$' \
    "smbkit ls: sub as a directory"
  assert_file_contains "$T/ls_$security.out" "^- +$((5 * 1024 * 1024)) +[0-9-]+ +[0-9:]+ +random5m.bin$" \
    "smbkit ls: random5m.bin with its size"
  run "ls_sub_$security" smbkit_client ls //127.0.0.1/share/sub "${auth[@]}"
  assert_exit_code 0 "$RC"
  assert_eq inner.txt "$(smbkit_ls_names "$T/ls_sub_$security.out")" "names in sub ($security)"
done

note "credentials from -A FILE and from \$USER / \$PASSWD instead of -U"
printf '# smbclient(1) -A format\nusername = %s\npassword = %s\ndomain = SMBKIT\n' \
  "$SMBD_USER" "$SMBD_PASS" >"$T/auth.txt"
run cat_auth_file smbkit_client cat //127.0.0.1/share/hello.txt -A "$T/auth.txt" -p "$SMBD_PORT"
assert_exit_code 0 "$RC"
assert_file_eq "$SMBD_SHARE/hello.txt" "$T/cat_auth_file.out"
run cat_env env USER="$SMBD_USER" PASSWD="$SMBD_PASS" "$SMBKIT_BIN" cat \
  //127.0.0.1/share/hello.txt -p "$SMBD_PORT"
assert_exit_code 0 "$RC"
assert_file_eq "$SMBD_SHARE/hello.txt" "$T/cat_env.out"
run cat_env_pair env USER="$SMBD_USER%$SMBD_PASS" "$SMBKIT_BIN" cat //127.0.0.1/share/hello.txt \
  -p "$SMBD_PORT"
assert_exit_code 0 "$RC"
assert_file_eq "$SMBD_SHARE/hello.txt" "$T/cat_env_pair.out"
printf 'username = %s\npassword = wrong\n' "$SMBD_USER" >"$T/bad-auth.txt"
run cat_bad_auth smbkit_client cat //127.0.0.1/share/hello.txt -A "$T/bad-auth.txt" -p "$SMBD_PORT"
assert_exit_code 1 "$RC"
assert_client_error "$T/cat_bad_auth.err" STATUS_LOGON_FAILURE C000006D
printf 'user = %s\n' "$SMBD_USER" >"$T/odd-auth.txt"
run cat_odd_auth smbkit_client cat //127.0.0.1/share/hello.txt -A "$T/odd-auth.txt" -p "$SMBD_PORT"
assert_exit_code 2 "$RC"
assert_file_contains "$T/cat_odd_auth.err" 'line 1: unknown key "user"'

note "errors name their status"
run cat_missing smbkit_client cat //127.0.0.1/share/no-such-file "${auth[@]}"
assert_exit_code 1 "$RC"
assert_client_error "$T/cat_missing.err" STATUS_OBJECT_NAME_NOT_FOUND C0000034
run ls_noshare smbkit_client ls //127.0.0.1/no-such-share -U "$SMBD_USER%$SMBD_PASS" -p "$SMBD_PORT"
assert_exit_code 1 "$RC"
assert_client_error "$T/ls_noshare.err" STATUS_BAD_NETWORK_NAME C00000CC

stop_smbd
