# tests/integration/smbtorture_list.sh, sourced by test_smbtorture_smb1.sh and
# test_smbtorture_smb2.sh after lib.sh: runs every subtest marked `pass` in $TORTURE_LIST against
# `smbkit serve`, with smbtorture options $TORTURE_OPTIONS (an array), and fails unless each one
# prints "success: NAME". The subtests of one suite (raw.lock, smb2.create, ...) run in one
# smbtorture invocation, on a share emptied before each; smbtorture prints only the subtest's own
# name, in the order asked, so results are matched to the names asked in that order. The list
# says why each other subtest fails.
require_tool smbtorture

# SMBKIT_IT_TORTURE_LIST: another list in the same format (to check a list or this script).
LIST=${SMBKIT_IT_TORTURE_LIST:-$TORTURE_LIST}
# Seconds per smbtorture invocation: an incomplete server can leave a test waiting for ever.
TORTURE_TIMEOUT=${SMBKIT_IT_TORTURE_TIMEOUT:-120}

# The list: "<name> <status>  # comment"; a name may hold spaces, the status is the last word.
passing=()
while IFS= read -r line; do
  line=${line%%#*}
  line=${line%"${line##*[![:space:]]}"}
  [ -n "$line" ] || continue
  [ "${line##* }" = pass ] || continue
  line=${line% *}
  passing+=("${line%"${line##*[![:space:]]}"}")
done <"$LIST"
((${#passing[@]} > 0)) || fail "no pass line in $LIST"

mkdir -p "$T/share"
: >"$T/torture.conf"
start_smbkit --share "data=$T/share" --user alice:secret

# torture NAME...: smbtorture's tests against the share (a function, so `run` leaves the time
# limit to it).
torture() {
  timeout -k 5 "$TORTURE_TIMEOUT" smbtorture -s "$T/torture.conf" //127.0.0.1/data \
    -p "$SMBKIT_PORT" -U alice%secret "${TORTURE_OPTIONS[@]}" "$@"
}

# suite_of NAME: the first two parts (raw.lock of raw.lock.lockx); subtest_of: the rest.
suite_of() {
  local rest=${1#*.}
  echo "${1%%.*}.${rest%%.*}"
}
subtest_of() {
  local rest=${1#*.}
  echo "${rest#*.}"
}

failed=() group=() groups=0
# run_group: runs the names in $group and files each one not reporting success under $failed.
run_group() {
  ((${#group[@]} > 0)) || return 0
  groups=$((groups + 1))
  find "$T/share" -mindepth 1 -delete
  local out=torture-$groups
  run "$out" torture "${group[@]}"
  [ "$RC" -ne 124 ] || note "smbtorture ${group[*]} timed out after $TORTURE_TIMEOUT s"
  local results i=0 kind name
  results=$(sed -nE 's/^(success|failure|error|skip|xfail): (.*[^[ ])( \[)?$/\1\t\2/p' \
    "$T/$out.out")
  while IFS=$'\t' read -r kind name; do
    [ -n "$kind" ] || continue
    # Names asked for that print nothing before this one ended the run early (crash, time-out).
    while ((i < ${#group[@]})) && [ "$(subtest_of "${group[$i]}")" != "$name" ]; do
      failed+=("${group[$i]} (no result)")
      i=$((i + 1))
    done
    ((i < ${#group[@]})) || break
    if [ "$kind" = success ]; then
      echo "   ok ${group[$i]}" >&9
    else
      failed+=("${group[$i]} ($kind)")
      echo "---- ${group[$i]}: $kind ----" >&9
      # smbtorture's reason: the lines between "KIND: NAME [" and "]".
      awk -v k="$kind: $name [" '$0 == k {p = 1; next} p && $0 == "]" {exit} p' \
        "$T/$out.out" | head -n 5 >&9
    fi
    i=$((i + 1))
  done <<<"$results"
  if ((i < ${#group[@]})); then
    echo "---- no result from ${group[*]:$i}; smbtorture's last lines ----" >&9
    tail -n 8 "$T/$out.out" "$T/$out.err" | cut -c1-200 >&9
  fi
  for (( ; i < ${#group[@]}; i++)); do
    failed+=("${group[$i]} (no result)")
  done
  group=()
}

note "smbtorture: ${#passing[@]} subtests listed as passing in ${LIST#"$REPO_ROOT"/}"
suite=""
for t in "${passing[@]}"; do
  if [ "$(suite_of "$t")" != "$suite" ]; then
    run_group
    suite=$(suite_of "$t")
  fi
  group+=("$t")
done
run_group

if ((${#failed[@]} > 0)); then
  echo "FAIL: ${#failed[@]} of ${#passing[@]} smbtorture subtests listed as passing did not pass:" >&9
  printf '  %s\n' "${failed[@]}" >&9
  _show_last_run
  exit 1
fi
note "all ${#passing[@]} subtests passed ($groups smbtorture runs)"
stop_smbkit
