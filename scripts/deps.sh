#!/usr/bin/env bash
# Installs the Debian 12 packages smbkit builds and tests with, only those missing:
# `apt-get update` runs only when something must be installed; sudo only when not root.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ clang libclang-rt-14-dev
  # libraries
  libssl-dev libgtest-dev libgmock-dev libbenchmark-dev libexpected-dev libasio-dev libcli11-dev
  libfmt-dev libspdlog-dev
  # peers and tools for the integration tests and benchmarks
  samba smbclient samba-testsuite tshark tcpreplay iperf3 python3 procps iproute2
)

missing=()
for p in "${packages[@]}"; do
  # `dpkg -s` also knows removed packages whose config files remain: require "install ok installed".
  dpkg -s "$p" 2>/dev/null | grep -qx 'Status: install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "deps: installing ${missing[*]}"
# noninteractive: tshark's debconf question (may non-root users capture?) must not wait for input.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
