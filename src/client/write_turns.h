// Messages go out one at a time, whole: a coroutine that writes while another one's message is
// still being written waits for its turn (a CANCEL sent while a request goes out, several reads
// and writes of a transfer). Shared by the SMB1 and SMB2 connections.
#pragma once

#include <optional>
#include <vector>

#include <asio/awaitable.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include "client/transport.h"

namespace smbkit::client {

class WriteTurns {
 public:
  // Waits for the writes before to end, then sends `message` unless `broken` (the connection's
  // state, read once the turn has come) says the connection is gone:
  // STATUS_CONNECTION_DISCONNECTED then; the transport's failure if the send fails.
  asio::awaitable<Result<void>> send(Transport& transport, std::vector<uint8_t> message,
                                     const NtStatus& broken) {
    if (!done_)
      done_.emplace(co_await asio::this_coro::executor, asio::steady_timer::time_point::max());
    while (writing_) {
      std::error_code ignored;  // woken by cancel(): the writer before has finished
      co_await done_->async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
    if (broken != NtStatus::Success) co_return fail(NtStatus::ConnectionDisconnected);
    writing_ = true;
    auto sent = co_await transport.send(std::move(message));
    writing_ = false;
    done_->cancel();
    co_return sent;
  }

 private:
  bool writing_ = false;
  // Never expires; cancelled when a write ends, to wake the writers waiting for their turn.
  std::optional<asio::steady_timer> done_;
};

}  // namespace smbkit::client
