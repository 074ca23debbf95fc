#!/usr/bin/env bash
# No request reaches outside its share. Hostile names go through the real protocol (raw_smb1.py
# sends NT_CREATE_ANDX, OPEN_ANDX, TRANS2 QUERY_PATH_INFORMATION and FIND_FIRST2 with any UTF-16
# it is given; smbclient -m NT1 where it can say the name) and each gets its status. After every
# request the directory beside the share, which holds a secret file and a secret directory that
# symlinks in the share point to, must be unchanged (names, types, sizes, modes, mtimes, ctimes,
# link targets and contents), and no reply may carry the secret's contents or its names.
#
# The same requests go to Samba's smbd first (when root) to show where the two agree; where they
# differ, smbkit answers as doc/architecture.md "Choices" says and Samba's answer is noted.
. "$(dirname "$0")/lib.sh"
require_tool python3 smbclient smbd smbpasswd

MARK="smbkit-secret-$RANDOM$RANDOM"        # the outside files' contents
NAME_MARK="outsideonly$RANDOM$RANDOM"      # a name that exists only outside the share

# make_tree DIR: DIR/share (served) and DIR/outside beside it.
make_tree() {
  local d=$1
  mkdir -p "$d/share/dir1" "$d/share/sub" "$d/outside/secret_dir" "$d/outside/dir1"
  printf '%s file\n' "$MARK" >"$d/outside/secret.txt"
  printf '%s dir\n' "$MARK" >"$d/outside/secret_dir/$NAME_MARK.txt"
  # The swap case points share/dir1 here, where an "f" waits as it does inside.
  printf '%s swapped\n' "$MARK" >"$d/outside/f"
  printf 'inside dir1\n' >"$d/share/dir1/f"
  printf 'plain file\n' >"$d/share/file.txt"
  ln -s "$d/outside/secret.txt" "$d/share/link_file"
  ln -s ../outside/secret.txt "$d/share/rel_link_file"
  ln -s "$d/outside/secret_dir" "$d/share/link_dir"
  ln -s ../outside/secret_dir "$d/share/rel_link_dir"
  # The checker: everything in DIR but the share, as find sees it, and every file's digest.
  cat >"$d.fingerprint" <<EOF
#!/bin/sh
cd '$d' || exit 1
{ find . -path ./share -prune -o -printf '%p %y %s %m %U %G %T@ %C@ %l\n'
  find . -path ./share -prune -o -type f -exec sha256sum {} +; } | LC_ALL=C sort
EOF
  chmod +x "$d.fingerprint"
  "$d.fingerprint" >"$d.before"
  # Runs after every request: the outside must be as it was.
  cat >"$d.check" <<EOF
#!/bin/sh
'$d.fingerprint' | cmp -s - '$d.before' && exit 0
echo "the outside of $d changed:" >&2
'$d.fingerprint' | diff '$d.before' - >&2
exit 1
EOF
  chmod +x "$d.check"
}

# assert_no_secret [--contents] FILE...: neither the secret contents nor the outside-only name
# (with --contents only the contents: smbclient repeats the names it was asked for), in ASCII or
# UTF-16LE, appears in what a client received.
assert_no_secret() {
  local f word words=("$MARK" "$NAME_MARK")
  if [ "$1" = --contents ]; then
    words=("$MARK")
    shift
  fi
  for f in "$@"; do
    for word in "${words[@]}"; do
      if grep -qaF -- "$word" "$f" ||
        LC_ALL=C grep -qaP -- "$(sed 's/./&\\x00/g' <<<"$word")" "$f"; then
        fail "${f##*/} carries '$word' from outside the share"
      fi
    done
  done
}

# Long names, spelled with raw_smb1.py's %*N(TEXT) (TEXT N times) to keep command lines short.
L255='%*255(a)'
L256='%*256(a)'
E128='%*128(é)'  # U+00E9 x 128: 128 UTF-16 units, 256 bytes of UTF-8
HUGE='nosuchdir%*16345(\d)'  # 32,699 units: past 32 KiB, within one request

# CASES: "SMBKIT_STATUS SMBD_STATUS VERB:NAME" (statuses without STATUS_; "-" for smbd: any
# refusal, noted where it differs). Samba 4.17's answers were observed with this very script.
CASES=(
  # Climbing above the root (MS-FSCC 2.1.5.1 would read it as '.'; Windows and Samba refuse it).
  'OBJECT_PATH_SYNTAX_BAD OBJECT_PATH_SYNTAX_BAD create:..\secret.txt'
  'OBJECT_PATH_SYNTAX_BAD OBJECT_PATH_SYNTAX_BAD openx:..\secret.txt'
  'OBJECT_PATH_SYNTAX_BAD OBJECT_PATH_SYNTAX_BAD qpath:..\secret.txt'
  'OBJECT_PATH_SYNTAX_BAD OBJECT_PATH_SYNTAX_BAD create:a\..\..\secret.txt'
  'OBJECT_PATH_SYNTAX_BAD OBJECT_PATH_SYNTAX_BAD create:sub\..\..\outside\secret.txt'
  'OBJECT_PATH_SYNTAX_BAD OBJECT_PATH_SYNTAX_BAD create:\..\..\etc\passwd'
  'OBJECT_PATH_SYNTAX_BAD OBJECT_PATH_SYNTAX_BAD qpath:\..\..\etc\passwd'
  'OBJECT_PATH_SYNTAX_BAD OBJECT_PATH_SYNTAX_BAD mkfile:..\new.txt'
  # '/' is no separator in SMB and an illegal character (MS-FSCC 2.1.5.2); Samba reads it as
  # '\' and so finds no \etc directory.
  'OBJECT_NAME_INVALID OBJECT_PATH_NOT_FOUND create:/etc/passwd'
  'OBJECT_NAME_INVALID OBJECT_PATH_NOT_FOUND qpath:/etc/passwd'
  'OBJECT_NAME_INVALID OBJECT_NAME_INVALID create:C:\Windows\win.ini'
  'OBJECT_NAME_INVALID OBJECT_NAME_INVALID openx:C:\Windows\win.ini'
  'OBJECT_NAME_INVALID OBJECT_NAME_INVALID create:\\?\C:\x'
  # Symlinks out of the share: smbkit says ACCESS_DENIED; Samba (wide links = no) pretends the
  # name does not exist.
  'ACCESS_DENIED OBJECT_NAME_NOT_FOUND create:link_file'
  'ACCESS_DENIED OBJECT_NAME_NOT_FOUND create:LINK_FILE'
  'ACCESS_DENIED OBJECT_NAME_NOT_FOUND create:rel_link_file'
  'ACCESS_DENIED OBJECT_NAME_NOT_FOUND openx:link_file'
  'ACCESS_DENIED OBJECT_NAME_NOT_FOUND qpath:link_file'
  'ACCESS_DENIED - mkfile:link_file'
  'ACCESS_DENIED OBJECT_PATH_NOT_FOUND create:link_dir'"\\$NAME_MARK.txt"
  'ACCESS_DENIED OBJECT_PATH_NOT_FOUND create:rel_link_dir'"\\$NAME_MARK.txt"
  'ACCESS_DENIED OBJECT_PATH_NOT_FOUND qpath:link_dir'"\\$NAME_MARK.txt"
  'ACCESS_DENIED OBJECT_NAME_NOT_FOUND find:link_dir\*'
  'ACCESS_DENIED OBJECT_NAME_NOT_FOUND find:rel_link_dir\*'
  'ACCESS_DENIED OBJECT_PATH_NOT_FOUND mkfile:link_dir\new.txt'
  'ACCESS_DENIED OBJECT_PATH_NOT_FOUND mkdir:link_dir\newdir'
  'ACCESS_DENIED OBJECT_PATH_NOT_FOUND mkdir:rel_link_dir\newdir'
  # Streams: smbkit has none; Windows on a file system without streams and Samba without a
  # streams module both answer OBJECT_NAME_INVALID, "::$DATA" (the unnamed stream) included.
  'OBJECT_NAME_INVALID OBJECT_NAME_INVALID create:file.txt:stream'
  'OBJECT_NAME_INVALID OBJECT_NAME_INVALID create:file.txt::$DATA'
  'OBJECT_NAME_INVALID OBJECT_NAME_INVALID create:file.txt:stream:$DATA'
  'OBJECT_NAME_INVALID OBJECT_NAME_INVALID qpath:file.txt:stream'
  # A NUL inside NT_CREATE_ANDX's counted name: smbkit refuses the name; Samba cuts it at the
  # NUL (and so opens file.txt for the second).
  'OBJECT_NAME_INVALID OBJECT_NAME_NOT_FOUND create:a%u0000b'
  'OBJECT_NAME_INVALID SUCCESS create:file.txt%u0000junk'
  # Unpaired surrogates (invalid UTF-16) cannot become a POSIX name; Samba: INVALID_PARAMETER.
  'OBJECT_NAME_INVALID INVALID_PARAMETER create:x%uD800y'
  'OBJECT_NAME_INVALID INVALID_PARAMETER create:x%uDC00'
  'OBJECT_NAME_INVALID INVALID_PARAMETER qpath:x%uD800'
  # Length limits: 255 UTF-16 units a component (MS-FSCC 2.1.5.2).
  "OBJECT_NAME_NOT_FOUND OBJECT_NAME_NOT_FOUND create:$L255"
  "OBJECT_NAME_INVALID OBJECT_NAME_INVALID create:$L256"
  "OBJECT_NAME_INVALID OBJECT_NAME_INVALID mkfile:$L256"
  "OBJECT_NAME_INVALID OBJECT_NAME_INVALID qpath:$L256"
  # 128 units but 256 bytes of UTF-8: a valid Windows name that Linux cannot hold.
  # Samba calls it invalid even to look it up.
  "OBJECT_NAME_NOT_FOUND OBJECT_NAME_INVALID create:$E128"
  "OBJECT_NAME_INVALID OBJECT_NAME_INVALID mkfile:$E128"
  # A 32,700-unit path whose first directory is missing.
  "OBJECT_PATH_NOT_FOUND OBJECT_PATH_NOT_FOUND create:$HUGE"
  "OBJECT_PATH_NOT_FOUND OBJECT_PATH_NOT_FOUND qpath:$HUGE"
)

# The directory swapped for a link out between two opens: first dir1\f is opened (and held),
# then dir1 is moved away and replaced by a symlink to the outside, which has an "f" too.
swap_ops() {
  local d=$1
  printf '%s\n' 'hold:dir1\f' \
    "run:mv '$d/share/dir1' '$d/share/dir1.orig' && ln -s '$d/outside' '$d/share/dir1'" \
    'create:dir1\f' 'openx:dir1\f' 'qpath:dir1\f' 'find:dir1\*' 'mkfile:dir1\new.txt'
}
SWAP_SMBKIT=(SUCCESS ok ACCESS_DENIED ACCESS_DENIED ACCESS_DENIED ACCESS_DENIED ACCESS_DENIED)

# run_cases LABEL PORT USER PASS TREE: every case in one connection, then the swap in another.
# Sets the files $T/LABEL.out and $T/LABEL-swap.out ("op=... status=0x... NAME ..." lines).
run_cases() {
  local label=$1 port=$2 user=$3 pass=$4 tree=$5 c ops=() swap=()
  for c in "${CASES[@]}"; do ops+=("${c#* * }"); done
  run "$label" python3 "$IT_DIR/raw_smb1.py" --port "$port" --user "$user" --password "$pass" \
    --share share --dump "$T/$label.replies" --after-each "$tree.check" files \
    'find:*' "${ops[@]}"
  assert_exit_code 0 "$RC" "raw_smb1.py files against $label"
  mapfile -t swap < <(swap_ops "$tree")
  run "$label-swap" python3 "$IT_DIR/raw_smb1.py" --port "$port" --user "$user" \
    --password "$pass" --share share --dump "$T/$label.replies" --after-each "$tree.check" \
    files "${swap[@]}"
  assert_exit_code 0 "$RC" "raw_smb1.py swap case against $label"
  assert_no_secret "$T/$label.replies" "$T/$label.out" "$T/$label-swap.out"
}

# status_of FILE N: the status name of line N (1-based) of a raw_smb1.py output.
status_of() {
  sed -n "${2}p" "$1" |
    sed -nE 's/^op=[a-z]+ status=0x[0-9a-f]{8} STATUS_([A-Z_]+).*/\1/p; s/^op=run status=ok$/ok/p'
}

# check_cases LABEL FIELD: field 1 (smbkit) or 2 (smbd) of each case against what came back.
check_cases() {
  local label=$1 field=$2 i=2 c expected op got
  for c in "${CASES[@]}"; do
    expected=$(cut -d' ' -f"$field" <<<"$c")
    op=${c#* * }
    got=$(status_of "$T/$label.out" "$i")
    [ -n "$got" ] || fail "$label: no status for ${op:0:60} (line $i of $label.out)"
    if [ "$expected" = - ]; then
      [ "$got" != SUCCESS ] || fail "$label: ${op:0:60} succeeded"
    else
      assert_eq "$expected" "$got" "$label: status of ${op:0:60}"
    fi
    i=$((i + 1))
  done
  # The root's listing (line 1) shows the plain entries and none of the links that lead out.
  local names
  names=$(sed -n '1s/.*names=//p' "$T/$label.out")
  assert_eq '.|..|dir1|file.txt|sub' "$names" "$label: the share root's listing"
}

print_table() {
  local label=$1 c i=2
  for c in "${CASES[@]}"; do
    printf '   %-40.40s %s\n' "${c#* * }" "$(status_of "$T/$label.out" "$i")" >&9
    i=$((i + 1))
  done
}

# The checker notices what a request could do outside: a file created beside the share, a byte
# changed in the secret (each on a tree of its own).
make_tree "$T/selftest-new"
"$T/selftest-new.check" || fail "the outside checker fails on an untouched tree"
: >"$T/selftest-new/new-beside-the-share"
! "$T/selftest-new.check" 2>/dev/null || fail "the outside checker missed a file beside the share"
make_tree "$T/selftest-changed"
printf '%s file\n' "${MARK%?}X" >"$T/selftest-changed/outside/secret.txt"
! "$T/selftest-changed.check" 2>/dev/null || fail "the outside checker missed a changed secret"

# ---- Samba's smbd, for reference ----
if [ "$(id -u)" -eq 0 ]; then
  make_tree "$T/smbd-tree"
  start_smbd --share "share=$T/smbd-tree/share"
  note "hostile names against smbd"
  run_cases smbd "$SMBD_PORT" "$SMBD_USER" "$SMBD_PASS" "$T/smbd-tree"
  check_cases smbd 2
  # Samba refuses every request of the swap case after the swap too (object-not-found style).
  for i in 3 4 5 6 7; do
    [ "$(status_of "$T/smbd-swap.out" "$i")" != SUCCESS ] ||
      fail "smbd: swap case line $i succeeded"
  done
  stop_smbd
else
  note "not root: Samba's smbd is not run for reference"
fi

# ---- smbkit serve ----
make_tree "$T/smbkit-tree"
start_smbkit --share "share=$T/smbkit-tree/share" --user alice:secret
note "hostile names against smbkit"
run_cases smbkit "$SMBKIT_PORT" alice secret "$T/smbkit-tree"
check_cases smbkit 1
print_table smbkit
i=1
for expected in "${SWAP_SMBKIT[@]}"; do
  assert_eq "$expected" "$(status_of "$T/smbkit-swap.out" "$i")" \
    "smbkit: swap case, line $i of smbkit-swap.out"
  i=$((i + 1))
done
# The handle opened before the swap still reads the file it opened, inside the share.
assert_file_contains "$T/smbkit-swap.out" '^op=hold status=0x00000000 STATUS_SUCCESS read=12$'

note "smbclient against smbkit"
# smbclient resolves '..' itself before sending, so it cannot send the climbing cases; the rest:
# "COMMAND|EXPECTED" (the NT_STATUS smbclient prints).
SMBCLIENT_CASES=(
  'get C:\Windows\win.ini|NT_STATUS_OBJECT_NAME_INVALID'
  'get link_file|NT_STATUS_ACCESS_DENIED'
  'get rel_link_file|NT_STATUS_ACCESS_DENIED'
  "get link_dir\\$NAME_MARK.txt|NT_STATUS_ACCESS_DENIED"
  'ls link_dir\*|NT_STATUS_ACCESS_DENIED'
  'cd link_dir|NT_STATUS_ACCESS_DENIED'
  'put /etc/hostname link_dir\new.txt|NT_STATUS_ACCESS_DENIED'
  'mkdir link_dir\newdir|NT_STATUS_ACCESS_DENIED'
  'get file.txt:stream|NT_STATUS_OBJECT_NAME_INVALID'
  'get file.txt::$DATA|NT_STATUS_OBJECT_NAME_INVALID'
)
n=0
for c in "${SMBCLIENT_CASES[@]}"; do
  n=$((n + 1))
  run "smbclient_$n" smbclient_nt1 -p "$SMBKIT_PORT" //127.0.0.1/share -U alice%secret \
    -c "${c%|*}"
  assert_contains "$(cat "$T/smbclient_$n".{out,err})" "${c#*|}" "smbclient '${c%|*}'"
  assert_no_secret --contents "$T/smbclient_$n.out" "$T/smbclient_$n.err"
  "$T/smbkit-tree.check" || fail "smbclient '${c%|*}' changed the outside"
done
run smbclient_ls smbclient_nt1 -p "$SMBKIT_PORT" //127.0.0.1/share -U alice%secret -c ls
assert_exit_code 0 "$RC" "smbclient ls"
assert_eq "$(sorted_lines dir1.orig file.txt sub)" "$(smbclient_ls_names "$T/smbclient_ls.out")" \
  "smbclient's listing of the share (dir1 is now the link the swap case made)"
assert_no_secret "$T/smbclient_ls.out"
# Nothing a request made ended up in the share under another name either.
[ ! -e "$T/smbkit-tree/share/new.txt" ] && [ ! -e "$T/smbkit-tree/share/newdir" ] ||
  fail "a refused create left something in the share"
stop_smbkit
