#include "server/shared_state.h"

#include <strings.h>

#include <algorithm>

#include "auth/accounts.h"
#include "config/substitute.h"
#include "crypto/secure.h"
#include "server/core/pipes.h"
#include "server/log.h"
#include "server/core/share_fs_options.h"
#include "vfs/posix_vfs.h"

namespace smbkit::server {

tl::expected<std::shared_ptr<const Share>, std::string> open_share(const ShareConfig& config,
                                                                    EncryptPolicy server_encrypt) {
  std::string why;
  auto fs = vfs::PosixVfs::open(config.path, &why, share_fs_options(config));
  if (!fs)
    return tl::unexpected("share '" + config.name + "': " + config.path + ": " +
                          (why.empty() ? status_name(fs.error()) : why));
  auto share_encrypt = config.smb_encrypt.empty() ? std::optional(EncryptPolicy::IfRequired)
                                                  : parse_encrypt_policy(config.smb_encrypt);
  if (!share_encrypt)
    return tl::unexpected("share '" + config.name + "': smb encrypt '" + config.smb_encrypt +
                          "' is not off, if_required, desired or required");
  auto share = std::make_shared<Share>();
  share->name = config.name;
  share->config = config;
  share->fs = std::move(*fs);
  share->encrypt = effective_share_policy(server_encrypt, *share_encrypt);
  return share;
}

tl::expected<std::shared_ptr<const Catalog>, std::string> Catalog::load(
    const ServerConfig& config, EncryptPolicy server_encrypt) {
  auto catalog = std::make_shared<Catalog>();
  if (config.shares.empty() && !config.homes) return tl::unexpected(std::string("no share given (--share NAME=PATH)"));
  for (const auto& config_share : config.shares) {
    if (strcasecmp(config_share.name.c_str(), "IPC$") == 0 || config_share.name.size() > 80)
      return tl::unexpected("share name '" + config_share.name + "' is reserved or too long");
    if (catalog->find_share(config_share.name) ||
        std::any_of(catalog->session_shares.begin(), catalog->session_shares.end(),
                    [&](const ShareConfig& s) {
                      return strcasecmp(s.name.c_str(), config_share.name.c_str()) == 0;
                    }))
      return tl::unexpected("share '" + config_share.name + "' given twice");
    if (config::needs_session(config_share.path)) {
      catalog->session_shares.push_back(config_share);
      continue;
    }
    auto share = open_share(config_share, server_encrypt);
    if (!share) return tl::unexpected(share.error());
    catalog->shares.push_back(std::move(*share));
  }
  catalog->homes = config.homes;
  auto accounts =
      auth::load_accounts({config.users_file, config.tdbsam_file, config.username_map});
  if (!accounts) return tl::unexpected(accounts.error());
  for (const auto& warning : accounts->warnings) log_warn("{}", warning);
  catalog->users = std::move(accounts->users);
  catalog->users.set_unknown_users_are_guests(config.guest && config.map_unknown_users_to_guest);
  for (const auto& user : config.users) catalog->users.add(user.name, user.password);
  catalog->rpc_info = rpc_server_info(config);
  return catalog;
}

std::shared_ptr<const Share> Catalog::find_share(std::string_view name) const {
  for (const auto& share : shares) {
    if (share->name.size() == name.size() &&
        strncasecmp(share->name.data(), name.data(), name.size()) == 0)
      return share;
  }
  return nullptr;
}

std::unique_ptr<SharedState> SharedState::create(const ServerConfig& config, std::string* error) {
  auto state = std::make_unique<SharedState>();
  state->config = config;
  auto min = parse_protocol(config.min_protocol);
  auto max = parse_protocol(config.max_protocol);
  if (!min || !max || *min > *max) {
    *error = "protocol range " + config.min_protocol + ".." + config.max_protocol +
             " is not one of NT1, SMB2_02, SMB2_10, SMB3_00, SMB3_02, SMB3_11 from low to high";
    return nullptr;
  }
  state->protocols = ProtocolRange{*min, *max};
  if (config.server_signing != "auto" && config.server_signing != "mandatory") {
    *error = "server signing '" + config.server_signing + "' is not auto or mandatory";
    return nullptr;
  }
  state->signing_required = config.server_signing == "mandatory";
  auto encrypt = parse_encrypt_policy(config.smb_encrypt);
  if (!encrypt) {
    *error = "smb encrypt '" + config.smb_encrypt +
             "' is not off, if_required, desired or required";
    return nullptr;
  }
  state->encrypt = *encrypt;
  auto ciphers = parse_cipher_list(config.smb3_encryption_algorithms);
  if (!ciphers) {
    *error = "smb3 encryption algorithms '" + config.smb3_encryption_algorithms +
             "' is not a list of AES-128-GCM, AES-128-CCM, AES-256-GCM, AES-256-CCM";
    return nullptr;
  }
  state->ciphers = std::move(*ciphers);
  auto catalog = Catalog::load(config, state->encrypt);
  if (!catalog) {
    *error = catalog.error();
    return nullptr;
  }
  state->catalog_ = std::move(*catalog);
  auto guid = crypto::random_bytes(16);
  std::copy(guid.begin(), guid.end(), state->server_guid.begin());
  return state;
}

bool SharedState::reload(const ServerConfig& config, std::string* error) {
  auto catalog = Catalog::load(config, encrypt);
  if (!catalog) {
    *error = catalog.error();
    return false;
  }
  std::lock_guard lock(catalog_mu_);
  catalog_ = std::move(*catalog);
  return true;
}

}  // namespace smbkit::server
