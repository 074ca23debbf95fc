#!/usr/bin/env bash
# Logons and ids that must be refused, each with its status: wrong password, unknown user, an
# empty password (NTLMv2 of "", and no responses at all), NTLMv1 while it is off, anonymous and
# guest logons while guest access is off (a passwordless account included), an NTLMSSP
# AUTHENTICATE replayed on a new connection, and a UID, TID or FID taken from another connection.
# raw_smb1.py makes the requests (both logon forms: the non-extended SESSION_SETUP_ANDX and
# NTLMSSP in SPNEGO); smbclient shows NTLMv1, anonymous and empty-password logons as a real client
# sends them. Samba's smbd answers the same probes first (when root), for reference.
. "$(dirname "$0")/lib.sh"
require_tool python3 smbclient smbd smbpasswd

# "PROBE SMBKIT_STATUS SMBD_STATUS" (statuses without STATUS_). Where they differ, smbkit answers
# as Windows does (MS-NLMP: a response that does not verify is a logon failure; MS-CIFS 3.3.5.2:
# an unknown TID is STATUS_SMB_BAD_TID) and the comment says what Samba 4.17 does.
PROBES=(
  'good_raw SUCCESS SUCCESS'
  'good_ntlmssp SUCCESS SUCCESS'
  'wrong_password_raw LOGON_FAILURE LOGON_FAILURE'
  'wrong_password_ntlmssp LOGON_FAILURE LOGON_FAILURE'
  'unknown_user_raw LOGON_FAILURE LOGON_FAILURE'
  'unknown_user_ntlmssp LOGON_FAILURE LOGON_FAILURE'
  'empty_password_raw LOGON_FAILURE LOGON_FAILURE'
  'empty_password_ntlmssp LOGON_FAILURE LOGON_FAILURE'
  'empty_responses_raw LOGON_FAILURE LOGON_FAILURE'
  'empty_responses_ntlmssp LOGON_FAILURE LOGON_FAILURE'
  # Samba admits anonymous ("null") sessions even with map to guest = Never; smbkit only with
  # --guest.
  'anonymous_raw LOGON_FAILURE SUCCESS'
  'anonymous_ntlmssp LOGON_FAILURE SUCCESS'
  'guest_raw LOGON_FAILURE LOGON_FAILURE'
  'guest_ntlmssp LOGON_FAILURE LOGON_FAILURE'
  # Samba checks the blob's timestamp against its own CHALLENGE first: INVALID_PARAMETER.
  'replay LOGON_FAILURE INVALID_PARAMETER'
  'cross_uid SMB_BAD_UID SMB_BAD_UID'
  # Samba: NETWORK_NAME_DELETED.
  'cross_tid SMB_BAD_TID NETWORK_NAME_DELETED'
  'cross_fid INVALID_HANDLE INVALID_HANDLE'
)

# probe_status FILE NAME: the status name a raw_smb1.py auth run reported for probe NAME.
probe_status() {
  sed -nE "s/^probe=$2 status=0x[0-9a-f]{8} STATUS_([A-Z_]+).*/\\1/p" "$1"
}

# run_probes LABEL PORT USER PASS FIELD: every probe; FIELD 2 (smbkit) or 3 (smbd) expected.
run_probes() {
  local label=$1 port=$2 user=$3 pass=$4 field=$5 p names=()
  for p in "${PROBES[@]}"; do names+=("${p%% *}"); done
  run "$label" python3 "$IT_DIR/raw_smb1.py" --port "$port" --user "$user" --password "$pass" \
    --share share auth "${names[@]}"
  assert_exit_code 0 "$RC" "raw_smb1.py auth against $label"
  for p in "${PROBES[@]}"; do
    assert_eq "$(cut -d' ' -f"$field" <<<"$p")" "$(probe_status "$T/$label.out" "${p%% *}")" \
      "$label: probe ${p%% *}"
  done
  # With guest access off, no logon is admitted as a guest one.
  if [ "$label" != smbd ] && grep -q 'guest=1' "$T/$label.out"; then
    fail "$label: a logon was admitted as guest with guest access off"
  fi
}

# smbclient_logon LABEL PORT CRED [OPTION...]: smbclient -m NT1 listing the share.
smbclient_logon() {
  local label=$1 port=$2 cred=$3
  shift 3
  run "$label" smbclient_nt1 -p "$port" //127.0.0.1/share "$cred" "$@" -c ls
}

# An NTLMv1 logon as smbclient sends it when told not to use NTLMv2 (nor LM): in SPNEGO (NTLMSSP,
# with extended session security) and in the raw form (no SPNEGO).
NTLMV1=(--option='client ntlmv2 auth=no' --option='client lanman auth=no')
RAW_FORM=(--option='client use spnego=no')

# ---- Samba's smbd, for reference ----
if [ "$(id -u)" -eq 0 ]; then
  start_smbd
  printf 'hello\n' >"$SMBD_SHARE/hello.txt"
  note "probes against smbd (ntlm auth = ntlmv2-only)"
  run_probes smbd "$SMBD_PORT" "$SMBD_USER" "$SMBD_PASS" 3
  smbclient_logon smbd_v1 "$SMBD_PORT" -U"$SMBD_USER%$SMBD_PASS" "${NTLMV1[@]}"
  assert_exit_code 1 "$RC" "smbclient NTLMv1 against smbd"
  assert_contains "$(cat "$T/smbd_v1".{out,err})" NT_STATUS_LOGON_FAILURE "smbclient NTLMv1 (smbd)"
  stop_smbd
else
  note "not root: Samba's smbd is not run for reference"
fi

# ---- smbkit serve, guest access and NTLMv1 off ----
mkdir -p "$T/share"
printf 'hello\n' >"$T/share/hello.txt"
# A passwordless account as Samba's smbpasswd writes it ('N' flag, no hashes).
printf 'nopass:1000:%s:%s:[NU         ]:LCT-00000000:\n' "$(printf 'X%.0s' {1..32})" \
  "$(printf 'X%.0s' {1..32})" >"$T/smbpasswd"
start_smbkit --share "share=$T/share" --user alice:secret --users-file "$T/smbpasswd"
note "probes against smbkit"
run_probes smbkit "$SMBKIT_PORT" alice secret 2
cat "$T/smbkit.out" >&9

note "a passwordless account is a guest logon: refused"
for password in '' anything; do
  run "nopass_${password:-empty}" python3 "$IT_DIR/raw_smb1.py" --port "$SMBKIT_PORT" \
    --user nopass --password "$password" --share share auth good_raw good_ntlmssp
  assert_exit_code 0 "$RC"
  for probe in good_raw good_ntlmssp; do
    assert_eq LOGON_FAILURE "$(probe_status "$T/nopass_${password:-empty}.out" "$probe")" \
      "passwordless account, password '$password', $probe"
  done
done

note "smbclient: NTLMv1, anonymous and an empty password are refused"
for form in spnego raw; do
  extra=()
  [ "$form" = raw ] && extra=("${RAW_FORM[@]}")
  smbclient_logon "v1_$form" "$SMBKIT_PORT" -Ualice%secret "${NTLMV1[@]}" "${extra[@]}"
  assert_exit_code 1 "$RC" "smbclient NTLMv1 ($form)"
  assert_contains "$(cat "$T/v1_$form".{out,err})" NT_STATUS_LOGON_FAILURE \
    "smbclient NTLMv1 ($form)"
  smbclient_logon "anon_$form" "$SMBKIT_PORT" -N "${extra[@]}"
  assert_exit_code 1 "$RC" "smbclient anonymous ($form)"
  assert_contains "$(cat "$T/anon_$form".{out,err})" NT_STATUS_LOGON_FAILURE "smbclient -N ($form)"
  smbclient_logon "empty_$form" "$SMBKIT_PORT" -Ualice% "${extra[@]}"
  assert_exit_code 1 "$RC" "smbclient empty password ($form)"
  assert_contains "$(cat "$T/empty_$form".{out,err})" NT_STATUS_LOGON_FAILURE \
    "smbclient -U alice% ($form)"
  smbclient_logon "good_$form" "$SMBKIT_PORT" -Ualice%secret "${extra[@]}"
  assert_exit_code 0 "$RC" "smbclient alice ($form)"
done
stop_smbkit

# ---- the same accounts with guest access and NTLMv1 on: what was refused above for those
# reasons alone now gets in, so the refusals were theirs ----
start_smbkit --share "share=$T/share" --user alice:secret --users-file "$T/smbpasswd" --guest \
  --allow-ntlmv1
note "smbkit with --guest --allow-ntlmv1"
run guest_on python3 "$IT_DIR/raw_smb1.py" --port "$SMBKIT_PORT" --user alice --password secret \
  --share share auth anonymous_raw anonymous_ntlmssp wrong_password_raw empty_password_ntlmssp \
  guest_raw replay
assert_exit_code 0 "$RC"
for probe in anonymous_raw anonymous_ntlmssp; do
  assert_file_contains "$T/guest_on.out" "^probe=$probe status=0x00000000 STATUS_SUCCESS guest=1\$"
done
# Guest access does not turn a failed logon into a guest one (no "map to guest").
for probe in wrong_password_raw empty_password_ntlmssp guest_raw replay; do
  assert_eq LOGON_FAILURE "$(probe_status "$T/guest_on.out" "$probe")" "with --guest: $probe"
done
run nopass_guest_on python3 "$IT_DIR/raw_smb1.py" --port "$SMBKIT_PORT" --user nopass \
  --password '' --share share auth good_raw good_ntlmssp
assert_exit_code 0 "$RC"
for probe in good_raw good_ntlmssp; do
  assert_file_contains "$T/nopass_guest_on.out" \
    "^probe=$probe status=0x00000000 STATUS_SUCCESS guest=1\$"
done
for form in spnego raw; do
  extra=()
  [ "$form" = raw ] && extra=("${RAW_FORM[@]}")
  smbclient_logon "v1_on_$form" "$SMBKIT_PORT" -Ualice%secret "${NTLMV1[@]}" "${extra[@]}"
  assert_exit_code 0 "$RC" "smbclient NTLMv1 with --allow-ntlmv1 ($form)"
  assert_file_contains "$T/v1_on_$form.out" 'hello\.txt' "smbclient NTLMv1 listing ($form)"
done
stop_smbkit
