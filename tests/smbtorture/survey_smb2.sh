#!/usr/bin/env bash
# Runs smbtorture's SMB2 suites against `smbkit serve` or Samba's smbd (the reference) with the
# same options, one smbtorture invocation per suite (per subtest for smb2.compound and
# smb2.notify) with a fresh server on a share emptied before it, and prints one
# line per subtest: "<target> <suite>.<subtest> <result>". The raw outputs stay in OUTDIR.
# This is how tests/smbtorture/smb2.txt was made:
#   tests/smbtorture/survey_smb2.sh smbkit OUTDIR [SUITE...]
#   tests/smbtorture/survey_smb2.sh smbd OUTDIR [SUITE...]
# Needs root (smbd, like the integration tests). SMBKIT_BIN as for the integration tests;
# SURVEY_TIMEOUT: seconds per suite (default 300).
set -uo pipefail
target=${1:?smbkit|smbd} outdir=${2:?OUTDIR}
shift 2
suites=("$@")
# subtests_of SUITE: its subtests, as `smbtorture --list` names them ("smb2.notify.tcon.tcon" is
# subtest smb2.notify.tcon).
subtests_of() {
  smbtorture --list 2>/dev/null | grep -F "$1." | grep "^$1\." | sed -E 's/\.[^.]*$//'
}
if ((${#suites[@]} == 0)); then
  suites=(smb2.connect smb2.read smb2.rw smb2.scan smb2.getinfo smb2.dir smb2.rename smb2.maxfid
    smb2.sharemode smb2.create smb2.delete-on-close-perms smb2.oplock smb2.lock smb2.credits
    smb2.session.reauth1 smb2.session.reauth2 smb2.session.reauth3 smb2.session.reauth4
    smb2.session.reauth5 smb2.session.reauth6)
  # One run per subtest where a subtest can end the run: smbtorture 4.17 crashes in
  # smb2.compound.related1 against a server without encryption, and smb2.notify.mask-change
  # waits for ever for a notification a POSIX server does not send.
  while IFS= read -r t; do suites+=("$t"); done < <(subtests_of smb2.compound; subtests_of smb2.notify)
fi
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
# lib.sh: free ports, start_smbkit / start_smbd and their clean-up at exit.
export SMBKIT_IT_KEEP=0
. "$(dirname "$0")/../integration/lib.sh"
trap - ERR
set +e
require_tool smbtorture
: >"$T/torture.conf"
# start_server / stop_server: a fresh server for each suite (a hung or crashed suite leaves
# nothing behind for the next, and lib.sh ends servers after 15 minutes).
start_server() {
  case $target in
    smbkit)
      mkdir -p "$T/share"
      start_smbkit --share "data=$T/share" --user alice:secret
      share=$T/share port=$SMBKIT_PORT unc=//127.0.0.1/data creds=alice%secret pid=$SMBKIT_PID
      SMBKIT_PID=""
      ;;
    smbd)
      start_smbd
      share=$SMBD_SHARE port=$SMBD_PORT unc=//127.0.0.1/share creds=$SMBD_USER%$SMBD_PASS
      pid=$SMBD_PID
      SMBD_PID=""
      ;;
    *) echo "unknown target $target" >&2; exit 2 ;;
  esac
}
stop_server() {
  kill -TERM "$pid" 2>/dev/null
  _wait_exit "$pid" 15 || kill -KILL "$pid" 2>/dev/null
}
for suite in "${suites[@]}"; do
  start_server
  find "$share" -mindepth 1 -delete
  start=$(date +%s)
  timeout -k 5 "${SURVEY_TIMEOUT:-300}" smbtorture -s "$T/torture.conf" "$unc" -p "$port" \
    -U "$creds" "$suite" >"$outdir/$target-$suite.out" 2>&1
  rc=$?
  echo "# $target $suite: exit $rc after $(($(date +%s) - start)) s" >&9
  sed -nE 's/^(success|failure|error|skip|xfail): (.*[^[ ])( \[)?$/\1\t\2/p' \
    "$outdir/$target-$suite.out" | while IFS=$'\t' read -r kind name; do
    # A suite that is one test (smb2.connect, smb2.session.reauth1) prints that test's name;
    # smb2.lock and smb2.scan hold a test of their own name (smb2.lock.lock).
    if [ "${suite##*.}" = "$name" ] && ! smbtorture --list 2>/dev/null | grep -qx "$suite.$name.$name"; then
      echo "$target $suite $kind"
    else
      echo "$target $suite.$name $kind"
    fi
  done
  [ "$rc" -ne 124 ] || echo "$target $suite TIMEOUT"
  stop_server
done
