// The server's side of one logon's security exchange, for both dialects (SMB1 extended security
// and SMB2 SESSION_SETUP): NTLMSSP (MS-NLMP) carried raw or inside SPNEGO (RFC 4178, MS-SPNG).
// A client that sent raw NTLMSSP is answered raw: older SMB1 clients cannot parse a SPNEGO
// reply. A SPNEGO client whose preferred mechanism is not NTLMSSP (Windows offers Kerberos
// first) is told to use NTLMSSP instead, and then must sign the mechanism list (RFC 4178 5).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/ntlm_server.h"
#include "auth/user_db.h"
#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::auth {

class SpnegoAcceptor {
 public:
  // NetBIOS names of the server and its domain or workgroup, for the NTLM CHALLENGE.
  SpnegoAcceptor(std::string computer_name, std::string domain_name);

  struct Step {
    // MoreProcessingRequired: send `token` and expect the client's next one. Success: the logon
    // is done, `outcome` says who logged on, `token` is the final answer. Anything else: the
    // logon failed (`token` empty).
    NtStatus status = NtStatus::LogonFailure;
    std::vector<uint8_t> token;
    std::optional<AuthOutcome> outcome;
  };
  // One client token in, the answer out.
  Step step(Bytes client_token, const UserDb& db, bool allow_ntlmv1);

 private:
  enum class Form : uint8_t { Unknown, Raw, Spnego };
  Step first(Bytes client_token);
  Step authenticate(Bytes ntlm_message, const std::optional<std::vector<uint8_t>>& mic,
                    const UserDb& db, bool allow_ntlmv1);
  Step challenge(Bytes ntlm_negotiate);

  NtlmServerContext ntlm_;
  Form form_ = Form::Unknown;
  bool challenged_ = false;
  // Once NTLMSSP was chosen against the client's preference, the client must send a mechListMIC.
  bool mic_required_ = false;
  std::vector<std::string> mech_types_;  // the client's list, which a mechListMIC signs
};

}  // namespace smbkit::auth
