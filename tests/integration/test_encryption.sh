#!/usr/bin/env bash
# SMB3 encryption of `smbkit serve`, with Samba's smbclient:
#  - the round of operations of smbclient_ops.sh (ls, put, get, mkdir, rmdir, rm, rename,
#    setmode; content checked on disk and byte for byte) with --client-protection=encrypt, over
#    3.1.1 with each of the four ciphers pinned, and over 3.0 and 3.0.2 (AES-128-CCM);
#  - 256 MiB put and got back encrypted, byte for byte (64 MiB in the sanitizer pass);
#  - for each cipher, a captured session that tshark decrypts with the keys smbclient reports
#    ("debug encryption"): every message after the logon is in a TRANSFORM_HEADER, the read's
#    decrypted data is the file's bytes, and nothing is malformed;
#  - encryption_raw.py (a raw client, python3-cryptography): sealed replies, interim responses
#    and oplock breaks; no fallback to plaintext; transforms naming another session or tampered
#    with close the connection; --smb-encrypt desired sets SMB2_SESSION_FLAG_ENCRYPT_DATA;
#  - the policy: with --smb-encrypt required, a client that cannot encrypt (SMB 2.1) is refused at
#    logon with NT_STATUS_ACCESS_DENIED, and one that can is encrypted without asking; a share
#    with --share-encrypt required refuses an SMB 2.1 client at tree connect while another share
#    serves it; with --smb-encrypt off, a client that demands encryption gives up.
. "$(dirname "$0")/lib.sh"
require_tool smbclient python3 tshark
python3 -c 'import cryptography.hazmat.primitives.ciphers.aead' 2>/dev/null ||
  fail "python3-cryptography is missing (apt-get install python3-cryptography; scripts/deps.sh)"

mkdir -p "$T/share" "$T/local"
printf 'a small file written by smbclient over SMB3, encrypted\n' >"$T/local/small.txt"
make_random_file "$T/local/big.bin" $((20 * 1024 * 1024))
: >"$T/client.conf"
. "$(dirname "$0")/smbclient_ops.sh"

# said NAME: what the run NAME printed, stdout and stderr together (smbclient prints its errors
# and debug output on either).
said() { cat "$T/$1.out" "$T/$1.err" >"$T/$1.all"; echo "$T/$1.all"; }

CIPHERS=(AES-128-CCM AES-128-GCM AES-256-CCM AES-256-GCM)

start_smbkit --share "data=$T/share" --user alice:secret
for cipher in "${CIPHERS[@]}"; do
  session "smb3_11_$cipher" -m SMB3_11 --client-protection=encrypt \
    --option="client smb3 encryption algorithms=$cipher"
done
session smb3_00_encrypted -m SMB3_00 --client-protection=encrypt
session smb3_02_encrypted -m SMB3_02 --client-protection=encrypt

# 256 MiB in the plain pass; the sanitizer pass (SMBKIT_SANITIZED, scripts/test.sh) moves 64 MiB,
# the same code paths in a quarter of the time.
huge_mib=256
[ "${SMBKIT_SANITIZED:-0}" = 1 ] && huge_mib=64
note "$huge_mib MiB both ways, encrypted (AES-128-GCM)"
make_random_file "$T/local/huge.bin" $((huge_mib * 1024 * 1024))
smb2c huge_put -m SMB3_11 --client-protection=encrypt -- "put huge.bin"
assert_exit_code 0 "$RC" "encrypted put of $huge_mib MiB"
assert_file_eq "$T/local/huge.bin" "$T/share/huge.bin"
smb2c huge_get -m SMB3_11 --client-protection=encrypt -- "get huge.bin huge-back.bin"
assert_exit_code 0 "$RC" "encrypted get of $huge_mib MiB"
assert_file_eq "$T/local/huge.bin" "$T/local/huge-back.bin"
rm -f "$T/local/huge.bin" "$T/local/huge-back.bin" "$T/share/huge.bin"

# seskey_entry FILE: tshark's smb2_seskey_list entry (session id in wire order, session key,
# server-to-client key, client-to-server key, in hex) from smbclient's "debug encryption" dump.
seskey_entry() {
  python3 - "$1" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def key(name):
    m = re.search(re.escape(name) + r"\s+\[0000\] ([^\n]*)\n(?:\[0010\] ([^\n]*)\n)?", text)
    if not m:
        sys.exit("no %s in smbclient's key dump" % name)
    return "".join("".join(re.findall(r"\b[0-9A-F]{2}\b", line[:50]))
                   for line in m.groups() if line).lower()
print(",".join([key("Session Id"), key("Session Key"), key("ServerOut Key"), key("ServerIn Key")]))
EOF
}

printf 'decrypted by tshark: %s\n' "$(date +%s%N)" >"$T/share/marker.txt"
marker_hex=$(od -An -tx1 -v "$T/share/marker.txt" | tr -d ' \n')
for cipher in "${CIPHERS[@]}"; do
  note "a captured $cipher session, decrypted by tshark"
  capture_start "$SMBKIT_PORT"
  smb2c "capture_$cipher" -m SMB3_11 --client-protection=encrypt -d 1 \
    --option="client smb3 encryption algorithms=$cipher" --option='debug encryption=yes' \
    -- "get marker.txt marker-$cipher.txt"
  capture_stop
  assert_exit_code 0 "$RC" "$cipher: smbclient get under capture"
  assert_file_eq "$T/share/marker.txt" "$T/local/marker-$cipher.txt"
  entry=$(seskey_entry "$(said "capture_$cipher")") || fail "$cipher: $entry"
  tcprewrite --portmap="$SMBKIT_PORT:445" --infile="$CAPTURE_FILE" \
    --outfile="$T/decrypt-$cipher.pcap" >/dev/null 2>&1 || fail "tcprewrite failed"
  tsk=(tshark -r "$T/decrypt-$cipher.pcap" -o "uat:smb2_seskey_list:$entry")
  bad=$("${tsk[@]}" -Y "$CAPTURE_BAD" 2>"$T/tshark.err") ||
    fail "tshark could not read the capture: $(cat "$T/tshark.err")"
  [ -z "$bad" ] || fail "$cipher: Wireshark reports malformed packets or errors: $(head -5 <<<"$bad")"
  # Plaintext SMB2 only for NEGOTIATE and SESSION_SETUP; everything else came decrypted.
  plain=$("${tsk[@]}" -Y 'smb2 && smb2.cmd > 1 && !smb2.header.transform.msg_size' 2>/dev/null)
  [ -z "$plain" ] || fail "$cipher: messages in plaintext after the logon: $(head -3 <<<"$plain")"
  decrypted=$("${tsk[@]}" -Y 'smb2.header.transform.msg_size && smb2.cmd == 8 &&
    smb2.flags.response == 1' -T fields -e data.data 2>/dev/null | tr -d ':,\n')
  assert_eq "$marker_hex" "$decrypted" "$cipher: the read's data as tshark decrypts it"
  n=$("${tsk[@]}" -Y 'smb2.header.transform.msg_size && smb2.cmd == 5' 2>/dev/null | wc -l)
  [ "$n" -ge 2 ] || fail "$cipher: no decrypted CREATE request and response in the capture"
done
stop_smbkit

note "a raw client: sealed replies, interim responses, oplock breaks, refusals"
start_smbkit --share "data=$T/share" --user alice:secret --smb-encrypt desired
desired_port=$SMBKIT_PORT desired_pid=$SMBKIT_PID
SMBKIT_PID=""
start_smbkit --share "data=$T/share" --user alice:secret
run encryption_raw python3 "$(dirname "$0")/encryption_raw.py" --port "$SMBKIT_PORT" \
  --desired-port "$desired_port" --user alice --password secret --share data --local "$T/share"
cat "$T/encryption_raw.out" >&9
assert_exit_code 0 "$RC" "encryption_raw.py"
for c in replies interim oplock_break no_fallback unknown_session tampered desired; do
  assert_file_contains "$T/encryption_raw.out" "^ok $c\$" "encryption_raw.py $c"
done
stop_smbkit
SMBKIT_PID=$desired_pid
stop_smbkit

note "--smb-encrypt required"
start_smbkit --share "data=$T/share" --user alice:secret --smb-encrypt required
smb2c required_smb21 -m SMB2_10 -- "ls"
assert_file_contains "$(said required_smb21)" 'session setup failed: NT_STATUS_ACCESS_DENIED' \
  "an SMB 2.1 client where encryption is required"
smb2c required_default -m SMB3_11 -d 5 -- "get marker.txt required.txt"
assert_exit_code 0 "$RC" "a client that can encrypt, not asked to"
assert_file_eq "$T/share/marker.txt" "$T/local/required.txt"
assert_file_contains "$(said required_default)" 'Encrypted SMB2 message' \
  "smbclient encrypting because the server said so"
stop_smbkit

note "--share-encrypt data=required"
mkdir -p "$T/open"
echo "in a share that does not encrypt" >"$T/open/open.txt"
start_smbkit --share "data=$T/share" --share "open=$T/open" --user alice:secret \
  --share-encrypt data=required
smb2c share_required_smb21 -m SMB2_10 -- "ls"
assert_file_contains "$(said share_required_smb21)" 'tree connect failed: NT_STATUS_ACCESS_DENIED' \
  "an SMB 2.1 client on a share that requires encryption"
run share_open_smb21 timeout -k 5 "$CLIENT_TIMEOUT" smbclient -s "$T/client.conf" \
  -p "$SMBKIT_PORT" //127.0.0.1/open -U alice%secret -m SMB2_10 -c "get open.txt $T/local/open.txt"
assert_exit_code 0 "$RC" "the SMB 2.1 client on the other share"
assert_file_eq "$T/open/open.txt" "$T/local/open.txt"
smb2c share_required_smb3 -m SMB3_11 -d 5 -- "get marker.txt share-required.txt"
assert_exit_code 0 "$RC" "an SMB 3.1.1 client on the share that requires encryption"
assert_file_eq "$T/share/marker.txt" "$T/local/share-required.txt"
assert_file_contains "$(said share_required_smb3)" 'Encrypted SMB2 message' \
  "smbclient encrypting on the share that requires it"
stop_smbkit

note "--smb-encrypt off"
start_smbkit --share "data=$T/share" --user alice:secret --smb-encrypt off
smb2c off_demanding -m SMB3_11 --client-protection=encrypt -- "ls"
[ "$RC" -ne 0 ] || fail "a client demanding encryption went on with a server that has it off"
assert_file_contains "$(said off_demanding)" "Encryption required and server doesn't support" \
  "smbclient's refusal"
smb2c off_plain -m SMB3_11 -- "get marker.txt off.txt"
assert_exit_code 0 "$RC" "a plain client with encryption off"
assert_file_eq "$T/share/marker.txt" "$T/local/off.txt"
stop_smbkit
note "ok"
