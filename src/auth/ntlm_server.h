// The server's side of NTLM: the raw challenge/response check of the non-extended SMB1 session
// setup, and the NTLMSSP exchange (MS-NLMP 3.2) used inside SPNEGO by SMB1 extended security
// and SMB2.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auth/ntlm_response.h"
#include "auth/user_db.h"
#include "crypto/secure.h"
#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::auth {

struct AuthOutcome {
  std::string user;         // the account's name as stored; empty for anonymous
  std::string domain;       // as the client sent it
  std::string workstation;  // as the client sent it (NTLMSSP only)
  // The session key: for the raw form the SessionBaseKey, for NTLMSSP the ExportedSessionKey.
  // Empty for anonymous and guest logons, which have none. Wiped with the outcome.
  crypto::SecretBytes session_key;
  // Empty user name and empty responses: the server decides whether it admits anonymous.
  bool is_anonymous = false;
  // Logged on to a passwordless account (smbpasswd 'N' flag, no hash) without proving a secret:
  // treat like a guest (no signing key).
  bool is_guest = false;
};

// The non-extended SMB1 SESSION_SETUP_ANDX check of raw LM/NT responses to `server_challenge`
// (see verify_responses() for which forms are tried; NTLMv1 only when `allow_ntlmv1`). Unknown
// user and wrong password both fail with LogonFailure, after the same work; a disabled account
// fails with AccountDisabled, but only once its password was right.
Result<AuthOutcome> verify_challenge_response(const UserDb& db, std::string_view user,
                                              std::string_view domain,
                                              const Challenge& server_challenge, Bytes lm_response,
                                              Bytes nt_response, bool allow_ntlmv1);

// One NTLMSSP exchange: challenge() answers the client's NEGOTIATE_MESSAGE, authenticate()
// checks its AUTHENTICATE_MESSAGE. A context serves one logon.
class NtlmServerContext {
 public:
  // NetBIOS names of this server and its domain or workgroup, e.g. "SMBKIT", "WORKGROUP"; the
  // DNS names in the target info are their lower-case forms.
  NtlmServerContext(std::string computer_name, std::string domain_name);
  ~NtlmServerContext();

  // The CHALLENGE_MESSAGE, with a random server challenge and the current time.
  Result<std::vector<uint8_t>> challenge(Bytes negotiate_msg);
  // The same with a given challenge and FILETIME timestamp (for tests and replays).
  Result<std::vector<uint8_t>> challenge(Bytes negotiate_msg, const Challenge& server_challenge,
                                         uint64_t timestamp);

  // Checks the client's responses (NTLMv2; LMv2 and NTLMv1 as verify_responses() allows),
  // derives the exported session key (decrypting EncryptedRandomSessionKey with key exchange)
  // and checks the MIC when the client's blob announces one. Anonymous: empty user, empty NT
  // response and an empty or single zero byte LM response.
  // Fails with InvalidParameter before challenge() or on a malformed message, LogonFailure on a
  // wrong password, unknown user or wrong MIC, AccountDisabled as verify_challenge_response().
  Result<AuthOutcome> authenticate(Bytes authenticate_msg, const UserDb& db, bool allow_ntlmv1);

  // The flags agreed for this logon (those of the CHALLENGE, narrowed by the AUTHENTICATE once
  // it has been checked).
  uint32_t flags() const { return flags_; }

 private:
  std::string computer_name_;
  std::string domain_name_;
  std::vector<uint8_t> negotiate_msg_;
  std::vector<uint8_t> challenge_msg_;
  Challenge server_challenge_{};
  uint32_t flags_ = 0;
  bool challenge_sent_ = false;
};

}  // namespace smbkit::auth
