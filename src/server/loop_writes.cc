#include "server/loop_writes.h"

#include <algorithm>

#include "server/log.h"

namespace smbkit::server {

bool LoopWrites::allowed(Clock::time_point now) const {
  return now.time_since_epoch().count() >= pool_until_.load(std::memory_order_relaxed);
}

void LoopWrites::took(Clock::time_point start, Clock::time_point end) {
  if (end - start < kSlowWrite) {
    spell_.store(kFirstPoolSpell.count(), std::memory_order_relaxed);
    return;
  }
  int64_t spell = spell_.load(std::memory_order_relaxed);
  pool_until_.store(end.time_since_epoch().count() + spell, std::memory_order_relaxed);
  using std::chrono::duration_cast;
  using std::chrono::microseconds;
  using std::chrono::milliseconds;
  log_debug("a write on the event loop took {} us: writes go to the worker pool for {} ms",
            duration_cast<microseconds>(end - start).count(),
            duration_cast<milliseconds>(Clock::duration(spell)).count());
  spell_.store(std::min<int64_t>(spell * 2, kMaxPoolSpell.count()), std::memory_order_relaxed);
}

}  // namespace smbkit::server
