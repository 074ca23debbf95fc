#!/usr/bin/env bash
# Installs the Debian 12 packages smbkit builds, tests and benchmarks with (scripts/deps.txt), only
# those missing: `apt-get update` runs only when something must be installed; sudo only when not
# root. Then checks that every command the table lists is there, so that a wrong line in the
# table shows here and not halfway through a test.
set -euo pipefail

table=$(cd "$(dirname "$0")" && pwd)/deps.txt
packages=() commands=() command_packages=()
declare -A listed=()
while IFS= read -r line; do
  line=${line%%#*}
  read -r package tools <<<"$line"
  [ -n "$package" ] || continue
  [ -n "${listed[$package]:-}" ] || packages+=("$package")
  listed[$package]=1
  for tool in $tools; do
    [ "$tool" = - ] && continue
    commands+=("$tool")
    command_packages+=("$package")
  done
done <"$table"

missing=()
for p in "${packages[@]}"; do
  # `dpkg -s` also knows removed packages whose config files remain: require "install ok installed".
  dpkg -s "$p" 2>/dev/null | grep -qx 'Status: install ok installed' || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "deps: all ${#packages[@]} packages present"
else
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "deps: installing ${missing[*]}"
  # noninteractive: tshark's debconf question (may non-root users capture?) must not wait for input.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

# smbd, useradd and the like live in /usr/sbin, which a non-root user's PATH may leave out.
absent=()
for i in "${!commands[@]}"; do
  path=$(PATH=$PATH:/usr/sbin:/sbin type -P "${commands[$i]}") && [ -x "$path" ] ||
    absent+=("${commands[$i]} (${command_packages[$i]})")
done
if ((${#absent[@]})); then
  echo "deps: missing although their packages are installed (see scripts/deps.txt): ${absent[*]}" >&2
  exit 1
fi
