// What every connection of a server shares: the configuration, the catalog of shares (with their
// confined file systems) and accounts, the worker pool for blocking file I/O, and the registry
// of opens. Read-only after start, but for the registry of opens, the oplock table and the
// catalog, which a reload replaces whole.
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <asio/thread_pool.hpp>
#include <tl/expected.hpp>

#include "auth/user_db.h"
#include "rpc/srvsvc.h"
#include "server/encryption_policy.h"
#include "server/loop_writes.h"
#include "server/open_registry.h"
#include "server/oplocks.h"
#include "server/protocols.h"
#include "smbkit/server.h"
#include "vfs/share_fs.h"

namespace smbkit::server {

struct Share {
  std::string name;
  ShareConfig config;  // as served: for a [homes] share, the user's
  std::unique_ptr<vfs::Vfs> fs;
  EncryptPolicy encrypt = EncryptPolicy::IfRequired;  // with the server's policy applied
};

// The shares and accounts of one configuration. A reload makes a new catalog; a connection takes
// the current one when it needs it (logon, tree connect, pipe open) and its trees keep their
// shares alive, so a share removed by a reload still serves the trees connected to it.
struct Catalog {
  std::vector<std::shared_ptr<const Share>> shares;
  std::optional<ShareConfig> homes;  // ServerConfig::homes, whose shares are made per user
  // Shares whose path names a session's variables (%U, %u, %G, %H, %m, %I, %T): made at each
  // tree connect with the path expanded for the session.
  std::vector<ShareConfig> session_shares;
  auth::UserDb users;
  // What the named pipes' RPC interfaces report (core/pipes.h rpc_server_info).
  rpc::RpcServerInfo rpc_info;

  // Opens every share and loads the accounts; the error says which failed and why.
  static tl::expected<std::shared_ptr<const Catalog>, std::string> load(
      const ServerConfig& config, EncryptPolicy server_encrypt);
  // The share named `name` (case-insensitive), or nullptr.
  std::shared_ptr<const Share> find_share(std::string_view name) const;
};

// Opens a share's directory; the error says which share failed and why.
tl::expected<std::shared_ptr<const Share>, std::string> open_share(const ShareConfig& config,
                                                                    EncryptPolicy server_encrypt);

struct SharedState {
  ServerConfig config;  // as started; a reload changes the catalog only
  std::array<uint8_t, 16> server_guid{};
  ProtocolRange protocols;         // from config.min_protocol / max_protocol
  bool signing_required = false;   // config.server_signing == "mandatory"
  EncryptPolicy encrypt = EncryptPolicy::IfRequired;  // config.smb_encrypt
  std::vector<uint16_t> ciphers;   // config.smb3_encryption_algorithms, as cipher ids
  asio::thread_pool pool{4};
  // Share modes and byte-range locks of every open, across connections (thread-safe; waiting
  // lock requests hold no thread).
  OpenRegistry opens;
  // Oplocks of every open, across connections (thread-safe; opens waiting for acknowledgements
  // hold no thread).
  OplockTable oplocks;
  // Hands each connection its identity (thread-safe).
  ConnectionIds connection_ids;
  // Whether writes are being made on the event loops (thread-safe).
  LoopWrites loop_writes;

  // Opens every share and loads the accounts; nullptr with `error` set when one fails.
  static std::unique_ptr<SharedState> create(const ServerConfig& config, std::string* error);
  // The shares and accounts now (thread-safe).
  std::shared_ptr<const Catalog> catalog() const {
    std::lock_guard lock(catalog_mu_);
    return catalog_;
  }
  // Server::reload: a new catalog from `config`, or false with `error` and the old one kept.
  bool reload(const ServerConfig& config, std::string* error);

 private:
  mutable std::mutex catalog_mu_;
  std::shared_ptr<const Catalog> catalog_;
};

}  // namespace smbkit::server
