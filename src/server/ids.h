// Identities the dialect-neutral core keys its state by, whichever dialect made them.
#pragma once

#include <atomic>
#include <cstdint>

namespace smbkit::server {

// One client connection, unique for the life of the server (SharedState::new_connection_id).
// Opens remember theirs: a client never waits for its own oplock acknowledgements, and a cancel
// reaches only its own connection's requests.
enum class ConnectionId : uint64_t { None = 0 };

// A request that is answered later (a waiting lock, a change notification), within its
// connection, as the dialect names it: SMB1 packs UID, PID and MID (smb1_request_id()), SMB2
// uses the MessageId, which is also what its AsyncId is made from.
enum class RequestId : uint64_t {};

// MS-CIFS 3.3.5.52: NT_CANCEL names the request by UID, PID (PIDHigh:PIDLow) and MID.
constexpr RequestId smb1_request_id(uint16_t uid, uint32_t pid, uint16_t mid) {
  return RequestId{uint64_t{uid} << 48 | uint64_t{pid} << 16 | mid};
}

class ConnectionIds {
 public:
  ConnectionId next() { return ConnectionId{next_.fetch_add(1, std::memory_order_relaxed)}; }

 private:
  std::atomic<uint64_t> next_{1};
};

}  // namespace smbkit::server
