// Per-connection SMB1 state: what NEGOTIATE settled, and the session, tree, file and search tables.
// Owned by one connection and touched by one request at a time.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "auth/ntlm_server.h"
#include "crypto/secure.h"
#include "fscc/file_info.h"
#include "server/id_allocator.h"
#include "server/shared_state.h"
#include "server/smb1/notify_watcher.h"
#include "vfs/share_fs.h"

namespace smbkit::server {

struct Smb1Session {
  std::string user;  // empty for anonymous
  bool authenticated = false;
  bool guest = false;
  crypto::SecretBytes session_key;  // wiped when the session ends
  // An extended-security logon in progress (between CHALLENGE and AUTHENTICATE).
  std::unique_ptr<auth::NtlmServerContext> ntlm;
  std::vector<std::string> spnego_mech_types;  // the client's list, which a mechListMIC signs
};

struct Smb1Tree {
  uint16_t uid = 0;
  const Share* share = nullptr;  // nullptr for IPC$
  bool is_ipc() const { return share == nullptr; }
};

struct Smb1File {
  uint16_t uid = 0;
  uint16_t tid = 0;
  uint32_t pid = 0;  // the opener's PID (PIDHigh << 16 | PIDLow), for SMB_COM_PROCESS_EXIT
  std::string path;  // share-relative, for traces and queries by handle
  // Shared: a read's data sent with sendfile() keeps the file open until it is out (FileTail).
  std::shared_ptr<vfs::OpenFile> file;
  uint32_t granted_access = 0;  // MS-SMB2 2.2.13.1 access mask granted at open
  bool write_through = false;   // FILE_WRITE_THROUGH at open: every write reaches the disk
  // Its entry in SharedState::opens (share mode, byte-range locks), gone with the Smb1File.
  OpenRegistry::Handle open;
  // Its oplock (SharedState::oplocks), released with the Smb1File.
  OplockTable::Open oplock;
  // The file pointer SMB_COM_SEEK reports and moves (MS-CIFS 2.2.4.19); reads and writes leave it
  // at their offset plus the bytes moved. 32 bits: SEEK offsets wrap modulo 2^32.
  uint32_t position = 0;
  // FilePositionInformation's CurrentByteOffset (MS-FSCC 2.4.35), apart from the SEEK pointer as
  // on Windows and in smbd (smbtorture raw.seek): a read leaves it past the bytes read, a set of
  // the class moves it, SEEK and writes leave it alone.
  uint64_t position_information = 0;
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
  asio::any_io_executor loop;  // the connection's event loop, for watchers' I/O
  // Change notifications (NT_TRANSACT_NOTIFY_CHANGE), made on the first request.
  std::shared_ptr<NotifyWatcher> notify;
};

}  // namespace smbkit::server
