// One SMB1 connection from the client's side: request headers, MIDs, matching each reply to its
// request, the checks every reply goes through, the per-reply time-out, and the trace.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include <asio/awaitable.hpp>
#include <asio/steady_timer.hpp>

#include "client/tracer.h"
#include "client/transport.h"
#include "client/write_turns.h"
#include "smb1/message.h"

namespace smbkit::client {

class Smb1Connection {
 public:
  // Decodes a reply that passed the checks, and says what the trace shows of it. An error
  // (InvalidNetworkResponse for a malformed reply) becomes the reply's outcome.
  using ReplyHandler = std::function<Result<TraceFields>(const smb1::Message&)>;

  Smb1Connection(std::unique_ptr<Transport> transport, Tracer& tracer,
                 std::chrono::milliseconds reply_timeout);
  ~Smb1Connection();
  Smb1Connection(const Smb1Connection&) = delete;
  Smb1Connection& operator=(const Smb1Connection&) = delete;

  void set_flags2(uint16_t flags2) { flags2_ = flags2; }
  uint16_t flags2() const { return flags2_; }
  void set_uid(uint16_t uid) { uid_ = uid; }
  uint16_t uid() const { return uid_; }

  // MS-CIFS 3.2.4.1: the TID of a request that names no tree.
  static constexpr uint16_t kNoTid = 0xFFFF;

  // A request header for `command` with this connection's flags, PID and UID; send() sets the
  // MID.
  smb1::Header header(smb1::Command command, uint16_t tid = kNoTid) const;

  // Sends a message written over header(): gives it the next free MID and traces it with
  // `fields`. Returns the MID, outstanding until finish() or abandon().
  asio::awaitable<Result<uint16_t>> send(std::vector<uint8_t> message, TraceFields fields);
  // Sends a message that gets no reply of its own, with the MID given (SMB_COM_NT_CANCEL names
  // the request it cancels by its MID). Safe while another coroutine sends or receives: messages
  // go out one at a time.
  asio::awaitable<Result<void>> send_unanswered(std::vector<uint8_t> message, uint16_t mid,
                                                TraceFields fields);

  // How long receive() waits: the reply time-out, or for as long as the server takes (a change
  // notification, answered when something changes).
  enum class Wait { WithTimeout, Indefinitely };

  // Waits (up to the reply time-out) for the next reply to `mid`, keeping replies to other
  // outstanding MIDs that arrive first. The reply must parse, be a reply, be to `command`, and
  // carry STATUS_SUCCESS or one of `accepted`; then `handler` decodes it. Any failure is the
  // result (a wrong reply is InvalidNetworkResponse; an error status is that status). Returns
  // the reply's status. A time-out or a transport failure ends the connection.
  asio::awaitable<Result<NtStatus>> receive(uint16_t mid, smb1::Command command,
                                            const ReplyHandler& handler,
                                            const std::vector<NtStatus>& accepted = {},
                                            Wait wait = Wait::WithTimeout);
  // No more replies are expected for `mid` (a multi-part reply has them all).
  void finish(uint16_t mid);
  // The reply to `mid` will not be waited for: dropped (and traced) if it comes. Replies to MIDs
  // never sent are dropped too (MS-CIFS 3.2.5.1).
  void abandon(uint16_t mid);

  // send, receive one reply, finish.
  asio::awaitable<Result<NtStatus>> call(std::vector<uint8_t> message, TraceFields fields,
                                         smb1::Command command, const ReplyHandler& handler,
                                         const std::vector<NtStatus>& accepted = {});

  size_t outstanding() const { return outstanding_.size(); }
  // Closes the transport; every later call fails with STATUS_CONNECTION_DISCONNECTED.
  void close();

 private:
  struct Arrived {
    std::vector<uint8_t> bytes;
    uint32_t sequence = 0;
  };

  uint16_t allocate_mid();
  // Puts one message on the wire, after any other being written.
  asio::awaitable<Result<void>> write(std::vector<uint8_t> message);
  void break_connection(NtStatus why);
  Result<NtStatus> process(const Arrived& reply, smb1::Command command,
                           const ReplyHandler& handler, const std::vector<NtStatus>& accepted);
  void trace_reply(const Arrived& reply, TraceFields fields) const;

  std::unique_ptr<Transport> transport_;
  Tracer& tracer_;
  std::chrono::milliseconds reply_timeout_;
  uint16_t flags2_ = 0;
  uint16_t uid_ = 0;
  uint32_t pid_ = 0;
  uint16_t next_mid_ = 1;
  NtStatus broken_ = NtStatus::Success;
  std::set<uint16_t> outstanding_;
  std::set<uint16_t> abandoned_;
  std::map<uint16_t, std::deque<Arrived>> early_;  // replies that came before their turn
  WriteTurns turns_;
};

}  // namespace smbkit::client
