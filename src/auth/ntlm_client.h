// The client's side of NTLM: the NTLMSSP exchange (MS-NLMP 3.1) with NTLMv2, and the raw
// NTLMv2/LMv2 responses of the non-extended SMB1 session setup.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/av_pairs.h"
#include "auth/ntlm_hash.h"
#include "auth/ntlm_response.h"
#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::auth {

// The random inputs of one AUTHENTICATE_MESSAGE, to be given by tests that need fixed output.
struct ClientNonces {
  Challenge client_challenge{};
  SessionKey random_session_key{};  // the ExportedSessionKey when keys are exchanged
  uint64_t timestamp = 0;           // used when the CHALLENGE carries no MsvAvTimestamp
};

class NtlmClientContext {
 public:
  // Empty user and password make an anonymous logon. The password is hashed at once and this
  // copy of it wiped.
  NtlmClientContext(std::string user, std::string password, std::string domain,
                    std::string workstation);
  ~NtlmClientContext();
  NtlmClientContext(const NtlmClientContext&) = delete;
  NtlmClientContext& operator=(const NtlmClientContext&) = delete;

  // The NEGOTIATE_MESSAGE (Unicode, NTLM, extended session security, 128/56-bit, key exchange,
  // signing, version).
  std::vector<uint8_t> negotiate();
  // The AUTHENTICATE_MESSAGE answering the server's CHALLENGE_MESSAGE: NTLMv2 (the LMv2 response
  // zeroed when the target info carries a timestamp, as MS-NLMP 3.1.5.2.1 says), key exchange
  // when the server agreed to it, and a MIC when the target info carries a timestamp. Fails with
  // InvalidParameter before negotiate() or on a malformed challenge.
  Result<std::vector<uint8_t>> authenticate(Bytes challenge_msg);
  Result<std::vector<uint8_t>> authenticate(Bytes challenge_msg, const ClientNonces& nonces);

  // The ExportedSessionKey once authenticate() succeeded; empty for an anonymous logon.
  const std::vector<uint8_t>& session_key() const { return session_key_; }
  bool is_anonymous() const { return user_.empty() && no_password_; }

 private:
  std::string user_;
  std::string domain_;
  std::string workstation_;
  NtHash nt_hash_{};
  bool no_password_ = false;
  std::vector<uint8_t> negotiate_msg_;
  std::vector<uint8_t> session_key_;
};

struct RawResponses {
  std::vector<uint8_t> lm_response;  // LMv2, 24 bytes
  std::vector<uint8_t> nt_response;  // NTProofStr || blob
  std::vector<uint8_t> session_key;  // the NTLMv2 SessionBaseKey
};

// For the non-extended SMB1 session setup: LMv2 and NTLMv2 responses to `server_challenge`, the
// blob carrying the current time and `target_info`'s pairs (none if empty). Empty user and
// password give the anonymous logon's empty responses and no key.
RawResponses ntlmv2_responses_for_raw_challenge(std::string_view user, std::string password,
                                                std::string_view domain,
                                                const Challenge& server_challenge,
                                                const AvPairs& target_info = {});

}  // namespace smbkit::auth
