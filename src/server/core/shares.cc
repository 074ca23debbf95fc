#include "server/core/shares.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>
#include <strings.h>

#include <algorithm>

#include "config/substitute.h"
#include "server/core/host_access.h"
#include "server/core/share_access.h"
#include "server/log.h"

namespace smbkit::server {
namespace {

// What the session knows of smb.conf's variables (smb.conf(5) VARIABLE SUBSTITUTIONS), for a
// share named `share_name`.
config::SubstitutionContext session_context(const SharedState& shared, const LogonState& session,
                                            const std::string& share_name,
                                            const asio::ip::address& client) {
  config::SubstitutionContext context;
  context.session_user = session.user;
  context.unix_user = session.identity ? session.identity->name : session.user;
  if (auto who = unix_account(context.unix_user)) {
    struct group entry {};
    struct group* found = nullptr;
    char buffer[4096];
    if (getgrgid_r(who->gid, &entry, buffer, sizeof buffer, &found) == 0 && found)
      context.primary_group = found->gr_name;
    struct passwd pw {};
    struct passwd* pw_found = nullptr;
    if (getpwuid_r(who->uid, &pw, buffer, sizeof buffer, &pw_found) == 0 && pw_found)
      context.home_directory = pw_found->pw_dir;
  }
  context.share_name = share_name;
  context.netbios_name = shared.config.server_name;
  context.workgroup = shared.config.domain;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) context.dns_host_name = host;
  context.client_ip = client.to_string();
  return context;
}

// A share made for this session from `config`: its path, comment and user lists expanded.
ShareConfig expanded(ShareConfig config, const config::SubstitutionContext& context) {
  config.path = config::substitute(config.path, context);
  config.comment = config::substitute(config.comment, context);
  for (auto* list : {&config.valid_users, &config.invalid_users, &config.read_list,
                     &config.write_list})
    for (auto& entry : *list) entry = config::substitute(entry, context);
  return config;
}

// The [homes] share of the account `name` names, as smbd makes it (smb.conf(5) "THE [homes]
// SECTION"): the template with %S as that account and %H as its home directory, its path the
// home directory when it sets none. Who may connect is the template's "valid users" (often
// "%S"), as in smbd. nullopt when there is no [homes] or no Unix account of that name.
std::optional<ShareConfig> home_config(const SharedState& shared, const Catalog& catalog,
                                       const std::string& name, const LogonState& session,
                                       const asio::ip::address& client) {
  if (!catalog.homes) return std::nullopt;
  auto owner = unix_account(name);
  if (!owner) return std::nullopt;
  auto context = session_context(shared, session, owner->name, client);
  struct passwd entry {};
  struct passwd* found = nullptr;
  char buffer[4096];
  if (getpwuid_r(owner->uid, &entry, buffer, sizeof buffer, &found) != 0 || !found)
    return std::nullopt;
  context.home_directory = found->pw_dir;  // %H of a [homes] share is the owner's
  ShareConfig config = *catalog.homes;
  config.name = owner->name;
  if (config.path.empty()) config.path = "%H";
  return expanded(std::move(config), context);
}

// A share whose path names the session's variables, by name (case-insensitive).
std::optional<ShareConfig> session_config(const SharedState& shared, const Catalog& catalog,
                                          const std::string& name, const LogonState& session,
                                          const asio::ip::address& client) {
  for (const auto& config : catalog.session_shares)
    if (strcasecmp(config.name.c_str(), name.c_str()) == 0)
      return expanded(config, session_context(shared, session, config.name, client));
  return std::nullopt;
}

// Opens a share made for the session ([homes], or a path with session variables) once the user
// may connect, as the user: the directory may be open to its owner only. A directory that cannot
// be opened is BAD_NETWORK_NAME, as in smbd.
Result<std::shared_ptr<const Share>> open_for_session(const SharedState& shared,
                                               const ShareConfig& config,
                                               const LogonState& session) {
  ActAs as(session.identity);
  auto share = open_share(config, shared.encrypt);
  if (!share) {
    log_info("share '{}' for '{}': {}", config.name, session.user, share.error());
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
  // Not a share of the catalog: one made for this session ([homes], or a %U path), opened only
  // once the checks below let the user in.
  std::optional<ShareConfig> made;
  if (!share) made = session_config(shared, *catalog, *name, session, client);
  if (!share && !made) made = home_config(shared, *catalog, *name, session, client);
  if (!share && !made) return fail(NtStatus::BadNetworkName);
  const ShareConfig& config = share ? share->config : *made;
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
  if (made) {
    auto opened = open_for_session(shared, *made, session);
    if (!opened) return fail(opened.error());
    share = std::move(*opened);
  }
  bool read_only = read_only_for(share->config, session.user);
  auto identity = tree_identity(share->config, session);
  if (!identity) return fail(identity.error());
  return ShareRef{std::move(share), false, read_only, std::move(*identity)};
}

}  // namespace smbkit::server
