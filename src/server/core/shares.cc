#include "server/core/shares.h"

#include <pwd.h>
#include <strings.h>

#include <algorithm>

#include "server/core/host_access.h"
#include "server/core/share_access.h"
#include "server/log.h"

namespace smbkit::server {
namespace {

// Replaces every "%S" in `text` by `owner` (the home's account, the share's name), "%U" and
// "%u" by `user` (the session's) and "%H" by `home` (smb.conf(5) VARIABLE SUBSTITUTIONS).
std::string for_home(const std::string& text, const std::string& owner, const std::string& user,
                     const std::string& home) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = i + 1 < text.size() && text[i] == '%' ? text[i + 1] : 0;
    const std::string* value = c == 'S' ? &owner : c == 'U' || c == 'u' ? &user
                                                   : c == 'H'            ? &home
                                                                         : nullptr;
    if (!value) {
      out += text[i];
      continue;
    }
    out += *value;
    ++i;
  }
  return out;
}

// The [homes] share of the account `name` names, as smbd makes it (smb.conf(5) "THE [homes]
// SECTION"): the template with the account's name and home directory substituted, its path the
// home directory when it sets none. Who may connect is the template's "valid users" (often
// "%S"), as in smbd. nullopt when there is no [homes] or no Unix account of that name.
std::optional<ShareConfig> home_config(const Catalog& catalog, const std::string& name,
                                       const LogonState& session) {
  if (!catalog.homes) return std::nullopt;
  auto owner = unix_account(name);
  if (!owner) return std::nullopt;
  struct passwd entry {};
  struct passwd* found = nullptr;
  char buffer[4096];
  if (getpwuid_r(owner->uid, &entry, buffer, sizeof buffer, &found) != 0 || !found)
    return std::nullopt;
  const std::string home = found->pw_dir;
  auto substitute = [&](const std::string& text) {
    return for_home(text, owner->name, session.user, home);
  };
  ShareConfig config = *catalog.homes;
  config.name = owner->name;
  config.path = config.path.empty() ? home : substitute(config.path);
  config.comment = substitute(config.comment);
  for (auto* list : {&config.valid_users, &config.invalid_users, &config.read_list,
                     &config.write_list})
    for (auto& entry : *list) entry = substitute(entry);
  return config;
}

// Opens a [homes] share once the user may connect, as the user: the home directory may be open
// to its owner only. A directory that cannot be opened is BAD_NETWORK_NAME, as in smbd.
Result<std::shared_ptr<const Share>> open_home(const SharedState& shared,
                                               const ShareConfig& config,
                                               const LogonState& session) {
  ActAs as(session.identity);
  auto share = open_share(config, shared.encrypt);
  if (!share) {
    log_info("[homes] for '{}': {}", config.name, share.error());
    return fail(NtStatus::BadNetworkName);
  }
  return std::move(*share);
}

// Who the user's trees of `config` act as: the session's account, or the share's "force user"
// (with that account's groups) and "force group" (the primary group, smb.conf(5)). A forced
// account or group that does not exist refuses the connect, as smbd refuses it.
Result<IdentityRef> tree_identity(const ShareConfig& config, const LogonState& session) {
  if (!session.identity || (config.force_user.empty() && config.force_group.empty()))
    return session.identity;
  UnixIdentity who = *session.identity;
  if (!config.force_user.empty()) {
    auto forced = unix_account(config.force_user);
    if (!forced) {
      log_warn("share '{}': force user '{}' has no Unix account", config.name, config.force_user);
      return fail(NtStatus::NoSuchUser);
    }
    who = std::move(*forced);
  }
  if (!config.force_group.empty()) {
    std::string name = config.force_group;
    if (!name.empty() && (name[0] == '+' || name[0] == '@')) name.erase(0, 1);
    auto gid = unix_group(name);
    if (!gid) {
      log_warn("share '{}': force group '{}' is no Unix group", config.name, config.force_group);
      return fail(NtStatus::NoSuchGroup);
    }
    who.gid = *gid;
    if (std::find(who.groups.begin(), who.groups.end(), *gid) == who.groups.end())
      who.groups.push_back(*gid);
  }
  return std::make_shared<const UnixIdentity>(std::move(who));
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
                                const LogonState& session, const asio::ip::address& client) {
  auto name = share_of_unc(unc_path);
  if (!name) return fail(NtStatus::BadNetworkName);
  if (strcasecmp(name->c_str(), "IPC$") == 0) return ShareRef{nullptr, true};
  auto catalog = shared.catalog();
  auto share = catalog->find_share(*name);
  std::optional<ShareConfig> home;
  if (!share) home = home_config(*catalog, *name, session);
  if (!share && !home) return fail(NtStatus::BadNetworkName);
  const ShareConfig& config = share ? share->config : *home;
  if (!host_allowed(config.hosts_allow, config.hosts_deny, client)) {
    log_info("client {} refused share '{}' by hosts allow / hosts deny", client.to_string(),
             config.name);
    return fail(NtStatus::AccessDenied);
  }
  if (session.guest && !config.guest_ok) {
    log_info("guest refused share '{}': not guest ok", config.name);
    return fail(NtStatus::AccessDenied);
  }
  if (!may_connect(config, session.user)) {
    log_info("user '{}' refused share '{}'", session.user, config.name);
    return fail(NtStatus::AccessDenied);
  }
  if (home) {
    auto opened = open_home(shared, *home, session);
    if (!opened) return fail(opened.error());
    share = std::move(*opened);
  }
  bool read_only = read_only_for(share->config, session.user);
  auto identity = tree_identity(share->config, session);
  if (!identity) return fail(identity.error());
  return ShareRef{std::move(share), false, read_only, std::move(*identity)};
}

}  // namespace smbkit::server
