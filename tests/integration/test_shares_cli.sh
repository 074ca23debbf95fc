#!/usr/bin/env bash
# `smbkit shares //HOST[:PORT]` (srvsvc NetrShareEnum level 1 and NetrServerGetInfo 101 over the
# IPC$ pipe, SMB1) against Samba's smbd: every browseable share with its type and comment (IPC$ as
# IPC, a printer as Printer, a name ending in '$' listed, a non-browseable share left out), the
# same list as Samba's own `smbclient -L`, the server's comment, both logon forms, the packets
# under --trace; a wrong password fails with STATUS_LOGON_FAILURE and exit 1; a target naming a
# share is a usage error (exit 2). Then against `smbkit serve` (its own IPC$ pipes): the shares
# with their --share-comment, IPC$ with --server-string, a --share-browseable no share left out.
. "$(dirname "$0")/lib.sh"
require_tool smbd smbpasswd smbclient awk

mkdir -p "$T/smbd/data" "$T/smbd/docs" "$T/smbd/hidden" "$T/smbd/secret" "$T/smbd/spool"
start_smbd --share "data=$T/smbd/data" --share "team docs=$T/smbd/docs" \
  --share "hidden\$=$T/smbd/hidden" --share "secret=$T/smbd/secret"

# start_smbd writes one section per share; the comments, a printer, a non-browseable share, 60
# more shares (the list then takes several 4280-byte DCE/RPC fragments) and the server string are
# added here, and smbd starts again with them.
server_string="smbkit shares test server"
awk -v ss="$server_string" -v spool="$T/smbd/spool" '
  { print }
  /^\[global\]$/ { print "  server string = " ss }
  /^\[data\]$/ { print "  comment = Team data files" }
  /^\[team docs\]$/ { print "  comment = Documents, plans & notes" }
  /^\[hidden\$\]$/ { print "  comment = Not for everyone" }
  /^\[secret\]$/ { print "  comment = Never listed"; print "  browseable = no" }
  END {
    for (i = 0; i < 60; i++) {
      printf "[bulk%02d]\n  path = %s\n  comment = bulk share %02d with a comment long enough to fill fragments\n", i, spool, i
    }
    print "[lp]"
    print "  path = " spool
    print "  printable = yes"
    print "  printing = bsd"
    print "  comment = Line printer"
  }' "$SMBD_CONF" >"$T/smb.conf.new"
mv "$T/smb.conf.new" "$SMBD_CONF"
restart_smbd

# Samba's own client is the reference; it also tells when the reload has happened.
# smbclient -L prints each share as "\t%-15s %-10.10s%s" (name, type, comment) under a
# "\t---------" line, up to the first line that does not start with a tab.
samba_list() {
  awk '
    /^\t---------/ { listing = 1; next }
    listing && !/^\t/ { listing = 0 }
    listing {
      name = substr($0, 2, 15); sub(/ +$/, "", name)
      type = substr($0, 18, 10); sub(/ +$/, "", type)
      print name "|" type "|" substr($0, 28)
    }' "$1" | LC_ALL=C sort
}
for ((i = 0; i < 50; i++)); do
  run smbclient_L smbclient_nt1 -p "$SMBD_PORT" -L //127.0.0.1 -U "$SMBD_USER%$SMBD_PASS"
  grep -q 'Line printer' "$T/smbclient_L.out" && break
  sleep 0.2
done
assert_exit_code 0 "$RC" "smbclient -L"
assert_file_contains "$T/smbclient_L.out" 'Team data files' "smbclient -L after the reload"

# `smbkit shares` lines: "  NAME  TYPE  COMMENT" in columns as wide as their widest entry, after
# the header "  Sharename  Type  Comment" and its underline.
smbkit_list() {
  awk '
    /^  Sharename +Type/ { name_at = 3; type_at = index($0, "Type"); comment_at = index($0, "Comment"); next }
    /^  ---------/ { listing = 1; next }
    listing && /^  / {
      name = substr($0, name_at, type_at - name_at); sub(/ +$/, "", name)
      type = substr($0, type_at, comment_at - type_at); sub(/ +$/, "", type)
      comment = substr($0, comment_at)
      print name "|" type "|" comment
    }' "$1" | LC_ALL=C sort
}

auth=(-U "$SMBD_USER%$SMBD_PASS" -p "$SMBD_PORT")
# SMB 3.1.1 (the default), then SMB1 with each of its two logon forms.
for security in smb3 extended challenge; do
  note "$security: smbkit shares against smbd"
  how=(--security "$security" -m NT1)
  [ "$security" != smb3 ] || how=()
  run "shares_$security" smbkit_client shares //127.0.0.1 "${how[@]}" "${auth[@]}"
  assert_exit_code 0 "$RC" "smbkit shares ($security)"
  out=$T/shares_$security.out
  assert_file_contains "$out" '^  Sharename +Type +Comment$' "the header"
  assert_file_contains "$out" '^  data +Disk +Team data files$' "data"
  assert_file_contains "$out" '^  team docs +Disk +Documents, plans & notes$' "team docs"
  assert_file_contains "$out" '^  hidden\$ +Disk +Not for everyone$' "hidden\$"
  assert_file_contains "$out" '^  lp +Printer +Line printer$' "the printer"
  assert_file_contains "$out" "^  IPC\\$ +IPC +IPC Service \\($server_string\\)$" "IPC\$ as IPC"
  assert_file_contains "$out" "^Server .*: $server_string$" "the server's comment line"
  assert_file_contains "$out" '^  bulk59 +Disk +bulk share 59 with a comment long enough to fill fragments$' \
    "the last of the bulk shares"
  assert_eq 65 "$(smbkit_list "$out" | wc -l)" "shares listed (4 + 60 + IPC$)"
  if grep -q secret "$out"; then
    fail "smbkit shares lists the non-browseable share: $(cat "$out")"
  fi
  assert_eq "$(samba_list "$T/smbclient_L.out")" "$(smbkit_list "$out")" \
    "smbkit shares against smbclient -L ($security)"
done

note "the same from an smb:// URL with the user in it, and HOST:PORT alone"
run shares_url smbkit_client shares "smb://$SMBD_USER@127.0.0.1:$SMBD_PORT" -U "$SMBD_USER%$SMBD_PASS"
assert_exit_code 0 "$RC"
assert_eq "$(smbkit_list "$T/shares_extended.out")" "$(smbkit_list "$T/shares_url.out")" "smb:// form"
run shares_plain smbkit_client shares "127.0.0.1:$SMBD_PORT" -U "$SMBD_USER%$SMBD_PASS"
assert_exit_code 0 "$RC"
assert_eq "$(smbkit_list "$T/shares_extended.out")" "$(smbkit_list "$T/shares_plain.out")" \
  "HOST:PORT form"

note "--trace over SMB 3.1.1: IPC\$, the pipe, the DCE/RPC PDUs in WRITE / READ"
run shares_trace3 smbkit_client shares //127.0.0.1 --trace "${auth[@]}"
assert_exit_code 0 "$RC"
assert_in_order "$T/shares_trace3.err" \
  'C>S +SMB2_TREE_CONNECT .*path=.*IPC\$' \
  'S>C +SMB2_TREE_CONNECT +STATUS_SUCCESS .*share_type=2' \
  'C>S +SMB2_CREATE .*name=srvsvc' \
  'S>C +SMB2_CREATE +STATUS_SUCCESS' \
  'C>S +SMB2_WRITE .*rpc=BIND ' \
  'S>C +SMB2_READ +STATUS_SUCCESS .*rpc=BIND_ACK' \
  'C>S +SMB2_WRITE .*rpc=REQUEST .*op=NetrShareEnum' \
  'S>C +SMB2_READ .*rpc=RESPONSE call_id=2' \
  'C>S +SMB2_WRITE .*rpc=REQUEST .*op=NetrServerGetInfo' \
  'S>C +SMB2_READ .*rpc=RESPONSE' \
  'C>S +SMB2_CLOSE' \
  'C>S +SMB2_TREE_DISCONNECT' \
  'C>S +SMB2_LOGOFF'
assert_eq "$(cat "$T/shares_smb3.out")" "$(cat "$T/shares_trace3.out")" "stdout under --trace"

note "--trace over SMB1: IPC\$, the pipe, the DCE/RPC PDUs in WRITE_ANDX / READ_ANDX"
run shares_trace smbkit_client shares //127.0.0.1 --trace -m NT1 "${auth[@]}"
assert_exit_code 0 "$RC"
err=$T/shares_trace.err
assert_in_order "$err" \
  'C>S +SMB_COM_TREE_CONNECT_ANDX .*path=.*IPC\$.*service=IPC' \
  'S>C +SMB_COM_TREE_CONNECT_ANDX +STATUS_SUCCESS' \
  'C>S +SMB_COM_NT_CREATE_ANDX .*name=\\srvsvc' \
  'S>C +SMB_COM_NT_CREATE_ANDX +STATUS_SUCCESS' \
  'C>S +SMB_COM_WRITE_ANDX .*rpc=BIND ' \
  'S>C +SMB_COM_READ_ANDX +STATUS_SUCCESS .*rpc=BIND_ACK' \
  'C>S +SMB_COM_WRITE_ANDX .*rpc=REQUEST .*op=NetrShareEnum' \
  'S>C +SMB_COM_READ_ANDX .*rpc=RESPONSE call_id=2 frag=first' \
  'S>C +SMB_COM_READ_ANDX .*rpc=RESPONSE call_id=2 frag=last' \
  'C>S +SMB_COM_WRITE_ANDX .*rpc=REQUEST .*op=NetrServerGetInfo' \
  'S>C +SMB_COM_READ_ANDX .*rpc=RESPONSE' \
  'C>S +SMB_COM_CLOSE' \
  'C>S +SMB_COM_TREE_DISCONNECT' \
  'C>S +SMB_COM_LOGOFF_ANDX'
assert_eq "$(cat "$T/shares_extended.out")" "$(cat "$T/shares_trace.out")" "stdout under --trace"

note "a wrong password: STATUS_LOGON_FAILURE, exit 1"
run shares_badpass smbkit_client shares //127.0.0.1 -U "$SMBD_USER%wrong-password" -p "$SMBD_PORT"
assert_exit_code 1 "$RC" "smbkit shares with a wrong password"
assert_client_error "$T/shares_badpass.err" STATUS_LOGON_FAILURE C000006D
[ ! -s "$T/shares_badpass.out" ] || fail "output on a failed logon: $(cat "$T/shares_badpass.out")"

note "usage errors: exit 2"
run shares_share smbkit_client shares //127.0.0.1/data "${auth[@]}"
assert_exit_code 2 "$RC" "smbkit shares naming a share"
assert_file_contains "$T/shares_share.err" "^error: '//127.0.0.1/data' names a share"
run shares_nohost smbkit_client shares // "${auth[@]}"
assert_exit_code 2 "$RC" "smbkit shares with no host"
assert_file_contains "$T/shares_nohost.err" "^error: '//' is not //HOST"

stop_smbd

note "smbkit shares against smbkit serve: the same listing from smbkit's own IPC\$"
mkdir -p "$T/k_data" "$T/k_pub" "$T/k_secret"
start_smbkit --share "data=$T/k_data" --share "pub=$T/k_pub" --share "secret=$T/k_secret" \
  --share-comment "data=Team data files" --share-comment "pub=Public, read & write" \
  --share-browseable secret=no --server-string "smbkit test server" --user alice:secret
run shares_smbkit smbkit_client shares //127.0.0.1 -U alice%secret -p "$SMBKIT_PORT"
assert_exit_code 0 "$RC" "smbkit shares against smbkit serve"
out=$T/shares_smbkit.out
assert_file_contains "$out" '^  data +Disk +Team data files$' "data from smbkit"
assert_file_contains "$out" '^  pub +Disk +Public, read & write$' "pub from smbkit"
assert_file_contains "$out" '^  IPC\$ +IPC +IPC Service \(smbkit test server\)$' "IPC\$ from smbkit"
assert_file_contains "$out" '^Server .*: smbkit test server$' "smbkit's comment line"
assert_eq 3 "$(smbkit_list "$out" | wc -l)" "shares smbkit lists (data, pub, IPC\$)"
if grep -q secret "$out"; then
  fail "smbkit shares lists smbkit's non-browseable share: $(cat "$out")"
fi
stop_smbkit
