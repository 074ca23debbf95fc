// The seam between the SMB client and the network: whole SMB messages in and out. The framing
// (direct TCP or the NetBIOS session service) is the transport's business; tests put a fake here.
#pragma once

#include <cstdint>
#include <vector>

#include <asio/awaitable.hpp>

#include "smbkit/status.h"

namespace smbkit::client {

class Transport {
 public:
  virtual ~Transport() = default;

  // Sends one SMB message.
  virtual asio::awaitable<Result<void>> send(std::vector<uint8_t> message) = 0;
  // The next SMB message from the server (keepalives skipped). Must give up promptly when the
  // awaiting coroutine is cancelled (the caller's time-out does that).
  virtual asio::awaitable<Result<std::vector<uint8_t>>> receive() = 0;
  // Drops the connection; later sends and receives fail.
  virtual void close() = 0;
  // Hands back a message receive() returned, done with, so the next receive() can reuse its
  // memory (large READ responses would otherwise cost a fresh, zero-filled allocation each).
  virtual void recycle(std::vector<uint8_t> buffer) {}
  // An empty buffer with room for `capacity` bytes to build a message in: memory of a message
  // sent earlier when there is one, so that large WRITE requests do not fault in fresh pages.
  virtual std::vector<uint8_t> message_buffer(size_t capacity) {
    std::vector<uint8_t> b;
    b.reserve(capacity);
    return b;
  }
};

}  // namespace smbkit::client
