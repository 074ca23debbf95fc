// The client's TCP transport: direct TCP (MS-SMB2 2.1 framing, port 445) or the NetBIOS session
// service (RFC 1002 4.3, port 139) with its session request first.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>

#include "client/tracer.h"
#include "client/transport.h"

namespace smbkit::client {

struct TcpTarget {
  std::string host;
  uint16_t port = 445;
  bool netbios = false;
  std::string calling_name;  // our NetBIOS name for the session request
  std::chrono::milliseconds timeout{30000};  // for each step: resolve, connect, NetBIOS answer
};

// Resolves and connects. With `netbios`, sends a session request calling the host name as
// given (upper-cased, first 15 characters); a negative response "called name not present"
// (0x82) is retried once with "*SMBSERVER" on a new connection, as Windows clients do. The
// NetBIOS packets are traced through `tracer`, which must outlive the transport.
asio::awaitable<Result<std::unique_ptr<Transport>>> connect_tcp(const TcpTarget& target,
                                                                Tracer& tracer);

}  // namespace smbkit::client
