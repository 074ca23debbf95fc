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
#include "server/unix_identity.h"

namespace smbkit::server {

struct LogonState {
  std::string user;  // empty for anonymous
  bool authenticated = false;
  bool guest = false;                // guest or anonymous: no session key, never signs
  crypto::SecretBytes session_key;   // wiped when the session ends
  // The Unix account the session's requests act as (ServerConfig::unix_accounts); null: the
  // server's own.
  IdentityRef identity;
  // A logon in progress over several round trips (NTLMSSP's CHALLENGE sent, AUTHENTICATE due).
  std::unique_ptr<auth::SpnegoAcceptor> logon;
};

// Completes `session` with a checked logon. Anonymous logons, and logons to passwordless accounts
// (which prove no secret), become guest sessions only where guest access is on (--guest);
// otherwise they fail with STATUS_LOGON_FAILURE, as a wrong password does. With unix_accounts
// the session acts as the user's Unix account (guests as the guest account); a user without one
// fails with STATUS_LOGON_FAILURE, as in smbd.
// Who a request acts as: its tree's identity (a share's force user), else its session's.
template <class Session, class Tree>
IdentityRef acting_for(const Session* session, const Tree* tree) {
  if (tree && tree->identity) return tree->identity;
  return session ? session->identity : nullptr;
}

NtStatus admit_logon(const auth::AuthOutcome& outcome, const ServerConfig& config,
                     LogonState& session);

}  // namespace smbkit::server
