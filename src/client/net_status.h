// The status a network error stands for, as a Windows client reports it.
#pragma once

#include <system_error>

#include "smbkit/status.h"

namespace smbkit::client {

// Connection refused, reset or closed, unreachable, unknown host, time-out; anything else is
// STATUS_CONNECTION_DISCONNECTED (the connection is of no further use).
NtStatus status_from_network_error(const std::error_code& ec);

}  // namespace smbkit::client
