#!/usr/bin/env bash
# Samba's smbclient over SMB 2.0.2, 2.1, 3.0, 3.0.2 and 3.1.1 against `smbkit serve`: ls, put
# (a small file and 20 MiB of random bytes), get, mkdir, rmdir, rm, rename and setmode, each
# result checked on the server's disk or byte for byte; plain, signed (--client-protection=sign)
# and, for 3.1.1 with `client min protocol = SMB3_11`, with each of the three signing
# algorithms. A failure comes back with the status smbclient prints. One signed 3.1.1 session is
# captured, and Wireshark must find nothing malformed in it and every signature valid.
. "$(dirname "$0")/lib.sh"
require_tool smbclient python3 tshark

mkdir -p "$T/share" "$T/local"
printf 'a small file written by smbclient over SMB2\n' >"$T/local/small.txt"
make_random_file "$T/local/big.bin" $((20 * 1024 * 1024))
start_smbkit --share "data=$T/share" --user alice:secret
: >"$T/client.conf"

# smb2c NAME OPTS... -- CMDS: smbclient with the options before "--", running CMDS.
smb2c() {
  local name=$1 opts=()
  shift
  while [ "$1" != -- ]; do
    opts+=("$1")
    shift
  done
  shift
  run "$name" timeout -k 5 "$CLIENT_TIMEOUT" smbclient -s "$T/client.conf" -p "$SMBKIT_PORT" \
    //127.0.0.1/data -U alice%secret "${opts[@]}" -c "lcd $T/local; $1"
}

# session LABEL OPTS...: the whole round of operations under one set of client options.
session() {
  local label=$1
  shift
  local dir="d_$label"
  note "$label: $*"
  rm -rf "${T:?}/share/"*
  echo "present on the server" >"$T/share/present.txt"
  smb2c "${label}_ops" "$@" -- "put small.txt; put big.bin; mkdir $dir; mkdir $dir\\sub;
    rmdir $dir\\sub; put small.txt $dir\\moved.txt; rename $dir\\moved.txt $dir\\renamed.txt;
    put small.txt gone.txt; rm gone.txt; setmode present.txt +r; ls"
  assert_exit_code 0 "$RC" "$label: smbclient ops"
  assert_file_eq "$T/local/small.txt" "$T/share/small.txt"
  assert_file_eq "$T/local/big.bin" "$T/share/big.bin"
  [ -d "$T/share/$dir" ] || fail "$label: mkdir made no directory"
  [ ! -e "$T/share/$dir/sub" ] || fail "$label: rmdir left $dir/sub"
  assert_file_eq "$T/local/small.txt" "$T/share/$dir/renamed.txt"
  [ ! -e "$T/share/$dir/moved.txt" ] || fail "$label: rename left the old name"
  [ ! -e "$T/share/gone.txt" ] || fail "$label: rm left gone.txt"
  assert_eq "444" "$(stat -c %a "$T/share/present.txt")" "$label: mode after setmode +r"
  assert_file_contains "$T/${label}_ops.out" '^  present\.txt +AR? +2[0-9] ' "$label: ls"
  assert_file_contains "$T/${label}_ops.out" "^  $dir +D " "$label: ls of the directory"

  rm -f "$T/local/back.bin" "$T/local/back.txt"
  smb2c "${label}_get" "$@" -- "get big.bin back.bin; get present.txt back.txt"
  assert_exit_code 0 "$RC" "$label: smbclient get"
  assert_file_eq "$T/share/big.bin" "$T/local/back.bin"
  assert_file_eq "$T/share/present.txt" "$T/local/back.txt"

  smb2c "${label}_missing" "$@" -- "get nosuch.txt"
  assert_file_contains "$T/${label}_missing.out" 'NT_STATUS_OBJECT_NAME_NOT_FOUND' \
    "$label: get of a missing file"
  smb2c "${label}_notempty" "$@" -- "rmdir $dir"
  assert_file_contains "$T/${label}_notempty.out" 'NT_STATUS_DIRECTORY_NOT_EMPTY' \
    "$label: rmdir of a directory that is not empty"
  chmod u+w "$T/share/present.txt"
}

session smb2_02 -m SMB2_02
session smb2_10 -m SMB2_10
session smb3_00 -m SMB3_00
session smb3_00_signed -m SMB3_00 --client-protection=sign
session smb3_02 -m SMB3_02
session smb3_11 -m SMB3_11
session smb3_11_signed -m SMB3_11 --client-protection=sign
for alg in HMAC-SHA256 AES-128-CMAC AES-128-GMAC; do
  session "smb3_11_$alg" --option='client min protocol=SMB3_11' \
    --option="client smb3 signing algorithms=$alg" --client-protection=sign
done

# The dialect each run settled on, as the server logs it.
grep -q "over SMB 0x0202" "$SMBKIT_LOG" || fail "no SMB 2.0.2 logon in the server's log"
grep -q "over SMB 0x0311" "$SMBKIT_LOG" || fail "no SMB 3.1.1 logon in the server's log"

note "a signed SMB 3.1.1 session under tshark"
capture_start "$SMBKIT_PORT"
session captured -m SMB3_11 --client-protection=sign
capture_stop
capture_check "$CAPTURE_FILE" "$SMBKIT_PORT"
assert_capture_has "$CAPTURE_STD" 'smb2.cmd == 5 && smb2.flags.response == 1' "SMB2 CREATE responses"
assert_capture_has "$CAPTURE_STD" 'smb2.flags.signature == 1 && smb2.flags.response == 1' \
  "signed responses"
note "ok"
