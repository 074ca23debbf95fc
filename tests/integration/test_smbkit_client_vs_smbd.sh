#!/usr/bin/env bash
# The smbkit client (get, cat, ls) against Samba's smbd speaking SMB1 (NT LM 0.12), in both logon
# forms: --security extended (NTLMSSP in SPNEGO) and --security challenge (the NT LM 0.12
# challenge/response; smbd takes NTLMv2 there only with `raw NTLMv2 auth = yes`, which start_smbd
# sets). Every download is compared byte for byte.
. "$(dirname "$0")/lib.sh"
require_tool smbd smbpasswd smbclient

start_smbd
populate_share "$SMBD_SHARE"

# Samba alone first: the reference serves these files to its own client.
run smbclient_get smbclient_nt1 -p "$SMBD_PORT" //127.0.0.1/share -U "$SMBD_USER%$SMBD_PASS" \
  -c "get random5m.bin $T/smbclient_random5m.bin"
assert_exit_code 0 "$RC"
assert_file_eq "$SMBD_SHARE/random5m.bin" "$T/smbclient_random5m.bin"

auth=(-U "$SMBD_USER%$SMBD_PASS" -m NT1 -p "$SMBD_PORT")
for security in extended challenge; do
  note "security $security: get"
  got=$T/got-$security
  mkdir -p "$got/cwd"
  for f in hello.txt empty.bin random5m.bin sub/inner.txt "$NON_ASCII_NAME"; do
    run "get_$security" smbkit_client get "//127.0.0.1/share/$f" "$got/${f##*/}" \
      --security "$security" "${auth[@]}"
    assert_exit_code 0 "$RC" "smbkit get $f ($security)"
    assert_file_eq "$SMBD_SHARE/$f" "$got/${f##*/}"
  done
  # Without LOCAL, get writes the basename into the current directory.
  run -C "$got/cwd" "get_cwd_$security" smbkit_client get //127.0.0.1/share/sub/inner.txt \
    --security "$security" "${auth[@]}"
  assert_exit_code 0 "$RC"
  assert_file_eq "$SMBD_SHARE/sub/inner.txt" "$got/cwd/inner.txt"

  note "security $security: cat"
  run "cat_$security" smbkit_client cat //127.0.0.1/share/random5m.bin --security "$security" \
    "${auth[@]}"
  assert_exit_code 0 "$RC"
  assert_file_eq "$SMBD_SHARE/random5m.bin" "$T/cat_$security.out"

  note "security $security: ls"
  run "ls_$security" smbkit_client ls //127.0.0.1/share --security "$security" "${auth[@]}"
  assert_exit_code 0 "$RC"
  assert_eq "$(sorted_lines "${SHARE_TOP_NAMES[@]}")" "$(smbkit_ls_names "$T/ls_$security.out")" \
    "names listed by smbkit ls ($security)"
  assert_file_contains "$T/ls_$security.out" '^d +[0-9]+ +[0-9-]+ +[0-9:]+ +sub$' \
    "smbkit ls: sub as a directory"
  assert_file_contains "$T/ls_$security.out" "^- +$((5 * 1024 * 1024)) +[0-9-]+ +[0-9:]+ +random5m.bin$" \
    "smbkit ls: random5m.bin with its size"
  run "ls_sub_$security" smbkit_client ls //127.0.0.1/share/sub --security "$security" \
    "${auth[@]}"
  assert_exit_code 0 "$RC"
  assert_eq inner.txt "$(smbkit_ls_names "$T/ls_sub_$security.out")" "names in sub ($security)"
done

stop_smbd
