#!/usr/bin/env bash
# The smbkit client against the smbkit server, over direct TCP and over the NetBIOS session
# service (--netbios on the NetBIOS port), in both logon forms (extended, challenge): downloads
# byte-exact, listings exact, and --trace shows the scenario's steps in order, each answered
# with STATUS_SUCCESS.
. "$(dirname "$0")/lib.sh"

populate_share "$T/share"
start_smbkit --share "data=$T/share" --user alice:secret

for transport in direct netbios; do
  if [ "$transport" = direct ]; then
    conn=(-p "$SMBKIT_PORT")
  else
    conn=(-p "$SMBKIT_NBPORT" --netbios)
  fi
  for security in extended challenge; do
    label=$transport-$security
    opts=("${conn[@]}" -U alice%secret -m NT1 --security "$security")
    note "$label: get with --trace"
    for f in hello.txt empty.bin random5m.bin sub/inner.txt "$NON_ASCII_NAME"; do
      run "get_$label" smbkit_client get "//127.0.0.1/data/$f" "$T/got-$label-${f##*/}" \
        --trace "${opts[@]}"
      assert_exit_code 0 "$RC" "smbkit get $f ($label)"
      assert_file_eq "$T/share/$f" "$T/got-$label-${f##*/}"
    done
    # The trace of the last download (the non-ASCII name): one line per packet, "C>S"/"S>C",
    # the command, the status. An AndX chain may put two commands on one line.
    trace=$T/get_$label.err
    assert_in_order "$trace" \
      'C>S.*SMB_COM_NEGOTIATE' 'S>C.*SMB_COM_NEGOTIATE.*STATUS_SUCCESS' \
      'C>S.*SMB_COM_SESSION_SETUP_ANDX' 'S>C.*SMB_COM_SESSION_SETUP_ANDX.*STATUS_SUCCESS' \
      'C>S.*SMB_COM_TREE_CONNECT_ANDX' 'S>C.*SMB_COM_TREE_CONNECT_ANDX.*STATUS_SUCCESS' \
      'C>S.*SMB_COM_(NT_CREATE|OPEN)_ANDX' 'S>C.*SMB_COM_(NT_CREATE|OPEN)_ANDX.*STATUS_SUCCESS' \
      'C>S.*SMB_COM_READ_ANDX' 'S>C.*SMB_COM_READ_ANDX.*STATUS_SUCCESS'
    assert_file_contains "$trace" 'C>S.*SMB_COM_NEGOTIATE.*dialects=.*NT LM 0\.12' \
      "trace ($label): the dialects offered"
    if [ "$security" = challenge ]; then
      # The non-extended NEGOTIATE response carries the 8-byte challenge.
      assert_file_contains "$trace" \
        'S>C.*SMB_COM_NEGOTIATE.*challenge=[0-9a-fA-F]{16}([^0-9a-fA-F]|$)' \
        "trace ($label): the server challenge"
    fi

    note "$label: cat and ls"
    run "cat_$label" smbkit_client cat //127.0.0.1/data/hello.txt "${opts[@]}"
    assert_exit_code 0 "$RC"
    assert_file_eq "$T/share/hello.txt" "$T/cat_$label.out"
    run "ls_$label" smbkit_client ls //127.0.0.1/data "${opts[@]}"
    assert_exit_code 0 "$RC"
    assert_eq "$(sorted_lines "${SHARE_TOP_NAMES[@]}")" "$(smbkit_ls_names "$T/ls_$label.out")" \
      "names listed by smbkit ls ($label)"
    run "ls_sub_$label" smbkit_client ls //127.0.0.1/data/sub "${opts[@]}"
    assert_exit_code 0 "$RC"
    assert_eq inner.txt "$(smbkit_ls_names "$T/ls_sub_$label.out")" "names in sub ($label)"
  done
done

note "SMB_COM_OPEN_ANDX, the scenario's own open"
run get_open_andx smbkit_client get //127.0.0.1/data/random5m.bin "$T/open-andx.bin" --open-andx \
  --trace -p "$SMBKIT_PORT" -U alice%secret -m NT1
assert_exit_code 0 "$RC" "smbkit get --open-andx"
assert_file_eq "$T/share/random5m.bin" "$T/open-andx.bin"
assert_in_order "$T/get_open_andx.err" 'C>S.*SMB_COM_OPEN_ANDX' \
  'S>C.*SMB_COM_OPEN_ANDX.*STATUS_SUCCESS.*fid=' 'S>C.*SMB_COM_READ_ANDX.*STATUS_SUCCESS'

note "the //HOST:PORT form names the port too"
run get_hostport smbkit_client get "//127.0.0.1:$SMBKIT_PORT/data/hello.txt" "$T/hostport.txt" \
  -U alice%secret -m NT1
assert_exit_code 0 "$RC"
assert_file_eq "$T/share/hello.txt" "$T/hostport.txt"

note "the library's example (examples/list_and_copy.cc) over SMB 3.1.1, signed"
example=$(dirname "$SMBKIT_BIN")/examples/list_and_copy
[ -x "$example" ] || fail "the example was not built: $example"
run example "$example" 127.0.0.1 "$SMBKIT_PORT" data alice secret random5m.bin "$T/example.bin"
assert_exit_code 0 "$RC"
assert_file_eq "$T/share/random5m.bin" "$T/example.bin"
assert_file_contains "$T/example.out" '^connected: SMB 3\.1\.1, signing AES-128-GMAC$'
assert_file_contains "$T/example.out" "^- +$((5 * 1024 * 1024))  random5m\.bin$"
assert_file_contains "$T/example.out" '^d +[0-9]+  sub$'

note "the asynchronous API (examples/parallel_get.cc): three copies at once on one thread"
head -c $((3 * 1024 * 1024)) /dev/urandom >"$T/share/random3m.bin"
mkdir -p "$T/parallel"
parallel=$(dirname "$SMBKIT_BIN")/examples/parallel_get
[ -x "$parallel" ] || fail "the example was not built: $parallel"
run parallel "$parallel" 127.0.0.1 "$SMBKIT_PORT" data alice secret "$T/parallel" \
  random5m.bin random3m.bin hello.txt
assert_exit_code 0 "$RC"
assert_file_eq "$T/share/random5m.bin" "$T/parallel/random5m.bin"
assert_file_eq "$T/share/random3m.bin" "$T/parallel/random3m.bin"
assert_file_eq "$T/share/hello.txt" "$T/parallel/hello.txt"
assert_file_contains "$T/parallel.out" "^got random5m\.bin $((5 * 1024 * 1024))$"
assert_file_contains "$T/parallel.out" "^got random3m\.bin $((3 * 1024 * 1024))$"
# A client runs one operation at a time: a second one meanwhile is refused, sending nothing.
assert_file_contains "$T/parallel.out" \
  '^a second operation while one runs: STATUS_INVALID_DEVICE_STATE$'

stop_smbkit
