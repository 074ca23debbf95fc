// NTLM challenge responses and session keys (MS-NLMP 3.3.1 NTLMv1, 3.3.2 NTLMv2, 3.4.5.1 KXKEY,
// 3.1.5.1.2 / 3.2.5.1.2 key exchange). Pure functions: every nonce and time is an argument.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "auth/ntlm_hash.h"
#include "wire/byte_reader.h"

namespace smbkit::auth {

using Challenge = std::array<uint8_t, 8>;
using SessionKey = std::array<uint8_t, 16>;
using NtProofStr = std::array<uint8_t, 16>;
using Response24 = std::array<uint8_t, 24>;

// DESL(K, D) (MS-NLMP 6): D encrypted under K[0..6], K[7..13] and K[14..15] || Z(5).
Response24 desl(const std::array<uint8_t, 16>& key, const Challenge& data);

// --- NTLMv1 (MS-NLMP 3.3.1) ---
// Without extended session security: DESL(NTOWFv1, ServerChallenge) and DESL(LMOWFv1, ...).
Response24 ntlmv1_response(const NtHash& nt_hash, const Challenge& server_challenge);
Response24 lmv1_response(const LmHash& lm_hash, const Challenge& server_challenge);
// With NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY: the NT response is DESL over
// MD5(ServerChallenge || ClientChallenge)[0..7]; the LM response is ClientChallenge || Z(16).
Response24 ntlmv1_ess_response(const NtHash& nt_hash, const Challenge& server_challenge,
                               const Challenge& client_challenge);
Response24 lmv1_ess_response(const Challenge& client_challenge);
// SessionBaseKey = MD4(NTOWFv1).
SessionKey ntlmv1_session_base_key(const NtHash& nt_hash);

// --- NTLMv2 (MS-NLMP 3.3.2, 2.2.2.7) ---
// The client blob "temp": RespType 1, HiRespType 1, Z(6), Time, ClientChallenge, Z(4),
// AV pairs (already encoded, ending with MsvAvEOL), Z(4).
std::vector<uint8_t> ntlmv2_client_blob(uint64_t timestamp, const Challenge& client_challenge,
                                        Bytes av_pairs);
// Offsets inside the blob, for readers of a received one.
inline constexpr size_t kBlobTimestampOffset = 8;
inline constexpr size_t kBlobClientChallengeOffset = 16;
inline constexpr size_t kBlobAvPairsOffset = 28;
// NTProofStr = HMAC_MD5(ResponseKeyNT, ServerChallenge || temp).
NtProofStr ntlmv2_proof(const ResponseKey& key, const Challenge& server_challenge, Bytes blob);
// NtChallengeResponse = NTProofStr || temp.
std::vector<uint8_t> ntlmv2_response(const ResponseKey& key, const Challenge& server_challenge,
                                     Bytes blob);
// LMv2: HMAC_MD5(ResponseKeyLM, ServerChallenge || ClientChallenge) || ClientChallenge.
Response24 lmv2_response(const ResponseKey& key, const Challenge& server_challenge,
                         const Challenge& client_challenge);
// SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr).
SessionKey ntlmv2_session_base_key(const ResponseKey& key, const NtProofStr& proof);

// --- Key exchange ---
// KXKEY for NTLMv1 (MS-NLMP 3.4.5.1): with extended session security
// HMAC_MD5(SessionBaseKey, ServerChallenge || LmChallengeResponse[0..7]), else the base key.
// (NTLMv2 uses the SessionBaseKey itself.) LM_KEY and REQUEST_NON_NT_SESSION_KEY need the LM
// hash, which smbkit never keeps: they are never negotiated.
SessionKey kxkey_ntlmv1(const SessionKey& session_base_key, uint32_t flags,
                        const Challenge& server_challenge, Bytes lm_response);
// Whether the client sends an EncryptedRandomSessionKey: KEY_EXCH together with SIGN or SEAL
// (MS-NLMP 3.1.5.1.2, 3.2.5.1.2).
bool uses_key_exchange(uint32_t flags);
// EncryptedRandomSessionKey = RC4(KeyExchangeKey, ExportedSessionKey); decryption is the same.
SessionKey rc4_session_key(const SessionKey& key_exchange_key, const SessionKey& key);

}  // namespace smbkit::auth
