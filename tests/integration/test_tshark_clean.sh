#!/usr/bin/env bash
# Wireshark finds nothing malformed and no error in what smbkit sends and receives: whole sessions
# (negotiate .. read .. logoff) of the smbkit client with the smbkit server, over direct TCP (in
# both logon forms) and over the NetBIOS session service, and of Samba's smbclient with the smbkit
# server; and each capture holds the SMB commands the session must have used.
. "$(dirname "$0")/lib.sh"

need_root "capturing on lo"
require_tool smbclient dumpcap tcprewrite tshark
populate_share "$T/share"

# NEGOTIATE, SESSION_SETUP_ANDX, TREE_CONNECT_ANDX, READ_ANDX
SESSION_COMMANDS=(0x72 0x73 0x75 0x2e)

start_smbkit --share "data=$T/share" --user alice:secret

for security in extended challenge; do
  note "smbkit client, direct TCP, $security"
  capture_start "$SMBKIT_PORT"
  run "get_$security" smbkit_client get //127.0.0.1/data/random5m.bin "$T/got-$security.bin" \
    -p "$SMBKIT_PORT" -U alice%secret -m NT1 --security "$security"
  assert_exit_code 0 "$RC"
  capture_stop
  assert_file_eq "$T/share/random5m.bin" "$T/got-$security.bin"
  capture_check "$CAPTURE_FILE" "$SMBKIT_PORT"
  assert_capture_smb_commands "$CAPTURE_STD" "${SESSION_COMMANDS[@]}" 0x74  # ... LOGOFF_ANDX
  assert_capture_has "$CAPTURE_STD" 'smb.cmd == 0xa2 || smb.cmd == 0x2d' "NT_CREATE or OPEN_ANDX"
  if [ "$security" = extended ]; then
    assert_capture_has "$CAPTURE_STD" 'ntlmssp.messagetype == 0x00000003' "NTLMSSP AUTHENTICATE"
  fi
done

note "smbkit client, NetBIOS session service"
capture_start "$SMBKIT_NBPORT"
run get_netbios smbkit_client get //127.0.0.1/data/random5m.bin "$T/got-netbios.bin" \
  -p "$SMBKIT_NBPORT" --netbios -U alice%secret -m NT1
assert_exit_code 0 "$RC"
capture_stop
assert_file_eq "$T/share/random5m.bin" "$T/got-netbios.bin"
# As port 139, Wireshark dissects the session request and its positive response.
capture_check "$CAPTURE_FILE" "$SMBKIT_NBPORT" 139
assert_capture_has "$CAPTURE_STD" 'nbss.type == 0x81' "NetBIOS session request"
assert_capture_has "$CAPTURE_STD" 'nbss.type == 0x82' "NetBIOS positive response"
assert_capture_smb_commands "$CAPTURE_STD" "${SESSION_COMMANDS[@]}" 0x74

note "Samba's smbclient -m NT1 against smbkit"
capture_start "$SMBKIT_PORT"
run smbclient_get smbclient_nt1 -p "$SMBKIT_PORT" //127.0.0.1/data -U alice%secret \
  -c "ls; get random5m.bin $T/got-smbclient.bin"
assert_exit_code 0 "$RC"
capture_stop
assert_file_eq "$T/share/random5m.bin" "$T/got-smbclient.bin"
capture_check "$CAPTURE_FILE" "$SMBKIT_PORT"
assert_capture_smb_commands "$CAPTURE_STD" "${SESSION_COMMANDS[@]}" 0xa2 0x32  # ... NT_CREATE, TRANS2 (ls)

stop_smbkit
