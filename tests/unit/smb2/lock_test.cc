#include "smb2/lock.h"

#include <gtest/gtest.h>

#include "file_codec_test_util.h"

namespace smbkit::smb2 {
namespace {

using file_testing::Body;
using file_testing::message;
using file_testing::put_u16;
using file_testing::round_trip;
using file_testing::truncated;

constexpr size_t kBody = kHeaderSize;

// MS-SMB2 2.2.26 with two SMB2_LOCK_ELEMENTs (2.2.26.1).
std::vector<uint8_t> hand_assembled_request() {
  return message(Command::Lock, Body{}
                                    .u16(48)              // StructureSize
                                    .u16(2)               // LockCount
                                    .u32((5u << 4) | 3)   // LockSequenceIndex 5, Number 3
                                    .u64(0xA)             // FileId.Persistent
                                    .u64(0xB)             // FileId.Volatile
                                    .u64(0)               // Locks[0].Offset
                                    .u64(100)             // Locks[0].Length
                                    .u32(0x12)            // Locks[0].Flags: EXCLUSIVE|FAIL_IMM.
                                    .u32(0)               // Locks[0].Reserved
                                    .u64(1ull << 40)      // Locks[1].Offset
                                    .u64(~0ull)           // Locks[1].Length
                                    .u32(0x01)            // Locks[1].Flags: SHARED
                                    .u32(0));             // Locks[1].Reserved
}

TEST(Smb2Lock, HandAssembledRequest) {
  auto bytes = hand_assembled_request();
  auto req = LockRequest::decode(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->lock_sequence_number(), 3);
  EXPECT_EQ(req->lock_sequence_index(), 5u);
  EXPECT_EQ(req->file_id, (FileId{0xA, 0xB}));
  ASSERT_EQ(req->locks.size(), 2u);
  EXPECT_EQ(req->locks[0], (LockElement{0, 100, kLockFlagExclusiveLock | kLockFlagFailImmediately}));
  EXPECT_EQ(req->locks[1], (LockElement{1ull << 40, ~0ull, kLockFlagSharedLock}));
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::Lock, *req, again));
  EXPECT_EQ(again, bytes);
}

TEST(Smb2Lock, LockCountZeroOrPastTheMessageIsRefused) {
  auto bytes = hand_assembled_request();
  auto bad = bytes;
  put_u16(bad, kBody + 2, 0);
  EXPECT_EQ(LockRequest::decode(bad).error(), kBadRequest);
  bad = bytes;
  put_u16(bad, kBody + 2, 3);
  EXPECT_EQ(LockRequest::decode(bad).error(), kBadRequest);
  bad = bytes;
  put_u16(bad, kBody + 2, 0xFFFF);
  EXPECT_FALSE(LockRequest::decode(bad));
  EXPECT_FALSE(LockRequest::decode(truncated(bytes, bytes.size() - 1)));
  EXPECT_FALSE(LockRequest::decode(truncated(bytes, kBody + 24)));  // no element at all
  bad = bytes;
  bad[kBody] = 24;
  EXPECT_EQ(LockRequest::decode(bad).error(), kBadRequest);
}

TEST(Smb2Lock, FewerElementsThanTheMessageHoldsIsFine) {
  auto bytes = hand_assembled_request();
  put_u16(bytes, kBody + 2, 1);
  auto req = LockRequest::decode(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->locks.size(), 1u);
}

TEST(Smb2Lock, SequenceSetterAndValidFlagCombinations) {
  LockRequest req;
  req.set_lock_sequence(0x1F, 64);
  EXPECT_EQ(req.lock_sequence_number(), 0xF);
  EXPECT_EQ(req.lock_sequence_index(), 64u);
  EXPECT_TRUE(lock_flags_valid(kLockFlagSharedLock));
  EXPECT_TRUE(lock_flags_valid(kLockFlagExclusiveLock | kLockFlagFailImmediately));
  EXPECT_TRUE(lock_flags_valid(kLockFlagUnlock));
  EXPECT_FALSE(lock_flags_valid(kLockFlagUnlock | kLockFlagFailImmediately));
  EXPECT_FALSE(lock_flags_valid(kLockFlagSharedLock | kLockFlagExclusiveLock));
  EXPECT_FALSE(lock_flags_valid(0));
}

// MS-SMB2 2.2.27.
TEST(Smb2Lock, Response) {
  auto bytes = message(Command::Lock, Body{}.u16(4).u16(0), true);
  ASSERT_TRUE(LockResponse::decode(bytes));
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::Lock, LockResponse{}, again, true));
  EXPECT_EQ(again, bytes);
  EXPECT_FALSE(LockResponse::decode(truncated(bytes, bytes.size() - 1)));
}

}  // namespace
}  // namespace smbkit::smb2
