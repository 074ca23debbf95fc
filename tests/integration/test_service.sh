#!/usr/bin/env bash
# smbkit as a systemd service: `cmake --install` puts the binary, smbkit.service and the man page
# in place; `systemd-analyze verify` finds nothing wrong with the installed unit; the man page
# formats without a warning; and `smbkit serve` speaks systemd's notify protocol (READY=1 once its
# port listens, STOPPING=1 on SIGTERM), checked through a notify socket of the test's own.
. "$(dirname "$0")/lib.sh"
require_tool python3 systemd-analyze groff cmake
require_smbkit

build=$(dirname "$SMBKIT_BIN")
[ -f "$build/CMakeCache.txt" ] || skip "$build is not a CMake build directory"

note "cmake --install into a staging root"
run install env DESTDIR="$T/root" cmake --install "$build"
assert_exit_code 0 "$RC" "cmake --install"
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")
unit="$T/root$prefix/lib/systemd/system/smbkit.service"
man="$T/root$prefix/share/man/man8/smbkit.8"
[ -x "$T/root$prefix/bin/smbkit" ] || fail "no $prefix/bin/smbkit installed"
[ -f "$unit" ] || fail "no $prefix/lib/systemd/system/smbkit.service installed"
[ -f "$man" ] || fail "no $prefix/share/man/man8/smbkit.8 installed"
assert_file_contains "$unit" "^ExecStart=$prefix/bin/smbkit serve --config /etc/samba/smb\\.conf$"
assert_file_contains "$unit" '^ExecReload=/bin/kill -HUP \$MAINPID$'
assert_file_contains "$unit" '^CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_SETUID CAP_SETGID$'
assert_file_contains "$unit" '^Type=notify$'

note "systemd-analyze verify of the installed unit"
# Against the host's units (a staging root has no sysinit.target), with ExecStart pointed at the
# staged binary (the installed path does not exist on this machine) and the man page left to the
# groff check below (man-db need not be installed).
sed "s|^ExecStart=$prefix/bin/smbkit |ExecStart=$T/root$prefix/bin/smbkit |" "$unit" \
  >"$T/smbkit.service"
run verify systemd-analyze verify --man=no "$T/smbkit.service"
cat "$T/verify.out" "$T/verify.err" >&9
assert_exit_code 0 "$RC" "systemd-analyze verify"
[ ! -s "$T/verify.err" ] || fail "systemd-analyze verify warned: $(head -n 3 "$T/verify.err")"

note "the man page"
run man groff -man -z -ww "$man"
assert_exit_code 0 "$RC" "groff"
[ ! -s "$T/man.err" ] || fail "groff warned: $(head -n 3 "$T/man.err")"

note "the notify protocol"
mkdir "$T/share"
port=$(free_port)
run notify python3 "$IT_DIR/service_notify.py" --socket "$T/notify.sock" --port "$port" -- \
  "$SMBKIT_BIN" serve --listen 127.0.0.1 --port "$port" --netbios-port 0 \
  --share "data=$T/share" --user alice:secret
cat "$T/notify.out" >&9
assert_exit_code 0 "$RC" "service_notify.py"
assert_file_contains "$T/notify.out" \
  "^notify: READY=1 \\| STATUS=serving 1 share\\(s\\) on 127\\.0\\.0\\.1:$port \\(direct TCP\\)$"
assert_file_contains "$T/notify.out" "^port $port accepts connections at READY$"
assert_file_contains "$T/notify.out" '^notify: RELOADING=1$'
assert_file_contains "$T/notify.out" '^notify: READY=1 \| STATUS=serving \(reloaded\)$'
assert_file_contains "$T/notify.out" '^notify: STOPPING=1$'
assert_file_contains "$T/notify.out" '^exit status 0$'
