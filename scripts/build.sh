#!/usr/bin/env bash
# scripts/build.sh [BUILD_DIR] [extra cmake args...]: configures (Ninja, RelWithDebInfo) and builds.
# BUILD_DIR defaults to build/ and is taken relative to the repository root; the CLI ends up at
# BUILD_DIR/smbkit. SMBKIT_BUILD_TARGET=smbkit builds that target alone (and what it needs).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${1:-build}
(($# == 0)) || shift

# A directory configured earlier with another generator cannot be reconfigured with Ninja.
cache=$build_dir/CMakeCache.txt
if [ -f "$cache" ] && ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$cache"; then
  echo "build: $build_dir was configured with another generator; reconfiguring from scratch"
  rm -rf "$cache" "$build_dir/CMakeFiles"
fi

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
cmake --build "$build_dir" ${SMBKIT_BUILD_TARGET:+--target "$SMBKIT_BUILD_TARGET"}
