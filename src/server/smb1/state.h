// Per-connection SMB1 state: what NEGOTIATE settled, and the session, tree, file and search tables.
// Owned by one connection and touched by one request at a time.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fscc/file_info.h"
#include "server/core/logon_state.h"
#include "server/core/open_state.h"
#include "server/dialect_processor.h"
#include "server/id_allocator.h"
#include "server/reply.h"
#include "server/shared_state.h"
#include "server/core/notify_watcher.h"
#include "vfs/share_fs.h"

namespace smbkit::server {

// A session: its logon (core/logon_state.h); SMB1 adds nothing of its own.
struct Smb1Session : LogonState {};

struct Smb1Tree {
  uint16_t uid = 0;
  std::shared_ptr<const Share> share;  // nullptr for IPC$; kept alive by the tree (a reload
                                      // may remove it from the catalog)
  bool read_only = false;  // the user may not change the share (core/share_access.h)
  IdentityRef identity;    // who its requests act as: the session's, or the share's force user
  bool is_ipc() const { return share == nullptr; }
};

// An open file: the open itself (core/open_state.h) and SMB1's ids and SEEK pointer.
struct Smb1File : OpenState {
  uint16_t uid = 0;
  uint16_t tid = 0;
  uint32_t pid = 0;  // the opener's PID (PIDHigh << 16 | PIDLow), for SMB_COM_PROCESS_EXIT
  // The file pointer SMB_COM_SEEK reports and moves (MS-CIFS 2.2.4.19); reads and writes leave it
  // at their offset plus the bytes moved. 32 bits: SEEK offsets wrap modulo 2^32. Apart from
  // OpenState::position_information as on Windows and in smbd (smbtorture raw.seek).
  uint32_t position = 0;
};

struct Smb1Search {
  uint16_t tid = 0;
  std::string dir;      // the directory searched, listed again when a search resumes by name
  std::string pattern;  // and what selects its entries
  uint16_t search_attributes = 0;
  std::vector<FileInfo> entries;  // matching entries, in search order (directory_search.h)
  size_t next = 0;                // first entry not yet returned
  // A search of SMB_COM_SEARCH or SMB_COM_FIND (search_handler.cc): reached through the resume
  // keys of its entries, never through FIND_NEXT2 or FIND_CLOSE2. `last_used` picks the one to
  // end when a connection holds too many (SEARCH has no close).
  bool core = false;
  uint64_t last_used = 0;
};

struct Smb1State {
  ConnectionId connection = ConnectionId::None;  // set by the processor
  bool negotiated = false;
  bool extended_security = false;
  uint32_t client_capabilities = 0;
  uint16_t client_max_buffer = 4356;  // until SESSION_SETUP says otherwise
  std::array<uint8_t, 8> challenge{};  // the non-extended logon's server challenge
  IdTable<Smb1Session> sessions;
  IdTable<Smb1Tree> trees;
  IdTable<Smb1File> files;
  IdTable<Smb1Search> searches;
  // Queues a framed reply to a request answered later (Answer::Later); callable from any thread.
  ReplySink reply_sink;
  Rerun rerun;  // runs a parked request again (dialect_processor.h)
  asio::ip::address client_address;  // for "hosts allow" / "hosts deny" (core/host_access.h)
  asio::any_io_executor loop;  // the connection's event loop, for watchers' I/O
  // Change notifications (NT_TRANSACT_NOTIFY_CHANGE), made on the first request.
  std::shared_ptr<NotifyWatcher> notify;
};

}  // namespace smbkit::server
