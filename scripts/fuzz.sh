#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] [TARGET...]: builds the libFuzzer targets (fuzz/, clang 14 with ASan
# and UBSan) in build-fuzz/ and runs each for SECONDS (default 60) from its corpus in
# fuzz/corpus/<target>/. New inputs go to build-fuzz/fuzz-out/<target>/corpus, crash files to
# build-fuzz/fuzz-out/<target>/crashes, logs to build-fuzz/fuzz-out/<target>.log; the repository's
# corpora are only read. Prints per target the executions and any crash file; exits non-zero if a
# target crashed. Without TARGET names, every target runs; FUZZ_JOBS (default 2) run at once.
# To keep a crash as a regression case: copy it into fuzz/corpus/<target>/ once it is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
(($# == 0)) || shift
jobs=${FUZZ_JOBS:-2}
build_dir=build-fuzz
out_dir=$build_dir/fuzz-out

# clang and its runtime (libFuzzer, sanitizers): installed when missing.
need=()
for p in clang-14 libclang-rt-14-dev cmake ninja-build; do
  dpkg -s "$p" 2>/dev/null | grep -qx 'Status: install ok installed' || need+=("$p")
done
if ((${#need[@]})); then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "fuzz: installing ${need[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi
[ -x scripts/deps.sh ] && scripts/deps.sh

# A directory configured with another compiler (or generator) is configured afresh.
cache=$build_dir/CMakeCache.txt
if [ -f "$cache" ] && ! grep -q '^CMAKE_CXX_COMPILER:.*clang++-14' "$cache"; then
  echo "fuzz: $build_dir was configured with another compiler; reconfiguring from scratch"
  rm -rf "$cache" "$build_dir/CMakeFiles"
fi
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++-14 -DSMBKIT_FUZZ=ON -DSMBKIT_TESTS=OFF >/dev/null
cmake --build "$build_dir" --target fuzz_all

if (($# == 0)); then
  mapfile -t targets < <(cd fuzz/corpus && ls -d -- */ | tr -d /)
else
  targets=("$@")
fi

run_target() {
  local t=$1 bin=$build_dir/fuzz/fuzz_$1
  [ -x "$bin" ] || { echo "fuzz: no target $t" >&2; return 2; }
  mkdir -p "$out_dir/$t/corpus" "$out_dir/$t/crashes"
  # The first directory receives new inputs; the repository's corpus is read only.
  "$bin" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$out_dir/$t/crashes/" "$out_dir/$t/corpus" "fuzz/corpus/$t" \
    >"$out_dir/$t.log" 2>&1 || true
}

report() {
  local t=$1 execs crashes
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out_dir/$t.log" | grep -o '[0-9]*$' |
    tail -n 1)
  crashes=$(find "$out_dir/$t/crashes" -type f -newer "$out_dir/.started" 2>/dev/null | sort)
  printf '%-20s %12s executions' "$t" "${execs:-?}"
  if [ -n "$crashes" ]; then
    printf '   CRASH: %s' "$(echo "$crashes" | tr '\n' ' ')"
    failed=1
  elif [ -z "$execs" ]; then
    printf '   (no final stats: see %s)' "$out_dir/$t.log"
    failed=1
  fi
  echo
}

mkdir -p "$out_dir"
touch "$out_dir/.started"
echo "fuzz: ${#targets[@]} targets, ${seconds}s each, $jobs at a time"
running=0
for t in "${targets[@]}"; do
  if ((running >= jobs)); then
    wait -n || true
    running=$((running - 1))
  fi
  run_target "$t" &
  running=$((running + 1))
done
wait || true

failed=0
for t in "${targets[@]}"; do report "$t"; done
exit "$failed"
