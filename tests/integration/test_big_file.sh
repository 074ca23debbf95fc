#!/usr/bin/env bash
# A 1 GiB file of random bytes, byte-exact both ways across the peers: Samba's smbclient
# (SMB1, 64 KiB reads) downloading from `smbkit serve`, and the smbkit client downloading from
# Samba's smbd over SMB1 and, encrypted with AES-128-GCM, over SMB 3.1.1 (get and put). Samba's
# own client reads it from smbd first, as the reference. About a minute here; 3 GiB of /tmp.
. "$(dirname "$0")/lib.sh"

need_root "Samba's smbd"
require_tool smbd smbpasswd smbclient
CLIENT_TIMEOUT=300
mkdir "$T/share"
make_random_file "$T/share/big.bin" $((1024 * 1024 * 1024))

# smbd and smbkit serve the same directory.
start_smbd --share "share=$T/share"

note "reference: smbclient from smbd"
run ref smbclient_nt1 -p "$SMBD_PORT" //127.0.0.1/share -U "$SMBD_USER%$SMBD_PASS" \
  -c "get big.bin $T/ref.bin"
assert_exit_code 0 "$RC"
assert_file_eq "$T/share/big.bin" "$T/ref.bin"
rm -f "$T/ref.bin"

note "smbkit client from smbd"
SECONDS=0
run smbkit_from_smbd smbkit_client get //127.0.0.1/share/big.bin "$T/from-smbd.bin" \
  -p "$SMBD_PORT" -U "$SMBD_USER%$SMBD_PASS" -m NT1
assert_exit_code 0 "$RC"
assert_file_eq "$T/share/big.bin" "$T/from-smbd.bin"
note "smbkit client from smbd: ${SECONDS} s"
rm -f "$T/from-smbd.bin"

note "smbkit client from and to smbd over SMB 3.1.1, encrypted"
SECONDS=0
run smbkit3_from_smbd smbkit_client get //127.0.0.1/share/big.bin "$T/from-smbd3.bin" \
  -p "$SMBD_PORT" -U "$SMBD_USER%$SMBD_PASS" --encrypt
assert_exit_code 0 "$RC"
assert_file_eq "$T/share/big.bin" "$T/from-smbd3.bin"
run smbkit3_to_smbd smbkit_client put "$T/from-smbd3.bin" //127.0.0.1/share/up3.bin \
  -p "$SMBD_PORT" -U "$SMBD_USER%$SMBD_PASS" --encrypt
assert_exit_code 0 "$RC"
assert_file_eq "$T/share/big.bin" "$T/share/up3.bin"
note "smbkit client get and put over SMB 3.1.1 encrypted: ${SECONDS} s"
rm -f "$T/from-smbd3.bin" "$T/share/up3.bin"
stop_smbd

note "smbclient from smbkit"
start_smbkit --share "data=$T/share" --user alice:secret
SECONDS=0
run smbclient_from_smbkit smbclient_nt1 -p "$SMBKIT_PORT" //127.0.0.1/data -U alice%secret \
  -c "get big.bin $T/from-smbkit.bin"
assert_exit_code 0 "$RC"
assert_file_eq "$T/share/big.bin" "$T/from-smbkit.bin"
note "smbclient from smbkit: ${SECONDS} s ($(grep -o 'average [0-9.]* [A-Za-z/]*' \
  "$T/smbclient_from_smbkit.err" "$T/smbclient_from_smbkit.out" | tail -n 1 | cut -d: -f2))"
stop_smbkit
