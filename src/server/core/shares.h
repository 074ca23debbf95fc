// Connecting to a share by its UNC path, for both dialects (SMB1 TREE_CONNECT_ANDX, SMB2
// TREE_CONNECT): which share a path names, and whether a user may connect to it.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <asio/ip/address.hpp>

#include "server/core/logon_state.h"
#include "server/shared_state.h"

namespace smbkit::server {

// "\\server\share" -> "share", and a bare "share" as it is (Samba and Windows take it: smbtorture
// base.tcon connects to "DATA"); nullopt for any other form.
std::optional<std::string> share_of_unc(const std::string& path);

// What a tree connect reaches: a disk share, or IPC$ (share == nullptr).
struct ShareRef {
  std::shared_ptr<const Share> share;
  bool ipc = false;
  bool read_only = false;  // the user's trees may not change the share (core/share_access.h)
  IdentityRef identity;    // the session's, or what "force user" / "force group" make it
};

// The share `unc_path` names, for `session`: STATUS_BAD_NETWORK_NAME for a path that names none,
// STATUS_ACCESS_DENIED when the share's valid users leave the user out, its invalid users name
// them, its hosts allow / hosts deny refuse `client`, or the session is a guest's and the share
// is not "guest ok", as smbd refuses all four (IPC$ is open to all). A name no share has that is
// the user's own is their [homes] share, when there is one.
Result<ShareRef> find_share_for(const SharedState& shared, const std::string& unc_path,
                                const LogonState& session, const asio::ip::address& client);

}  // namespace smbkit::server
