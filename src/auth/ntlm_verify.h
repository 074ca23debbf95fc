// Checks NTLM challenge responses against an NT hash: the core shared by the raw SMB1 logon and
// the NTLMSSP server context (MS-NLMP 3.2.5.1.2, 3.3.1, 3.3.2).
#pragma once

#include <optional>
#include <string_view>

#include "auth/ntlm_response.h"

namespace smbkit::auth {

enum class ResponseKind { NtlmV2, LmV2, NtlmV1 };

// Wipes its key when it goes, on the paths that refuse a logon after the check too.
struct VerifiedResponse {
  ResponseKind kind;
  SessionKey session_base_key;
  ~VerifiedResponse();
};

// Which response the client sent decides the check:
// - an NT response longer than 24 bytes is NTLMv2, tried with the domain as sent, then the empty
//   domain, then the upper-cased domain (MS-NLMP 3.2.5.1.2 asks servers to accept clients that
//   hash with an empty domain); nothing else is tried if it fails;
// - otherwise a 24-byte LM response (with the NT response empty or 24 bytes) is tried as LMv2
//   with the same domains, then a 24-byte NT response as LMv2 (some clients send it in both);
// - then, only if `allow_ntlmv1`, a 24-byte NT response as NTLMv1 (the extended-session-security
//   form when `extended_session_security`, whose client challenge is LM response[0..7]).
// The LMv2 session base key is HMAC_MD5(ResponseKeyNT, LMv2[0..15]), in the NTLMv2 manner.
// All comparisons are constant-time; intermediate keys and expected responses are wiped.
std::optional<VerifiedResponse> verify_responses(const NtHash& nt_hash, std::string_view user,
                                                 std::string_view domain,
                                                 const Challenge& server_challenge,
                                                 Bytes lm_response, Bytes nt_response,
                                                 bool allow_ntlmv1, bool extended_session_security);

}  // namespace smbkit::auth
