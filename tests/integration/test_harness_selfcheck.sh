#!/usr/bin/env bash
# The harness itself, against Samba only (smbd + smbclient + tshark): if this fails, the other
# integration tests' failures say nothing about smbkit. Checks start_smbd/stop_smbd, smbclient_nt1,
# the listing parsers, raw_smb1.py's encoding (a real server must understand it), and that
# capture_check passes a clean or warning-only capture and catches a malformed one.
. "$(dirname "$0")/lib.sh"
require_tool smbd smbpasswd smbclient python3 dumpcap tcprewrite tshark

start_smbd
populate_share "$SMBD_SHARE"

note "smbclient -m NT1 against smbd: ls and get, byte-exact"
run ls_root smbclient_nt1 -p "$SMBD_PORT" //127.0.0.1/share -U "$SMBD_USER%$SMBD_PASS" -c ls
assert_exit_code 0 "$RC"
assert_eq "$(sorted_lines "${SHARE_TOP_NAMES[@]}")" "$(smbclient_ls_names "$T/ls_root.out")" \
  "names listed by smbclient"
run ls_sub smbclient_nt1 -p "$SMBD_PORT" //127.0.0.1/share -U "$SMBD_USER%$SMBD_PASS" \
  -c 'ls sub\*'
assert_exit_code 0 "$RC"
assert_eq inner.txt "$(smbclient_ls_names "$T/ls_sub.out")" "names listed in sub"

mkdir "$T/got"
run get smbclient_nt1 -p "$SMBD_PORT" //127.0.0.1/share -U "$SMBD_USER%$SMBD_PASS" \
  -c "lcd $T/got; get hello.txt; get empty.bin; get random5m.bin; get sub\\inner.txt inner.txt; get $NON_ASCII_NAME"
assert_exit_code 0 "$RC"
for f in hello.txt empty.bin random5m.bin "$NON_ASCII_NAME"; do
  assert_file_eq "$SMBD_SHARE/$f" "$T/got/$f"
done
assert_file_eq "$SMBD_SHARE/sub/inner.txt" "$T/got/inner.txt"

note "raw_smb1.py against smbd"
# Samba 4.17 answers as MS-CIFS says for a bad UID (STATUS_SMB_BAD_UID, 0x005B0002) and an
# unknown command (STATUS_SMB_BAD_COMMAND, 0x00160002, then ECHO still works), and accepts a
# session request on any port. It is lenient where smbkit is strict: a malformed called name
# gets a POSITIVE response (0x82), and SMB before a session request is served, even on port
# 139; so nb_bad_name and nb_smb_first are not run against it.
run raw python3 "$IT_DIR/raw_smb1.py" --port "$SMBD_PORT" --netbios-port "$SMBD_PORT" \
  --checks bad_uid,unknown_command,nb_session
assert_exit_code 0 "$RC"
cat "$T/raw.out" >&9

note "tshark: a smbclient-smbd session is clean and holds the expected commands"
capture_start "$SMBD_PORT"
run cap_get smbclient_nt1 -p "$SMBD_PORT" //127.0.0.1/share -U "$SMBD_USER%$SMBD_PASS" \
  -c "get hello.txt $T/cap_hello.txt"
assert_exit_code 0 "$RC"
capture_stop
capture_check "$CAPTURE_FILE" "$SMBD_PORT"
assert_capture_smb_commands "$CAPTURE_STD" 0x72 0x73 0x75 0xa2 0x2e
stop_smbd

note "capture_check: warnings pass, malformed packets fail"
# Wireshark's SPNEGO negHints warning (PEERS.md) does not show with Samba 4.17's SMB1 replies
# here; a connection reset is another warning-level expert item (tcp "Connection reset (RST)").
port=$(free_port)
cat >"$T/peer.py" <<'EOF'
import socket, struct, sys, time
sys.path.insert(0, sys.argv[1])
import raw_smb1
port, mode = int(sys.argv[2]), sys.argv[3]
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen(1)
client = socket.create_connection(("127.0.0.1", port))
accepted, _ = server.accept()
if mode == "warning":  # a well-formed NEGOTIATE, then a reset instead of an orderly close
    client.sendall(raw_smb1.frame(raw_smb1.smb_message(raw_smb1.SMB_COM_NEGOTIATE,
                                                       data=b"\x02NT LM 0.12\x00")))
    time.sleep(0.2)
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
else:  # an SMB header cut short inside its own frame
    client.sendall(b"\x00\x00\x00\x0c\xffSMB\x72\x00\x00\x00\x00\x00\x00\x00")
time.sleep(0.2)
client.close()
accepted.close()
EOF
capture_start "$port"
run peer_warning python3 "$T/peer.py" "$IT_DIR" "$port" warning
assert_exit_code 0 "$RC"
capture_stop
capture_check "$CAPTURE_FILE" "$port"
assert_capture_has "$CAPTURE_STD" '_ws.expert.severity == warning' "warning capture"
assert_capture_has "$CAPTURE_STD" 'smb.cmd == 0x72' "warning capture"

capture_start "$port"
run peer_malformed python3 "$T/peer.py" "$IT_DIR" "$port" malformed
assert_exit_code 0 "$RC"
capture_stop
note "an expected FAIL from capture_check follows"
rc=0
(capture_check "$CAPTURE_FILE" "$port") || rc=$?
assert_eq 1 "$rc" "capture_check's status on a malformed capture"

note "assert_in_order"
printf 'a C>S one\nb S>C two three\nc four\n' >"$T/order.txt"
assert_in_order "$T/order.txt" 'one' 'two' 'three' 'four'
rc=0
(assert_in_order "$T/order.txt" 'four' 'one' 2>/dev/null 9>/dev/null) || rc=$?
assert_eq 1 "$rc" "assert_in_order's status on lines out of order"

note "harness self-check passed"
