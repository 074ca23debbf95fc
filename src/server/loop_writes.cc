#include "server/loop_writes.h"

#include <algorithm>

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
  spell_.store(std::min<int64_t>(spell * 2, kMaxPoolSpell.count()), std::memory_order_relaxed);
}

}  // namespace smbkit::server
