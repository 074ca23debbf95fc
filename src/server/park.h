// Requests that wait for another client without holding a thread (both dialects): an open waiting
// for an oplock break's acknowledgement (oplocks.h), or SMB1's open delayed on a sharing
// violation until a conflicting open closes (open_registry.h). The core registers a Wake where
// the event will happen and fails the request with STATUS_PENDING; the dialect keeps the request
// and runs it again, as a whole, once the Wake completes (Smb1Processor::park,
// Smb2Processor::park).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include <asio/any_io_executor.hpp>

namespace smbkit::server {

// Completes once: the event came, its time-out passed, or the server stops.
class Wake {
 public:
  // Calls `resume` once the wake completes (at once if it has): from any thread, with no mutex
  // of the core held.
  void then(std::function<void()> resume);
  // Called by the core, with none of its mutexes held.
  void complete();

 private:
  std::mutex mu_;
  bool done_ = false;
  std::function<void()> resume_;
};

// Where a request may park (given by the dialect for a request it can run again).
struct Park {
  asio::any_io_executor loop;  // runs the time-outs' timers: the requesting connection's loop
  // Set by the core when the request parked: run it again once `wait` completes.
  std::shared_ptr<Wake> wait;
  // SMB1's delayed sharing violation (smbtorture raw.mux): until when an NT create refused for
  // sharing waits for the conflicting opens to close (Windows and Samba answer after 1 s unless
  // they do). Kept across the request's runs; none: it is refused at once.
  std::optional<std::chrono::steady_clock::time_point> sharing_deadline;
};

}  // namespace smbkit::server
