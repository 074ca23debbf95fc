#!/usr/bin/env bash
# smb.conf's per-share file options, side by side: one Samba-style smb.conf serves through Samba's
# smbd and through `smbkit serve --config` (the same file, ports and passdb aside), and the same
# smbclient sessions (SMB3 and NT1) must give the same modes on disk, listings, attributes and
# NT_STATUS names. Covers "create mask", "directory mask", "force create mode" and "force
# directory mode" (Samba's defaults, set values, and 0777), "veto files" (vetoed names neither
# listed, read, written, made, renamed onto nor linked to, and a directory holding only vetoed
# files not removable) and "hide dot files" (its default yes, and no: listings and QUERY_INFO). smbkit runs under umask
# 027, which must not change the modes; smbd runs as the user who logged on.
. "$(dirname "$0")/lib.sh"
require_tool smbclient smbd smbpasswd useradd groupadd flock stat
need_root "Samba's smbd and Unix accounts"
require_smbkit

# The account test_smb_conf_access makes too (smbd works as it: the shares are a+rwx).
USER_NAME=smbkitcfa GROUP=smbkitcfg PASS=Smbk1t-pass
flock "${TMPDIR:-/tmp}/smbkit-it-useradd.lock" sh -c "
  getent group $GROUP >/dev/null || groupadd $GROUP
  id -u $USER_NAME >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin -G $GROUP $USER_NAME"

mkdir -p "$T/local"
chmod a+x "$T"
printf 'written through smbclient\n' >"$T/local/new.txt"

SHARES=(def set open veto dots shown)
files_conf() {
  cat <<EOF
[def]
  path = $1/def
  read only = no
[set]
  path = $1/set
  read only = no
  create mask = 0640
  force create mode = 0004
  directory mask = 0750
  force directory mode = 0002
[open]
  path = $1/open
  writeable = yes
  create mask = 0777
  directory mask = 0777
[veto]
  path = $1/veto
  read only = no
  veto files = /*.tmp/secret?/.git/
[dots]
  path = $1/dots
  read only = no
[shown]
  path = $1/shown
  read only = no
  hide dot files = no
EOF
}

# fresh_shares ROOT: the shares' directories, holding what the cases expect.
fresh_shares() {
  local s
  for s in "${SHARES[@]}"; do
    mkdir -p "$1/$s"
    find "$1/$s" -mindepth 1 -delete
  done
  local v=$1/veto
  echo keep >"$v/keep.txt"
  echo vetoed >"$v/a.tmp"
  echo vetoed >"$v/B.TMP"
  echo vetoed >"$v/secret1"
  mkdir "$v/.git" "$v/only" "$v/sub"
  echo vetoed >"$v/.git/config"
  echo vetoed >"$v/only/c.tmp"
  echo plain >"$v/sub/plain.txt"
  for s in dots shown; do
    echo dot >"$1/$s/.env"
    mkdir "$1/$s/.cache"
    echo plain >"$1/$s/plain.txt"
  done
  chmod -R a+rwX "$1"
}

# client PROTO PORT SHARE CMDS: one smbclient session; stdout and stderr together.
client() {
  : >"$T/smbclient.conf"
  timeout -k 5 "$CLIENT_TIMEOUT" smbclient -s "$T/smbclient.conf" -m "$1" \
    --option='client min protocol=NT1' -p "$2" "//127.0.0.1/$3" -U "$USER_NAME%$PASS" \
    -c "$4" 2>&1 || true
}

# statuses FILE: the NT_STATUS lines of a session, in order.
statuses() { grep -oE 'NT_STATUS_[A-Z_]+.*' "$1" | sed -E 's/ +$//' || true; }

# listed FILE: the names an `ls` printed, sorted, each with H when its attributes hold HIDDEN
# (smbd and smbkit differ on ARCHIVE for files made outside SMB, which is not this test's).
listed() {
  sed -nE 's/^  (.*[^ ]) +([ADHNRS]+) +[0-9]+  [A-Z][a-z]{2} [A-Z][a-z]{2} +[0-9]+ .*$/\1 \2/p' \
    "$1" | awk '{ print $1, ($2 ~ /H/ ? "H" : "-") }' | LC_ALL=C sort
}

# hidden PROTO PORT SHARE NAME...: for each name, H when a QUERY_INFO of it (`smbkit stat`:
# smbclient's allinfo stops at FileAlternateNameInformation, which smbkit does not serve) reports
# HIDDEN, - when not, ? when the query fails.
hidden() {
  local proto=$1 port=$2 share=$3 name letters
  shift 3
  for name in "$@"; do
    letters=$(smbkit_client stat -m "$proto" -U "$USER_NAME%$PASS" \
      "//127.0.0.1:$port/$share/$name" 2>&1 |
      sed -nE 's/^attributes: 0x[0-9a-f]+ ([A-Z]*)$/\1/p') || true
    if [ -z "$letters" ]; then echo '?'; elif [[ $letters == *H* ]]; then echo H; else echo -; fi
  done | paste -sd ' '
}

# outcome LABEL PORT ROOT: every case under SMB3 and NT1; prints what each gave.
outcome() {
  local label=$1 port=$2 root=$3 proto s out
  fresh_shares "$root"
  for proto in SMB3 NT1; do
    for s in def set open; do
      out=$T/${label}_${proto}_$s
      client "$proto" "$port" "$s" "put $T/local/new.txt f_$proto.txt; mkdir d_$proto" >"$out"
      statuses "$out" | sed "s/^/$proto $s: /"
    done
    out=$T/${label}_${proto}_veto
    client "$proto" "$port" veto "ls; ls sub\\*; get a.tmp $T/local/got; get b.tmp $T/local/got;
      get secret1 $T/local/got; get .git\\config $T/local/got; allinfo a.tmp;
      put $T/local/new.txt new.tmp; put $T/local/new.txt sub\\secret2; mkdir x.tmp;
      mkdir .git\\x; rename keep.txt k.tmp; rename a.tmp a.txt; hardlink keep.txt l.tmp;
      rmdir only; cd .git" >"$out"
    listed "$out" | sed "s/^/$proto veto ls: /"
    statuses "$out" | sed "s/^/$proto veto: /"
    [ ! -e "$T/local/got" ] || echo "$proto veto: a vetoed file was read"
    for s in dots shown; do
      out=$T/${label}_${proto}_$s
      client "$proto" "$port" "$s" "put $T/local/new.txt .new_$proto; mkdir .dir_$proto; ls" \
        >"$out"
      listed "$out" | sed "s/^/$proto $s ls: /"
      statuses "$out" | sed "s/^/$proto $s: /"
      echo "$proto $s stat:" "$(hidden "$proto" "$port" "$s" .env .new_"$proto" .dir_"$proto" \
        plain.txt)"
    done
  done
  for s in def set open; do
    (cd "$root/$s" && stat -c '%n %a' ./* | LC_ALL=C sort | sed "s|^\./|$s modes: |")
  done
  (cd "$root/veto" && find . -mindepth 1 | LC_ALL=C sort | sed 's/^/veto on disk: /')
}

# ---- smbd ------------------------------------------------------------------------------------
D=$T/smbd
mkdir -p "$D"/{private,lock,state,cache,pid,ncalrpc,log}
SMBD_PORT=$(free_port)
SMBD_CONF=$D/smb.conf
{
  smbd_global_conf "$D" "$SMBD_PORT"
  files_conf "$T/root"
} >"$SMBD_CONF"
smbd_add_user "$USER_NAME" "$PASS"
run_smbd
outcome smbd "$SMBD_PORT" "$T/root" >"$T/smbd.outcome"
stop_smbd

# ---- smbkit: the same file, under a umask that would take bits away ---------------------------
OLD_UMASK=$(umask)
umask 027
start_smbkit --config "$SMBD_CONF" --user "$USER_NAME:$PASS"
umask "$OLD_UMASK"
outcome smbkit "$SMBKIT_PORT" "$T/root" >"$T/smbkit.outcome"
diff -u "$T/smbd.outcome" "$T/smbkit.outcome" >&9 || fail "smbkit's outcomes differ from smbd's"
if grep -E 'create mask|directory mask|force (create|directory) mode|veto files|hide dot files' \
  "$SMBKIT_LOG"; then
  fail "smbkit reported an option of this test as not enforced"
fi

# Equal is not enough: these are what smbd was seen to give.
EXPECTED=(
  'def modes: d_NT1 755' 'def modes: d_SMB3 755' 'def modes: f_NT1.txt 744'
  'def modes: f_SMB3.txt 744'
  'set modes: d_NT1 752' 'set modes: d_SMB3 752' 'set modes: f_NT1.txt 644'
  'set modes: f_SMB3.txt 644'
  'open modes: d_NT1 777' 'open modes: d_SMB3 777' 'open modes: f_NT1.txt 766'
  'open modes: f_SMB3.txt 766'
  'SMB3 veto: NT_STATUS_OBJECT_NAME_NOT_FOUND opening remote file \a.tmp'
  'NT1 veto: NT_STATUS_OBJECT_NAME_NOT_FOUND opening remote file \b.tmp'
  'SMB3 veto: NT_STATUS_OBJECT_PATH_NOT_FOUND opening remote file \.git\config'
  'NT1 veto: NT_STATUS_OBJECT_NAME_NOT_FOUND opening remote file \new.tmp'
  'SMB3 veto: NT_STATUS_OBJECT_NAME_NOT_FOUND opening remote file \sub\secret2'
  'NT1 veto: NT_STATUS_OBJECT_NAME_NOT_FOUND making remote directory \x.tmp'
  'SMB3 veto: NT_STATUS_OBJECT_NAME_NOT_FOUND renaming files \keep.txt -> \k.tmp'
  'NT1 veto: NT_STATUS_DIRECTORY_NOT_EMPTY removing remote directory file \only'
  'SMB3 veto: NT_STATUS_DIRECTORY_NOT_EMPTY removing remote directory file \only'
  'SMB3 veto ls: keep.txt -' 'NT1 veto ls: sub -'
  'SMB3 dots ls: .env H' 'NT1 dots ls: .cache H' 'SMB3 dots ls: .new_SMB3 H'
  'NT1 dots ls: .dir_NT1 H' 'SMB3 dots ls: plain.txt -' 'SMB3 dots ls: . -'
  'SMB3 dots stat: H H H -' 'NT1 dots stat: H H H -'
  'SMB3 shown ls: .env -' 'NT1 shown ls: .new_NT1 -' 'SMB3 shown stat: - - - -'
  'NT1 shown stat: - - - -'
  'veto on disk: ./only/c.tmp' 'veto on disk: ./keep.txt'
)
for line in "${EXPECTED[@]}"; do
  grep -qxF -- "$line" "$T/smbkit.outcome" || fail "expected the outcome '$line'"
done
for unexpected in 'veto ls: a.tmp' 'veto ls: B.TMP' 'veto ls: secret1' 'veto ls: .git' \
  'veto on disk: ./new.tmp' 'veto on disk: ./x.tmp' 'veto on disk: ./k.tmp' \
  'veto on disk: ./l.tmp' 'a vetoed file was read'; do
  ! grep -qF -- "$unexpected" "$T/smbkit.outcome" || fail "unexpected outcome '$unexpected'"
done
stop_smbkit
