// Per-connection SMB 2/3 state (MS-SMB2 3.3.1.7 Connection, 3.3.1.8 Session, 3.3.1.9 TreeConnect,
// 3.3.1.10 Open): what NEGOTIATE settled, the credit window, and the session, tree and open
// tables. Owned by one connection and touched by one request at a time; what answers later
// (SessionSigning) is shared with the replies in flight.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "crypto/digest.h"
#include "crypto/session_cipher.h"
#include "crypto/signer.h"
#include "fscc/file_info.h"
#include "server/core/logon_state.h"
#include "server/core/notify_watcher.h"
#include "server/core/open_state.h"
#include "server/dialect_processor.h"
#include "server/id_allocator.h"
#include "server/reply.h"
#include "server/shared_state.h"
#include "server/smb2/credits.h"
#include "smb2/header.h"

namespace smbkit::server {

// How a session signs (MS-SMB2 3.1.4.1), shared with the replies answered later: one context,
// used under its mutex by the request's thread and by late replies alike.
struct SessionSigning {
  std::mutex mu;
  std::unique_ptr<crypto::Signer> signer;  // null until the logon completes (and for guests)
  bool required = false;                   // Session.SigningRequired

  // Signs the SMB2 message in `message` (header first) in place.
  void sign(std::span<uint8_t> message) {
    std::lock_guard lock(mu);
    if (signer) crypto::smb2_sign(*signer, message);
  }
  bool verify(Bytes message) {
    std::lock_guard lock(mu);
    return signer && crypto::smb2_verify(*signer, message);
  }
};

struct Smb2Session : LogonState {
  uint64_t id = 0;
  // 3.1.1: Session.PreauthIntegrityHashValue, from the connection's after NEGOTIATE through
  // every SESSION_SETUP of the logon but its final response.
  crypto::PreauthHash preauth;
  std::shared_ptr<SessionSigning> signing = std::make_shared<SessionSigning>();
  crypto::SecretBytes application_key;
  // 3.x: the session's encryption (MS-SMB2 3.1.4.3), once logged on with a key over a
  // connection that negotiated a cipher; null otherwise (guests, 2.x, no common cipher).
  std::shared_ptr<crypto::SessionCipher> cipher;
  bool encrypt_data = false;  // Session.EncryptData: every request must come encrypted
};

// The sessions' ciphers by SessionId, for the receive path: the loop opens an encrypted frame
// before it knows where the frame's messages run, while a handler on the pool may be adding or
// ending a session.
class Smb2CipherTable {
 public:
  std::shared_ptr<crypto::SessionCipher> find(uint64_t session_id) {
    std::lock_guard lock(mu_);
    auto it = ciphers_.find(session_id);
    return it == ciphers_.end() ? nullptr : it->second;
  }
  void set(uint64_t session_id, std::shared_ptr<crypto::SessionCipher> cipher) {
    std::lock_guard lock(mu_);
    ciphers_[session_id] = std::move(cipher);
  }
  void erase(uint64_t session_id) {
    std::lock_guard lock(mu_);
    ciphers_.erase(session_id);
  }

 private:
  std::mutex mu_;
  std::map<uint64_t, std::shared_ptr<crypto::SessionCipher>> ciphers_;
};

struct Smb2Tree {
  uint64_t session_id = 0;
  std::shared_ptr<const Share> share;  // nullptr for IPC$; kept alive by the tree (a reload
                                      // may remove it from the catalog)
  uint32_t maximal_access = 0;
  bool encrypt_data = false;  // TreeConnect.Share.EncryptData, for a session that can encrypt
  bool read_only = false;  // the user may not change the share (core/share_access.h)
  IdentityRef identity;    // who its requests act as: the session's, or the share's force user
  bool is_ipc() const { return share == nullptr; }
};

// A QUERY_DIRECTORY enumeration in progress on a directory open (MS-SMB2 3.3.1.10
// Open.EnumerationLocation and Open.EnumerationSearchPattern).
struct Smb2Search {
  std::string pattern;
  std::vector<FileInfo> entries;  // in search order (core/directory_search.h)
  size_t next = 0;
};

struct Smb2Open : OpenState {
  uint64_t session_id = 0;
  uint32_t tree_id = 0;
  smb2::FileId id;
  std::optional<Smb2Search> search;
  uint8_t oplock_level = 0;  // granted, as MS-SMB2 2.2.14 numbers it
};

// An operation answered later (an interim STATUS_PENDING went out under its AsyncId): how CANCEL
// finds it (MS-SMB2 3.3.5.16).
struct Smb2AsyncOp {
  uint64_t message_id = 0;
  uint64_t session_id = 0;
  RequestId request{};  // how the core (notify watcher, lock registry) knows it
};

// Connection.AsyncCommandList. Shared with the late replies, which leave it from any thread.
struct Smb2AsyncTable {
  std::mutex mu;
  std::map<uint64_t, Smb2AsyncOp> ops;  // by AsyncId
  uint64_t next_id = 1;
  // Operations that may be pending at once per connection; more fail with
  // STATUS_INSUFFICIENT_RESOURCES (MS-SMB2 3.3.4.2).
  static constexpr size_t kMax = 512;
};

struct Smb2State {
  ConnectionId connection = ConnectionId::None;
  // NEGOTIATE (MS-SMB2 3.3.5.4).
  bool negotiated = false;
  uint16_t dialect = 0;  // 0x0202 .. 0x0311; 0x02FF after a multi-protocol SMB1 NEGOTIATE
  std::array<uint8_t, 16> client_guid{};
  uint32_t client_capabilities = 0;
  uint32_t server_capabilities = 0;  // as the NEGOTIATE response announced them
  uint16_t client_security_mode = 0;
  crypto::SigningAlgorithm signing_algorithm = crypto::SigningAlgorithm::HmacSha256;
  // Connection.CipherId: 3.1.1's from the encryption context, AES-128-CCM on 3.0/3.0.2 when
  // both sides announced SMB2_GLOBAL_CAP_ENCRYPTION; 0: this connection does not encrypt.
  uint16_t cipher = 0;
  crypto::PreauthHash preauth;  // Connection.PreauthIntegrityHashValue (3.1.1)
  CreditWindow credits;

  std::map<uint64_t, Smb2Session> sessions;  // by SessionId
  Smb2CipherTable ciphers;                   // the sessions' `cipher`s
  uint64_t next_session_id = 1;
  IdTable<Smb2Tree, uint32_t> trees;
  IdTable<Smb2Open, uint64_t> opens;  // by FileId.Volatile; Persistent is the same number
  std::shared_ptr<Smb2AsyncTable> async;

  // Where late replies and server messages go (callable from any thread), and the loop
  // watchers run on.
  ReplySink reply_sink;
  Rerun rerun;  // runs a parked request again (dialect_processor.h)
  asio::ip::address client_address;  // for "hosts allow" / "hosts deny" (core/host_access.h)
  asio::any_io_executor loop;
  std::shared_ptr<NotifyWatcher> notify;  // made on the first CHANGE_NOTIFY

  Smb2Session* find_session(uint64_t id) {
    auto it = sessions.find(id);
    return it == sessions.end() ? nullptr : &it->second;
  }
};

}  // namespace smbkit::server
