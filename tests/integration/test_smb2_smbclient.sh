#!/usr/bin/env bash
# Samba's smbclient over SMB 2.0.2, 2.1, 3.0, 3.0.2 and 3.1.1 against `smbkit serve`: ls, put
# (a small file and 20 MiB of random bytes), get, mkdir, rmdir, rm, rename and setmode, each
# result checked on the server's disk or byte for byte; plain, signed (--client-protection=sign)
# and, for 3.1.1 with `client min protocol = SMB3_11`, with each of the three signing
# algorithms. A failure comes back with the status smbclient prints. One signed 3.1.1 session is
# captured, and Wireshark must find nothing malformed in it and every signature valid.
. "$(dirname "$0")/lib.sh"
require_tool smbclient python3 tshark

mkdir -p "$T/share" "$T/local"
printf 'a small file written by smbclient over SMB2\n' >"$T/local/small.txt"
make_random_file "$T/local/big.bin" $((20 * 1024 * 1024))
start_smbkit --share "data=$T/share" --user alice:secret
: >"$T/client.conf"

. "$(dirname "$0")/smbclient_ops.sh"

session smb2_02 -m SMB2_02
session smb2_10 -m SMB2_10
session smb3_00 -m SMB3_00
session smb3_00_signed -m SMB3_00 --client-protection=sign
session smb3_02 -m SMB3_02
session smb3_11 -m SMB3_11
session smb3_11_signed -m SMB3_11 --client-protection=sign
for alg in HMAC-SHA256 AES-128-CMAC AES-128-GMAC; do
  session "smb3_11_$alg" --option='client min protocol=SMB3_11' \
    --option="client smb3 signing algorithms=$alg" --client-protection=sign
done

# The dialect each run settled on, as the server logs it.
grep -q "over SMB 0x0202" "$SMBKIT_LOG" || fail "no SMB 2.0.2 logon in the server's log"
grep -q "over SMB 0x0311" "$SMBKIT_LOG" || fail "no SMB 3.1.1 logon in the server's log"

note "a signed SMB 3.1.1 session under tshark"
capture_start "$SMBKIT_PORT"
session captured -m SMB3_11 --client-protection=sign
capture_stop
capture_check "$CAPTURE_FILE" "$SMBKIT_PORT"
assert_capture_has "$CAPTURE_STD" 'smb2.cmd == 5 && smb2.flags.response == 1' "SMB2 CREATE responses"
assert_capture_has "$CAPTURE_STD" 'smb2.flags.signature == 1 && smb2.flags.response == 1' \
  "signed responses"
note "ok"
