#!/usr/bin/env bash
# Samba's smbclient (SMB1, NT LM 0.12) lists and downloads from `smbkit serve`: every file
# byte-exact, the listing exactly the share's names; over direct TCP, and over the NetBIOS session
# service when port 139 can be had.
. "$(dirname "$0")/lib.sh"
require_tool smbclient

populate_share "$T/share"
mkdir "$T/got"

# check_share PORT LABEL: one smbclient session per operation, as a user would run them.
check_share() {
  local port=$1 label=$2 f
  note "$label: ls"
  run "ls_root_$label" smbclient_nt1 -p "$port" //127.0.0.1/data -U alice%secret -c ls
  assert_exit_code 0 "$RC"
  assert_eq "$(sorted_lines "${SHARE_TOP_NAMES[@]}")" \
    "$(smbclient_ls_names "$T/ls_root_$label.out")" "$label: names listed by smbclient"
  run "ls_sub_$label" smbclient_nt1 -p "$port" //127.0.0.1/data -U alice%secret -c 'ls sub\*'
  assert_exit_code 0 "$RC"
  assert_eq inner.txt "$(smbclient_ls_names "$T/ls_sub_$label.out")" "$label: names in sub"

  note "$label: get every file"
  rm -rf "$T/got" && mkdir "$T/got"
  run "get_$label" smbclient_nt1 -p "$port" //127.0.0.1/data -U alice%secret \
    -c "lcd $T/got; get hello.txt; get empty.bin; get random5m.bin; get sub\\inner.txt inner.txt; get $NON_ASCII_NAME"
  assert_exit_code 0 "$RC"
  for f in hello.txt empty.bin random5m.bin "$NON_ASCII_NAME"; do
    assert_file_eq "$T/share/$f" "$T/got/$f"
  done
  assert_file_eq "$T/share/sub/inner.txt" "$T/got/inner.txt"
}

start_smbkit --share "data=$T/share" --user alice:secret
check_share "$SMBKIT_PORT" direct
stop_smbkit

# smbclient sends a NetBIOS session request only when the port is 139 (PEERS.md; checked here
# with a listener: on any other port, -p included, its first bytes are a direct-TCP NEGOTIATE,
# and no option changes that). So NetBIOS with smbclient needs port 139 itself, which needs root
# and a free 139; the smbkit client covers the NetBIOS port in every case (test_smbkit_loopback).
if [ "$(id -u)" -eq 0 ] && reserve_port 139; then
  start_smbkit --share "data=$T/share" --user alice:secret --netbios-port 139
  check_share 139 netbios
  stop_smbkit
else
  note "port 139 is not available (not root, or in use): smbclient over NetBIOS not checked"
fi
