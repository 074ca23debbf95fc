#!/usr/bin/env bash
# scripts/test.sh: installs what is missing, builds build/, runs every test (unit, fuzz-corpus
# replays and integration) with ctest on 2 cores; then builds build-asan/ with AddressSanitizer
# and UndefinedBehaviorSanitizer and runs the suite again there, less the integration tests
# labelled plain_only. Any sanitizer report, from
# a test binary or from a server a test started, fails the run. Exits non-zero if anything fails.
# SMBKIT_NO_SANITIZE=1 skips the second pass (for a quick local run; CI never sets it).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh

# run_suite BUILD_DIR [CTEST_ARGS...]: ctest over one build directory; prints its summary line.
run_suite() {
  local build_dir=$1 rc=0
  shift
  ctest --test-dir "$build_dir" --output-on-failure -j2 "$@" 2>&1 | tee "$build_dir/ctest.log" ||
    rc=$?
  echo
  echo "$build_dir: $(grep -E '^[0-9]+% tests passed' "$build_dir/ctest.log" | tail -n 1 ||
    echo 'ctest printed no summary')"
  return "$rc"
}

status=0
# -g1 (line tables, enough for a backtrace) instead of -g: a third less compile time.
scripts/build.sh build -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
run_suite build || status=$?

if [ "${SMBKIT_NO_SANITIZE:-0}" != 1 ]; then
  # -O1 keeps sanitized runs quick enough for the integration tests' transfers; -g1 keeps the
  # file:line of each frame in a report.
  scripts/build.sh build-asan -DSMBKIT_SANITIZE=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1"
  logs=$PWD/build-asan/sanitizer-reports
  rm -rf "$logs" && mkdir -p "$logs"
  # Reports go to files, so those of servers running in the background are seen too.
  export ASAN_OPTIONS="log_path=$logs/asan:detect_leaks=1:strict_string_checks=1"
  export SMBKIT_SANITIZED=1  # tests that measure memory leave it to the plain run
  export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1:halt_on_error=1"
  # The integration tests labelled plain_only (the server's own, unchanged lately) stay out of
  # this pass to keep the CI under 45 minutes; see tests/integration/CMakeLists.txt.
  run_suite build-asan -LE plain_only || status=$?
  if compgen -G "$logs/*" >/dev/null; then
    echo "sanitizer reports:"
    head -n 60 "$logs"/*
    status=1
  else
    echo "build-asan: no sanitizer report"
  fi
fi
exit "$status"
