#include "smb2/read.h"

#include <gtest/gtest.h>

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

// MS-SMB2 2.2.19 as a 3.1.1 client sends it: no channel, one byte of Buffer.
std::vector<uint8_t> hand_assembled_request() {
  return message(Command::Read, Body{}
                                    .u16(49)                // StructureSize
                                    .u8(0x50)               // Padding
                                    .u8(0x01)               // Flags: READ_UNBUFFERED
                                    .u32(65536)             // Length
                                    .u64(0x100000000ull)    // Offset
                                    .u64(5)                 // FileId.Persistent
                                    .u64(6)                 // FileId.Volatile
                                    .u32(1)                 // MinimumCount
                                    .u32(0)                 // Channel: NONE
                                    .u32(0)                 // RemainingBytes
                                    .u16(0)                 // ReadChannelInfoOffset
                                    .u16(0)                 // ReadChannelInfoLength
                                    .u8(0));                // Buffer
}

TEST(Smb2Read, HandAssembledRequest) {
  auto bytes = hand_assembled_request();
  auto req = ReadRequest::decode(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->padding, 0x50);
  EXPECT_EQ(req->flags, kReadFlagReadUnbuffered);
  EXPECT_EQ(req->length, 65536u);
  EXPECT_EQ(req->offset, 0x100000000ull);
  EXPECT_EQ(req->file_id, (FileId{5, 6}));
  EXPECT_EQ(req->minimum_count, 1u);
  EXPECT_EQ(req->channel, kChannelNone);
  EXPECT_EQ(req->remaining_bytes, 0u);
  EXPECT_TRUE(req->read_channel_info.empty());
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::Read, *req, again));
  EXPECT_EQ(again, bytes);
}

TEST(Smb2Read, RequestWithoutTheBufferByteIsAccepted) {
  auto bytes = hand_assembled_request();
  EXPECT_TRUE(ReadRequest::decode(truncated(bytes, bytes.size() - 1)));
  EXPECT_FALSE(ReadRequest::decode(truncated(bytes, bytes.size() - 2)));
  bytes[kBody] = 48;
  EXPECT_EQ(ReadRequest::decode(bytes).error(), kBadRequest);
}

TEST(Smb2Read, RequestChannelInfoRoundTrip) {
  const std::vector<uint8_t> descriptor = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  ReadRequest req;
  req.length = 1 << 20;
  req.channel = kChannelRdmaV1;
  req.remaining_bytes = 1 << 20;
  req.read_channel_info = descriptor;
  std::vector<uint8_t> bytes;
  auto back = round_trip(Command::Read, req, bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(bytes[kBody + 44], 0x70);  // ReadChannelInfoOffset: right after the fixed part
  EXPECT_EQ(to_vector(back->read_channel_info), descriptor);
  EXPECT_EQ(back->channel, kChannelRdmaV1);
  EXPECT_EQ(back->remaining_bytes, 1u << 20);
}

TEST(Smb2Read, RequestChannelInfoMustLieInsideTheMessageAfterTheFixedPart) {
  ReadRequest req;
  const std::vector<uint8_t> descriptor(16, 0xAB);
  req.read_channel_info = descriptor;
  auto bytes = file_testing::build(Command::Read, req);
  auto bad = bytes;
  put_u16(bad, kBody + 44, 0x6F);  // inside the fixed part
  EXPECT_EQ(ReadRequest::decode(bad).error(), kBadRequest);
  bad = bytes;
  put_u16(bad, kBody + 46, 17);  // one past the end
  EXPECT_FALSE(ReadRequest::decode(bad));
  bad = bytes;
  put_u16(bad, kBody + 44, 0xFFFF);
  EXPECT_FALSE(ReadRequest::decode(bad));
  bad = bytes;
  put_u16(bad, kBody + 46, 0);  // no length: any offset
  put_u16(bad, kBody + 44, 0xFFFF);
  EXPECT_TRUE(ReadRequest::decode(bad));
}

// MS-SMB2 2.2.20: the data right after the 16-byte body.
std::vector<uint8_t> hand_assembled_response() {
  return message(Command::Read,
                 Body{}
                     .u16(17)   // StructureSize
                     .u8(0x50)  // DataOffset
                     .u8(0)     // Reserved
                     .u32(5)    // DataLength
                     .u32(0)    // DataRemaining
                     .u32(0)    // Reserved2/Flags
                     .ascii("hello"),
                 true);
}

TEST(Smb2Read, HandAssembledResponse) {
  auto bytes = hand_assembled_response();
  auto resp = ReadResponse::decode(bytes);
  ASSERT_TRUE(resp);
  EXPECT_EQ(std::string(resp->data.begin(), resp->data.end()), "hello");
  EXPECT_EQ(resp->data.data(), bytes.data() + 0x50);  // a view, not a copy
  EXPECT_EQ(resp->data_remaining, 0u);
  EXPECT_EQ(resp->flags, kReadFlagResponseNone);
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::Read, *resp, again, true));
  EXPECT_EQ(again, bytes);
}

TEST(Smb2Read, ResponseDataOutsideTheMessageOrInsideTheBodyIsRefused) {
  auto bytes = hand_assembled_response();
  auto bad = bytes;
  put_u32(bad, kBody + 4, 6);  // DataLength one past the end
  EXPECT_EQ(ReadResponse::decode(bad).error(), kBadRequest);
  bad = bytes;
  bad[kBody + 2] = 0x4F;  // DataOffset inside the body
  EXPECT_FALSE(ReadResponse::decode(bad));
  bad = bytes;
  put_u32(bad, kBody + 4, 0xFFFFFFFF);  // a length that wraps 32-bit arithmetic
  bad[kBody + 2] = 0xFF;
  EXPECT_FALSE(ReadResponse::decode(bad));
  bad = bytes;
  bad[kBody + 2] = 0x51;  // data later in the message: fine while it fits
  put_u32(bad, kBody + 4, 4);
  auto later = ReadResponse::decode(bad);
  ASSERT_TRUE(later);
  EXPECT_EQ(std::string(later->data.begin(), later->data.end()), "ello");
  EXPECT_FALSE(ReadResponse::decode(truncated(bytes, kBody + 15)));
}

TEST(Smb2Read, BodyForSendfileMatchesTheCopyingEncoder) {
  const std::string data = "some file data";
  ReadResponse resp;
  resp.data = Bytes(reinterpret_cast<const uint8_t*>(data.data()), data.size());
  auto whole = file_testing::build(Command::Read, resp, true);

  std::vector<uint8_t> out;
  ByteWriter w(out);
  file_testing::make_header(Command::Read, true).encode(w);
  encode_read_response_body(w, static_cast<uint32_t>(data.size()));
  EXPECT_EQ(out.size(), kHeaderSize + 16);
  out.insert(out.end(), data.begin(), data.end());  // what sendfile() sends after it
  EXPECT_EQ(out, whole);
  auto back = ReadResponse::decode(out);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->data.size(), data.size());
}

TEST(Smb2Read, EmptyResponseHasOneBufferByte) {
  ReadResponse resp;
  resp.data_remaining = 7;
  std::vector<uint8_t> bytes;
  auto back = round_trip(Command::Read, resp, bytes, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(bytes.size(), kHeaderSize + 17);
  EXPECT_TRUE(back->data.empty());
  EXPECT_EQ(back->data_remaining, 7u);
}

}  // namespace
}  // namespace smbkit::smb2
