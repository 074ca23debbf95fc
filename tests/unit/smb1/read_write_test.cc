#include "smb1/read_write.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"

namespace smbkit::smb1 {
namespace {

using testing::append;
using testing::build;
using testing::decode_first;
using testing::make_header;
using testing::raw_message;
using testing::round_trip;

std::vector<uint8_t> pattern(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i * 7 + 3);
  return v;
}

TEST(ReadAndX, HandAssembledLargeRequestDecodes) {
  // MS-CIFS 2.2.4.42.1 with OffsetHigh; MS-SMB 2.2.4.2.1 MaxCountHigh 1 for a 0x10000-byte read.
  auto bytes = raw_message(Command::ReadAndX, false, false,
                           {12, 0xFF, 0x00, 0x00, 0x00,  // AndX: none
                            0x01, 0x40,                  // FID
                            0x00, 0x00, 0x01, 0x00,      // Offset 0x10000
                            0x00, 0x00,                  // MaxCountOfBytesToReturn
                            0x00, 0x00,                  // MinCountOfBytesToReturn
                            0x01, 0x00, 0x00, 0x00,      // Timeout_or_MaxCountHigh
                            0x00, 0x00,                  // Remaining
                            0x02, 0x00, 0x00, 0x00,      // OffsetHigh
                            0x00, 0x00});                // ByteCount
  auto req = decode_first<ReadAndXRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->fid, 0x4001);
  EXPECT_EQ(req->offset, 0x0000000200010000u);
  EXPECT_TRUE(req->large_offset);
  EXPECT_EQ(req->max_count, 0);
  EXPECT_EQ(req->large_max_count(), 0x10000u);
  EXPECT_EQ(build(Command::ReadAndX, *req, false), bytes);
}

TEST(ReadAndX, TenWordRequestRoundTrip) {
  ReadAndXRequest req;
  req.fid = 7;
  req.offset = 0xFFFFFFFF;
  req.max_count = 4096;
  req.min_count = 4096;
  req.timeout_or_max_count_high = 0xFFFFFFFF;  // a pipe read's time-out
  req.large_offset = false;
  auto bytes = build(Command::ReadAndX, req);
  EXPECT_EQ(bytes[32], 10);
  auto back = decode_first<ReadAndXRequest>(bytes);
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->large_offset);
  EXPECT_EQ(back->offset, 0xFFFFFFFFu);
  EXPECT_EQ(back->max_count, 4096);
  EXPECT_EQ(back->min_count, 4096);
  EXPECT_EQ(back->timeout_or_max_count_high, 0xFFFFFFFFu);
}

TEST(ReadAndX, RequestWithOtherWordCountFails) {
  auto bytes = raw_message(Command::ReadAndX, false, false, {11});
  bytes.resize(bytes.size() + 22 + 2, 0);
  bytes[33] = 0xFF;
  EXPECT_EQ(decode_first<ReadAndXRequest>(bytes).error(), NtStatus::InvalidSmb);
}

TEST(ReadAndX, ResponsePrefixLayout) {
  std::vector<uint8_t> out;
  MessageWriter mw(out, make_header(Command::ReadAndX, true, true));
  encode_read_andx_response_prefix(mw, 0xFFFF, 5);
  // Header, WordCount 12, 24 bytes of words, ByteCount, one pad byte: DataOffset 60.
  ASSERT_EQ(out.size(), 60u);
  EXPECT_EQ(std::vector<uint8_t>(out.begin() + 32, out.end()),
            (std::vector<uint8_t>{12,   0xFF, 0x00, 0x00, 0x00,  // AndX: none
                                  0xFF, 0xFF,                    // Available
                                  0x00, 0x00, 0x00, 0x00,        // DataCompactionMode, Reserved1
                                  0x05, 0x00,                    // DataLength
                                  0x3C, 0x00,                    // DataOffset 60
                                  0x00, 0x00,                    // DataLengthHigh
                                  0,    0,    0,    0,    0, 0, 0, 0,  // Reserved2
                                  0x06, 0x00,                          // ByteCount: pad + 5
                                  0x00}));                             // Pad
  append(out, {'h', 'e', 'l', 'l', 'o'});
  auto resp = decode_first<ReadAndXResponse>(out);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->available, 0xFFFF);
  EXPECT_EQ(std::vector<uint8_t>(resp->data.begin(), resp->data.end()),
            (std::vector<uint8_t>{'h', 'e', 'l', 'l', 'o'}));
}

TEST(ReadAndX, LargeResponseDataGoesPastByteCount) {
  const auto data = pattern(0x18000);
  std::vector<uint8_t> out = {0, 0, 0, 0};  // transport framing in front
  MessageWriter mw(out, make_header(Command::ReadAndX, true, true));
  encode_read_andx_response_prefix(mw, 0xFFFF, static_cast<uint32_t>(data.size()));
  append(out, data);
  Bytes message = Bytes(out).subspan(4);
  EXPECT_EQ(message[32 + 11], 0x00);  // DataLength low 16 bits: 0x8000
  EXPECT_EQ(message[32 + 12], 0x80);
  EXPECT_EQ(message[32 + 15], 0x01);  // DataLengthHigh
  EXPECT_EQ(message[32 + 25], 0xFF);  // ByteCount saturated
  EXPECT_EQ(message[32 + 26], 0xFF);
  auto m = parse_message(message);
  ASSERT_TRUE(m);
  auto resp = ReadAndXResponse::decode(m->blocks[0]);
  ASSERT_TRUE(resp);
  ASSERT_EQ(resp->data.size(), data.size());
  EXPECT_TRUE(std::equal(resp->data.begin(), resp->data.end(), data.begin()));
}

TEST(ReadAndX, ResponseRoundTripWithInlineData) {
  const auto data = pattern(1000);
  ReadAndXResponse resp{0, data};
  auto bytes = build(Command::ReadAndX, resp, false, true);
  auto back = decode_first<ReadAndXResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(std::vector<uint8_t>(back->data.begin(), back->data.end()), data);
}

TEST(ReadAndX, InPlaceResponseKeepsWhatTheReadReturned) {
  const auto data = pattern(0x12000);
  std::vector<uint8_t> out = {0, 0, 0, 0};
  MessageWriter mw(out, make_header(Command::ReadAndX, true, true));
  // Room for 0x20000 bytes; the "file" has only 0x12000 left.
  auto n = encode_read_andx_response_in_place(mw, 0xFFFF, 0x20000, [&](std::span<uint8_t> room) {
    EXPECT_EQ(room.size(), 0x20000u);
    std::copy(data.begin(), data.end(), room.begin());
    return Result<size_t>(data.size());
  });
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0x12000u);
  Bytes message = Bytes(out).subspan(4);
  EXPECT_EQ(message.size(), 60u + data.size());
  auto m = parse_message(message);
  ASSERT_TRUE(m);
  auto resp = ReadAndXResponse::decode(m->blocks[0]);
  ASSERT_TRUE(resp);
  EXPECT_EQ(std::vector<uint8_t>(resp->data.begin(), resp->data.end()), data);
  EXPECT_EQ(message[32 + 25], 0xFF);  // ByteCount saturated past 64 KiB
}

TEST(ReadAndX, InPlaceResponseWithFailedReadLeavesRoomForTheErrorBlock) {
  std::vector<uint8_t> out;
  MessageWriter mw(out, make_header(Command::ReadAndX, true, true));
  auto n = encode_read_andx_response_in_place(
      mw, 0xFFFF, 4096, [](std::span<uint8_t>) -> Result<size_t> {
        return fail(NtStatus::AccessDenied);
      });
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error(), NtStatus::AccessDenied);
  EXPECT_EQ(out.size(), 32u);  // only the header is left
  mw.empty_block(static_cast<uint8_t>(Command::ReadAndX));
  EXPECT_EQ(std::vector<uint8_t>(out.begin() + 32, out.end()), (std::vector<uint8_t>{0, 0, 0}));
}

TEST(ReadAndX, ResponseDataOffsetOutsideFails) {
  const auto data = pattern(16);
  auto good = build(Command::ReadAndX, ReadAndXResponse{0xFFFF, data}, false, true);
  auto past_end = good;
  past_end[32 + 13] = 0x50;  // DataOffset 80: 80 + 16 > 76 bytes
  EXPECT_EQ(decode_first<ReadAndXResponse>(past_end).error(), NtStatus::InvalidNetworkResponse);
  auto in_words = good;
  in_words[32 + 13] = 40;  // DataOffset inside the parameter words
  EXPECT_EQ(decode_first<ReadAndXResponse>(in_words).error(), NtStatus::InvalidNetworkResponse);
  auto too_long = good;
  too_long[32 + 15] = 1;  // DataLengthHigh: 0x10010 bytes
  EXPECT_EQ(decode_first<ReadAndXResponse>(too_long).error(), NtStatus::InvalidNetworkResponse);
}

TEST(WriteAndX, HandAssembledRequestDecodes) {
  // MS-CIFS 2.2.4.43.1 with OffsetHigh: data at header offset 63, one pad byte, DataOffset 64.
  auto bytes = raw_message(Command::WriteAndX, false, false,
                           {14, 0xFF, 0x00, 0x00, 0x00,  // AndX: none
                            0x02, 0x40,                  // FID
                            0x00, 0x10, 0x00, 0x00,      // Offset 4096
                            0x00, 0x00, 0x00, 0x00,      // Timeout
                            0x01, 0x00,                  // WriteMode: writethrough
                            0x04, 0x00,                  // Remaining
                            0x00, 0x00,                  // DataLengthHigh
                            0x04, 0x00,                  // DataLength
                            0x40, 0x00,                  // DataOffset 64
                            0x01, 0x00, 0x00, 0x00,      // OffsetHigh
                            0x05, 0x00,                  // ByteCount
                            0x00, 'd', 'a', 't', 'a'});
  auto req = decode_first<WriteAndXRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->fid, 0x4002);
  EXPECT_EQ(req->offset, 0x0000000100001000u);
  EXPECT_EQ(req->write_mode, kWritethrough);
  EXPECT_EQ(req->remaining, 4);
  EXPECT_TRUE(req->large_offset);
  EXPECT_EQ(std::vector<uint8_t>(req->data.begin(), req->data.end()),
            (std::vector<uint8_t>{'d', 'a', 't', 'a'}));
  EXPECT_EQ(build(Command::WriteAndX, *req, false), bytes);
}

TEST(WriteAndX, LargeRequestRoundTrip) {
  const auto data = pattern(70000);
  WriteAndXRequest req;
  req.fid = 3;
  req.offset = 123;
  req.large_offset = false;
  req.data = data;
  auto bytes = build(Command::WriteAndX, req);
  EXPECT_EQ(bytes[32], 12);
  EXPECT_EQ(bytes[32 + 19], 1);  // DataLengthHigh
  auto back = decode_first<WriteAndXRequest>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->offset, 123u);
  EXPECT_FALSE(back->large_offset);
  ASSERT_EQ(back->data.size(), data.size());
  EXPECT_TRUE(std::equal(back->data.begin(), back->data.end(), data.begin()));
}

TEST(WriteAndX, DataOffsetOutsideFails) {
  const auto data = pattern(8);
  WriteAndXRequest req;
  req.data = data;
  auto good = build(Command::WriteAndX, req, false);
  ASSERT_TRUE(decode_first<WriteAndXRequest>(good));
  auto past_end = good;
  past_end[32 + 23] = 0xF0;  // DataOffset 240
  EXPECT_EQ(decode_first<WriteAndXRequest>(past_end).error(), NtStatus::InvalidSmb);
  auto in_header = good;
  in_header[32 + 23] = 4;  // DataOffset inside the header
  EXPECT_EQ(decode_first<WriteAndXRequest>(in_header).error(), NtStatus::InvalidSmb);
  auto too_long = good;
  too_long[32 + 21] = 9;  // DataLength 9 with 8 bytes present
  EXPECT_EQ(decode_first<WriteAndXRequest>(too_long).error(), NtStatus::InvalidSmb);
  auto huge = good;
  huge[32 + 19] = 0xFF;  // DataLengthHigh
  huge[32 + 20] = 0xFF;
  EXPECT_EQ(decode_first<WriteAndXRequest>(huge).error(), NtStatus::InvalidSmb);
}

TEST(WriteAndX, TruncatedRequestFails) {
  WriteAndXRequest req;
  const auto data = pattern(8);
  req.data = data;
  auto bytes = build(Command::WriteAndX, req, false);
  bytes.resize(32 + 20);
  EXPECT_FALSE(decode_first<WriteAndXRequest>(bytes));
}

TEST(WriteAndX, ResponseRoundTrip) {
  WriteAndXResponse resp{0x12345, 0xFFFF};
  auto bytes = build(Command::WriteAndX, resp, true, true);
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + 32, bytes.end()),
            (std::vector<uint8_t>{6, 0xFF, 0, 0, 0, 0x45, 0x23, 0xFF, 0xFF, 0x01, 0x00, 0, 0,
                                  0, 0}));
  auto back = decode_first<WriteAndXResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->count, 0x12345u);
  EXPECT_EQ(back->available, 0xFFFF);
}

}  // namespace
}  // namespace smbkit::smb1
