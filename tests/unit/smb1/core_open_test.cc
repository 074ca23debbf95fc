// The core protocol's opens (MS-CIFS 2.2.4.3, 2.2.4.4, 2.2.4.15, 2.2.4.16) and PROCESS_EXIT
// (2.2.4.18): byte layouts assembled by hand from the spec, round trips, and malformed blocks.
#include "smb1/core_open.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"

namespace smbkit::smb1 {
namespace {

using testing::append;
using testing::build;
using testing::decode_first;
using testing::raw_message;
using testing::round_trip;
using testing::utf16z;

// A block of `words` (bytes) and `data`, ByteCount filled in.
std::vector<uint8_t> message(Command cmd, bool unicode, bool reply, std::vector<uint8_t> words,
                             const std::vector<uint8_t>& data) {
  auto bytes = raw_message(cmd, unicode, reply, {static_cast<uint8_t>(words.size() / 2)});
  append(bytes, words);
  append(bytes, {static_cast<uint8_t>(data.size()), static_cast<uint8_t>(data.size() >> 8)});
  append(bytes, data);
  return bytes;
}

TEST(CoreOpen, UnicodeRequestLayout) {
  // MS-CIFS 2.2.4.3.1: AccessMode, SearchAttributes; BufferFormat 0x04 at offset 39, so the
  // UTF-16 name starts at the even offset 40 with no pad.
  std::vector<uint8_t> data = {0x04};
  append(data, utf16z("\\dir\\f.txt"));
  auto bytes = message(Command::Open, true, false, {0x42, 0x00, 0x16, 0x00}, data);
  auto req = decode_first<CoreOpenRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->access_mode, 0x0042);
  EXPECT_EQ(req->search_attributes, 0x0016);
  EXPECT_EQ(req->file_name, "\\dir\\f.txt");
  EXPECT_EQ(build(Command::Open, *req), bytes);
}

TEST(CoreOpen, ResponseLayout) {
  // MS-CIFS 2.2.4.3.2: WordCount 7 (FID, FileAttrs, LastModified, FileSize, AccessMode).
  CoreOpenResponse resp{0x4001, 0x0021, 0x5F5E1000, 0x00012345, 0x0042};
  auto bytes = build(Command::Open, resp, true, true);
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + kHeaderSize, bytes.end()),
            (std::vector<uint8_t>{7, 0x01, 0x40, 0x21, 0x00, 0x00, 0x10, 0x5E, 0x5F, 0x45, 0x23,
                                  0x01, 0x00, 0x42, 0x00, 0, 0}));
  auto back = decode_first<CoreOpenResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fid, 0x4001);
  EXPECT_EQ(back->file_attrs, 0x0021);
  EXPECT_EQ(back->last_modified, 0x5F5E1000u);
  EXPECT_EQ(back->file_size, 0x12345u);
  EXPECT_EQ(back->access_mode, 0x0042);
}

TEST(CoreCreate, OemRequestLayoutAndCommand) {
  // MS-CIFS 2.2.4.4.1 / 2.2.4.16.1: FileAttributes, CreationTime; BufferFormat, FileName.
  for (Command cmd : {Command::Create, Command::CreateNew}) {
    auto bytes = message(cmd, false, false, {0x02, 0x00, 0x78, 0x56, 0x34, 0x12},
                         {0x04, 'a', '\\', 'b', 0});
    auto req = decode_first<CoreCreateRequest>(bytes);
    ASSERT_TRUE(req);
    EXPECT_EQ(req->command, cmd);
    EXPECT_EQ(req->file_attributes, 0x0002);
    EXPECT_EQ(req->creation_time, 0x12345678u);
    EXPECT_EQ(req->file_name, "a\\b");
    EXPECT_EQ(build(cmd, *req, false), bytes);
  }
}

TEST(CoreCreate, ResponseLayout) {
  // MS-CIFS 2.2.4.4.2 / 2.2.4.16.2: WordCount 1 (FID), ByteCount 0.
  auto bytes = build(Command::CreateNew, CoreCreateResponse{Command::CreateNew, 0x0203}, true,
                     true);
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + kHeaderSize, bytes.end()),
            (std::vector<uint8_t>{1, 0x03, 0x02, 0, 0}));
  auto back = decode_first<CoreCreateResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->command, Command::CreateNew);
  EXPECT_EQ(back->fid, 0x0203);
}

TEST(CreateTemporary, RequestRoundTrips) {
  for (bool unicode : {true, false}) {
    auto back = round_trip(Command::CreateTemporary,
                           CreateTemporaryRequest{0x0002, 0x01020304, "\\tmpdir"}, unicode);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->file_attributes, 0x0002);
    EXPECT_EQ(back->creation_time, 0x01020304u);
    EXPECT_EQ(back->directory_name, "\\tmpdir");
  }
}

TEST(CreateTemporary, ResponseNameIsAsciiEvenInUnicode) {
  // MS-CIFS 2.2.4.15.2: the FID, then only the NUL-terminated ASCII name (no BufferFormat).
  auto bytes = build(Command::CreateTemporary, CreateTemporaryResponse{0x0007, "TMP1A2B"}, true,
                     true);
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + kHeaderSize, bytes.end()),
            (std::vector<uint8_t>{1, 0x07, 0x00, 8, 0, 'T', 'M', 'P', '1', 'A', '2', 'B', 0}));
  auto back = decode_first<CreateTemporaryResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fid, 7);
  EXPECT_EQ(back->file_name, "TMP1A2B");
}

TEST(ProcessExit, EmptyRequestAndResponse) {
  auto bytes = build(Command::ProcessExit, ProcessExitRequest{});
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + kHeaderSize, bytes.end()),
            (std::vector<uint8_t>{0, 0, 0}));
  EXPECT_TRUE(decode_first<ProcessExitRequest>(bytes));
  EXPECT_TRUE(round_trip(Command::ProcessExit, ProcessExitResponse{}, true, true));
  EXPECT_EQ(decode_first<ProcessExitRequest>(
                raw_message(Command::ProcessExit, true, false, {1, 0, 0, 0, 0}))
                .error(),
            NtStatus::InvalidSmb);
}

TEST(CoreOpenFamily, MalformedMessagesFail) {
  // OPEN with one word; OPEN whose BufferFormat is not 0x04; a ByteCount past the message.
  EXPECT_EQ(decode_first<CoreOpenRequest>(
                message(Command::Open, false, false, {0, 0}, {0x04, 'a', 0}))
                .error(),
            NtStatus::InvalidSmb);
  EXPECT_EQ(decode_first<CoreOpenRequest>(
                message(Command::Open, false, false, {0, 0, 0, 0}, {0x02, 'a', 0}))
                .error(),
            NtStatus::InvalidSmb);
  EXPECT_EQ(decode_first<CoreCreateRequest>(raw_message(
                Command::Create, false, false, {3, 0, 0, 0, 0, 0, 0, 9, 0, 0x04, 'a'}))
                .error(),
            NtStatus::InvalidSmb);
  EXPECT_EQ(decode_first<CreateTemporaryRequest>(
                message(Command::CreateTemporary, false, false, {0, 0, 0, 0, 0, 0}, {}))
                .error(),
            NtStatus::InvalidSmb);
  EXPECT_EQ(decode_first<CoreOpenResponse>(
                message(Command::Open, true, true, {0, 0, 0, 0, 0, 0}, {}))
                .error(),
            NtStatus::InvalidNetworkResponse);
  EXPECT_EQ(decode_first<CoreCreateResponse>(message(Command::Create, true, true, {}, {}))
                .error(),
            NtStatus::InvalidNetworkResponse);
}

}  // namespace
}  // namespace smbkit::smb1
