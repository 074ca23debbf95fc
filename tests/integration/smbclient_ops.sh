# The round of smbclient operations the SMB 2/3 tests run against smbkit, with its checks
# (sourced after lib.sh by test_smb2_smbclient.sh and test_encryption.sh). Needs $SMBKIT_PORT,
# a share "data" at $T/share served to alice%secret, $T/local/small.txt and $T/local/big.bin,
# and the client configuration $T/client.conf.

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

