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
};

}  // namespace smbkit::client
