// Runs blocking work (file I/O) on the worker pool and resumes the calling coroutine on its own
// event loop with the result (DESIGN.md "A handler never blocks its loop on slow storage").
#pragma once

#include <type_traits>
#include <utility>

#include <asio.hpp>

namespace smbkit::server {

// Not a coroutine itself: it returns the operation for the caller to co_await, so no temporary
// lives across a suspension inside it (GCC 12 destroys such temporaries twice).
template <class F>
asio::awaitable<std::invoke_result_t<F>> run_off_loop(asio::thread_pool& pool, F work) {
  using R = std::invoke_result_t<F>;
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(R)>(
      [&pool](auto handler, F work) {
        asio::post(pool, [work = std::move(work), handler = std::move(handler)]() mutable {
          R result = work();
          auto ex = asio::get_associated_executor(handler);
          asio::dispatch(ex, [result = std::move(result), handler = std::move(handler)]() mutable {
            std::move(handler)(std::move(result));
          });
        });
      },
      asio::use_awaitable, std::move(work));
}

}  // namespace smbkit::server
