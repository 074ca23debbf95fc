#include "server/shared_state.h"

#include <strings.h>

#include "crypto/secure.h"
#include "server/core/pipes.h"
#include "vfs/posix_vfs.h"

namespace smbkit::server {

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
  if (config.shares.empty()) {
    *error = "no share given (--share NAME=PATH)";
    return nullptr;
  }
  for (const auto& share : config.shares) {
    if (strcasecmp(share.name.c_str(), "IPC$") == 0 || share.name.size() > 80) {
      *error = "share name '" + share.name + "' is reserved or too long";
      return nullptr;
    }
    if (state->find_share(share.name)) {
      *error = "share '" + share.name + "' given twice";
      return nullptr;
    }
    std::string why;
    auto fs = vfs::PosixVfs::open(share.path, &why);
    if (!fs) {
      *error = "share '" + share.name + "': " + share.path + ": " +
               (why.empty() ? status_name(fs.error()) : why);
      return nullptr;
    }
    auto share_encrypt = share.smb_encrypt.empty() ? std::optional(EncryptPolicy::IfRequired)
                                                   : parse_encrypt_policy(share.smb_encrypt);
    if (!share_encrypt) {
      *error = "share '" + share.name + "': smb encrypt '" + share.smb_encrypt +
               "' is not off, if_required, desired or required";
      return nullptr;
    }
    state->shares.push_back(
        Share{share.name, std::move(*fs), effective_share_policy(state->encrypt, *share_encrypt)});
  }
  if (!config.users_file.empty()) {
    auto db = auth::UserDb::load_smbpasswd(config.users_file);
    if (!db) {
      *error = db.error();
      return nullptr;
    }
    state->users = std::move(*db);
  }
  for (const auto& user : config.users) state->users.add(user.name, user.password);
  state->rpc_info = rpc_server_info(config);
  auto guid = crypto::random_bytes(16);
  std::copy(guid.begin(), guid.end(), state->server_guid.begin());
  return state;
}

const Share* SharedState::find_share(std::string_view name) const {
  for (const auto& share : shares) {
    if (share.name.size() == name.size() &&
        strncasecmp(share.name.data(), name.data(), name.size()) == 0)
      return &share;
  }
  return nullptr;
}

}  // namespace smbkit::server
