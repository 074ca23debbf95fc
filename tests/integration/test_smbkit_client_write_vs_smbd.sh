#!/usr/bin/env bash
# The smbkit client's commands that change a share, over SMB1 (NT LM 0.12) and SMB 2/3 (3.1.1
# signed, 3.1.1 encrypted, 2.0.2 with single-credit transfers): put (small, 20 MiB,
# from stdin, into a directory, write-through), mkdir, rmdir, rm (a file, a wildcard), mv, stat
# (fields compared with stat(1) on the server's disk), get -r / put -r of a small tree (diff -r),
# ls of a 12,000-entry directory (count and names exact) and watch (changes printed as they
# happen, ended with NT_CANCEL or SMB2 CANCEL on SIGINT). Every result is checked on the server's
# disk. Against Samba's smbd first; then the same body against smbkit's own server.
. "$(dirname "$0")/lib.sh"
require_tool smbd smbpasswd

# exercise LABEL SERVER SHARE_DIR CONNECTION-OPTIONS...: the test body against the share "share"
# served from SHARE_DIR by SERVER (smbd or smbkit). The trace is checked in the dialect's terms:
# SMB1 with -m NT1, SMB 2/3 otherwise.
exercise() {
  local label=$1 server=$2 share=$3
  shift 3
  local opts=("$@") url=//127.0.0.1/share l=$T/local-$label smb1=no
  [[ " ${opts[*]} " != *" -m NT1 "* ]] || smb1=yes
  local write=SMB2_WRITE notify=SMB2_CHANGE_NOTIFY cancel=SMB2_CANCEL close=SMB2_CLOSE
  if [ $smb1 = yes ]; then
    write=SMB_COM_WRITE_ANDX notify=SMB_COM_NT_TRANSACT cancel=SMB_COM_NT_CANCEL close=SMB_COM_CLOSE
  fi
  mkdir -p "$l"

  note "$label: put"
  printf 'a small file\n' >"$l/small.txt"
  run "put_small_$label" smbkit_client put "$l/small.txt" "$url/small.txt" "${opts[@]}"
  assert_exit_code 0 "$RC"
  assert_file_eq "$l/small.txt" "$share/small.txt"
  make_random_file "$l/big.bin" $((20 * 1024 * 1024))
  run "put_big_$label" smbkit_client put "$l/big.bin" "$url/big.bin" --trace "${opts[@]}"
  assert_exit_code 0 "$RC"
  assert_file_eq "$l/big.bin" "$share/big.bin"
  if [ $smb1 = yes ] && [ "$server" = smbd ]; then
    # CAP_LARGE_WRITEX: 64 KiB writes, the last one at 20 MiB - 64 KiB.
    assert_file_contains "$T/put_big_$label.err" \
      'C>S.*SMB_COM_WRITE_ANDX.*offset=20905984 count=65536' "trace of the 20 MiB put"
  elif [[ " ${opts[*]} " == *" -m SMB2_02 "* ]]; then
    # SMB 2.0.2 has no multi-credit requests: 64 KiB writes.
    assert_file_contains "$T/put_big_$label.err" \
      'C>S.*SMB2_WRITE.*offset=20905984 count=65536' "trace of the 20 MiB put"
  elif [ $smb1 = no ]; then
    # 1 MiB writes of 16 credits each, several in flight.
    assert_file_contains "$T/put_big_$label.err" \
      'C>S.*SMB2_WRITE.* charge=16 .*offset=19922944 count=1048576' "trace of the 20 MiB put"
  fi
  # Replacing a file leaves no tail of the old content.
  run "put_replace_$label" smbkit_client put "$l/small.txt" "$url/big.bin" "${opts[@]}"
  assert_exit_code 0 "$RC"
  assert_file_eq "$l/small.txt" "$share/big.bin"
  # A target that is a directory takes the file under its own name; '-' reads stdin.
  mkdir -p "$share/into"
  run "put_into_$label" smbkit_client put "$l/small.txt" "$url/into" "${opts[@]}"
  assert_exit_code 0 "$RC"
  assert_file_eq "$l/small.txt" "$share/into/small.txt"
  run "put_stdin_$label" smbkit_client put - "$url/from-stdin.txt" "${opts[@]}" <"$l/big.bin"
  assert_exit_code 0 "$RC"
  assert_file_eq "$l/big.bin" "$share/from-stdin.txt"
  run "put_through_$label" smbkit_client put "$l/small.txt" "$url/through.txt" --write-through \
    --trace "${opts[@]}"
  assert_exit_code 0 "$RC"
  assert_file_eq "$l/small.txt" "$share/through.txt"
  if [[ " ${opts[*]} " != *" -m SMB2_02 "* ]]; then  # SMB2_WRITEFLAG_WRITE_THROUGH: 2.1 on
    assert_file_contains "$T/put_through_$label.err" "C>S.*$write.*write_through=1"
  fi
  run "put_missing_dir_$label" smbkit_client put "$l/small.txt" "$url/no/such/dir/f" "${opts[@]}"
  assert_exit_code 1 "$RC"
  assert_client_error "$T/put_missing_dir_$label.err" STATUS_OBJECT_PATH_NOT_FOUND C000003A

  note "$label: mkdir, rmdir"
  run "mkdir_$label" smbkit_client mkdir "$url/d1" "${opts[@]}"
  assert_exit_code 0 "$RC"
  run "mkdir2_$label" smbkit_client mkdir "$url/d1/d2" "${opts[@]}"
  assert_exit_code 0 "$RC"
  [ -d "$share/d1/d2" ] || fail "$label: mkdir d1/d2 made no directory on disk"
  run "mkdir_again_$label" smbkit_client mkdir "$url/d1" "${opts[@]}"
  assert_exit_code 1 "$RC"
  assert_client_error "$T/mkdir_again_$label.err" STATUS_OBJECT_NAME_COLLISION C0000035
  run "rmdir_full_$label" smbkit_client rmdir "$url/d1" "${opts[@]}"
  assert_exit_code 1 "$RC"
  assert_client_error "$T/rmdir_full_$label.err" STATUS_DIRECTORY_NOT_EMPTY C0000101
  run "rmdir_$label" smbkit_client rmdir "$url/d1/d2" "${opts[@]}"
  assert_exit_code 0 "$RC"
  [ ! -e "$share/d1/d2" ] || fail "$label: rmdir d1/d2 left it on disk"
  [ -d "$share/d1" ] || fail "$label: rmdir d1/d2 took d1 too"

  note "$label: rm"
  printf x >"$share/d1/a.tmp"
  printf x >"$share/d1/b.TMP"
  printf x >"$share/d1/c.keep"
  printf x >"$share/gone.txt"
  run "rm_$label" smbkit_client rm "$url/gone.txt" "${opts[@]}"
  assert_exit_code 0 "$RC"
  [ ! -e "$share/gone.txt" ] || fail "$label: rm left gone.txt on disk"
  run "rm_wild_$label" smbkit_client rm "$url/d1/*.tmp" "${opts[@]}"
  assert_exit_code 0 "$RC"
  assert_eq c.keep "$(ls -A "$share/d1")" "$label: what rm d1/*.tmp left"
  run "rm_none_$label" smbkit_client rm "$url/d1/*.none" "${opts[@]}"
  assert_exit_code 1 "$RC"
  grep -qE '^error: STATUS_(NO_SUCH_FILE|OBJECT_NAME_NOT_FOUND) ' "$T/rm_none_$label.err" ||
    fail "$label: rm of a pattern that matches nothing: $(cat "$T/rm_none_$label.err")"

  note "$label: mv"
  run "mv_$label" smbkit_client mv "$url/small.txt" renamed.txt "${opts[@]}"
  assert_exit_code 0 "$RC"
  [ ! -e "$share/small.txt" ] || fail "$label: mv left small.txt"
  assert_file_eq "$l/small.txt" "$share/renamed.txt"
  run "mv_into_$label" smbkit_client mv "$url/renamed.txt" "$url/d1/moved.txt" "${opts[@]}"
  assert_exit_code 0 "$RC"
  assert_file_eq "$l/small.txt" "$share/d1/moved.txt"
  run "mv_dir_$label" smbkit_client mv "$url/d1" d1-renamed "${opts[@]}"
  assert_exit_code 0 "$RC"
  [ -f "$share/d1-renamed/moved.txt" ] && [ ! -e "$share/d1" ] ||
    fail "$label: mv of a directory: $(ls -A "$share")"
  run "mv_onto_$label" smbkit_client mv "$url/through.txt" into/small.txt "${opts[@]}"
  assert_exit_code 1 "$RC"
  assert_client_error "$T/mv_onto_$label.err" STATUS_OBJECT_NAME_COLLISION C0000035

  note "$label: stat"
  make_random_file "$share/stat-me.bin" 12345
  touch -m -d '2021-03-04 05:06:07.123456789 UTC' "$share/stat-me.bin"
  touch -a -d '2022-01-02 03:04:05.987654321 UTC' "$share/stat-me.bin"
  run "stat_$label" smbkit_client stat "$url/stat-me.bin" "${opts[@]}"
  assert_exit_code 0 "$RC"
  local out=$T/stat_$label.out
  assert_file_contains "$out" '^type: file$'
  assert_file_contains "$out" "^size: $(stat -c %s "$share/stat-me.bin")\$"
  # FILETIME keeps 100 ns: the first 7 of stat's 9 fractional digits.
  assert_file_contains "$out" "^last_write_time: $(TZ=UTC stat -c %y "$share/stat-me.bin" |
    cut -c1-27)\$"
  assert_file_contains "$out" '^last_write_time: 2021-03-04 05:06:07\.1234567$'
  assert_file_contains "$out" "^last_access_time: $(TZ=UTC stat -c %x "$share/stat-me.bin" |
    cut -c1-27)\$"
  assert_file_contains "$out" '^attributes: 0x[0-9A-F]{8} [^D]*$' "stat: not a directory"
  run "stat_dir_$label" smbkit_client stat "$url/d1-renamed" "${opts[@]}"
  assert_exit_code 0 "$RC"
  assert_file_contains "$T/stat_dir_$label.out" '^type: directory$'
  assert_file_contains "$T/stat_dir_$label.out" '^attributes: 0x[0-9A-F]{8} .*D'
  assert_file_contains "$T/stat_dir_$label.out" "^last_write_time: $(TZ=UTC stat -c %y \
    "$share/d1-renamed" | cut -c1-27)\$"
  run "stat_missing_$label" smbkit_client stat "$url/no-such-file" "${opts[@]}"
  assert_exit_code 1 "$RC"
  assert_client_error "$T/stat_missing_$label.err" STATUS_OBJECT_NAME_NOT_FOUND C0000034

  note "$label: put -r, get -r"
  local tree=$l/tree
  mkdir -p "$tree/a/b/c" "$tree/empty-dir"
  printf 'top\n' >"$tree/top.txt"
  : >"$tree/a/empty.bin"
  make_random_file "$tree/a/b/random.bin" 300000
  printf 'deep\n' >"$tree/a/b/c/deep.txt"
  printf 'non-ASCII\n' >"$tree/a/$NON_ASCII_NAME"
  touch -m -d '2020-06-07 08:09:10 UTC' "$tree/top.txt"
  run "put_r_$label" smbkit_client put -r "$tree" "$url/tree-up" --preserve-times "${opts[@]}"
  assert_exit_code 0 "$RC"
  diff -r "$tree" "$share/tree-up" >"$T/diff_put_r_$label" 2>&1 ||
    fail "$label: put -r differs: $(head -n 20 "$T/diff_put_r_$label")"
  assert_eq "$(stat -c %Y "$tree/top.txt")" "$(stat -c %Y "$share/tree-up/top.txt")" \
    "$label: put -r --preserve-times: top.txt's modification time"
  # Into an existing directory: the tree goes under it by its own name.
  run "put_r_into_$label" smbkit_client put -r "$tree" "$url/into" "${opts[@]}"
  assert_exit_code 0 "$RC"
  diff -r "$tree" "$share/into/tree" >/dev/null 2>&1 || fail "$label: put -r into a directory"
  run "get_r_$label" smbkit_client get -r "$url/tree-up" "$l/got" "${opts[@]}"
  assert_exit_code 0 "$RC"
  diff -r "$tree" "$l/got" >"$T/diff_get_r_$label" 2>&1 ||
    fail "$label: get -r differs: $(head -n 20 "$T/diff_get_r_$label")"
  # Into an existing directory, and into the current one without LOCAL.
  mkdir -p "$l/existing" "$l/cwd"
  run "get_r_into_$label" smbkit_client get -r "$url/tree-up" "$l/existing" "${opts[@]}"
  assert_exit_code 0 "$RC"
  diff -r "$tree" "$l/existing/tree-up" >/dev/null 2>&1 || fail "$label: get -r into a directory"
  run -C "$l/cwd" "get_r_cwd_$label" smbkit_client get -r "$url/tree-up/a" "${opts[@]}"
  assert_exit_code 0 "$RC"
  diff -r "$tree/a" "$l/cwd/a" >/dev/null 2>&1 || fail "$label: get -r into the current directory"

  note "$label: ls of 12,000 entries"
  mkdir -p "$share/big-dir"
  (cd "$share/big-dir" && seq -f 'entry-%05g-with-a-longer-name.dat' 0 11999 | xargs touch)
  run "ls_big_$label" smbkit_client ls "$url/big-dir" "${opts[@]}"
  assert_exit_code 0 "$RC"
  assert_eq 12000 "$(smbkit_ls_names "$T/ls_big_$label.out" | wc -l)" "$label: entries listed"
  assert_eq "$(ls -A "$share/big-dir" | LC_ALL=C sort)" \
    "$(smbkit_ls_names "$T/ls_big_$label.out")" "$label: names listed in big-dir"

  note "$label: watch"
  mkdir -p "$share/w"
  local wout=$T/watch_$label.out werr=$T/watch_$label.err wpid i
  echo "+ smbkit watch $url/w --recursive" >&9
  timeout -k 5 "$CLIENT_TIMEOUT" "$SMBKIT_BIN" watch "$url/w" --recursive --trace "${opts[@]}" \
    >"$wout" 2>"$werr" &
  wpid=$!
  _IT_PIDS+=("$wpid")
  for ((i = 0; i < 100; i++)); do
    grep -q "C>S.*$notify" "$werr" && break
    _alive "$wpid" || break
    sleep 0.1
  done
  sleep 1  # the request reaches the server and is registered there
  if ! _alive "$wpid"; then
    _wait_exit "$wpid" 1 || true
    tail -n 12 "$werr" >&9
    fail "$label: smbkit watch ended (status $_EXIT_RC) before watching"
  fi
  grep -q "C>S.*$notify" "$werr" || fail "$label: no NOTIFY_CHANGE sent in 10 s"
  local -a expected=()
  if [ "$server" = smbd ]; then
    # Samba sees changes made on its disk too (inotify), in the watched directory itself.
    printf 'on disk\n' >"$share/w/ondisk.txt"
    expected+=('^added ondisk\.txt$')
    # ... and those Samba's own client makes (SMB 3.1.1 by default), seen through smbd.
    : >"$T/smbclient.conf"
    run "w_smbclient_$label" timeout -k 5 "$CLIENT_TIMEOUT" smbclient -s "$T/smbclient.conf" \
      -p "$SMBD_PORT" //127.0.0.1/share -U "$SMBD_USER%$SMBD_PASS" \
      -c "put $l/small.txt w/by-smbclient.txt"
    assert_exit_code 0 "$RC"
    expected+=('^added by-smbclient\.txt$')
  fi
  run "w_put_$label" smbkit_client put "$l/small.txt" "$url/w/new.txt" "${opts[@]}"
  assert_exit_code 0 "$RC"
  run "w_mv_$label" smbkit_client mv "$url/w/new.txt" w/renamed.txt "${opts[@]}"
  assert_exit_code 0 "$RC"
  run "w_mkdir_$label" smbkit_client mkdir "$url/w/sub" "${opts[@]}"
  assert_exit_code 0 "$RC"
  run "w_put_deep_$label" smbkit_client put "$l/small.txt" "$url/w/sub/deep.txt" "${opts[@]}"
  assert_exit_code 0 "$RC"
  run "w_rm_$label" smbkit_client rm "$url/w/renamed.txt" "${opts[@]}"
  assert_exit_code 0 "$RC"
  for ((i = 0; i < 100; i++)); do
    grep -qx 'removed renamed.txt' "$wout" && break
    sleep 0.1
  done
  kill -INT "$wpid" 2>/dev/null || true  # an error may have ended it: its status says
  _wait_exit "$wpid" 15 || fail "$label: smbkit watch did not end within 15 s of SIGINT"
  if [ "$_EXIT_RC" -ne 0 ]; then
    tail -n 12 "$werr" >&9
    fail "$label: smbkit watch's exit status after SIGINT: $_EXIT_RC, expected 0"
  fi
  expected+=('^added new\.txt$' '^renamed-from new\.txt$' '^renamed-to renamed\.txt$'
    '^added sub$' '^added sub/deep\.txt$' '^removed renamed\.txt$')
  assert_in_order "$wout" "${expected[@]}"
  # Every line is one change: an action and a name.
  if grep -vE '^(added|removed|modified|renamed-from|renamed-to|overflow)( .+)?$' "$wout"; then
    fail "$label: watch printed lines that are not changes"
  fi
  assert_in_order "$werr" "C>S.*$cancel" "S>C.*$notify.*STATUS_CANCELLED" \
    "C>S.*$close" "S>C.*$close.*STATUS_SUCCESS"
}

# Each dialect against a share of its own, emptied between runs.
start_smbd
samba=(-U "$SMBD_USER%$SMBD_PASS" -p "$SMBD_PORT")
exercise smbd-nt1 smbd "$SMBD_SHARE" -m NT1 "${samba[@]}"
for run_as in "smb311-signed:-m SMB3_11 --sign" "smb311-encrypted:-m SMB3_11 --encrypt" \
  "smb202:-m SMB2_02"; do
  find "$SMBD_SHARE" -mindepth 1 -delete
  # shellcheck disable=SC2086  # the options are words
  exercise "smbd-${run_as%%:*}" smbd "$SMBD_SHARE" ${run_as#*:} "${samba[@]}"
done
stop_smbd

mkdir -p "$T/smbkit-share" "$T/smbkit-share3"
start_smbkit --share "share=$T/smbkit-share" --user alice:secret
exercise smbkit-nt1 smbkit "$T/smbkit-share" -U alice%secret -m NT1 -p "$SMBKIT_PORT"
stop_smbkit
start_smbkit --share "share=$T/smbkit-share3" --user alice:secret
exercise smbkit-smb311 smbkit "$T/smbkit-share3" -U alice%secret -m SMB3_11 --sign \
  -p "$SMBKIT_PORT"
stop_smbkit
