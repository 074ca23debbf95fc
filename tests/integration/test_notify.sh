#!/usr/bin/env bash
# Change notification (NT_TRANSACT_NOTIFY_CHANGE, doc/architecture.md "A request's path"): one
# connection (`smbkit watch -r`) keeps a request pending on the share's root while changes are
# made (on the share's disk, and by smbclient over a second connection); the exact action/name
# lines are checked, a subdirectory made after the watch began included. notify_raw.py then checks
# a pending request ended by NT_CANCEL (STATUS_CANCELLED) and by CLOSE of its handle
# (STATUS_NOTIFY_CLEANUP).
. "$(dirname "$0")/lib.sh"
require_tool python3 smbclient

mkdir -p "$T/share/watched"
start_smbkit --share "data=$T/share" --user alice:secret

note "smbkit watch -r while files are made, renamed, written and removed"
require_smbkit
timeout -k 5 60 "$SMBKIT_BIN" watch -r //127.0.0.1/data -p "$SMBKIT_PORT" -U alice%secret \
  -m NT1 >"$T/watch.out" 2>"$T/watch.err" &
watcher=$!
_IT_PIDS+=("$watcher")
sleep 1.5  # the watch is pending
step() {
  "$@"
  sleep 0.4
}
step python3 -c 'import os,sys; os.close(os.open(sys.argv[1], os.O_CREAT | os.O_EXCL | os.O_WRONLY))' \
  "$T/share/a.txt"
step mv "$T/share/a.txt" "$T/share/b.txt"
step mkdir "$T/share/sub"
step python3 -c 'import os,sys; os.close(os.open(sys.argv[1], os.O_CREAT | os.O_EXCL | os.O_WRONLY))' \
  "$T/share/sub/c.txt"
step sh -c "echo data >>'$T/share/b.txt'"
step rm "$T/share/b.txt"
run smbclient_mkdir smbclient_nt1 -p "$SMBKIT_PORT" //127.0.0.1/data -U alice%secret \
  -c 'mkdir fromclient'
assert_exit_code 0 "$RC" "smbclient mkdir"
sleep 0.5
kill -INT "$watcher"
rc=0
wait "$watcher" || rc=$?
cat "$T/watch.out" >&9
assert_exit_code 0 "$rc" "smbkit watch (stopped by SIGINT: NT_CANCEL)"
printf '%s\n' "added a.txt" "renamed-from a.txt" "renamed-to b.txt" "added sub" \
  'added sub/c.txt' "modified b.txt" "removed b.txt" "added fromclient" >"$T/watch.expected"
assert_file_eq "$T/watch.expected" "$T/watch.out"

note "a pending notify ended by NT_CANCEL and by CLOSE"
run notify_raw python3 "$IT_DIR/notify_raw.py" --port "$SMBKIT_PORT" --user alice \
  --password secret --share data --dir watched
cat "$T/notify_raw.out" >&9
assert_exit_code 0 "$RC" "notify_raw.py"
for check in cancel close alive; do
  assert_file_contains "$T/notify_raw.out" "^ok $check:" "notify_raw.py output"
done
stop_smbkit
