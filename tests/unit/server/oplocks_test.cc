// The server-wide oplock table: grants (MS-CIFS 3.3.5.50 / 3.3.5.35), breaks when another open
// conflicts (MS-CIFS 3.3.4.2, MS-FSA 2.1.4.12), the opener's wait for the holder's
// acknowledgement (MS-CIFS 3.3.5.30) or close, and what ends that wait.
#include "server/oplocks.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace smbkit::server {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Open = OplockTable::Open;

constexpr vfs::FileKey kFile{0x801, 4242};
constexpr vfs::FileKey kOtherFile{0x801, 4243};

constexpr ConnectionId c1{1}, c2{2}, c3{3};

// The breaks one holder was sent, in order; thread-safe.
struct Breaks {
  std::mutex mu;
  std::vector<OplockLevel> sent;

  BreakNotifier notifier() {
    return [this](OplockLevel level) {
      std::lock_guard lock(mu);
      sent.push_back(level);
    };
  }
  std::vector<OplockLevel> get() {
    std::lock_guard lock(mu);
    return sent;
  }
};

OplockIntent intent(ConnectionId conn, bool truncating = false, bool stat_only = false) {
  OplockIntent i;
  i.connection = conn;
  i.truncating = truncating;
  i.stat_only = stat_only;
  return i;
}

// An open that got through the share-mode check.
Open admit(OplockTable& t, vfs::FileKey key, const OplockIntent& i) {
  Open o = t.enter(key, i);
  t.admitted(o);
  return o;
}

// An open of kFile by `conn` asking for `wanted`, its breaks recorded in `breaks`.
Open open_with(OplockTable& t, ConnectionId conn, OplockLevel wanted, Breaks& breaks,
               OplockLevel* granted, bool level2 = true, vfs::FileKey key = kFile) {
  Open o = admit(t, key, intent(conn));
  *granted = t.grant(o, wanted, level2, breaks.notifier());
  return o;
}

// Waits until `t` has `n` openers waiting for an acknowledgement.
void wait_for_waiters(OplockTable& t, size_t n) {
  auto deadline = Clock::now() + 5s;
  while (t.waiting() != n && Clock::now() < deadline) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(t.waiting(), n);
}

TEST(OplockTable, SoleOpenGetsWhatItAsks) {
  OplockTable t;
  Breaks b;
  OplockLevel level;
  Open batch = open_with(t, c1, OplockLevel::Batch, b, &level);
  EXPECT_EQ(level, OplockLevel::Batch);
  Open other = open_with(t, c2, OplockLevel::Exclusive, b, &level, true, kOtherFile);
  EXPECT_EQ(level, OplockLevel::Exclusive);
  Open none = admit(t, kOtherFile, intent(c2, false, true));  // stat-only: no break
  EXPECT_EQ(t.grant(none, OplockLevel::None, true, {}), OplockLevel::None);
  EXPECT_EQ(t.level(other), OplockLevel::Exclusive);
  EXPECT_TRUE(b.get().empty());
}

TEST(OplockTable, SameConnectionBreaksAtOnceToLevelII) {
  OplockTable t;
  Breaks b1, b2;
  OplockLevel level;
  Open first = open_with(t, c1, OplockLevel::Exclusive, b1, &level);
  ASSERT_EQ(level, OplockLevel::Exclusive);
  // The second open on the holder's own connection does not wait for the acknowledgement.
  auto start = Clock::now();
  Open second = open_with(t, c1, OplockLevel::Exclusive, b2, &level);
  EXPECT_LT(Clock::now() - start, 1s);
  EXPECT_EQ(level, OplockLevel::LevelII);
  EXPECT_EQ(b1.get(), std::vector{OplockLevel::LevelII});
  EXPECT_EQ(t.level(first), OplockLevel::LevelII);
  // The late acknowledgement changes nothing; one to none releases level II.
  t.acknowledge(first, OplockLevel::LevelII);
  EXPECT_EQ(t.level(first), OplockLevel::LevelII);
  t.acknowledge(first, OplockLevel::None);
  EXPECT_EQ(t.level(first), OplockLevel::None);
}

TEST(OplockTable, OpenerWaitsForTheHoldersAcknowledgement) {
  OplockTable t;
  Breaks b1, b2;
  OplockLevel level;
  Open holder = open_with(t, c1, OplockLevel::Batch, b1, &level);
  ASSERT_EQ(level, OplockLevel::Batch);
  auto opener = std::async(std::launch::async, [&] {
    Open o = admit(t, kFile, intent(c2));
    OplockLevel granted = t.grant(o, OplockLevel::Batch, true, b2.notifier());
    return std::pair{std::move(o), granted};
  });
  wait_for_waiters(t, 1);
  EXPECT_EQ(b1.get(), std::vector{OplockLevel::LevelII});
  EXPECT_EQ(opener.wait_for(50ms), std::future_status::timeout);  // still waiting
  t.acknowledge(holder, OplockLevel::LevelII);
  auto [second, granted] = opener.get();
  EXPECT_EQ(granted, OplockLevel::LevelII);
  EXPECT_EQ(t.level(holder), OplockLevel::LevelII);
  EXPECT_EQ(t.waiting(), 0u);
  EXPECT_TRUE(b2.get().empty());
}

TEST(OplockTable, HolderWithoutLevelIIBreaksToNone) {
  OplockTable t;
  Breaks b1, b2;
  OplockLevel level;
  Open holder = open_with(t, c1, OplockLevel::Exclusive, b1, &level, /*level2=*/false);
  auto opener = std::async(std::launch::async, [&] {
    Open o = admit(t, kFile, intent(c2));
    OplockLevel granted = t.grant(o, OplockLevel::Exclusive, true, b2.notifier());
    return std::pair{std::move(o), granted};
  });
  wait_for_waiters(t, 1);
  EXPECT_EQ(b1.get(), std::vector{OplockLevel::None});
  t.acknowledge(holder, OplockLevel::LevelII);  // claims level II, but the break said none
  auto [second, granted] = opener.get();
  EXPECT_EQ(t.level(holder), OplockLevel::None);
  EXPECT_EQ(granted, OplockLevel::LevelII);  // the other open holds no oplock any more
}

TEST(OplockTable, HoldersCloseEndsTheWait) {
  OplockTable t;
  Breaks b1, b2;
  OplockLevel level;
  auto holder = std::make_unique<Open>(open_with(t, c1, OplockLevel::Batch, b1, &level));
  auto opener = std::async(std::launch::async, [&] {
    Open o = admit(t, kFile, intent(c2));
    OplockLevel granted = t.grant(o, OplockLevel::Batch, true, b2.notifier());
    return std::pair{std::move(o), granted};
  });
  wait_for_waiters(t, 1);
  holder.reset();  // CLOSE instead of an acknowledgement
  auto [second, granted] = opener.get();
  EXPECT_EQ(granted, OplockLevel::Batch);  // alone now
}

TEST(OplockTable, TimeOutLowersTheOplockAsTheBreakSaid) {
  OplockTable t(1, 100ms);
  Breaks b1;
  OplockLevel level;
  Open holder = open_with(t, c1, OplockLevel::Exclusive, b1, &level);
  auto start = Clock::now();
  Open second = admit(t, kFile, intent(c2));
  EXPECT_GE(Clock::now() - start, 100ms);
  EXPECT_EQ(t.level(holder), OplockLevel::LevelII);
  EXPECT_EQ(t.grant(second, OplockLevel::None, true, {}), OplockLevel::None);
}

TEST(OplockTable, NoFreeWaitSlotBreaksWithoutWaiting) {
  OplockTable t(0, 10s);
  Breaks b1;
  OplockLevel level;
  Open holder = open_with(t, c1, OplockLevel::Batch, b1, &level);
  auto start = Clock::now();
  Open second = admit(t, kFile, intent(c2));
  EXPECT_LT(Clock::now() - start, 1s);
  EXPECT_EQ(b1.get(), std::vector{OplockLevel::LevelII});
  EXPECT_EQ(t.level(holder), OplockLevel::LevelII);
}

TEST(OplockTable, ShutdownEndsTheWait) {
  OplockTable t(1, 30s);
  Breaks b1;
  OplockLevel level;
  Open holder = open_with(t, c1, OplockLevel::Batch, b1, &level);
  auto opener = std::async(std::launch::async, [&] { return admit(t, kFile, intent(c2)); });
  wait_for_waiters(t, 1);
  t.shutdown();
  Open second = opener.get();
  EXPECT_EQ(t.level(holder), OplockLevel::LevelII);
  // Later conflicts no longer wait.
  Open third_holder = open_with(t, c3, OplockLevel::Batch, b1, &level, true, kOtherFile);
  auto start = Clock::now();
  Open fourth = admit(t, kOtherFile, intent(c1));
  EXPECT_LT(Clock::now() - start, 1s);
}

TEST(OplockTable, TruncatingOpenBreaksToNone) {
  OplockTable t(1, 10s);
  Breaks b1, b2, b3;
  OplockLevel level;
  Open exclusive = open_with(t, c1, OplockLevel::Exclusive, b1, &level);
  auto opener = std::async(std::launch::async, [&] {
    Open o = admit(t, kFile, intent(c2, /*truncating=*/true));
    t.grant(o, OplockLevel::None, true, b2.notifier());
    return o;
  });
  wait_for_waiters(t, 1);
  EXPECT_EQ(b1.get(), std::vector{OplockLevel::None});
  t.acknowledge(exclusive, OplockLevel::None);
  Open second = opener.get();
  // Level II holders break to none on a truncating open, with no wait.
  Open third = open_with(t, c3, OplockLevel::Exclusive, b3, &level);
  ASSERT_EQ(level, OplockLevel::LevelII);
  Open fourth = admit(t, kFile, intent(c1, /*truncating=*/true));
  EXPECT_EQ(b3.get(), std::vector{OplockLevel::None});
  EXPECT_EQ(t.level(third), OplockLevel::None);
}

TEST(OplockTable, StatOnlyOpenBreaksNothingUnlessItTruncates) {
  OplockTable t(0, 10s);  // no waiting: breaks are lowered at once
  Breaks b1, b2;
  OplockLevel level;
  Open exclusive = open_with(t, c1, OplockLevel::Exclusive, b1, &level);
  Open stat = admit(t, kFile, intent(c2, false, /*stat_only=*/true));
  EXPECT_TRUE(b1.get().empty());
  EXPECT_EQ(t.level(exclusive), OplockLevel::Exclusive);
  Open batch = open_with(t, c1, OplockLevel::Batch, b2, &level, true, kOtherFile);
  Open stat2 = admit(t, kOtherFile, intent(c2, false, true));
  EXPECT_TRUE(b2.get().empty());
  EXPECT_EQ(t.level(batch), OplockLevel::Batch);
  Open overwrite = admit(t, kOtherFile, intent(c2, /*truncating=*/true, true));
  EXPECT_EQ(b2.get(), std::vector{OplockLevel::None});
}

TEST(OplockTable, BeforeTheShareCheckOnlyBatchBreaks) {
  OplockTable t(0, 10s);
  Breaks b1, b2;
  OplockLevel level;
  Open exclusive = open_with(t, c1, OplockLevel::Exclusive, b1, &level);
  Open batch = open_with(t, c1, OplockLevel::Batch, b2, &level, true, kOtherFile);
  // Opens refused for sharing: enter() without admitted().
  Open refused = t.enter(kFile, intent(c2));
  Open refused2 = t.enter(kOtherFile, intent(c2));
  EXPECT_TRUE(b1.get().empty());
  EXPECT_EQ(t.level(exclusive), OplockLevel::Exclusive);
  EXPECT_EQ(b2.get(), std::vector{OplockLevel::LevelII});
  t.admitted(refused);  // had it got through
  EXPECT_EQ(b1.get(), std::vector{OplockLevel::LevelII});
}

TEST(OplockTable, WriteBreaksOtherLevelIIToNone) {
  OplockTable t;
  Breaks b1, b2;
  OplockLevel level;
  Open first = open_with(t, c1, OplockLevel::None, b1, &level);
  Open second = open_with(t, c2, OplockLevel::Exclusive, b2, &level);
  ASSERT_EQ(level, OplockLevel::LevelII);  // another open exists
  t.break_level2(first);
  EXPECT_EQ(b2.get(), std::vector{OplockLevel::None});
  EXPECT_EQ(t.level(second), OplockLevel::None);
  t.break_level2(first);  // nothing more to break
  EXPECT_EQ(b2.get().size(), 1u);
}

TEST(OplockTable, AWriterBreaksItsOwnLevelIIToo) {
  OplockTable t;
  Breaks b1, b2;
  OplockLevel level;
  Open first = open_with(t, c1, OplockLevel::Batch, b1, &level);
  Open second = open_with(t, c1, OplockLevel::Batch, b2, &level);  // same connection: no wait
  ASSERT_EQ(t.level(first), OplockLevel::LevelII);
  ASSERT_EQ(level, OplockLevel::LevelII);
  t.break_level2(first);
  EXPECT_EQ(t.level(first), OplockLevel::None);
  EXPECT_EQ(t.level(second), OplockLevel::None);
  EXPECT_EQ(b1.get().back(), OplockLevel::None);
  EXPECT_EQ(b2.get(), std::vector{OplockLevel::None});
}

TEST(OplockTable, NoLevelIIForAClientWithoutIt) {
  OplockTable t;
  Breaks b;
  OplockLevel level;
  Open first = open_with(t, c1, OplockLevel::None, b, &level);
  Open second = open_with(t, c1, OplockLevel::Batch, b, &level, /*level2=*/false);
  EXPECT_EQ(level, OplockLevel::None);
}

TEST(OplockTable, ReleaseForgetsTheFile) {
  OplockTable t;
  Breaks b;
  OplockLevel level;
  { Open o = open_with(t, c1, OplockLevel::Batch, b, &level); }
  Open again = open_with(t, c2, OplockLevel::Batch, b, &level);
  EXPECT_EQ(level, OplockLevel::Batch);
  EXPECT_TRUE(b.get().empty());
  Open moved = std::move(again);
  EXPECT_EQ(t.level(moved), OplockLevel::Batch);
  EXPECT_EQ(t.level(again), OplockLevel::None);  // NOLINT(bugprone-use-after-move): empty
}

}  // namespace
}  // namespace smbkit::server
