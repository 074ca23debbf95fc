// The core protocol's READ, WRITE and WRITE_AND_CLOSE (MS-CIFS 2.2.4.11, 2.2.4.12, 2.2.4.40):
// byte layouts from the spec, round trips, and lying or short lengths.
#include "smb1/core_read_write.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"

namespace smbkit::smb1 {
namespace {

using testing::build;
using testing::decode_first;
using testing::raw_message;

std::vector<uint8_t> body(const std::vector<uint8_t>& bytes) {
  return std::vector<uint8_t>(bytes.begin() + kHeaderSize, bytes.end());
}

TEST(CoreRead, RequestLayout) {
  // MS-CIFS 2.2.4.11.1: FID, CountOfBytesToRead, ReadOffsetInBytes, Estimate; ByteCount 0.
  auto bytes = build(Command::Read, CoreReadRequest{0x4001, 0x0200, 0x12345678, 7});
  EXPECT_EQ(body(bytes), (std::vector<uint8_t>{5, 0x01, 0x40, 0x00, 0x02, 0x78, 0x56, 0x34,
                                               0x12, 7, 0, 0, 0}));
  auto back = decode_first<CoreReadRequest>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fid, 0x4001);
  EXPECT_EQ(back->count, 0x200);
  EXPECT_EQ(back->offset, 0x12345678u);
  EXPECT_EQ(back->remaining, 7);
}

TEST(CoreRead, ResponseLayout) {
  // MS-CIFS 2.2.4.11.2: CountOfBytesReturned, Reserved[4]; BufferFormat 0x01, CountOfBytesRead.
  static const uint8_t kData[] = {'a', 'b', 'c'};
  auto bytes = build(Command::Read, CoreReadResponse{Bytes(kData)}, true, true);
  EXPECT_EQ(body(bytes), (std::vector<uint8_t>{5, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0x01, 3,
                                               0, 'a', 'b', 'c'}));
  auto back = decode_first<CoreReadResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(std::vector<uint8_t>(back->data.begin(), back->data.end()),
            (std::vector<uint8_t>{'a', 'b', 'c'}));
}

TEST(CoreRead, ResponseWithLyingCountsFails) {
  // CountOfBytesRead says 4, three bytes follow; then the two counts disagree.
  EXPECT_EQ(decode_first<CoreReadResponse>(
                raw_message(Command::Read, true, true,
                            {5, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 1, 4, 0, 'a', 'b', 'c'}))
                .error(),
            NtStatus::InvalidNetworkResponse);
  EXPECT_EQ(decode_first<CoreReadResponse>(
                raw_message(Command::Read, true, true,
                            {5, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 0, 1, 3, 0, 'a', 'b', 'c'}))
                .error(),
            NtStatus::InvalidNetworkResponse);
}

TEST(CoreWrite, RequestLayout) {
  // MS-CIFS 2.2.4.12.1: FID, CountOfBytesToWrite, WriteOffsetInBytes, Estimate; BufferFormat
  // 0x01, DataLength, Data.
  static const uint8_t kData[] = {'x', 'y'};
  CoreWriteRequest req;
  req.fid = 0x0102;
  req.count = 2;
  req.offset = 0x10;
  req.remaining = 0;
  req.data = Bytes(kData);
  auto bytes = build(Command::Write, req);
  EXPECT_EQ(body(bytes), (std::vector<uint8_t>{5, 0x02, 0x01, 2, 0, 0x10, 0, 0, 0, 0, 0, 5, 0,
                                               0x01, 2, 0, 'x', 'y'}));
  auto back = decode_first<CoreWriteRequest>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fid, 0x0102);
  EXPECT_EQ(back->count, 2);
  EXPECT_EQ(back->offset, 0x10u);
  EXPECT_EQ(std::vector<uint8_t>(back->data.begin(), back->data.end()),
            (std::vector<uint8_t>{'x', 'y'}));
}

TEST(CoreWrite, ZeroCountCarriesNoData) {
  auto back = decode_first<CoreWriteRequest>(build(Command::Write, CoreWriteRequest{1, 0, 99}));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->offset, 99u);
  EXPECT_TRUE(back->data.empty());
}

TEST(CoreWrite, CountIsKeptAsSentForTheServerToJudge) {
  // Count 65535 and no data block at all (smbtorture raw.write.bad-write); count 3 with
  // DataLength 2.
  auto none = decode_first<CoreWriteRequest>(
      raw_message(Command::Write, true, false, {5, 1, 0, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0}));
  ASSERT_TRUE(none);
  EXPECT_EQ(none->count, 0xFFFF);
  EXPECT_TRUE(none->data.empty());
  auto short_data = decode_first<CoreWriteRequest>(
      raw_message(Command::Write, true, false,
                  {5, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0, 5, 0, 1, 2, 0, 'x', 'y'}));
  ASSERT_TRUE(short_data);
  EXPECT_EQ(short_data->count, 3);
  EXPECT_EQ(short_data->data.size(), 2u);
}

TEST(CoreWrite, LyingLengthsFail) {
  // DataLength 4 with two bytes; BufferFormat 0x02.
  EXPECT_EQ(decode_first<CoreWriteRequest>(
                raw_message(Command::Write, true, false,
                            {5, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 5, 0, 1, 4, 0, 'x', 'y'}))
                .error(),
            NtStatus::InvalidSmb);
  EXPECT_EQ(decode_first<CoreWriteRequest>(
                raw_message(Command::Write, true, false,
                            {5, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 5, 0, 2, 2, 0, 'x', 'y'}))
                .error(),
            NtStatus::InvalidSmb);
}

TEST(CoreWrite, ResponseLayout) {
  // MS-CIFS 2.2.4.12.2 / 2.2.4.40.2: WordCount 1 (CountOfBytesWritten).
  for (Command cmd : {Command::Write, Command::WriteAndClose}) {
    auto bytes = build(cmd, CoreWriteResponse{cmd, 0x0FA0}, true, true);
    EXPECT_EQ(body(bytes), (std::vector<uint8_t>{1, 0xA0, 0x0F, 0, 0}));
    auto back = decode_first<CoreWriteResponse>(bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->command, cmd);
    EXPECT_EQ(back->count, 0x0FA0);
  }
}

TEST(WriteAndClose, BothLayouts) {
  // MS-CIFS 2.2.4.40.1: FID, Count, Offset, LastWriteTime [, Reserved[3]]; Pad, Data.
  static const uint8_t kData[] = {'q'};
  WriteAndCloseRequest req;
  req.fid = 9;
  req.offset = 0x0100;
  req.last_write_time = 0x01020304;
  req.data = Bytes(kData);
  auto short_form = build(Command::WriteAndClose, req);
  EXPECT_EQ(body(short_form), (std::vector<uint8_t>{6, 9, 0, 1, 0, 0x00, 0x01, 0, 0, 0x04, 0x03,
                                                    0x02, 0x01, 2, 0, 0, 'q'}));
  req.long_form = true;
  auto long_form = build(Command::WriteAndClose, req);
  EXPECT_EQ(long_form.size(), short_form.size() + 12);
  EXPECT_EQ(long_form[kHeaderSize], 12);
  for (const auto& bytes : {short_form, long_form}) {
    auto back = decode_first<WriteAndCloseRequest>(bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->fid, 9);
    EXPECT_EQ(back->offset, 0x100u);
    EXPECT_EQ(back->last_write_time, 0x01020304u);
    EXPECT_EQ(std::vector<uint8_t>(back->data.begin(), back->data.end()),
              (std::vector<uint8_t>{'q'}));
  }
}

TEST(WriteAndClose, MalformedMessagesFail) {
  // Count 2 with one data byte after the Pad; seven words.
  EXPECT_EQ(decode_first<WriteAndCloseRequest>(
                raw_message(Command::WriteAndClose, true, false,
                            {6, 9, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 'q'}))
                .error(),
            NtStatus::InvalidSmb);
  EXPECT_EQ(decode_first<WriteAndCloseRequest>(
                raw_message(Command::WriteAndClose, true, false,
                            {7, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0}))
                .error(),
            NtStatus::InvalidSmb);
  EXPECT_EQ(decode_first<CoreReadRequest>(
                raw_message(Command::Read, true, false, {4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
                .error(),
            NtStatus::InvalidSmb);
}

}  // namespace
}  // namespace smbkit::smb1
