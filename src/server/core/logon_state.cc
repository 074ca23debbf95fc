#include "server/core/logon_state.h"

#include "server/log.h"

namespace smbkit::server {

NtStatus admit_logon(const auth::AuthOutcome& outcome, const ServerConfig& config,
                     LogonState& session) {
  if ((outcome.is_anonymous || outcome.is_guest) && !config.guest) return NtStatus::LogonFailure;
  bool guest = outcome.is_anonymous || outcome.is_guest;
  if (config.unix_accounts) {
    const std::string& account = guest ? config.guest_account : outcome.user;
    auto who = unix_account(account);
    if (!who) {
      log_info("logon of '{}' refused: no Unix account '{}'", outcome.user, account);
      return NtStatus::LogonFailure;
    }
    session.identity = std::make_shared<const UnixIdentity>(std::move(*who));
  }
  session.user = outcome.user;
  session.guest = guest;
  session.session_key = outcome.session_key;
  session.authenticated = true;
  return NtStatus::Success;
}

}  // namespace smbkit::server
