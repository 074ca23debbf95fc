#!/usr/bin/env bash
# bench/run.sh [--quick] [bench.py options...]: smbkit serve and Samba's smbd side by side on
# loopback (see bench/README.md). Installs what is missing, builds smbkit (Release) into
# build-bench/, raises the open-file limit, then runs bench/bench.py as root. Results land in
# bench/results/DATE-TIME[-quick].{md,json}; the table is also printed.
#
# Environment: SMBKIT_BENCH_CACHE (default /var/tmp/smbkit-bench): where the share contents are
# made once and reused; SMBKIT_BENCH_BUILD (default build-bench): the build directory.
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$bench_dir/.." && pwd)
cache=${SMBKIT_BENCH_CACHE:-/var/tmp/smbkit-bench}
build=${SMBKIT_BENCH_BUILD:-build-bench}
[[ $build == /* ]] || build=$repo/$build

if [ "$(id -u)" -ne 0 ]; then
  echo "bench: run as root (Samba's smbd, its passdb and a Unix user for it need it)" >&2
  exit 1
fi

# ---- packages: only those missing --------------------------------------------------------
# What bench.py runs (smbd, smbpasswd, smbclient, iperf3, dd, useradd, git for the commit it
# measured) and the Release build needs; scripts/deps.txt maps each command to its package.
packages=(
  samba samba-common-bin smbclient iperf3 procps iproute2 python3 coreutils passwd git
  cmake ninja-build g++ libssl-dev libexpected-dev libasio-dev libcli11-dev libfmt-dev
  libspdlog-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" 2>/dev/null | grep -qx 'Status: install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bench: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

# ---- smbkit, Release ---------------------------------------------------------------------
if [ ! -f "$build/CMakeCache.txt" ] || ! grep -qx 'CMAKE_BUILD_TYPE:STRING=Release' \
  "$build/CMakeCache.txt"; then
  cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSMBKIT_TESTS=OFF >&2
fi
ninja -C "$build" smbkit >&2

# ---- limits: 10,000 held connections need as many descriptors on each side ---------------
# Raise the soft limit to the hard one (up to 65536); raising the hard limit itself needs
# CAP_SYS_RESOURCE, which a container may not grant. 20,000 is enough.
hard=$(ulimit -Hn)
want=65536
[ "$hard" = unlimited ] || ((hard >= want)) || want=$hard
ulimit -n "$want"
if ((want < 10100)); then
  echo "bench: only $want open files allowed; the 10,000-connection case will fail" >&2
fi

# The Debian python3 (stdlib only) unless another python3 comes first in PATH.
exec python3 "$bench_dir/bench.py" --smbkit "$build/smbkit" --cache "$cache" \
  --results "$bench_dir/results" "$@"
