// The SMB1 side of a connection: parses each message, validates every block of an AndX chain
// against the command table, runs the handlers (off the event loop when they may block) and
// builds the reply.
#pragma once

#include <vector>

#include <asio.hpp>

#include "server/smb1/state.h"

namespace smbkit::server {

class Smb1Processor {
 public:
  explicit Smb1Processor(SharedState& shared) : shared_(shared) {}

  // The framed reply (NetBIOS/direct TCP header included), or empty to close the connection.
  asio::awaitable<std::vector<uint8_t>> process(std::vector<uint8_t> message);

  // The synchronous core, exposed for tests and fuzzing: one message in, one framed reply out.
  std::vector<uint8_t> handle(Bytes message);

 private:
  SharedState& shared_;
  Smb1State state_;
};

}  // namespace smbkit::server
