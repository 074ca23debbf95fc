// The server-wide registry of opens: MS-FSA 2.1.5.1.2.2 share modes, MS-FSA 2.1.4.10 / 2.1.5.8 /
// 2.1.5.9 byte-range locks, and the statuses Windows answers for them.
#include "server/open_registry.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <asio.hpp>

#include "fscc/access.h"

namespace smbkit::server {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Handle = OpenRegistry::Handle;

constexpr vfs::FileKey kFile{0x801, 4242};
constexpr vfs::FileKey kOtherFile{0x801, 4243};
constexpr uint32_t kRead = kFileReadData;
constexpr uint32_t kWrite = kFileWriteData;
constexpr uint32_t kAttrs = kFileReadAttributes | kFileWriteAttributes | kSynchronize;
constexpr uint32_t kShareAll = kFileShareRead | kFileShareWrite | kFileShareDelete;

// Two connections.
constexpr ConnectionId c1{1}, c2{2};

Handle admit(OpenRegistry& r, uint32_t access, uint32_t share, ConnectionId conn = c1,
             vfs::FileKey key = kFile) {
  auto h = r.admit(key, access, share, conn);
  EXPECT_TRUE(h) << status_name(h.error());
  return h ? std::move(*h) : Handle{};
}

NtStatus admit_status(OpenRegistry& r, uint32_t access, uint32_t share) {
  auto h = r.admit(kFile, access, share, c2);
  return h ? NtStatus::Success : h.error();
}

LockElement el(uint32_t key, uint64_t offset, uint64_t length) { return {key, {offset, length}}; }

NtStatus lock(OpenRegistry& r, const Handle& h, LockElement e, bool exclusive = true,
              LockWait wait = {}) {
  return r.lock(h, {}, std::span<const LockElement>(&e, 1), exclusive, wait);
}

NtStatus unlock(OpenRegistry& r, const Handle& h, LockElement e) {
  return r.lock(h, std::span<const LockElement>(&e, 1), {}, true, {});
}

NtStatus io(OpenRegistry& r, const Handle& h, uint32_t key, uint64_t offset, uint64_t length,
            bool write) {
  auto ok = r.check_io(h, key, {offset, length}, write);
  return ok ? NtStatus::Success : ok.error();
}

LockWait wait_ms(int ms) { return LockWait{std::chrono::milliseconds(ms), false}; }
LockWait wait_forever() { return LockWait{0ms, true}; }

// ---- Share modes ----

TEST(ShareModes, ShareNoneRefusesASecondOpen) {
  OpenRegistry r;
  Handle first = admit(r, kRead | kWrite, 0);
  EXPECT_EQ(admit_status(r, kRead, kShareAll), NtStatus::SharingViolation);
  EXPECT_EQ(admit_status(r, kWrite, kShareAll), NtStatus::SharingViolation);
  EXPECT_EQ(admit_status(r, kDelete, kShareAll), NtStatus::SharingViolation);
  // Another file is not concerned, and closing the first lets the second in.
  EXPECT_TRUE(r.admit(kOtherFile, kRead, 0, c2));
  first = Handle{};
  EXPECT_EQ(admit_status(r, kRead | kWrite, 0), NtStatus::Success);
}

TEST(ShareModes, EachSideMustShareWhatTheOtherUses) {
  OpenRegistry r;
  Handle reader = admit(r, kRead, kFileShareRead);
  EXPECT_EQ(admit_status(r, kRead, kFileShareRead), NtStatus::Success);
  // The reader does not share writing.
  EXPECT_EQ(admit_status(r, kWrite, kShareAll), NtStatus::SharingViolation);
  // The newcomer would not share the reading that is going on.
  EXPECT_EQ(admit_status(r, kRead, kFileShareWrite), NtStatus::SharingViolation);
  // FILE_APPEND_DATA counts as writing, FILE_EXECUTE as reading.
  EXPECT_EQ(admit_status(r, kFileAppendData, kShareAll), NtStatus::SharingViolation);
  EXPECT_EQ(admit_status(r, kFileExecute, kFileShareRead), NtStatus::Success);
}

TEST(ShareModes, AttributeOnlyOpensNeverConflict) {
  OpenRegistry r;
  Handle exclusive = admit(r, kRead | kWrite | kDelete, 0);
  EXPECT_EQ(admit_status(r, kAttrs | kReadControl, 0), NtStatus::Success);
  exclusive = Handle{};
  Handle attrs = admit(r, kAttrs, 0);
  EXPECT_EQ(admit_status(r, kRead | kWrite | kDelete, 0), NtStatus::Success);
}

// The whole matrix against the six conditions of MS-FSA 2.1.5.1.2.2, as the spec states them.
TEST(ShareModes, MatrixFollowsMsFsa) {
  const uint32_t accesses[] = {0,      kRead,   kWrite,         kFileAppendData, kFileExecute,
                               kDelete, kAttrs, kRead | kWrite, kRead | kDelete};
  auto expected_conflict = [](uint32_t a1, uint32_t s1, uint32_t a2, uint32_t s2) {
    const uint32_t data = kRead | kWrite | kFileAppendData | kFileExecute | kDelete;
    if (!(a2 & data) || !(a1 & data)) return false;
    bool r1 = a1 & (kRead | kFileExecute), w1 = a1 & (kWrite | kFileAppendData), d1 = a1 & kDelete;
    bool r2 = a2 & (kRead | kFileExecute), w2 = a2 & (kWrite | kFileAppendData), d2 = a2 & kDelete;
    return (!(s1 & kFileShareRead) && r2) || (!(s1 & kFileShareWrite) && w2) ||
           (!(s1 & kFileShareDelete) && d2) || (!(s2 & kFileShareRead) && r1) ||
           (!(s2 & kFileShareWrite) && w1) || (!(s2 & kFileShareDelete) && d1);
  };
  int conflicts = 0;
  for (uint32_t a1 : accesses)
    for (uint32_t s1 = 0; s1 < 8; ++s1)
      for (uint32_t a2 : accesses)
        for (uint32_t s2 = 0; s2 < 8; ++s2) {
          OpenRegistry r;
          Handle first = admit(r, a1, s1);
          bool conflict = admit_status(r, a2, s2) == NtStatus::SharingViolation;
          ASSERT_EQ(conflict, expected_conflict(a1, s1, a2, s2))
              << std::hex << a1 << "/" << s1 << " then " << a2 << "/" << s2;
          conflicts += conflict;
        }
  EXPECT_GT(conflicts, 1000);  // the matrix is not trivially empty
}

TEST(ShareModes, DeleteNeedsEveryOpenToShareDelete) {
  OpenRegistry r;
  EXPECT_TRUE(r.check_delete(kFile));  // nothing open
  Handle shares_rw = admit(r, kRead, kFileShareRead | kFileShareWrite);
  EXPECT_EQ(r.check_delete(kFile).error(), NtStatus::SharingViolation);
  shares_rw = Handle{};
  Handle shares_all = admit(r, kRead | kWrite, kShareAll);
  Handle attrs_only = admit(r, kAttrs, 0);  // no data access: does not count
  EXPECT_TRUE(r.check_delete(kFile));
  EXPECT_TRUE(r.check_delete(kOtherFile));
}

// SMB_COM_DELETE opens for DELETE sharing nothing, a rename by name sharing read and write.
TEST(ShareModes, DeleteAndRenameByNameAskTheirOwnSharing) {
  OpenRegistry r;
  Handle deleter = admit(r, kRead | kWrite | kDelete, kShareAll);  // shares delete
  EXPECT_TRUE(r.check_delete(kFile));
  EXPECT_EQ(r.check_delete(kFile, kFileShareRead | kFileShareWrite).error(),
            NtStatus::SharingViolation);  // the rename would not share its DELETE access
  EXPECT_EQ(r.check_delete(kFile, kFileShareNone).error(), NtStatus::SharingViolation);
  deleter = Handle{};
  Handle reader = admit(r, kRead, kShareAll);
  EXPECT_TRUE(r.check_delete(kFile, kFileShareRead | kFileShareWrite));
  EXPECT_EQ(r.check_delete(kFile, kFileShareNone).error(), NtStatus::SharingViolation);
  reader = Handle{};
  Handle attrs = admit(r, kAttrs, 0);  // no data access: never in the way
  EXPECT_TRUE(r.check_delete(kFile, kFileShareNone));
}

TEST(ShareModes, HandlesMoveWithoutReleasing) {
  OpenRegistry r;
  Handle a = admit(r, kRead, 0);
  Handle b = std::move(a);
  EXPECT_FALSE(a);
  EXPECT_EQ(admit_status(r, kRead, kShareAll), NtStatus::SharingViolation);
  b = Handle{};
  EXPECT_EQ(admit_status(r, kRead, kShareAll), NtStatus::Success);
}

// SMB1's delayed sharing violation (smbtorture raw.mux): the refused open parks until an open of
// the file closes or its deadline passes, then runs again.
TEST(ShareModes, ARefusedOpenThatMayWaitParksUntilACloseThenGoesThrough) {
  OpenRegistry r;
  asio::io_context loop;
  auto first = std::make_unique<Handle>(admit(r, kRead, kFileShareRead));
  Park park{loop.get_executor(), nullptr, std::nullopt};
  auto refused = r.admit(kFile, kRead, 0, c2, {}, &park);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), NtStatus::Pending);
  ASSERT_TRUE(park.wait);
  ASSERT_TRUE(park.sharing_deadline);
  auto deadline = *park.sharing_deadline;
  EXPECT_GT(deadline - Clock::now(), 500ms);  // about kSharingViolationDelay from now
  bool resumed = false;
  park.wait->then([&] { resumed = true; });
  loop.run_for(20ms);
  EXPECT_FALSE(resumed);
  first.reset();  // the conflicting open closes
  EXPECT_TRUE(resumed);
  // Run again, with the deadline it had: it goes through.
  Park again{loop.get_executor(), nullptr, deadline};
  auto opened = r.admit(kFile, kRead, 0, c2, {}, &again);
  EXPECT_TRUE(opened);
  EXPECT_FALSE(again.wait);
}

TEST(ShareModes, ADelayedSharingViolationIsRefusedAtItsDeadline) {
  OpenRegistry r;
  asio::io_context loop;
  Handle first = admit(r, kRead, kFileShareRead);
  auto start = Clock::now();
  Park park{loop.get_executor(), nullptr, start + 100ms};
  ASSERT_EQ(r.admit(kFile, kRead, 0, c2, {}, &park).error(), NtStatus::Pending);
  bool resumed = false;
  park.wait->then([&] { resumed = true; });
  while (!resumed && Clock::now() - start < 5s) loop.run_for(5ms);
  EXPECT_TRUE(resumed);
  EXPECT_GE(Clock::now() - start, 100ms);
  Park again{loop.get_executor(), nullptr, park.sharing_deadline};
  auto refused = r.admit(kFile, kRead, 0, c2, {}, &again);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), NtStatus::SharingViolation);  // the deadline passed: at once
  EXPECT_FALSE(again.wait);
  // Without a Park the refusal is immediate, and shutdown ends a parked one.
  EXPECT_EQ(admit_status(r, kRead, 0), NtStatus::SharingViolation);
  Park late{loop.get_executor(), nullptr, std::nullopt};
  ASSERT_EQ(r.admit(kFile, kRead, 0, c2, {}, &late).error(), NtStatus::Pending);
  bool ended = false;
  late.wait->then([&] { ended = true; });
  r.shutdown();
  EXPECT_TRUE(ended);
}

// ---- Byte-range locks ----

TEST(ByteRangeLocks, ExclusiveLockBlocksOtherOpensLocksAndIo) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 100, 10)), NtStatus::Success);
  EXPECT_EQ(lock(r, b, el(1, 105, 10)), NtStatus::LockNotGranted);
  EXPECT_EQ(io(r, b, 1, 109, 1, false), NtStatus::FileLockConflict);
  EXPECT_EQ(io(r, b, 1, 90, 11, true), NtStatus::FileLockConflict);
  EXPECT_EQ(io(r, b, 1, 110, 5, false), NtStatus::Success);  // just past it
  // The owner reads and writes its range; another PID on the same open does not.
  EXPECT_EQ(io(r, a, 1, 100, 10, true), NtStatus::Success);
  EXPECT_EQ(io(r, a, 2, 100, 10, false), NtStatus::FileLockConflict);
  // Zero-length I/O never conflicts.
  EXPECT_EQ(io(r, b, 1, 105, 0, false), NtStatus::Success);
}

TEST(ByteRangeLocks, SharedLocksCoexistButRefuseWritesAndExclusiveLocks) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 0, 100), false), NtStatus::Success);
  EXPECT_EQ(lock(r, b, el(7, 50, 100), false), NtStatus::Success);
  EXPECT_EQ(io(r, b, 7, 0, 100, false), NtStatus::Success);
  EXPECT_EQ(io(r, b, 7, 10, 1, true), NtStatus::FileLockConflict);
  EXPECT_EQ(io(r, a, 1, 10, 1, true), NtStatus::FileLockConflict);  // its own shared lock too
  EXPECT_EQ(lock(r, b, el(7, 0, 1)), NtStatus::LockNotGranted);
}

TEST(ByteRangeLocks, StackingFollowsWindows) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll);
  ASSERT_EQ(lock(r, a, el(1, 0, 10)), NtStatus::Success);
  EXPECT_EQ(lock(r, a, el(1, 0, 10)), NtStatus::LockNotGranted);   // exclusive on exclusive
  EXPECT_EQ(lock(r, a, el(1, 0, 10), false), NtStatus::Success);  // shared on own exclusive
  EXPECT_EQ(unlock(r, a, el(1, 0, 10)), NtStatus::Success);        // the exclusive one goes first
  EXPECT_EQ(lock(r, a, el(1, 0, 10)), NtStatus::FileLockConflict); // exclusive on shared
  EXPECT_EQ(unlock(r, a, el(1, 0, 10)), NtStatus::Success);
  EXPECT_EQ(unlock(r, a, el(1, 0, 10)), NtStatus::RangeNotLocked);
}

TEST(ByteRangeLocks, UnlockReleasesAndMustMatchExactly) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 10, 10)), NtStatus::Success);
  EXPECT_EQ(unlock(r, a, el(1, 10, 5)), NtStatus::RangeNotLocked);  // not the same range
  EXPECT_EQ(unlock(r, a, el(2, 10, 10)), NtStatus::RangeNotLocked); // not the same PID
  EXPECT_EQ(unlock(r, b, el(1, 10, 10)), NtStatus::RangeNotLocked); // not the same open
  EXPECT_EQ(unlock(r, a, el(1, 10, 10)), NtStatus::Success);
  EXPECT_EQ(lock(r, b, el(1, 10, 10)), NtStatus::Success);
  EXPECT_EQ(io(r, a, 1, 10, 1, false), NtStatus::FileLockConflict);
}

TEST(ByteRangeLocks, RetryAtTheSameOffsetIsAFileLockConflict) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  Handle b2 = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 100, 10)), NtStatus::Success);
  EXPECT_EQ(lock(r, b, el(1, 100, 10)), NtStatus::LockNotGranted);
  EXPECT_EQ(lock(r, b, el(1, 100, 10)), NtStatus::FileLockConflict);
  EXPECT_EQ(lock(r, b, el(9, 100, 5)), NtStatus::FileLockConflict);  // same offset, any PID/count
  EXPECT_EQ(lock(r, b2, el(1, 100, 10)), NtStatus::LockNotGranted);  // the memory is per open
  EXPECT_EQ(lock(r, b, el(1, 105, 10)), NtStatus::LockNotGranted);   // a new offset
  EXPECT_EQ(lock(r, b, el(1, 100, 10)), NtStatus::LockNotGranted);
  // A lock that waited answers FILE_LOCK_CONFLICT at once.
  EXPECT_EQ(lock(r, b2, el(1, 101, 1), true, wait_ms(1)), NtStatus::FileLockConflict);
}

TEST(ByteRangeLocks, HighOffsetsAnswerFileLockConflict) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 0xEEFFFFFF, 4000)), NtStatus::Success);
  EXPECT_EQ(lock(r, b, el(1, 0xEEFFFFFF, 4000)), NtStatus::LockNotGranted);
  ASSERT_EQ(lock(r, a, el(1, 0xEF100000, 4000)), NtStatus::Success);
  EXPECT_EQ(lock(r, b, el(1, 0xEF100000, 4000)), NtStatus::FileLockConflict);
  uint64_t two63 = uint64_t{1} << 63;
  ASSERT_EQ(lock(r, a, el(1, two63, 1)), NtStatus::Success);
  EXPECT_EQ(lock(r, b, el(1, two63, 1)), NtStatus::LockNotGranted);
  ASSERT_EQ(lock(r, a, el(1, two63 - 1, 1)), NtStatus::Success);
  EXPECT_EQ(lock(r, b, el(1, two63 - 1, 1)), NtStatus::FileLockConflict);
}

TEST(ByteRangeLocks, SixtyFourBitRanges) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  const uint64_t max = ~uint64_t{0};
  EXPECT_EQ(lock(r, a, el(1, max, 1)), NtStatus::Success);  // the very last byte
  EXPECT_EQ(lock(r, b, el(1, max, 2)), NtStatus::InvalidLockRange);
  EXPECT_EQ(unlock(r, a, el(1, max, 2)), NtStatus::InvalidLockRange);
  EXPECT_EQ(lock(r, b, el(1, max - 1, 1)), NtStatus::Success);
  EXPECT_EQ(lock(r, b, el(1, max - 9, 10)), NtStatus::LockNotGranted);
  EXPECT_EQ(io(r, b, 1, max - 3, 100, false), NtStatus::FileLockConflict);  // cut at the end
  EXPECT_EQ(lock(r, a, el(1, 0x100000000, 0x100000000)), NtStatus::Success);
  EXPECT_EQ(io(r, b, 1, 0x1FFFFFFFF, 1, false), NtStatus::FileLockConflict);
  EXPECT_EQ(io(r, b, 1, 0xFFFFFFFF, 1, false), NtStatus::Success);
}

// Zero-length locks: MS-FSA's arithmetic makes one at n overlap only ranges holding n - 1 and n.
TEST(ByteRangeLocks, ZeroLengthLocks) {
  struct Case {
    uint64_t offset, length;
    bool granted;
  };
  const Case cases[] = {{10, 0, true}, {9, 1, true},   {10, 1, true}, {11, 1, true},
                        {9, 2, false}, {10, 2, true},  {9, 3, false}};
  for (const Case& c : cases) {
    for (bool zero_first : {true, false}) {
      OpenRegistry r;
      Handle a = admit(r, kRead | kWrite, kShareAll, c1);
      Handle b = admit(r, kRead | kWrite, kShareAll, c2);
      LockElement zero = el(1000, 10, 0), other = el(1001, c.offset, c.length);
      ASSERT_EQ(lock(r, a, zero_first ? zero : other), NtStatus::Success);
      EXPECT_EQ(lock(r, b, zero_first ? other : zero),
                c.granted ? NtStatus::Success : NtStatus::LockNotGranted)
          << c.offset << "/" << c.length << (zero_first ? " after" : " before") << " 10/0";
    }
  }
  // {0, 0} overlaps nothing, not even a lock of everything; {2^64 - 1, 0} "ends" at 2^64 - 2
  // and needs 2^64 - 1 too.
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 0, ~uint64_t{0})), NtStatus::Success);  // bytes 0 .. 2^64 - 2
  EXPECT_EQ(lock(r, b, el(1, 0, 0)), NtStatus::Success);
  EXPECT_EQ(lock(r, b, el(1, ~uint64_t{0}, 0)), NtStatus::Success);
  EXPECT_EQ(lock(r, b, el(1, 5, 0)), NtStatus::LockNotGranted);
}

TEST(ByteRangeLocks, LocksOfOneRequestAreAllOrNothing) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 10, 10)), NtStatus::Success);
  const LockElement both[] = {el(1, 0, 10), el(1, 10, 10)};
  EXPECT_EQ(r.lock(b, {}, both, true, {}), NtStatus::LockNotGranted);
  EXPECT_EQ(io(r, a, 1, 0, 10, true), NtStatus::Success);  // the first was not kept
}

TEST(ByteRangeLocks, UnlocksRunInOrderAndStopAtTheFirstMiss) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 0, 10)), NtStatus::Success);
  ASSERT_EQ(lock(r, a, el(1, 20, 10)), NtStatus::Success);
  const LockElement list[] = {el(1, 0, 10), el(1, 10, 10), el(1, 20, 10)};
  EXPECT_EQ(r.lock(a, list, {}, true, {}), NtStatus::RangeNotLocked);
  EXPECT_EQ(io(r, b, 1, 0, 10, false), NtStatus::Success);            // unlocked
  EXPECT_EQ(io(r, b, 1, 20, 10, false), NtStatus::FileLockConflict);  // still locked
  // Unlock then lock in one request: the unlock stays done when the lock fails.
  const LockElement unlocks[] = {el(1, 20, 10)};
  const LockElement locks[] = {el(1, 0, 5), el(1, 100, 1)};
  ASSERT_EQ(lock(r, b, el(1, 100, 1)), NtStatus::Success);
  EXPECT_EQ(r.lock(a, unlocks, locks, true, {}), NtStatus::LockNotGranted);
  EXPECT_EQ(io(r, b, 1, 20, 10, false), NtStatus::Success);
}

TEST(ByteRangeLocks, ClosingAnOpenDropsItsLocks) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 0, 100)), NtStatus::Success);
  a = Handle{};
  EXPECT_EQ(io(r, b, 1, 0, 100, true), NtStatus::Success);
  EXPECT_EQ(lock(r, b, el(1, 0, 100)), NtStatus::Success);
}

// ---- Waiting ----

// The outcome of a request answered later, as its connection's reply sink would get it, with a
// loop of its own for time-outs.
class Later {
 public:
  Later() : thread_([this] { io_.run(); }) {}
  ~Later() {
    guard_.reset();
    thread_.join();
  }

  // What lock() needs to let the request wait; one Later serves one request.
  LockLater* make(uint16_t mid = 1, bool large_ranges = true) {
    later_.loop = io_.get_executor();
    later_.request = smb1_request_id(100, 7, mid);
    later_.large_ranges = large_ranges;
    later_.done = [this](NtStatus status) {
      std::lock_guard lock(mu_);
      outcomes_.push_back(status);
      changed_.notify_all();
    };
    return &later_;
  }

  // The outcome, once told (nullopt when `within` passes first).
  std::optional<NtStatus> outcome(std::chrono::milliseconds within = 5000ms) {
    std::unique_lock lock(mu_);
    if (!changed_.wait_for(lock, within, [&] { return !outcomes_.empty(); })) return std::nullopt;
    return outcomes_.front();
  }

  size_t times_told() {
    std::lock_guard lock(mu_);
    return outcomes_.size();
  }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_{io_.get_executor()};
  LockLater later_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<NtStatus> outcomes_;
  std::thread thread_;
};

NtStatus lock_later(OpenRegistry& r, const Handle& h, LockElement e, LockWait wait, Later& later,
                    bool exclusive = true, uint16_t mid = 1) {
  return r.lock(h, {}, std::span<const LockElement>(&e, 1), exclusive, wait, later.make(mid));
}

TEST(LockWaits, AWaitingRequestIsPendingAndUnlockGrantsIt) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 0, 10)), NtStatus::Success);
  Later later;
  EXPECT_EQ(lock_later(r, b, el(2, 5, 10), wait_ms(10000), later), NtStatus::Pending);
  EXPECT_EQ(r.waiting(), 1u);
  EXPECT_EQ(later.outcome(50ms), std::nullopt);
  EXPECT_EQ(io(r, a, 1, 12, 1, false), NtStatus::Success);  // nothing taken while it waits
  EXPECT_EQ(unlock(r, a, el(1, 0, 10)), NtStatus::Success);
  EXPECT_EQ(later.outcome(), NtStatus::Success);
  EXPECT_EQ(r.waiting(), 0u);
  EXPECT_EQ(io(r, a, 1, 12, 1, false), NtStatus::FileLockConflict);  // b holds it now
  // The granted request's timer is stopped: it is told once.
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(later.times_told(), 1u);
}

TEST(LockWaits, TheHoldersCloseGrantsAWaiterForever) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 0, 10), false), NtStatus::Success);
  Later later;
  EXPECT_EQ(lock_later(r, b, el(1, 0, 1), wait_forever(), later), NtStatus::Pending);
  EXPECT_EQ(later.outcome(50ms), std::nullopt);
  a = Handle{};
  EXPECT_EQ(later.outcome(), NtStatus::Success);
  EXPECT_EQ(io(r, b, 2, 0, 1, false), NtStatus::FileLockConflict);
}

TEST(LockWaits, TheTimeOutFailsItWithFileLockConflictAndThenSetsTheErrorCache) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 100, 10)), NtStatus::Success);
  Later later;
  auto start = Clock::now();
  EXPECT_EQ(lock_later(r, b, el(1, 100, 10), wait_ms(300), later), NtStatus::Pending);
  // While it waits, the handle's error cache is not set yet (smbtorture raw.lock.errorcode).
  EXPECT_EQ(lock(r, b, el(1, 105, 10)), NtStatus::LockNotGranted);
  EXPECT_EQ(later.outcome(), NtStatus::FileLockConflict);
  auto took = Clock::now() - start;
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 3s);
  EXPECT_EQ(r.waiting(), 0u);
  EXPECT_EQ(lock(r, b, el(1, 105, 10)), NtStatus::LockNotGranted);  // cache: 100
  EXPECT_EQ(lock(r, b, el(1, 105, 10)), NtStatus::FileLockConflict);
}

TEST(LockWaits, TheConnectionsOwnUnlockGrantsIt) {
  // smbtorture raw.lock.async, "cancel by unlock": the handle that holds the lock waits for it.
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  ASSERT_EQ(lock(r, a, el(1, 100, 10)), NtStatus::Success);
  Later later;
  EXPECT_EQ(lock_later(r, a, el(1, 100, 10), wait_ms(5000), later), NtStatus::Pending);
  EXPECT_EQ(unlock(r, a, el(1, 100, 10)), NtStatus::Success);
  EXPECT_EQ(later.outcome(), NtStatus::Success);
  EXPECT_EQ(unlock(r, a, el(1, 100, 10)), NtStatus::Success);  // the waiter's lock
  EXPECT_EQ(unlock(r, a, el(1, 100, 10)), NtStatus::RangeNotLocked);
}

TEST(LockWaits, ClosingTheWaitersHandleAnswersRangeNotLocked) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 100, 10)), NtStatus::Success);
  Later own, other;
  // One waits on the handle that holds the lock, one on another handle.
  EXPECT_EQ(lock_later(r, a, el(1, 100, 10), wait_ms(10000), own), NtStatus::Pending);
  EXPECT_EQ(lock_later(r, b, el(1, 100, 10), wait_forever(), other), NtStatus::Pending);
  a = Handle{};
  EXPECT_EQ(own.outcome(), NtStatus::RangeNotLocked);
  EXPECT_EQ(other.outcome(), NtStatus::Success);  // a's lock went with it
  EXPECT_EQ(r.waiting(), 0u);
}

TEST(LockWaits, CancelLockEndsTheWaitWithFileLockConflict) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 100, 10)), NtStatus::Success);
  EXPECT_EQ(r.cancel(b, el(1, 100, 10), true), NtStatus::SmbCancelViolation);  // nothing waits
  Later later;
  EXPECT_EQ(lock_later(r, b, el(1, 100, 10), wait_ms(10000), later), NtStatus::Pending);
  EXPECT_EQ(r.cancel(b, el(1, 0, 10), true), NtStatus::SmbCancelViolation);    // not that range
  EXPECT_EQ(r.cancel(a, el(1, 100, 10), true), NtStatus::SmbCancelViolation);  // not that open
  EXPECT_EQ(r.cancel(b, el(1, 100, 10), false), NtStatus::SmbCancelViolation);  // 32-bit form
  EXPECT_EQ(later.outcome(50ms), std::nullopt);
  auto start = Clock::now();
  EXPECT_EQ(r.cancel(b, el(1, 100, 10), true), NtStatus::Success);
  EXPECT_EQ(later.outcome(), NtStatus::FileLockConflict);
  EXPECT_LT(Clock::now() - start, 2s);
  EXPECT_EQ(r.waiting(), 0u);
  // The failure answered set the handle's error cache.
  EXPECT_EQ(lock(r, b, el(1, 100, 10)), NtStatus::FileLockConflict);
}

TEST(LockWaits, NtCancelNamesTheRequestByConnectionUidPidAndMid) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 0, 4)), NtStatus::Success);
  Later later;
  EXPECT_EQ(lock_later(r, b, el(2, 0, 4), wait_forever(), later, true, 42), NtStatus::Pending);
  EXPECT_FALSE(r.cancel_request(c2, smb1_request_id(100, 7, 41)));  // another MID
  EXPECT_FALSE(r.cancel_request(c2, smb1_request_id(101, 7, 42)));  // another UID
  EXPECT_FALSE(r.cancel_request(c1, smb1_request_id(100, 7, 42)));  // another connection
  EXPECT_EQ(later.outcome(50ms), std::nullopt);
  EXPECT_TRUE(r.cancel_request(c2, smb1_request_id(100, 7, 42)));
  EXPECT_EQ(later.outcome(), NtStatus::FileLockConflict);  // smbtorture raw.mux
  EXPECT_FALSE(r.cancel_request(c2, smb1_request_id(100, 7, 42)));  // a second cancel finds nothing
}

TEST(LockWaits, WaitersAreServedInArrivalOrder) {
  // smbtorture raw.lock.multilock2: a waiting request keeps what it wants from later ones.
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  Handle c = admit(r, kRead | kWrite, kShareAll, c2);
  Handle d = admit(r, kRead | kWrite, kShareAll, c1);
  const LockElement both[] = {el(1, 100, 10), el(1, 120, 10)};
  ASSERT_EQ(r.lock(a, {}, both, true, {}), NtStatus::Success);
  Later first, second;
  EXPECT_EQ(r.lock(b, {}, both, true, wait_ms(20000), first.make()), NtStatus::Pending);
  EXPECT_EQ(lock_later(r, c, el(1, 100, 10), wait_ms(300), second), NtStatus::Pending);
  EXPECT_EQ(unlock(r, a, el(1, 100, 10)), NtStatus::Success);
  // 100..109 is free, but the first waiter wants it: neither the second nor a new request
  // gets it.
  EXPECT_EQ(lock(r, d, el(1, 100, 10)), NtStatus::LockNotGranted);
  EXPECT_EQ(lock(r, d, el(1, 100, 10)), NtStatus::FileLockConflict);
  EXPECT_EQ(second.outcome(), NtStatus::FileLockConflict);  // timed out
  EXPECT_EQ(first.outcome(50ms), std::nullopt);
  EXPECT_EQ(lock(r, d, el(1, 110, 10)), NtStatus::Success);  // a range nobody wants
  EXPECT_EQ(unlock(r, a, el(1, 120, 10)), NtStatus::Success);
  EXPECT_EQ(first.outcome(), NtStatus::Success);
  EXPECT_EQ(io(r, a, 1, 100, 30, false), NtStatus::FileLockConflict);
}

TEST(LockWaits, WaitersOfOneRangeAreGrantedOneAfterAnother) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  Handle c = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 0, 10)), NtStatus::Success);
  Later first, second;
  EXPECT_EQ(lock_later(r, b, el(1, 0, 10), wait_forever(), first), NtStatus::Pending);
  EXPECT_EQ(lock_later(r, c, el(1, 0, 10), wait_forever(), second), NtStatus::Pending);
  EXPECT_EQ(r.waiting(), 2u);
  EXPECT_EQ(unlock(r, a, el(1, 0, 10)), NtStatus::Success);
  EXPECT_EQ(first.outcome(), NtStatus::Success);
  EXPECT_EQ(second.outcome(50ms), std::nullopt);
  EXPECT_EQ(unlock(r, b, el(1, 0, 10)), NtStatus::Success);
  EXPECT_EQ(second.outcome(), NtStatus::Success);
}

TEST(LockWaits, ManyRequestsWaitAtOnceWithoutThreads) {
  // No server-wide cap: a waiting request holds no thread (its connection's MaxMpxCount bounds
  // how many it has).
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  ASSERT_EQ(lock(r, a, el(1, 0, 10)), NtStatus::Success);
  constexpr size_t kWaiters = 20;
  std::vector<Handle> opens;
  std::vector<std::unique_ptr<Later>> laters;
  for (size_t i = 0; i < kWaiters; ++i) {
    opens.push_back(admit(r, kRead | kWrite, kShareAll, c2));
    laters.push_back(std::make_unique<Later>());
    EXPECT_EQ(lock_later(r, opens.back(), el(2, 0, 10), wait_forever(), *laters.back(), false),
              NtStatus::Pending);
  }
  EXPECT_EQ(r.waiting(), kWaiters);
  EXPECT_EQ(unlock(r, a, el(1, 0, 10)), NtStatus::Success);
  for (auto& later : laters) EXPECT_EQ(later->outcome(), NtStatus::Success);  // shared locks
  EXPECT_EQ(io(r, a, 1, 0, 1, true), NtStatus::FileLockConflict);
}

TEST(LockWaits, WithoutAWayToAnswerLaterARequestFailsAtOnce) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 0, 10)), NtStatus::Success);
  auto start = Clock::now();
  EXPECT_EQ(lock(r, b, el(1, 0, 10), true, wait_forever()), NtStatus::FileLockConflict);
  EXPECT_EQ(lock(r, b, el(1, 20, 10), true, wait_ms(60000)), NtStatus::Success);  // free
  EXPECT_LT(Clock::now() - start, 1s);
  EXPECT_EQ(r.waiting(), 0u);
}

TEST(LockWaits, ShutdownEndsWaits) {
  OpenRegistry r;
  Handle a = admit(r, kRead | kWrite, kShareAll, c1);
  Handle b = admit(r, kRead | kWrite, kShareAll, c2);
  ASSERT_EQ(lock(r, a, el(1, 0, 10)), NtStatus::Success);
  Later timed, forever, after;
  EXPECT_EQ(lock_later(r, b, el(1, 0, 10), wait_ms(10000), timed), NtStatus::Pending);
  EXPECT_EQ(lock_later(r, b, el(2, 0, 10), wait_forever(), forever), NtStatus::Pending);
  r.shutdown();
  EXPECT_EQ(timed.outcome(), NtStatus::Cancelled);
  EXPECT_EQ(forever.outcome(), NtStatus::Cancelled);
  EXPECT_EQ(r.waiting(), 0u);
  EXPECT_EQ(lock_later(r, b, el(1, 0, 10), wait_ms(1000), after), NtStatus::Cancelled);
  EXPECT_EQ(lock(r, b, el(1, 0, 10)), NtStatus::LockNotGranted);  // no wait: as before
}

}  // namespace
}  // namespace smbkit::server
