// When writes may be made on an event loop: a slow one sends them to the pool for a spell that
// doubles while slow writes recur, and a fast one afterwards starts the count again.
#include "server/loop_writes.h"

#include <gtest/gtest.h>

namespace smbkit::server {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = LoopWrites::Clock;

TEST(LoopWritesTest, FastWritesKeepWritesOnTheLoop) {
  LoopWrites writes;
  Clock::time_point t = Clock::now();
  EXPECT_TRUE(writes.allowed(t));
  writes.took(t, t + milliseconds(1));
  EXPECT_TRUE(writes.allowed(t + milliseconds(1)));
}

TEST(LoopWritesTest, SlowWritesSendWritesToThePoolForDoublingSpells) {
  LoopWrites writes;
  Clock::time_point t = Clock::now();
  writes.took(t, t + milliseconds(3));  // slow: one second on the pool
  t += milliseconds(3);
  EXPECT_FALSE(writes.allowed(t));
  EXPECT_FALSE(writes.allowed(t + milliseconds(999)));
  EXPECT_TRUE(writes.allowed(t + seconds(1)));
  t += seconds(1);
  writes.took(t, t + milliseconds(10));  // slow again: two seconds
  t += milliseconds(10);
  EXPECT_FALSE(writes.allowed(t + milliseconds(1999)));
  EXPECT_TRUE(writes.allowed(t + seconds(2)));
  // Spells stop growing at kMaxPoolSpell.
  for (int i = 0; i < 10; ++i) {
    t += seconds(100);
    writes.took(t, t + milliseconds(5));
  }
  t += milliseconds(5);
  EXPECT_FALSE(writes.allowed(t + LoopWrites::kMaxPoolSpell - milliseconds(1)));
  EXPECT_TRUE(writes.allowed(t + LoopWrites::kMaxPoolSpell));
}

TEST(LoopWritesTest, AFastWriteAfterASpellStartsTheCountAgain) {
  LoopWrites writes;
  Clock::time_point t = Clock::now();
  for (int i = 0; i < 3; ++i) {  // spells of 1, 2 and 4 s
    t += seconds(10);
    writes.took(t, t + milliseconds(5));
  }
  t += seconds(10);
  writes.took(t, t + milliseconds(1));  // fast
  t += seconds(10);
  writes.took(t, t + milliseconds(5));  // slow: back to one second
  t += milliseconds(5);
  EXPECT_FALSE(writes.allowed(t + milliseconds(999)));
  EXPECT_TRUE(writes.allowed(t + seconds(1)));
}

}  // namespace
}  // namespace smbkit::server
