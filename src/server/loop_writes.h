// Whether a write may be made on an event loop. One that needs no read from storage
// (vfs::OpenFile::pwrite_without_reading) is a copy into memory, cheaper than the hop to the
// worker pool and back (bench/README.md), but the kernel still makes a writer wait while
// writeback catches up with too many dirty pages, and a loop that waits stalls all its
// connections. So a loop write is timed: one slower than kSlowWrite sends every write to the pool
// for a while, twice as long each time it happens again (up to kMaxPoolSpell); a fast one after
// that spell ends starts the count again. The first spell is short: on a busy machine a loop
// thread is also slow when it is merely preempted, and a long first spell sent most of a 1 GiB
// upload to the pool (bench/README.md).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace smbkit::server {

class LoopWrites {
 public:
  using Clock = std::chrono::steady_clock;
  // A 128 KiB copy into the page cache takes tens of microseconds; a write that took this long
  // waited for something.
  static constexpr Clock::duration kSlowWrite = std::chrono::milliseconds(2);
  static constexpr Clock::duration kFirstPoolSpell = std::chrono::milliseconds(50);
  static constexpr Clock::duration kMaxPoolSpell = std::chrono::seconds(64);

  // Whether writes may be tried on a loop at `now`.
  bool allowed(Clock::time_point now) const;
  // A loop write started at `start` ended at `end`.
  void took(Clock::time_point start, Clock::time_point end);

 private:
  // Every loop and pool thread reads these; a lost update between two slow writes only makes a
  // spell shorter or longer once.
  std::atomic<int64_t> pool_until_{0};  // Clock ticks since its epoch
  std::atomic<int64_t> spell_{kFirstPoolSpell.count()};
};

}  // namespace smbkit::server
