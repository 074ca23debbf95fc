// The SMB1 side of a connection: parses each message, validates every block of an AndX chain
// against the command table, runs the handlers (off the event loop when they may block) and
// builds the reply.
#pragma once

#include <optional>
#include <vector>

#include <asio.hpp>

#include "server/smb1/handler.h"
#include "server/smb1/state.h"

namespace smbkit::server {

class Smb1Processor {
 public:
  explicit Smb1Processor(SharedState& shared) : shared_(shared) {}

  // The framed reply (NetBIOS/direct TCP header included), or empty: see last_answer().
  asio::awaitable<std::vector<uint8_t>> process(std::vector<uint8_t> message);
  // Why the last message got no frame: Later (it is answered through the reply sink), Never (it
  // has no reply, e.g. NT_CANCEL), or Now (the connection is to close).
  Answer last_answer() const { return answer_; }
  // Where replies answered later go (called from any thread), and the loop watchers run on.
  void set_reply_sink(asio::any_io_executor loop, ReplySink sink) {
    state_.loop = std::move(loop);
    state_.reply_sink = std::move(sink);
  }

  // The synchronous core, exposed for tests and fuzzing: one message in, one framed reply out.
  std::vector<uint8_t> handle(Bytes message);
  // The same on an event loop, for a message whose handlers can do without storage when the
  // data is cached; nullopt when one of them could not, and nothing was changed.
  std::optional<std::vector<uint8_t>> handle_on_loop(Bytes message);

  // Whether a logon has completed on the connection (its pre-logon time limit then ends).
  bool logged_on();
  size_t open_files() const { return state_.files.size(); }

 private:
  std::optional<std::vector<uint8_t>> run(Bytes message, bool on_loop);

  SharedState& shared_;
  Smb1State state_;
  Answer answer_ = Answer::Now;
};

}  // namespace smbkit::server
