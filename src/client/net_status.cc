#include "client/net_status.h"

#include <asio/error.hpp>

namespace smbkit::client {

NtStatus status_from_network_error(const std::error_code& ec) {
  if (ec == asio::error::connection_refused) return NtStatus::ConnectionRefused;
  if (ec == asio::error::connection_reset) return NtStatus::ConnectionReset;
  if (ec == asio::error::host_unreachable) return NtStatus::HostUnreachable;
  if (ec == asio::error::network_unreachable || ec == asio::error::network_down)
    return NtStatus::NetworkUnreachable;
  if (ec == asio::error::host_not_found || ec == asio::error::host_not_found_try_again ||
      ec == asio::error::no_data)
    return NtStatus::BadNetworkPath;
  if (ec == asio::error::timed_out) return NtStatus::IoTimeout;
  if (ec == asio::error::operation_aborted) return NtStatus::Cancelled;
  return NtStatus::ConnectionDisconnected;
}

}  // namespace smbkit::client
