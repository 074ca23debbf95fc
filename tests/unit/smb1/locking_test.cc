#include "smb1/locking.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"

namespace smbkit::smb1 {
namespace {

using testing::build;
using testing::decode_first;
using testing::raw_message;
using testing::round_trip;

TEST(LockingAndX, HandAssembled32BitRequestDecodes) {
  // MS-CIFS 2.2.4.32.1: FID 0x4001, a shared lock, 1000 ms; one LOCKING_ANDX_RANGE32 to unlock,
  // one to lock.
  auto bytes = raw_message(Command::LockingAndX, false, false,
                           {8, 0xFF, 0x00, 0x00, 0x00,  // AndX: none
                            0x01, 0x40,                 // FID
                            0x01,                       // TypeOfLock: SHARED_LOCK
                            0x00,                       // NewOpLockLevel
                            0xE8, 0x03, 0x00, 0x00,     // Timeout 1000
                            0x01, 0x00,                 // NumberOfRequestedUnlocks
                            0x01, 0x00,                 // NumberOfRequestedLocks
                            20, 0x00,                   // ByteCount
                            0x34, 0x12, 0x10, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00,
                            0x34, 0x12, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00});
  auto req = decode_first<LockingAndXRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->fid, 0x4001);
  EXPECT_TRUE(req->shared());
  EXPECT_FALSE(req->large_files());
  EXPECT_EQ(req->timeout, 1000u);
  ASSERT_EQ(req->unlocks.size(), 1u);
  ASSERT_EQ(req->locks.size(), 1u);
  EXPECT_EQ(req->unlocks[0], (LockingRange{0x1234, 0x10, 0x20}));
  EXPECT_EQ(req->locks[0], (LockingRange{0x1234, 0x100, 5}));
  EXPECT_EQ(build(Command::LockingAndX, *req, false), bytes);
}

TEST(LockingAndX, HandAssembled64BitRequestDecodes) {
  // LOCKING_ANDX_RANGE64: PID, Pad, OffsetHigh, OffsetLow, LengthHigh, LengthLow.
  auto bytes = raw_message(Command::LockingAndX, false, false,
                           {8, 0xFF, 0x00, 0x00, 0x00, 0x07, 0x00,
                            0x10,                    // LARGE_FILES, exclusive
                            0x00,
                            0xFF, 0xFF, 0xFF, 0xFF,  // Timeout: wait for ever
                            0x00, 0x00, 0x01, 0x00,  // no unlocks, one lock
                            20, 0x00,
                            0x01, 0x00, 0x00, 0x00,  // PID 1, Pad
                            0x01, 0x00, 0x00, 0x00,  // OffsetHigh
                            0x02, 0x00, 0x00, 0x00,  // OffsetLow
                            0x00, 0x00, 0x00, 0x80,  // LengthHigh
                            0xFF, 0xFF, 0xFF, 0xFF});  // LengthLow
  auto req = decode_first<LockingAndXRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_TRUE(req->large_files());
  EXPECT_FALSE(req->shared());
  EXPECT_EQ(req->timeout, kLockWaitForever);
  EXPECT_TRUE(req->unlocks.empty());
  ASSERT_EQ(req->locks.size(), 1u);
  EXPECT_EQ(req->locks[0], (LockingRange{1, 0x0000000100000002u, 0x80000000FFFFFFFFu}));
  EXPECT_EQ(build(Command::LockingAndX, *req, false), bytes);
}

TEST(LockingAndX, RoundTripKeepsUnlocksBeforeLocks) {
  LockingAndXRequest req;
  req.fid = 0x0102;
  req.type_of_lock = kLockingLargeFiles | kLockingCancelLock;
  req.unlocks = {{1, ~uint64_t{0}, 1}, {2, 0, 0}};
  req.locks = {{3, uint64_t{1} << 63, 10}};
  auto back = round_trip(Command::LockingAndX, req);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fid, 0x0102);
  EXPECT_EQ(back->type_of_lock, kLockingLargeFiles | kLockingCancelLock);
  EXPECT_EQ(back->unlocks, req.unlocks);
  EXPECT_EQ(back->locks, req.locks);
}

TEST(LockingAndX, CountsThatOverrunTheDataFail) {
  // Two locks announced, one RANGE32 sent.
  auto bytes = raw_message(Command::LockingAndX, false, false,
                           {8, 0xFF, 0, 0, 0, 0x01, 0x40, 0x00, 0x00, 0, 0, 0, 0, 0x00, 0x00,
                            0x02, 0x00, 10, 0x00, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0});
  EXPECT_EQ(decode_first<LockingAndXRequest>(bytes).error(), NtStatus::InvalidSmb);
  // 0xFFFF of each: the counts alone never allocate or read past the block.
  auto lying = raw_message(Command::LockingAndX, false, false,
                           {8, 0xFF, 0, 0, 0, 0x01, 0x40, 0x10, 0x00, 0, 0, 0, 0, 0xFF, 0xFF,
                            0xFF, 0xFF, 0x00, 0x00});
  EXPECT_EQ(decode_first<LockingAndXRequest>(lying).error(), NtStatus::InvalidSmb);
}

TEST(LockingAndX, ByteCountPastTheMessageFails) {
  auto bytes = raw_message(Command::LockingAndX, false, false,
                           {8, 0xFF, 0, 0, 0, 0x01, 0x40, 0x00, 0x00, 0, 0, 0, 0, 0x00, 0x00,
                            0x01, 0x00, 40, 0x00, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0});
  EXPECT_EQ(decode_first<LockingAndXRequest>(bytes).error(), NtStatus::InvalidSmb);
}

TEST(LockingAndX, ShortWordsFail) {
  auto bytes = raw_message(Command::LockingAndX, false, false,
                           {7, 0xFF, 0, 0, 0, 0x01, 0x40, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(decode_first<LockingAndXRequest>(bytes).error(), NtStatus::InvalidSmb);
}

TEST(LockingAndX, ResponseIsTheAndXBlockAlone) {
  // MS-CIFS 2.2.4.32.2: WordCount 2, AndX none, ByteCount 0.
  auto bytes = build(Command::LockingAndX, LockingAndXResponse{}, true, true);
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + 32, bytes.end()),
            (std::vector<uint8_t>{2, 0xFF, 0, 0, 0, 0, 0}));
  EXPECT_TRUE(decode_first<LockingAndXResponse>(bytes));
  auto wrong = raw_message(Command::LockingAndX, false, true, {0, 0, 0});
  EXPECT_EQ(decode_first<LockingAndXResponse>(wrong).error(), NtStatus::InvalidNetworkResponse);
}

}  // namespace
}  // namespace smbkit::smb1
