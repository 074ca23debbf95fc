#include "server/core/shares.h"

#include <strings.h>

#include "server/core/host_access.h"
#include "server/core/share_access.h"
#include "server/log.h"

namespace smbkit::server {
namespace {

const ShareConfig* config_of(const ServerConfig& config, const std::string& name) {
  for (const auto& s : config.shares)
    if (strcasecmp(s.name.c_str(), name.c_str()) == 0) return &s;
  return nullptr;
}

}  // namespace

std::optional<std::string> share_of_unc(const std::string& path) {
  if (!path.empty() && path.find('\\') == std::string::npos) return path;
  if (path.size() < 3 || path[0] != '\\' || path[1] != '\\') return std::nullopt;
  auto slash = path.find('\\', 2);
  if (slash == std::string::npos || slash == 2) return std::nullopt;
  std::string share = path.substr(slash + 1);
  if (share.empty() || share.find('\\') != std::string::npos) return std::nullopt;
  return share;
}

Result<ShareRef> find_share_for(const SharedState& shared, const std::string& unc_path,
                                const std::string& user, const asio::ip::address& client) {
  auto name = share_of_unc(unc_path);
  if (!name) return fail(NtStatus::BadNetworkName);
  if (strcasecmp(name->c_str(), "IPC$") == 0) return ShareRef{nullptr, true};
  const Share* share = shared.find_share(*name);
  if (!share) return fail(NtStatus::BadNetworkName);
  const ShareConfig* config = config_of(shared.config, share->name);
  if (config && !host_allowed(config->hosts_allow, config->hosts_deny, client)) {
    log_info("client {} refused share '{}' by hosts allow / hosts deny", client.to_string(),
             share->name);
    return fail(NtStatus::AccessDenied);
  }
  if (config && !may_connect(*config, user)) {
    log_info("user '{}' refused share '{}'", user, share->name);
    return fail(NtStatus::AccessDenied);
  }
  return ShareRef{share, false, config && read_only_for(*config, user)};
}

}  // namespace smbkit::server
