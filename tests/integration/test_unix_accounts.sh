#!/usr/bin/env bash
# Each user as themselves, side by side with Samba's smbd: started as root with --config, smbkit
# does each user's file work as their Unix account, so the same smbclient commands (SMB3 and
# NT1) against smbd and smbkit, from one smb.conf, leave files owned by the same accounts and
# meet the same refusals: two users each creating files, one unable to read the other's mode-0600
# file, "force user", [homes] (path with %S, "valid users = %S"), a share whose path is the
# user's (%U), and "map to guest = bad user"
# (an unknown name is a guest, let into "guest ok" shares only). Then smbkit alone: the
# capabilities it keeps, SIGHUP adding and removing shares while a client stays connected and
# changing a password, and listening on IPv6 and IPv4 alike.
. "$(dirname "$0")/lib.sh"
require_tool smbclient smbd smbpasswd useradd groupadd flock python3
need_root "Samba's smbd and Unix accounts"
require_smbkit

IN=smbkitcfa OUT=smbkitcfb GROUP=smbkitcfg PASS=Smbk1t-pass NEWPASS=Smbk1t-new
flock "${TMPDIR:-/tmp}/smbkit-it-useradd.lock" sh -c "
  getent group $GROUP >/dev/null || groupadd $GROUP
  id -u $IN >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin -G $GROUP $IN
  id -u $OUT >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin $OUT"

mkdir -p "$T/local"
chmod a+x "$T"
printf 'written by a client\n' >"$T/local/new.txt"

shares_conf() {
  cat <<EOF
[data]
  path = $1/data
  read only = no
[forced]
  path = $1/forced
  read only = no
  force user = $OUT
[pub]
  path = $1/pub
  read only = no
  guest ok = yes
[userdir]
  path = $1/users/%U
  read only = no
[homes]
  path = $1/homes/%S
  read only = no
  browseable = no
  valid users = %S
EOF
}

# fresh ROOT: empty shares open to all, a mode-0600 file of IN's, and IN's home (mode 0700). The
# share directories themselves stay: smbkit holds them open.
fresh() {
  mkdir -p "$1"/{data,forced,pub,homes/$IN,users/$IN,users/$OUT}
  find "$1" -mindepth 2 ! -path "$1/homes/$IN" ! -path "$1/users/$IN" ! -path "$1/users/$OUT" \
    -delete
  chmod 0777 "$1/data" "$1/forced" "$1/pub" "$1/users/$IN" "$1/users/$OUT"
  echo "for $IN only" >"$1/data/secret.txt"
  chown "$IN" "$1/data/secret.txt"
  chmod 0600 "$1/data/secret.txt"
  echo mine >"$1/homes/$IN/mine.txt"
  chown -R "$IN" "$1/homes/$IN"
  chmod 0700 "$1/homes/$IN"
  chmod a+x "$1" "$1/homes"
}

# status_of NAME: the first NT_STATUS a run printed, or OK.
status_of() {
  local s
  s=$(cat "$T/$1".{out,err} | grep -oE 'NT_STATUS_[A-Z_]+' | head -n 1 || true)
  echo "${s:-OK}"
}

client() {  # client PROTO PORT SHARE USER CMDS
  : >"$T/smbclient.conf"
  timeout -k 5 "$CLIENT_TIMEOUT" smbclient -s "$T/smbclient.conf" -m "$1" \
    --option='client min protocol=NT1' -p "$2" "//127.0.0.1/$3" -U "$4%$PASS" -c "$5"
}

CASES=(
  "in_put|data|IN|put $T/local/new.txt in.txt"
  "out_put|data|OUT|put $T/local/new.txt out.txt"
  "in_mkdir|data|IN|mkdir in.dir"
  "in_get_secret|data|IN|get secret.txt $T/local/got.txt"
  "out_get_secret|data|OUT|get secret.txt $T/local/got.txt"
  "out_rm_secret|data|OUT|rm secret.txt"
  "forced_put|forced|IN|put $T/local/new.txt f.txt"
  "home_ls|$IN|IN|ls mine.txt"
  "home_put|$IN|IN|put $T/local/new.txt h.txt"
  "home_other|$IN|OUT|ls"
  "home_nobody|nosuchuser|IN|ls"
  "userdir_put|userdir|OUT|put $T/local/new.txt u.txt"
  "bad_pub|pub|BAD|put $T/local/new.txt g.txt"
  "bad_data|data|BAD|ls"
)

# owners ROOT: every file under ROOT's shares with its owner, the fixed directories left out.
owners() {
  (cd "$1" && find . -mindepth 2 ! -path "./homes/$IN" ! -path "./users/$IN" \
    ! -path "./users/$OUT" -printf '%P:%u\n' | sort | tr '\n' ' ')
}

# outcome LABEL PORT ROOT: per case and protocol, the first NT_STATUS (or OK), what was fetched,
# and every file under ROOT with its owner.
outcome() {
  local label=$1 port=$2 root=$3 c name share who cmds proto
  for proto in SMB3 NT1; do
    for c in "${CASES[@]}"; do
      IFS='|' read -r name share who cmds <<<"$c"
      fresh "$root"
      rm -f "$T/local/got.txt"
      case $who in IN) who=$IN ;; OUT) who=$OUT ;; *) who=smbkitnosuchuser ;; esac
      run "${label}_${proto}_$name" client "$proto" "$port" "$share" "$who" "$cmds"
      printf '%s %s: %s | got=%s | %s\n' "$proto" "$name" "$(status_of "${label}_${proto}_$name")" \
        "$(cat "$T/local/got.txt" 2>/dev/null || true)" \
        "$(owners "$root")"
    done
  done
}

# ---- smbd ------------------------------------------------------------------------------------
D=$T/smbd
mkdir -p "$D"
SMBD_PORT=$(free_port)
{
  smbd_global_conf "$D" "$SMBD_PORT"
  echo "  map to guest = bad user"
  shares_conf "$T/root"
} >"$D/smb.conf"
SMBD_CONF=$D/smb.conf
smbd_add_user "$IN" "$PASS"
smbd_add_user "$OUT" "$PASS"
run_smbd
outcome smbd "$SMBD_PORT" "$T/root" >"$T/smbd.outcome"
stop_smbd

# ---- smbkit: the same file, accounts from smbd's passdb.tdb ----------------------------------
start_smbkit --config "$D/smb.conf"
outcome smbkit "$SMBKIT_PORT" "$T/root" >"$T/smbkit.outcome"
diff -u "$T/smbd.outcome" "$T/smbkit.outcome" >&9 || fail "smbkit's outcomes differ from smbd's"
EXPECTED=(
  "SMB3 in_put: OK | got= | data/in.txt:$IN data/secret.txt:$IN homes/$IN/mine.txt:$IN "
  "NT1 out_put: OK | got= | data/out.txt:$OUT data/secret.txt:$IN homes/$IN/mine.txt:$IN "
  "NT1 in_mkdir: OK | got= | data/in.dir:$IN data/secret.txt:$IN homes/$IN/mine.txt:$IN "
  "SMB3 in_get_secret: OK | got=for $IN only | data/secret.txt:$IN homes/$IN/mine.txt:$IN "
  "SMB3 out_get_secret: NT_STATUS_ACCESS_DENIED | got= | data/secret.txt:$IN homes/$IN/mine.txt:$IN "
  "SMB3 forced_put: OK | got= | data/secret.txt:$IN forced/f.txt:$OUT homes/$IN/mine.txt:$IN "
  "NT1 home_put: OK | got= | data/secret.txt:$IN homes/$IN/h.txt:$IN homes/$IN/mine.txt:$IN "
  "SMB3 home_other: NT_STATUS_ACCESS_DENIED | got= | data/secret.txt:$IN homes/$IN/mine.txt:$IN "
  "SMB3 home_nobody: NT_STATUS_BAD_NETWORK_NAME | got= | data/secret.txt:$IN homes/$IN/mine.txt:$IN "
  "SMB3 userdir_put: OK | got= | data/secret.txt:$IN homes/$IN/mine.txt:$IN users/$OUT/u.txt:$OUT "
  "NT1 bad_pub: OK | got= | data/secret.txt:$IN homes/$IN/mine.txt:$IN pub/g.txt:nobody "
  "SMB3 bad_data: NT_STATUS_ACCESS_DENIED | got= | data/secret.txt:$IN homes/$IN/mine.txt:$IN "
)
for line in "${EXPECTED[@]}"; do
  grep -qxF "$line" "$T/smbkit.outcome" || fail "expected the outcome '$line'"
done

# Root for the switch and the ports only: CAP_SETGID (6), CAP_SETUID (7), CAP_NET_BIND_SERVICE
# (10), in every thread, and nothing more in the bounding set.
# The server itself, not the timeout(1) that runs it: timeout passes a SIGHUP on but then kills
# its command 10 s later (-k).
server_pid() { pgrep -P "$SMBKIT_PID" smbkit || fail "no smbkit process under $SMBKIT_PID"; }
server_pid=$(server_pid)
for task in /proc/"$server_pid"/task/*; do
  assert_eq 00000000000004c0 "$(awk '/^CapEff/ {print $2}' "$task/status")" "CapEff of $task"
  assert_eq 00000000000004c0 "$(awk '/^CapBnd/ {print $2}' "$task/status")" "CapBnd of $task"
done
stop_smbkit

# ---- SIGHUP: shares added and removed, a connected client kept, a password changed -----------
PW=$T/smbpasswd
for u in "$IN" "$OUT"; do
  printf '%s\n%s\n' "$PASS" "$PASS" | "$SMBKIT_BIN" passwd -a -s --users-file "$PW" "$u" \
    >/dev/null 2>&1 || fail "smbkit passwd -a $u failed"
done
R=$T/reload
mkdir -p "$R"/{old,new}
echo "old share" >"$R/old/a.txt"
echo "new share" >"$R/new/b.txt"
chmod -R a+rwX "$R"
conf_with() {  # conf_with SHARE...
  printf '[global]\n  passdb backend = smbpasswd:%s\n  server min protocol = NT1\n' "$PW"
  printf '  log level = 3\n  log file = %s/smbkit.log\n' "$R"
  local s
  for s in "$@"; do printf '[%s]\n  path = %s/%s\n  read only = no\n' "$s" "$R" "$s"; done
}
conf_with old >"$R/smb.conf"
start_smbkit --config "$R/smb.conf"
# staying_client NAME SHARE USER:PASSWORD EXPECTED: an smbclient session that takes its commands
# from the FIFO $T/NAME.fifo (opened for writing on descriptor $STAYING_FD) and writes to
# $T/NAME.out, line-buffered; returns once its first "ls" listed EXPECTED. Sets STAYING_PID.
staying_client() {
  mkfifo "$T/$1.fifo"
  : >"$T/smbclient.conf"
  timeout -k 5 60 stdbuf -oL smbclient -s "$T/smbclient.conf" -m SMB3 -p "$SMBKIT_PORT" \
    "//127.0.0.1/$2" -U "$3" <"$T/$1.fifo" >"$T/$1.out" 2>&1 &
  STAYING_PID=$!
  exec {STAYING_FD}>"$T/$1.fifo"
  echo "ls" >&"$STAYING_FD"
  for _ in $(seq 100); do grep -q "$4" "$T/$1.out" && break; sleep 0.1; done
  grep -q "$4" "$T/$1.out" || fail "the client $1 did not list $2: $(cat "$T/$1.out")"
}

# A client that stays connected to "old" across the reload: it lists, waits until the reload is
# done, then fetches.
staying_client stay old "$IN%$PASS" a.txt
STAY=$STAYING_PID STAY_FD=$STAYING_FD
conf_with new >"$R/smb.conf"
printf '%s\n%s\n' "$NEWPASS" "$NEWPASS" | "$SMBKIT_BIN" passwd -s --users-file "$PW" "$OUT" \
  >/dev/null 2>&1 || fail "smbkit passwd $OUT failed"
kill -HUP "$(server_pid)"
for _ in $(seq 100); do grep -q 'reloaded' "$SMBKIT_LOG" && break; sleep 0.1; done
assert_file_contains "$SMBKIT_LOG" "reloaded: 1 share"
run hup_old client SMB3 "$SMBKIT_PORT" old "$IN" "ls"
assert_eq NT_STATUS_BAD_NETWORK_NAME "$(status_of hup_old)" "a removed share, after SIGHUP"
run hup_new client NT1 "$SMBKIT_PORT" new "$IN" "get b.txt $T/local/b.txt"
assert_file_eq "$R/new/b.txt" "$T/local/b.txt"
run hup_oldpass client SMB3 "$SMBKIT_PORT" new "$OUT" "ls"
assert_eq NT_STATUS_LOGON_FAILURE "$(status_of hup_oldpass)" "the old password, after SIGHUP"
run hup_newpass smbclient -s "$T/smbclient.conf" -m SMB3 -p "$SMBKIT_PORT" //127.0.0.1/new \
  -U "$OUT%$NEWPASS" -c "ls b.txt"
assert_file_contains "$T/hup_newpass.out" "b.txt"
# The tree connected before the reload still serves, though its share is gone from the file.
printf 'get a.txt %s/local/a.txt\nexit\n' "$T" >&"$STAY_FD"
exec {STAY_FD}>&-
wait "$STAY" || fail "the staying client failed: $(cat "$T/stay.out")"
assert_file_eq "$R/old/a.txt" "$T/local/a.txt"
# A configuration that does not load leaves the one served.
printf '[broken\n' >"$R/smb.conf"
kill -HUP "$(server_pid)"
for _ in $(seq 100); do grep -q 'reload refused' "$SMBKIT_LOG" && break; sleep 0.1; done
assert_file_contains "$SMBKIT_LOG" "reload refused"
run hup_kept client SMB3 "$SMBKIT_PORT" new "$IN" "ls b.txt"
assert_file_contains "$T/hup_kept.out" "b.txt"
stop_smbkit
# smb.conf's "log level = 3" is debug, written to its "log file" too.
assert_file_contains "$R/smbkit.log" " debug SMB2 tree 0x[0-9a-f]+ -> new$"
assert_file_contains "$R/smbkit.log" " info reloaded: 1 share"

# ---- IPv6 and IPv4: no --listen takes both; --listen may be given several times ---------------
mkdir -p "$T/v6"
echo "over both" >"$T/v6/c.txt"
both_port=$(free_port)
timeout -k 10 "$SERVER_LIFETIME" "$SMBKIT_BIN" serve --port "$both_port" --netbios-port 0 \
  --share "v6=$T/v6" --user "u:$PASS" >"$T/both.log" 2>&1 &
BOTH=$!
_IT_PIDS+=("$BOTH")
wait_for_port "$both_port" "$BOTH" "$T/both.log" "smbkit serve (every address)"
for address in ::1 127.0.0.1; do
  rm -f "$T/local/c.txt"
  run "both_$address" smbclient -s "$T/smbclient.conf" -m SMB3 -p "$both_port" -I "$address" \
    //localhost/v6 -U "u%$PASS" -c "get c.txt $T/local/c.txt"
  assert_file_eq "$T/v6/c.txt" "$T/local/c.txt"
done
kill -TERM "$BOTH"
_wait_exit "$BOTH" 10 || fail "smbkit (every address) did not stop"
start_smbkit --listen ::1 --share "v6=$T/v6" --user "u:$PASS" --netbios-port 0 --idle-timeout 2
assert_file_contains "$SMBKIT_LOG" "127\.0\.0\.1:$SMBKIT_PORT, \[::1\]:$SMBKIT_PORT"
rm -f "$T/local/c.txt"
run listen_v6 smbclient -s "$T/smbclient.conf" -m SMB3 -p "$SMBKIT_PORT" -I ::1 \
  //localhost/v6 -U "u%$PASS" -c "get c.txt $T/local/c.txt"
assert_file_eq "$T/v6/c.txt" "$T/local/c.txt"
# --idle-timeout (smb.conf's deadtime): a client silent for 2 s with no open file is let go.
staying_client idle v6 "u%$PASS" c.txt
for _ in $(seq 60); do grep -q 'idle for' "$SMBKIT_LOG" && break; sleep 0.1; done
assert_file_contains "$SMBKIT_LOG" "closing connection from 127\.0\.0\.1:[0-9]+: idle for [23] s with no open file"
exec {STAYING_FD}>&-
wait "$STAYING_PID" || true
stop_smbkit
