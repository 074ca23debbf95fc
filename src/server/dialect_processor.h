// What a connection hands its messages to: the processor of the dialect it negotiated (SMB1's
// or SMB2's). The connection frames nothing and signs nothing; it sends what the processor
// returns, in order, and what the processor's reply sink queues later.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include <asio/any_io_executor.hpp>
#include <asio/ip/address.hpp>

#include "server/reply.h"
#include "wire/message_buffer.h"

namespace smbkit::server {

// When a request's reply goes out: now (in the outcome), later (through the reply sink: a
// request that waits for an event), or never (SMB1's NT_CANCEL has no reply of its own).
enum class Answer : uint8_t { Now, Later, Never };

// What handling one message came to.
struct Outcome {
  // The framed reply (transport header included), or empty: see `answer`.
  std::vector<uint8_t> frame;
  // Why there is no frame: Later (it comes through the reply sink), Never (the request has no
  // reply), or Now (the connection is to close).
  Answer answer = Answer::Now;
  bool logged_on = false;  // whether a logon has completed on the connection
  FileTail tail;           // sent after `frame`, which counts it in its length
};

using OutcomeSink = std::function<void(Outcome)>;

// How a processor runs a request again later (an open parked until oplock breaks end,
// oplocks.h): `work` runs on the connection's loop if the connection is still open, and is
// handed the sink for the outcome, whose frame goes out as a late reply (the connection stays
// alive until the sink is called). Callable from any thread.
using Rerun = std::function<void(std::function<void(OutcomeSink)> work)>;

class DialectProcessor {
 public:
  virtual ~DialectProcessor() = default;

  // Handles `message` (one frame's payload) and calls `done` on the connection's loop with its
  // outcome; outcomes come in the order messages were submitted. Called on the loop only.
  virtual void submit(MessageBuffer message, OutcomeSink done) = 0;
  // Where replies answered later go (called from any thread), and the loop watchers run on.
  virtual void set_reply_sink(asio::any_io_executor loop, ReplySink sink) = 0;
  // How a parked request is run again; without it no request parks.
  virtual void set_rerun(Rerun rerun) = 0;
  // The client's address, for the shares' "hosts allow" / "hosts deny" at tree connect.
  virtual void set_client_address(const asio::ip::address& address) = 0;
  virtual size_t open_files() const = 0;
};

}  // namespace smbkit::server
