#include "server/shared_state.h"

#include <strings.h>

#include "crypto/secure.h"
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
    state->shares.push_back(Share{share.name, std::move(*fs)});
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
