// The client's side of SPNEGO with NTLMSSP (RFC 4178, MS-SPNG 3.1, MS-NLMP 3.1.5), for SMB1's
// extended-security SESSION_SETUP_ANDX and SMB2's SESSION_SETUP alike: the tokens of each round,
// the checks on the server's, and the session key at the end.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/ntlm_client.h"
#include "auth/ntlm_session.h"
#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::auth {

class SpnegoInitiator {
 public:
  // Empty user and password make an anonymous logon. The password is hashed at once.
  SpnegoInitiator(std::string user, std::string password, std::string domain,
                  std::string workstation);

  // NegTokenInit offering NTLMSSP, with the NEGOTIATE_MESSAGE.
  std::vector<uint8_t> initial_token();
  // The answer to the server's token of a MORE_PROCESSING_REQUIRED response (its CHALLENGE):
  // NegTokenResp with the AUTHENTICATE_MESSAGE and, when NTLM made a session key, the
  // mechListMIC over the offered mechanism list (MS-SPNG 3.3.5.1; Samba insists on it).
  // LogonFailure when the server rejects; InvalidNetworkResponse for a malformed token or a
  // second challenge.
  Result<std::vector<uint8_t>> respond(Bytes server_token);
  // The server's token of the final, successful response: LogonFailure when it rejects after
  // all, AccessDenied when its mechListMIC does not verify (the mechanism list was tampered
  // with), InvalidNetworkResponse when it is malformed or comes before any challenge was answered.
  Result<void> complete(Bytes server_token);

  // The ExportedSessionKey once respond() succeeded; empty for an anonymous logon.
  const std::vector<uint8_t>& session_key() const { return ntlm_.session_key(); }
  bool anonymous() const { return ntlm_.is_anonymous(); }

 private:
  NtlmClientContext ntlm_;
  bool answered_ = false;
  // What the server's mechListMIC is checked with.
  std::vector<uint8_t> mech_list_;
  std::optional<NtlmSigner> server_signer_;
};

}  // namespace smbkit::auth
