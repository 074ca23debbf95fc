// LOCK_BYTE_RANGE / UNLOCK_BYTE_RANGE (MS-CIFS 2.2.4.13, 2.2.4.14) and SET_INFORMATION2 /
// QUERY_INFORMATION2 (2.2.4.22, 2.2.4.23): byte layouts from the spec, round trips, malformed
// blocks.
#include <gtest/gtest.h>

#include "codec_test_util.h"
#include "smb1/core_lock.h"
#include "smb1/information2.h"

namespace smbkit::smb1 {
namespace {

using testing::build;
using testing::decode_first;
using testing::raw_message;
using testing::round_trip;

std::vector<uint8_t> body(const std::vector<uint8_t>& bytes) {
  return std::vector<uint8_t>(bytes.begin() + kHeaderSize, bytes.end());
}

TEST(ByteRangeLock, RequestLayoutForBothCommands) {
  // FID, CountOfBytesToLock, LockOffsetInBytes; ByteCount 0.
  for (Command cmd : {Command::LockByteRange, Command::UnlockByteRange}) {
    auto bytes = build(cmd, ByteRangeLockRequest{cmd, 0x0005, 4000, 0xEEFFFFFF});
    EXPECT_EQ(body(bytes), (std::vector<uint8_t>{5, 5, 0, 0xA0, 0x0F, 0, 0, 0xFF, 0xFF, 0xFF,
                                                 0xEE, 0, 0}));
    auto back = decode_first<ByteRangeLockRequest>(bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->command, cmd);
    EXPECT_EQ(back->fid, 5);
    EXPECT_EQ(back->count, 4000u);
    EXPECT_EQ(back->offset, 0xEEFFFFFFu);
  }
  EXPECT_TRUE(round_trip(Command::LockByteRange, LockByteRangeResponse{}, true, true));
  EXPECT_TRUE(round_trip(Command::UnlockByteRange, UnlockByteRangeResponse{}, true, true));
}

TEST(ByteRangeLock, MalformedRequestsFail) {
  EXPECT_EQ(decode_first<ByteRangeLockRequest>(raw_message(
                Command::LockByteRange, true, false, {4, 5, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
                .error(),
            NtStatus::InvalidSmb);
  EXPECT_EQ(decode_first<ByteRangeLockRequest>(
                raw_message(Command::LockByteRange, true, false,
                            {5, 5, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4, 0}))
                .error(),
            NtStatus::InvalidSmb);
}

TEST(SetInformation2, RequestLayout) {
  // FID, then CreateDate, CreationTime, LastAccessDate, LastAccessTime, LastWriteDate,
  // LastWriteTime.
  SetInformation2Request req;
  req.fid = 3;
  req.creation = {0x1111, 0x2222};
  req.last_access = {0x3333, 0x4444};
  req.last_write = {0x5555, 0x6666};
  auto bytes = build(Command::SetInformation2, req);
  EXPECT_EQ(body(bytes), (std::vector<uint8_t>{7, 3, 0, 0x11, 0x11, 0x22, 0x22, 0x33, 0x33, 0x44,
                                               0x44, 0x55, 0x55, 0x66, 0x66, 0, 0}));
  auto back = decode_first<SetInformation2Request>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fid, 3);
  EXPECT_EQ(back->last_access.date, 0x3333);
  EXPECT_EQ(back->last_write.time, 0x6666);
  EXPECT_TRUE(round_trip(Command::SetInformation2, SetInformation2Response{}, true, true));
}

TEST(QueryInformation2, Layouts) {
  auto request = build(Command::QueryInformation2, QueryInformation2Request{0x0102});
  EXPECT_EQ(body(request), (std::vector<uint8_t>{1, 0x02, 0x01, 0, 0}));
  QueryInformation2Response resp;
  resp.creation = {0x0001, 0x0002};
  resp.last_access = {0x0003, 0x0004};
  resp.last_write = {0x0005, 0x0006};
  resp.file_data_size = 0x01020304;
  resp.file_allocation_size = 0x00001000;
  resp.file_attributes = 0x0021;
  auto bytes = build(Command::QueryInformation2, resp, true, true);
  EXPECT_EQ(body(bytes), (std::vector<uint8_t>{11, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 4, 3, 2,
                                               1, 0, 0x10, 0, 0, 0x21, 0, 0, 0}));
  auto back = decode_first<QueryInformation2Response>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->creation.time, 2);
  EXPECT_EQ(back->last_write.date, 5);
  EXPECT_EQ(back->file_data_size, 0x01020304u);
  EXPECT_EQ(back->file_allocation_size, 0x1000u);
  EXPECT_EQ(back->file_attributes, 0x21);
}

TEST(Information2, MalformedMessagesFail) {
  EXPECT_EQ(decode_first<QueryInformation2Request>(
                raw_message(Command::QueryInformation2, true, false, {0, 0, 0}))
                .error(),
            NtStatus::InvalidSmb);
  EXPECT_EQ(decode_first<SetInformation2Request>(
                raw_message(Command::SetInformation2, true, false, {1, 3, 0, 0, 0}))
                .error(),
            NtStatus::InvalidSmb);
  EXPECT_EQ(decode_first<QueryInformation2Response>(
                raw_message(Command::QueryInformation2, true, true, {1, 0, 0, 0, 0}))
                .error(),
            NtStatus::InvalidNetworkResponse);
}

}  // namespace
}  // namespace smbkit::smb1
