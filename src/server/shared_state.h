// What every connection of a server shares: the configuration, the shares with their confined
// file systems, the accounts, the worker pool for blocking file I/O, and the registry of opens.
// Read-only after start, but for the registry of opens and the oplock table.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <asio/thread_pool.hpp>

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
  std::unique_ptr<vfs::Vfs> fs;
  EncryptPolicy encrypt = EncryptPolicy::IfRequired;  // with the server's policy applied
};

struct SharedState {
  ServerConfig config;
  std::vector<Share> shares;
  auth::UserDb users;
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
  // What the named pipes' RPC interfaces report (core/pipes.h rpc_server_info), made once.
  rpc::RpcServerInfo rpc_info;

  // Opens every share and loads the accounts; nullptr with `error` set when one fails.
  static std::unique_ptr<SharedState> create(const ServerConfig& config, std::string* error);
  // The share named `name` (case-insensitive), or nullptr.
  const Share* find_share(std::string_view name) const;
};

}  // namespace smbkit::server
