// Where a connection's messages run, for both dialects: on the event loop when nothing in them
// may block, else on the worker pool, in arrival order either way. A message handled on the
// loop completes before submit returns; one that may block goes to the pool, and so does every
// message submitted while one is there, so handlers never run at once and a processor's state
// needs no lock. A lone read or write is tried on the loop first: from or into the page cache
// it needs no worker thread, and the hop there and back cost more than the copy
// (bench/README.md); its handler changes nothing before it knows whether it can, so it can be
// run again on the pool.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>

#include <asio.hpp>

#include "server/dialect_processor.h"
#include "wire/byte_reader.h"

namespace smbkit::server {

class MessageRunner {
 public:
  // Where a message may run.
  enum class Place { Loop, TryLoop, Pool };
  // Handles a message: on the loop (`on_loop`; nullopt when it must go to the pool after all,
  // having changed nothing) or on the pool (never nullopt).
  using Handler = std::function<std::optional<Outcome>(Bytes message, bool on_loop)>;

  explicit MessageRunner(asio::thread_pool& pool) : worker_(asio::make_strand(pool)) {}

  // Called on the loop only; `done` is called on `loop` with the outcome, and keeps whatever
  // must outlive the work (the connection, and with it the processor).
  void submit(MessageBuffer message, Place place, const asio::any_io_executor& loop,
              const Handler& handle, OutcomeSink done);

 private:
  // Runs the connection's messages on the pool one after another, several per wake-up when
  // they have piled up (one thread hop per message cost more CPU than a 64 KiB write).
  asio::strand<asio::thread_pool::executor_type> worker_;
  size_t on_worker_ = 0;  // messages submitted to worker_ whose outcome is not yet delivered
};

}  // namespace smbkit::server
