#!/usr/bin/env bash
# IPC$ named pipes carrying DCE/RPC (issue 15): Samba's smbclient -L over NT1, SMB 2.0.2, 3.1.1
# and signed 3.1.1 lists the browseable shares with their types and comments (IPC$ as "IPC
# Service (<server string>)", a share with browseable = no left out, a "$" name listed);
# rpcclient's netshareenumall, netshareenum, netsharegetinfo (a hidden share found by name, an
# unknown one WERR_NERR_NETNAMENOTFOUND), srvinfo and wkssvc_wkstagetinfo over SMB 3.1.1 and SMB1,
# each output checked; a pipe smbkit does not serve (samr) is STATUS_OBJECT_NAME_NOT_FOUND;
# pipes_raw.py checks the SMB2 pipe operations one by one. A capture of smbclient -L (NT1 and
# signed SMB3) and rpcclient must hold nothing Wireshark finds malformed, and the BIND_ACKs and
# the srvsvc and wkssvc responses with the values served.
. "$(dirname "$0")/lib.sh"
require_tool smbclient rpcclient python3 tshark realpath
TAB=$'\t'

mkdir -p "$T/data" "$T/pub" "$T/secret" "$T/backup"
start_smbkit --share "data=$T/data" --share "pub=$T/pub" --share "secret=$T/secret" \
  --share "backup\$=$T/backup" --user alice:secret \
  --share-comment "data=Team data" --share-comment "secret=Hidden stuff" \
  --share-comment "backup\$=Nightly backups" --share-browseable secret=no \
  --server-name IPCTEST --workgroup TESTGROUP --server-string "smbkit test server"
: >"$T/client.conf"

# The share table of smbclient -L ("\tNAME  TYPE  COMMENT" rows under the dashes) as
# NAME|TYPE|COMMENT lines, in the server's order.
share_rows() {
  awk '/^\t---------/ { on = 1; next } on && !/^\t/ { on = 0 } on' "$1" |
    sed -nE 's/^\t([^ ]+) +(Disk|IPC|Printer|Device) *(.*)$/\1|\2|\3/p'
}

EXPECTED_ROWS='data|Disk|Team data
pub|Disk|
backup$|Disk|Nightly backups
IPC$|IPC|IPC Service (smbkit test server)'

# list NAME ARGS...: smbclient -L with ARGS; its share table must be the expected one.
list() {
  local name=$1
  shift
  run "$name" "$@" -L //127.0.0.1 -p "$SMBKIT_PORT" -U alice%secret
  assert_exit_code 0 "$RC"
  assert_eq "$EXPECTED_ROWS" "$(share_rows "$T/$name.out")" "smbclient -L share table ($name)"
}

logons() { grep -c "$1" "$SMBKIT_LOG" || true; }

note "smbclient -L over NT1, SMB 2.0.2, SMB 3.1.1 and signed SMB 3.1.1"
before=$(logons "logged on, uid")
list list_nt1 smbclient_nt1
[ "$(logons "logged on, uid")" -gt "$before" ] || fail "no SMB1 logon for smbclient -L -m NT1"
before=$(logons "over SMB 0x0202")
list list_smb2_02 smbclient -s "$T/client.conf" -m SMB2_02
[ "$(logons "over SMB 0x0202")" -gt "$before" ] || fail "no SMB 2.0.2 logon for -m SMB2_02"
before=$(logons "over SMB 0x0311")
list list_smb3 smbclient -s "$T/client.conf" -m SMB3
list list_smb3_signed smbclient -s "$T/client.conf" -m SMB3 --client-protection=sign
[ "$(logons "over SMB 0x0311")" -ge $((before + 2)) ] || fail "no SMB 3.1.1 logons for -m SMB3"

# What C:\... path srvsvc reports for a share served from DIR.
winpath() {
  local p
  p=$(realpath -ms "$1")
  printf 'C:%s' "${p//\//\\}"
}

# rpc NAME CONF COMMANDS: rpcclient with a client config (the dialect it connects with).
rpc() {
  run "$1" rpcclient -s "$2" -p "$SMBKIT_PORT" -U alice%secret 127.0.0.1 -c "$3"
}

# The netname / remark / path of each share netshareenumall prints, as NAME|REMARK|PATH lines.
enum_rows() {
  awk -F'\t' '/^netname: / { if (n != "") print n "|" r "|" p; n = substr($0, 10); r = ""; p = "" }
              /^\tremark:/ { r = $3 } /^\tpath:/ { p = $3 }
              END { if (n != "") print n "|" r "|" p }' "$1"
}

# rpcclient connects to IPC$ with "client ipc max protocol" (SMB3 by default) and signs IPC$ by
# default; smbkit does not sign SMB1, so its SMB1 run asks for signing only if required.
printf '[global]\n  client ipc min protocol = NT1\n  client ipc max protocol = NT1\n  client ipc signing = auto\n' \
  >"$T/rpc_nt1.conf"
for dialect in smb3 nt1; do
  conf=$T/client.conf
  logon="over SMB 0x0311"
  if [ "$dialect" = nt1 ]; then
    conf=$T/rpc_nt1.conf
    logon="logged on, uid"
  fi
  note "rpcclient over $dialect"
  before=$(logons "$logon")
  rpc "enumall_$dialect" "$conf" netshareenumall
  assert_exit_code 0 "$RC"
  assert_eq "data|Team data|$(winpath "$T/data")
pub||$(winpath "$T/pub")
backup\$|Nightly backups|$(winpath "$T/backup")
IPC\$|IPC Service (smbkit test server)|C:\\tmp" "$(enum_rows "$T/enumall_$dialect.out")" \
    "netshareenumall ($dialect)"
  [ "$(logons "$logon")" -gt "$before" ] || fail "rpcclient did not log on $logon ($dialect)"

  # netshareenum (NetrShareEnumSticky): the shares but the "$" ones.
  rpc "enum_$dialect" "$conf" 'netshareenum 1'
  assert_exit_code 0 "$RC"
  assert_eq "data|Team data|
pub||" "$(enum_rows "$T/enum_$dialect.out")" "netshareenum ($dialect)"

  rpc "getinfo_$dialect" "$conf" 'netsharegetinfo data; netsharegetinfo secret; netsharegetinfo IPC$'
  assert_exit_code 0 "$RC"
  out=$T/getinfo_$dialect.out
  assert_in_order "$out" '^netname: data$' "^${TAB}remark:${TAB}Team data\$" \
    "^${TAB}path:${TAB}$(winpath "$T/data" | sed 's/[\\.]/\\&/g')\$" "^${TAB}type:${TAB}0x0\$" \
    "^${TAB}max_uses:${TAB}-1\$" \
    '^netname: secret$' "^${TAB}remark:${TAB}Hidden stuff\$" "^${TAB}type:${TAB}0x0\$" \
    '^netname: IPC\$$' "^${TAB}remark:${TAB}IPC Service \(smbkit test server\)\$" \
    "^${TAB}type:${TAB}0x80000003\$"

  rpc "nosuch_$dialect" "$conf" 'netsharegetinfo nosuch'
  assert_exit_code 1 "$RC"
  assert_file_contains "$T/nosuch_$dialect.out" '^result was WERR_NERR_NETNAMENOTFOUND$' \
    "netsharegetinfo of an unknown share"

  rpc "srvinfo_$dialect" "$conf" srvinfo
  assert_exit_code 0 "$RC"
  assert_in_order "$T/srvinfo_$dialect.out" "^${TAB}IPCTEST +Wk Sv NT SNT +smbkit test server\$" \
    "^${TAB}platform_id +:${TAB}500\$" "^${TAB}os version +:${TAB}10\.0\$" \
    "^${TAB}server type +:${TAB}0x9003\$"

  # It prints nothing when the call succeeds; the capture below checks what it carried.
  rpc "wksta_$dialect" "$conf" wkssvc_wkstagetinfo
  assert_exit_code 0 "$RC"
  assert_eq "" "$(cat "$T/wksta_$dialect.out" "$T/wksta_$dialect.err")" "wkssvc_wkstagetinfo output"

  # samr is no pipe smbkit serves.
  rpc "samr_$dialect" "$conf" enumdomusers
  assert_exit_code 1 "$RC"
  cat "$T/samr_$dialect.out" "$T/samr_$dialect.err" >"$T/samr_$dialect.all"
  assert_file_contains "$T/samr_$dialect.all" \
    '^do_cmd: Could not initialise samr\. Error was NT_STATUS_OBJECT_NAME_NOT_FOUND$' \
    "rpcclient enumdomusers (samr)"
done

note "the SMB2 pipe operations one by one (pipes_raw.py)"
for dialect in 0x0202 0x0311; do
  run "raw_$dialect" python3 "$IT_DIR/pipes_raw.py" --port "$SMBKIT_PORT" --user alice \
    --password secret --dialect "$dialect"
  assert_exit_code 0 "$RC"
  assert_in_order "$T/raw_$dialect.out" "^ok create: .*dialect $dialect\$" '^ok transceive: ' \
    '^ok read-waits: ' '^ok overflow: ' '^ok transceive-overflow: ' '^ok read-ends: ' \
    '^ok query-info: ' '^ok refused: ' '^ok limit: '
done

note "smbclient -L and rpcclient under tshark"
capture_start "$SMBKIT_PORT"
list captured_nt1 smbclient_nt1
list captured_smb3 smbclient -s "$T/client.conf" -m SMB3 --client-protection=sign
rpc captured_rpc "$T/client.conf" 'netshareenumall; netsharegetinfo data; srvinfo; wkssvc_wkstagetinfo'
assert_exit_code 0 "$RC"
capture_stop
capture_check "$CAPTURE_FILE" "$SMBKIT_PORT"
cap=$CAPTURE_STD
assert_capture_has "$cap" 'dcerpc.pkt_type == 12' "BIND_ACKs"
assert_capture_has "$cap" 'dcerpc.pkt_type == 2 && srvsvc.opnum == 15' "NetrShareEnum responses"
assert_capture_has "$cap" 'dcerpc.pkt_type == 2 && srvsvc.opnum == 16' "NetrShareGetInfo responses"
assert_capture_has "$cap" 'dcerpc.pkt_type == 2 && srvsvc.opnum == 21' "NetrServerGetInfo responses"
assert_capture_has "$cap" 'dcerpc.pkt_type == 2 && wkssvc.opnum == 0' "NetrWkstaGetInfo responses"
# Over SMB1 the RPC calls travel in TRANSACTION (TransactNmPipe) responses, over SMB2 in
# FSCTL_PIPE_TRANSCEIVE responses; the signed session's responses are signed.
assert_capture_has "$cap" 'smb.cmd == 0x25 && smb.flags.response == 1 && dcerpc.pkt_type == 2' \
  "SMB1 TRANSACTION responses carrying RPC responses"
assert_capture_has "$cap" 'smb2.ioctl.function == 0x0011c017 && smb2.flags.response == 1 && dcerpc' \
  "SMB2 FSCTL_PIPE_TRANSCEIVE responses"
assert_capture_has "$cap" 'smb2.cmd == 11 && smb2.flags.response == 1 && smb2.flags.signature == 1' \
  "signed IOCTL responses"
# What was served, as Wireshark reads it: the share names and comments of NetrShareEnum, the
# server of NetrServerGetInfo, the workstation of NetrWkstaGetInfo.
tshark -r "$cap" -Y 'srvsvc || wkssvc' -O srvsvc,wkssvc >"$T/rpc-dissected.txt" 2>/dev/null
assert_file_contains "$T/rpc-dissected.txt" ' Name: backup\$$' "NetrShareEnum in the capture"
assert_file_contains "$T/rpc-dissected.txt" 'Comment: Team data$' "NetrShareEnum in the capture"
assert_file_contains "$T/rpc-dissected.txt" 'Comment: IPC Service \(smbkit test server\)$' \
  "NetrShareEnum in the capture"
assert_file_contains "$T/rpc-dissected.txt" 'Comment: smbkit test server$' \
  "NetrServerGetInfo in the capture"
assert_file_contains "$T/rpc-dissected.txt" 'Server Name: IPCTEST$' "NetrWkstaGetInfo in the capture"
assert_file_contains "$T/rpc-dissected.txt" 'Domain Name: TESTGROUP$' "NetrWkstaGetInfo in the capture"
! grep -q ' Name: secret$' "$T/rpc-dissected.txt" ||
  fail "the share with browseable = no is in an enumeration of the capture"
note "ok"
