#!/usr/bin/env bash
# smb.conf's per-share access options, side by side: one Samba-style smb.conf with several shares
# and two users serves through Samba's smbd and through `smbkit serve --config` (the same file,
# ports and passdb aside), and the same smbclient commands (SMB3 and NT1) must come back with the
# same NT_STATUS names, leave the same files on disk after allowed writes and nothing after
# refused ones. Covers "read only" (Samba's default), "writeable", "write list" and "read list"
# (users and @group), "valid users" and "invalid users" (with @group), and "hosts allow" / "hosts
# deny" per share and in [global], for clients that reach the server from 127.0.0.2 and 127.0.0.3
# through source_proxy.py.
. "$(dirname "$0")/lib.sh"
require_tool smbclient smbd smbpasswd useradd groupadd flock python3
need_root "Samba's smbd and Unix accounts"
require_smbkit

# Two accounts: IN is a supplementary member of GROUP, OUT is not.
IN=smbkitcfa OUT=smbkitcfb GROUP=smbkitcfg PASS=Smbk1t-pass
flock "${TMPDIR:-/tmp}/smbkit-it-useradd.lock" sh -c "
  getent group $GROUP >/dev/null || groupadd $GROUP
  id -u $IN >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin -G $GROUP $IN
  id -u $OUT >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin $OUT"
id -nG "$IN" | grep -qw "$GROUP" || fail "$IN is not in $GROUP"

mkdir -p "$T/local"
chmod a+x "$T"  # smbd works as the user who logged on, who must reach the shares
printf 'written through smbclient\n' >"$T/local/new.txt"

# The shares and what they say; `access_conf ROOT` prints them with paths under ROOT.
SHARES=(ro rw wr wlist wgroup rlist rgroup inv invgroup valid validgroup hdeny hallow hnet hlen)
access_conf() {
  cat <<EOF
[global]
  hosts deny = 127.0.0.3
[ro]
  path = $1/ro
  comment = read only by Samba's default
[rw]
  path = $1/rw
  read only = no
[wr]
  path = $1/wr
  writeable = yes
[wlist]
  path = $1/wlist
  read only = yes
  write list = $IN
[wgroup]
  path = $1/wgroup
  write list = @$GROUP
[rlist]
  path = $1/rlist
  read only = no
  read list = $IN
[rgroup]
  path = $1/rgroup
  writable = yes
  read list = +$GROUP
[inv]
  path = $1/inv
  read only = no
  invalid users = $IN
[invgroup]
  path = $1/invgroup
  read only = no
  invalid users = @$GROUP
[valid]
  path = $1/valid
  read only = no
  valid users = $OUT
[validgroup]
  path = $1/validgroup
  read only = no
  valid users = @$GROUP
[hdeny]
  path = $1/hdeny
  hosts deny = 127.0.0.2
[hallow]
  path = $1/hallow
  hosts allow = 127.0.0.0/255.0.0.0 EXCEPT 127.0.0.2
  hosts deny = 127.0.0.0/8
[hnet]
  path = $1/hnet
  hosts allow = 127.0.0.
  hosts deny = ALL
[hlen]
  path = $1/hlen
  hosts allow = 10.0.0.0/8
  hosts deny =
EOF
}

# fresh_shares ROOT: every share's directory holding old.txt and dir/ alone, writable by all
# (smbd works as the user who logged on). The directories themselves stay: smbkit holds them open.
fresh_shares() {
  local s
  for s in "${SHARES[@]}"; do
    mkdir -p "$1/$s"
    find "$1/$s" -mindepth 1 -delete
    mkdir "$1/$s/dir"
    echo old >"$1/$s/old.txt"
  done
  chmod -R a+rwX "$1"
}

# The cases: NAME, share, user, where from (127.0.0.1, or 127.0.0.2 / .3 through a proxy),
# commands. Each runs on fresh shares, under SMB3, and those NT1_CASES match under NT1 too (whose
# statuses differ, or which take another path through the server), to stay within a minute.
CASES=(
  "ro_ls|ro|IN||ls old.txt"
  "ro_get|ro|IN||get old.txt $T/local/got.txt"
  "ro_put|ro|IN||put $T/local/new.txt new.txt"
  "ro_overwrite|ro|IN||put $T/local/new.txt old.txt"
  "ro_mkdir|ro|IN||mkdir made"
  "ro_rmdir|ro|IN||rmdir dir"
  "ro_rm|ro|IN||rm old.txt"
  "ro_rename|ro|IN||rename old.txt moved.txt"
  "ro_setmode|ro|IN||setmode old.txt +r"
  "ro_utimes|ro|IN||utimes old.txt -1 -1 2020:01:01-00:00:00 -1"
  "ro_hardlink|ro|IN||hardlink old.txt link.txt"
  "rw_hardlink|rw|IN||hardlink old.txt link.txt"
  "rw_put|rw|IN||put $T/local/new.txt new.txt"
  "rw_mkdir|rw|IN||mkdir made"
  "rw_rename|rw|IN||rename old.txt moved.txt"
  "wr_put|wr|IN||put $T/local/new.txt new.txt"
  "wlist_in|wlist|IN||put $T/local/new.txt new.txt"
  "wlist_out|wlist|OUT||put $T/local/new.txt new.txt"
  "wgroup_in|wgroup|IN||mkdir made"
  "wgroup_out|wgroup|OUT||mkdir made"
  "rlist_in|rlist|IN||put $T/local/new.txt new.txt"
  "rlist_out|rlist|OUT||put $T/local/new.txt new.txt"
  "rgroup_in|rgroup|IN||rm old.txt"
  "rgroup_out|rgroup|OUT||rm old.txt"
  "inv_in|inv|IN||ls"
  "inv_out|inv|OUT||put $T/local/new.txt new.txt"
  "invgroup_in|invgroup|IN||ls"
  "invgroup_out|invgroup|OUT||ls old.txt"
  "valid_in|valid|IN||ls"
  "valid_out|valid|OUT||ls old.txt"
  "validgroup_in|validgroup|IN||ls old.txt"
  "validgroup_out|validgroup|OUT||ls"
  "hdeny_direct|hdeny|IN||ls old.txt"
  "hdeny_from2|hdeny|IN|2|ls old.txt"
  "hallow_from2|hallow|IN|2|ls old.txt"
  "hnet_from2|hnet|IN|2|ls old.txt"
  "hlen_direct|hlen|IN||ls old.txt"
  "hlen_from2|hlen|IN|2|ls old.txt"
  "global_from2|rw|IN|2|ls old.txt"
  "global_from3|rw|IN|3|ls old.txt"
)

NT1_CASES='^(ro_|wgroup_|rgroup_|validgroup_|hdeny_from2|global_from3)'

# start_proxy SOURCE PORT: forwards a free port (PROXY_PORT) to PORT from address SOURCE.
start_proxy() {
  PROXY_PORT=$(free_port)
  timeout -k 5 "$SERVER_LIFETIME" python3 "$IT_DIR/source_proxy.py" "$PROXY_PORT" "$2" "$1" \
    >>"$T/proxy.log" 2>&1 &
  _IT_PIDS+=("$!")
  wait_for_port "$PROXY_PORT" "$!" "$T/proxy.log" "source_proxy.py"
}

# client PROTO PORT SHARE USER CMDS
client() {
  : >"$T/smbclient.conf"
  local user=$4
  timeout -k 5 "$CLIENT_TIMEOUT" smbclient -s "$T/smbclient.conf" -m "$1" \
    --option='client min protocol=NT1' -p "$2" "//127.0.0.1/$3" -U "$user%$PASS" -c "$5"
}

# outcome LABEL PORT ROOT: runs every case under both protocols; for each prints one line with
# the first NT_STATUS printed (or OK) and the share's tree afterwards (names, and content of
# files).
outcome() {
  local label=$1 port=$2 root=$3 c name share who via cmds proto status to
  local -A from
  start_proxy 127.0.0.2 "$port"
  from[2]=$PROXY_PORT
  start_proxy 127.0.0.3 "$port"
  from[3]=$PROXY_PORT
  for proto in SMB3 NT1; do
    for c in "${CASES[@]}"; do
      IFS='|' read -r name share who via cmds <<<"$c"
      [ "$proto" = SMB3 ] || [[ $name =~ $NT1_CASES ]] || continue
      fresh_shares "$root"
      rm -f "$T/local/got.txt"
      [ "$who" = IN ] && who=$IN || who=$OUT
      to=$port
      [ -z "$via" ] || to=${from[$via]}
      run "${label}_${proto}_$name" client "$proto" "$to" "$share" "$who" "$cmds"
      status=$(cat "$T/${label}_${proto}_$name".{out,err} | grep -oE 'NT_STATUS_[A-Z_]+' |
        head -n 1 || true)
      printf '%s %s: %s | %s\n' "$proto" "$name" "${status:-OK}" "$(tree_of "$root/$share")"
    done
  done
}

# tree_of DIR: the files and directories under DIR, with each file's content.
tree_of() {
  (cd "$1" && find . -mindepth 1 | sort | while read -r f; do
    if [ -f "$f" ]; then printf '%s=%s ' "$f" "$(cat "$f")"; else printf '%s/ ' "$f"; fi
  done)
}

# ---- smbd ------------------------------------------------------------------------------------
D=$T/smbd
mkdir -p "$D"
SMBD_PORT=$(free_port)
{
  smbd_global_conf "$D" "$SMBD_PORT"
  access_conf "$T/root"
} >"$D/smb.conf"
for u in "$IN" "$OUT"; do
  printf '%s\n%s\n' "$PASS" "$PASS" |
    smbpasswd -c "$D/smb.conf" -s -a "$u" >>"$D/log/smbpasswd" 2>&1 ||
    fail "smbpasswd -a $u failed: $(cat "$D/log/smbpasswd")"
done
echo "+ smbd -s $D/smb.conf (port $SMBD_PORT)" >&9
timeout -k 10 "$SERVER_LIFETIME" smbd -s "$D/smb.conf" -F --no-process-group >"$D/log/stdout" 2>&1 &
SMBD_PID=$!
_IT_PIDS+=("$SMBD_PID")
wait_for_port "$SMBD_PORT" "$SMBD_PID" "$D/log/log.smbd" "smbd" 30
outcome smbd "$SMBD_PORT" "$T/root" >"$T/smbd.outcome"

# ---- smbkit: the same file (its tdbsam too); the port from flags, and the same accounts again ----
start_smbkit --config "$D/smb.conf" --user "$IN:$PASS" --user "$OUT:$PASS"
outcome smbkit "$SMBKIT_PORT" "$T/root" >"$T/smbkit.outcome"
diff -u "$T/smbd.outcome" "$T/smbkit.outcome" >&9 || fail "smbkit's outcomes differ from smbd's"

# Equal is not enough: the outcomes are the ones smbd was seen to give, allowed writes on disk.
EXPECTED=(
  'SMB3 ro_get: OK | ./dir/ ./old.txt=old '
  'SMB3 ro_put: NT_STATUS_ACCESS_DENIED | ./dir/ ./old.txt=old '
  'NT1 ro_mkdir: NT_STATUS_MEDIA_WRITE_PROTECTED | ./dir/ ./old.txt=old '
  'NT1 ro_rm: NT_STATUS_MEDIA_WRITE_PROTECTED | ./dir/ ./old.txt=old '
  'NT1 ro_utimes: NT_STATUS_ACCESS_DENIED | ./dir/ ./old.txt=old '
  'SMB3 rw_put: OK | ./dir/ ./new.txt=written through smbclient ./old.txt=old '
  'SMB3 wlist_in: OK | ./dir/ ./new.txt=written through smbclient ./old.txt=old '
  'NT1 wgroup_in: OK | ./dir/ ./made/ ./old.txt=old '
  'NT1 rgroup_in: NT_STATUS_MEDIA_WRITE_PROTECTED | ./dir/ ./old.txt=old '
  'SMB3 rlist_out: OK | ./dir/ ./new.txt=written through smbclient ./old.txt=old '
  'SMB3 invgroup_in: NT_STATUS_ACCESS_DENIED | ./dir/ ./old.txt=old '
  'NT1 validgroup_out: NT_STATUS_ACCESS_DENIED | ./dir/ ./old.txt=old '
  'SMB3 hallow_from2: NT_STATUS_ACCESS_DENIED | ./dir/ ./old.txt=old '
  'SMB3 hnet_from2: OK | ./dir/ ./old.txt=old '
  'SMB3 hlen_direct: OK | ./dir/ ./old.txt=old '
  'NT1 global_from3: NT_STATUS_INVALID_NETWORK_RESPONSE | ./dir/ ./old.txt=old '
)
for line in "${EXPECTED[@]}"; do
  grep -qxF "$line" "$T/smbkit.outcome" || fail "expected the outcome '$line'"
done
stop_smbkit
