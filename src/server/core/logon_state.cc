#include "server/core/logon_state.h"

namespace smbkit::server {

NtStatus admit_logon(const auth::AuthOutcome& outcome, const ServerConfig& config,
                     LogonState& session) {
  if ((outcome.is_anonymous || outcome.is_guest) && !config.guest) return NtStatus::LogonFailure;
  session.user = outcome.user;
  session.guest = outcome.is_anonymous || outcome.is_guest;
  session.session_key = outcome.session_key;
  session.authenticated = true;
  return NtStatus::Success;
}

}  // namespace smbkit::server
