// The server-wide oplock table: grants (MS-CIFS 3.3.5.50 / 3.3.5.35), breaks when another open
// conflicts (MS-CIFS 3.3.4.2, MS-FSA 2.1.4.12), the opener parked until the holder's
// acknowledgement (MS-CIFS 3.3.5.30) or close, and what ends that wait.
#include "server/oplocks.h"

#include <gtest/gtest.h>

#include <asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
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

// An opener that parks when it must wait: its Park, and whether its wait completed.
struct Parked {
  asio::io_context io;  // runs the time-out's timer
  Park later{io.get_executor(), nullptr, std::nullopt};
  std::atomic<bool> resumed{false};

  // Enters and admits an open of `key` as `i`; true when it parked (the open is then dropped,
  // as the server drops it, and `resumed` tells when to run it again).
  bool try_open(OplockTable& t, vfs::FileKey key, const OplockIntent& i) {
    Open o = t.enter(key, i, &later);
    if (!later.wait) t.admitted(o, &later);
    if (!later.wait) return false;
    later.wait->then([this] { resumed = true; });
    return true;
  }
  // Runs the loop until the wait completes or `limit` passes.
  bool run_until_resumed(std::chrono::milliseconds limit) {
    auto deadline = Clock::now() + limit;
    while (!resumed && Clock::now() < deadline) io.run_for(5ms);
    return resumed;
  }
};

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

TEST(OplockTable, OpenerParksUntilTheHoldersAcknowledgement) {
  OplockTable t;
  Breaks b1, b2;
  OplockLevel level;
  Open holder = open_with(t, c1, OplockLevel::Batch, b1, &level);
  ASSERT_EQ(level, OplockLevel::Batch);
  Parked p;
  ASSERT_TRUE(p.try_open(t, kFile, intent(c2)));
  EXPECT_EQ(b1.get(), std::vector{OplockLevel::LevelII});
  EXPECT_EQ(t.waiting(), 1u);
  EXPECT_FALSE(p.run_until_resumed(50ms));  // still waiting, holding no thread
  EXPECT_EQ(t.level(holder), OplockLevel::Batch);
  t.acknowledge(holder, OplockLevel::LevelII);
  EXPECT_TRUE(p.resumed);
  EXPECT_EQ(t.waiting(), 0u);
  // Run again, the open goes through, and shares level II.
  Open second = admit(t, kFile, intent(c2));
  EXPECT_EQ(t.grant(second, OplockLevel::Batch, true, b2.notifier()), OplockLevel::LevelII);
  EXPECT_EQ(t.level(holder), OplockLevel::LevelII);
  EXPECT_EQ(b1.get().size(), 1u);  // no second break
  EXPECT_TRUE(b2.get().empty());
}

TEST(OplockTable, HolderWithoutLevelIIBreaksToNone) {
  OplockTable t;
  Breaks b1, b2;
  OplockLevel level;
  Open holder = open_with(t, c1, OplockLevel::Exclusive, b1, &level, /*level2=*/false);
  Parked p;
  ASSERT_TRUE(p.try_open(t, kFile, intent(c2)));
  EXPECT_EQ(b1.get(), std::vector{OplockLevel::None});
  t.acknowledge(holder, OplockLevel::LevelII);  // claims level II, but the break said none
  EXPECT_TRUE(p.resumed);
  EXPECT_EQ(t.level(holder), OplockLevel::None);
  Open second = admit(t, kFile, intent(c2));
  EXPECT_EQ(t.grant(second, OplockLevel::Exclusive, true, b2.notifier()), OplockLevel::LevelII);
}

TEST(OplockTable, HoldersCloseEndsTheWait) {
  OplockTable t;
  Breaks b1, b2;
  OplockLevel level;
  auto holder = std::make_unique<Open>(open_with(t, c1, OplockLevel::Batch, b1, &level));
  Parked p;
  ASSERT_TRUE(p.try_open(t, kFile, intent(c2)));
  holder.reset();  // CLOSE instead of an acknowledgement
  EXPECT_TRUE(p.resumed);
  Open second = admit(t, kFile, intent(c2));
  EXPECT_EQ(t.grant(second, OplockLevel::Batch, true, b2.notifier()), OplockLevel::Batch);
}

TEST(OplockTable, TimeOutLowersTheOplockAsTheBreakSaid) {
  OplockTable t(100ms);
  Breaks b1;
  OplockLevel level;
  Open holder = open_with(t, c1, OplockLevel::Exclusive, b1, &level);
  auto start = Clock::now();
  Parked p;
  ASSERT_TRUE(p.try_open(t, kFile, intent(c2)));
  ASSERT_TRUE(p.run_until_resumed(5s));
  EXPECT_GE(Clock::now() - start, 100ms);
  EXPECT_EQ(t.level(holder), OplockLevel::LevelII);
  EXPECT_EQ(t.waiting(), 0u);
  t.acknowledge(holder, OplockLevel::LevelII);  // too late: changes nothing
  EXPECT_EQ(t.level(holder), OplockLevel::LevelII);
}

TEST(OplockTable, WithNowhereToParkTheOplockIsLoweredAtOnce) {
  OplockTable t(10s);
  Breaks b1;
  OplockLevel level;
  Open holder = open_with(t, c1, OplockLevel::Batch, b1, &level);
  Open second = admit(t, kFile, intent(c2));  // no Park: inside a chain, say
  EXPECT_EQ(b1.get(), std::vector{OplockLevel::LevelII});
  EXPECT_EQ(t.level(holder), OplockLevel::LevelII);
  EXPECT_EQ(t.waiting(), 0u);
}

TEST(OplockTable, WaitersOfOneFileResumeTogetherAndThenRunsAtOnceWhenDone) {
  OplockTable t;
  Breaks b1;
  OplockLevel level;
  Open holder = open_with(t, c1, OplockLevel::Batch, b1, &level);
  Parked p2, p3;
  ASSERT_TRUE(p2.try_open(t, kFile, intent(c2)));
  ASSERT_TRUE(p3.try_open(t, kFile, intent(c3)));  // the break under way: it waits too
  EXPECT_EQ(b1.get().size(), 1u);
  EXPECT_EQ(t.waiting(), 2u);
  t.acknowledge(holder, OplockLevel::None);
  EXPECT_TRUE(p2.resumed);
  EXPECT_TRUE(p3.resumed);
  bool late = false;
  p2.later.wait->then([&] { late = true; });  // completed already: runs at once
  EXPECT_TRUE(late);
}

TEST(OplockTable, ShutdownEndsTheWait) {
  OplockTable t(30s);
  Breaks b1;
  OplockLevel level;
  Open holder = open_with(t, c1, OplockLevel::Batch, b1, &level);
  Parked p;
  ASSERT_TRUE(p.try_open(t, kFile, intent(c2)));
  t.shutdown();
  EXPECT_TRUE(p.resumed);
  EXPECT_EQ(t.level(holder), OplockLevel::LevelII);
  // Later conflicts no longer park.
  Open third_holder = open_with(t, c3, OplockLevel::Batch, b1, &level, true, kOtherFile);
  Parked p2;
  EXPECT_FALSE(p2.try_open(t, kOtherFile, intent(c1)));
  EXPECT_EQ(t.level(third_holder), OplockLevel::LevelII);
  // The cancelled timer's handler runs and does nothing.
  p.io.run_for(20ms);
}

TEST(OplockTable, TruncatingOpenBreaksToNone) {
  OplockTable t(10s);
  Breaks b1, b2, b3;
  OplockLevel level;
  Open exclusive = open_with(t, c1, OplockLevel::Exclusive, b1, &level);
  Parked p;
  ASSERT_TRUE(p.try_open(t, kFile, intent(c2, /*truncating=*/true)));
  EXPECT_EQ(b1.get(), std::vector{OplockLevel::None});
  t.acknowledge(exclusive, OplockLevel::None);
  EXPECT_TRUE(p.resumed);
  Open second = admit(t, kFile, intent(c2, /*truncating=*/true));
  t.grant(second, OplockLevel::None, true, b2.notifier());
  // Level II holders break to none on a truncating open, with no wait.
  Open third = open_with(t, c3, OplockLevel::Exclusive, b3, &level);
  ASSERT_EQ(level, OplockLevel::LevelII);
  Parked p2;
  EXPECT_FALSE(p2.try_open(t, kFile, intent(c1, /*truncating=*/true)));
  EXPECT_EQ(b3.get(), std::vector{OplockLevel::None});
  EXPECT_EQ(t.level(third), OplockLevel::None);
}

TEST(OplockTable, StatOnlyOpenBreaksNothingUnlessItTruncates) {
  OplockTable t(10s);  // no Park: breaks are lowered at once
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
  OplockTable t(10s);
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
