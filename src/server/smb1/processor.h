// The SMB1 side of a connection: parses each message, validates every block of an AndX chain
// against the command table, runs the handlers (off the event loop when they may block) and
// builds the reply. Messages are handled one at a time, in the order they arrive, but the
// connection need not wait for one before submitting the next (MaxMpxCount).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include <asio.hpp>

#include "server/dialect_processor.h"
#include "server/message_runner.h"
#include "server/smb1/handler.h"
#include "server/smb1/state.h"
#include "wire/message_buffer.h"

namespace smbkit::server {

class Smb1Processor : public DialectProcessor {
 public:
  explicit Smb1Processor(SharedState& shared)
      : shared_(shared), runner_(shared.pool) {
    state_.connection = shared.connection_ids.next();
  }

  // Handles `message` on the loop or the pool as message_runner.h says, and calls `done` on the
  // connection's loop (set_reply_sink's) with its outcome.
  void submit(MessageBuffer message, OutcomeSink done) override {
    submit(std::move(message), std::move(done), {});
  }
  // Why the last message got no frame: Later (it is answered through the reply sink), Never (it
  // has no reply, e.g. NT_CANCEL), or Now (the connection is to close).
  Answer last_answer() const { return answer_; }
  // Where replies answered later go (called from any thread), and the loop watchers run on.
  void set_reply_sink(asio::any_io_executor loop, ReplySink sink) override {
    state_.loop = std::move(loop);
    state_.reply_sink = std::move(sink);
  }
  void set_rerun(Rerun rerun) override { state_.rerun = std::move(rerun); }
  void set_client_address(const asio::ip::address& address) override {
    state_.client_address = address;
  }

  // The synchronous core, exposed for tests and fuzzing: one message in, one framed reply out
  // (empty: see last_answer()).
  std::vector<uint8_t> handle(Bytes message);
  // The same on an event loop, for a message whose handlers can do without storage when the
  // data is cached; nullopt when one of them could not, and nothing was changed. With `tail`, a
  // READ_ANDX may leave its data there, to be sent from the file after the frame.
  std::optional<std::vector<uint8_t>> handle_on_loop(Bytes message, FileTail* tail = nullptr);

  // Whether a logon has completed on the connection (its pre-logon time limit then ends).
  bool logged_on();
  size_t open_files() const override { return state_.files.size(); }

 private:
  // `sharing_deadline`: a parked request's, run again (Park::sharing_deadline).
  using Deadline = std::optional<std::chrono::steady_clock::time_point>;
  void submit(MessageBuffer message, OutcomeSink done, Deadline sharing_deadline);
  std::optional<std::vector<uint8_t>> run(Bytes message, bool on_loop, FileTail* tail);
  // `message`'s first block parked in `later` (oplocks.h): it runs again, as a whole, once the
  // wait completes, and is answered then.
  void park(Bytes message, Park& later);
  // The outcome of the message just handled.
  Outcome outcome(std::vector<uint8_t> frame, FileTail tail = {});

  SharedState& shared_;
  Smb1State state_;
  Answer answer_ = Answer::Now;
  Deadline sharing_deadline_;  // of the message being run again
  MessageRunner runner_;
};

}  // namespace smbkit::server
