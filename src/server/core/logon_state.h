// What a logged-on session is, whichever dialect logged it on: each dialect's session table entry
// (Smb1Session, Smb2Session) embeds it.
#pragma once

#include <memory>
#include <string>

#include "auth/ntlm_server.h"
#include "auth/spnego_acceptor.h"
#include "crypto/secure.h"
#include "smbkit/server.h"
#include "smbkit/status.h"

namespace smbkit::server {

struct LogonState {
  std::string user;  // empty for anonymous
  bool authenticated = false;
  bool guest = false;                // guest or anonymous: no session key, never signs
  crypto::SecretBytes session_key;   // wiped when the session ends
  // A logon in progress over several round trips (NTLMSSP's CHALLENGE sent, AUTHENTICATE due).
  std::unique_ptr<auth::SpnegoAcceptor> logon;
};

// Completes `session` with a checked logon. Anonymous logons, and logons to passwordless accounts
// (which prove no secret), become guest sessions only where guest access is on (--guest);
// otherwise they fail with STATUS_LOGON_FAILURE, as a wrong password does.
NtStatus admit_logon(const auth::AuthOutcome& outcome, const ServerConfig& config,
                     LogonState& session);

}  // namespace smbkit::server
