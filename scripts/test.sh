#!/usr/bin/env bash
# scripts/test.sh: installs what is missing, builds build/, runs every test (unit and integration)
# with ctest on 2 cores. Exits non-zero if anything fails; ends with ctest's summary line.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
scripts/build.sh build

status=0
ctest --test-dir build --output-on-failure -j2 2>&1 | tee build/ctest.log || status=$?
echo
grep -E '^[0-9]+% tests passed' build/ctest.log | tail -n 1 || echo "ctest printed no summary"
exit "$status"
