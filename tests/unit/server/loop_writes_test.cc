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
  writes.took(t, t + milliseconds(3));  // slow: 50 ms on the pool
  t += milliseconds(3);
  EXPECT_FALSE(writes.allowed(t));
  EXPECT_FALSE(writes.allowed(t + milliseconds(49)));
  EXPECT_TRUE(writes.allowed(t + milliseconds(50)));
  t += milliseconds(50);
  writes.took(t, t + milliseconds(10));  // slow again: 100 ms
  t += milliseconds(10);
  EXPECT_FALSE(writes.allowed(t + milliseconds(99)));
  EXPECT_TRUE(writes.allowed(t + milliseconds(100)));
  // Spells stop growing at kMaxPoolSpell.
  for (int i = 0; i < 20; ++i) {
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
  for (int i = 0; i < 3; ++i) {  // spells of 50, 100 and 200 ms
    t += seconds(10);
    writes.took(t, t + milliseconds(5));
  }
  t += seconds(10);
  writes.took(t, t + milliseconds(1));  // fast
  t += seconds(10);
  writes.took(t, t + milliseconds(5));  // slow: back to 50 ms
  t += milliseconds(5);
  EXPECT_FALSE(writes.allowed(t + milliseconds(49)));
  EXPECT_TRUE(writes.allowed(t + milliseconds(50)));
}

}  // namespace
}  // namespace smbkit::server
