// Runs an operation against a time limit: whichever ends first, the operation or the timer,
// cancels the other, and a timer that ends first gives STATUS_IO_TIMEOUT.
#pragma once

#include <chrono>
#include <utility>
#include <variant>

#include <asio/awaitable.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include "smbkit/status.h"

namespace smbkit::client {

template <class T>
asio::awaitable<Result<T>> with_deadline(asio::awaitable<Result<T>> op,
                                         std::chrono::steady_clock::duration limit) {
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer timer(co_await asio::this_coro::executor, limit);
  // Both branches have ended when this returns (the loser completes as cancelled), so `op` may
  // refer to the caller's objects.
  std::variant<Result<T>, std::monostate> first =
      co_await (std::move(op) || timer.async_wait(asio::use_awaitable));
  if (first.index() == 1) co_return fail(NtStatus::IoTimeout);
  co_return std::get<0>(std::move(first));
}

}  // namespace smbkit::client
