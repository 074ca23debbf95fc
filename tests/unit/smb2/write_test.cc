#include "smb2/write.h"

#include <gtest/gtest.h>

#include <string>

#include "file_codec_test_util.h"

namespace smbkit::smb2 {
namespace {

using file_testing::Body;
using file_testing::message;
using file_testing::put_u16;
using file_testing::put_u32;
using file_testing::round_trip;
using file_testing::to_vector;
using file_testing::truncated;

constexpr size_t kBody = kHeaderSize;

// MS-SMB2 2.2.21, data right after the fixed part.
std::vector<uint8_t> hand_assembled_request() {
  return message(Command::Write, Body{}
                                     .u16(49)               // StructureSize
                                     .u16(0x70)             // DataOffset
                                     .u32(6)                // Length
                                     .u64(4096)             // Offset
                                     .u64(0x11)             // FileId.Persistent
                                     .u64(0x22)             // FileId.Volatile
                                     .u32(0)                // Channel
                                     .u32(0)                // RemainingBytes
                                     .u16(0)                // WriteChannelInfoOffset
                                     .u16(0)                // WriteChannelInfoLength
                                     .u32(0x00000001)       // Flags: WRITE_THROUGH
                                     .ascii("abcdef"));     // Buffer
}

TEST(Smb2Write, HandAssembledRequest) {
  auto bytes = hand_assembled_request();
  auto req = WriteRequest::decode(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->offset, 4096u);
  EXPECT_EQ(req->file_id, (FileId{0x11, 0x22}));
  EXPECT_EQ(req->channel, kChannelNone);
  EXPECT_EQ(req->flags, kWriteFlagWriteThrough);
  EXPECT_EQ(std::string(req->data.begin(), req->data.end()), "abcdef");
  EXPECT_EQ(req->data.data(), bytes.data() + 0x70);  // a view into the message, not a copy
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::Write, *req, again));
  EXPECT_EQ(again, bytes);
}

TEST(Smb2Write, RequestDataMustLieInsideTheMessage) {
  auto bytes = hand_assembled_request();
  EXPECT_EQ(WriteRequest::decode(truncated(bytes, bytes.size() - 1)).error(), kBadRequest);
  auto bad = bytes;
  put_u16(bad, kBody + 2, 0x6F);  // DataOffset inside the fixed part
  EXPECT_FALSE(WriteRequest::decode(bad));
  bad = bytes;
  put_u32(bad, kBody + 4, 0xFFFFFFFF);  // Length that wraps 32-bit arithmetic
  EXPECT_FALSE(WriteRequest::decode(bad));
  bad = bytes;
  put_u16(bad, kBody + 2, 0xFFFF);
  EXPECT_FALSE(WriteRequest::decode(bad));
  bad = bytes;
  bad[kBody] = 48;
  EXPECT_EQ(WriteRequest::decode(bad).error(), kBadRequest);
  EXPECT_FALSE(WriteRequest::decode(truncated(bytes, kBody + 47)));
}

TEST(Smb2Write, ZeroLengthWriteAndItsBufferByte) {
  WriteRequest req;
  req.offset = 10;
  std::vector<uint8_t> bytes;
  auto back = round_trip(Command::Write, req, bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(bytes.size(), kHeaderSize + 49);
  EXPECT_EQ(bytes[kBody + 2], 0x70);  // DataOffset even for no data
  EXPECT_TRUE(back->data.empty());
  auto odd = bytes;
  put_u16(odd, kBody + 2, 0);  // Length 0: DataOffset is not looked at
  EXPECT_TRUE(WriteRequest::decode(odd));
}

TEST(Smb2Write, ChannelInfoAfterTheDataAligned) {
  const std::string data = "12345";
  const std::vector<uint8_t> descriptor(16, 0x5A);
  WriteRequest req;
  req.channel = kChannelRdmaV1Invalidate;
  req.remaining_bytes = 5;
  req.flags = kWriteFlagWriteUnbuffered;
  req.data = Bytes(reinterpret_cast<const uint8_t*>(data.data()), data.size());
  req.write_channel_info = descriptor;
  std::vector<uint8_t> bytes;
  auto back = round_trip(Command::Write, req, bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(bytes[kBody + 40], 0x78);  // WriteChannelInfoOffset: 0x70 + 5, aligned to 8
  EXPECT_EQ(std::string(back->data.begin(), back->data.end()), data);
  EXPECT_EQ(to_vector(back->write_channel_info), descriptor);
  EXPECT_EQ(back->flags, kWriteFlagWriteUnbuffered);
  EXPECT_EQ(back->channel, kChannelRdmaV1Invalidate);
  auto bad = bytes;
  put_u16(bad, kBody + 42, 17);
  EXPECT_FALSE(WriteRequest::decode(bad));
}

TEST(Smb2Write, ChannelInfoAfterLongDataMustFitItsSixteenBitOffset) {
  std::vector<uint8_t> data(WriteRequest::kMaxDataWithChannelInfo, 0x44);
  const std::vector<uint8_t> descriptor(16, 0x5A);
  WriteRequest req;
  req.channel = kChannelRdmaV1;
  req.data = data;
  req.write_channel_info = descriptor;
  std::vector<uint8_t> bytes;
  auto back = round_trip(Command::Write, req, bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(bytes[kBody + 40] | (bytes[kBody + 41] << 8), 0xFFF8);
  EXPECT_EQ(to_vector(back->write_channel_info), descriptor);

  // The info first and one more byte of data after it: no layout with the data at 0x70 could
  // say where the info is.
  Body body;
  body.u16(49).u16(0x80).u32(WriteRequest::kMaxDataWithChannelInfo + 1).u64(0).u64(1).u64(2);
  body.u32(kChannelRdmaV1).u32(0).u16(0x70).u16(16).u32(0);
  body.bytes(descriptor).zeros(WriteRequest::kMaxDataWithChannelInfo + 1);
  auto long_data = message(Command::Write, body);
  EXPECT_EQ(WriteRequest::decode(long_data).error(), kBadRequest);
  put_u32(long_data, kBody + 4, WriteRequest::kMaxDataWithChannelInfo);
  EXPECT_TRUE(WriteRequest::decode(long_data));
}

// MS-SMB2 2.2.22.
TEST(Smb2Write, HandAssembledResponse) {
  auto bytes = message(Command::Write, Body{}
                                           .u16(17)     // StructureSize
                                           .u16(0)      // Reserved
                                           .u32(65536)  // Count
                                           .u32(0)      // Remaining
                                           .u16(0)      // WriteChannelInfoOffset
                                           .u16(0),     // WriteChannelInfoLength
                       true);
  auto resp = WriteResponse::decode(bytes);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->count, 65536u);
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::Write, *resp, again, true));
  EXPECT_EQ(again, bytes);
  EXPECT_FALSE(WriteResponse::decode(truncated(bytes, bytes.size() - 1)));
}

}  // namespace
}  // namespace smbkit::smb2
