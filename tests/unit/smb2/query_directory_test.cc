#include "smb2/query_directory.h"

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

// MS-SMB2 2.2.33: FileIdBothDirectoryInformation, RESTART_SCANS, pattern "*".
std::vector<uint8_t> hand_assembled_request() {
  return message(Command::QueryDirectory, Body{}
                                              .u16(33)     // StructureSize
                                              .u8(0x25)    // FileInformationClass
                                              .u8(0x01)    // Flags: RESTART_SCANS
                                              .u32(0)      // FileIndex
                                              .u64(0x31)   // FileId.Persistent
                                              .u64(0x32)   // FileId.Volatile
                                              .u16(0x60)   // FileNameOffset
                                              .u16(2)      // FileNameLength
                                              .u32(65536)  // OutputBufferLength
                                              .utf16("*"));
}

TEST(Smb2QueryDirectory, HandAssembledRequest) {
  auto bytes = hand_assembled_request();
  auto req = QueryDirectoryRequest::decode(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->file_information_class, 0x25);
  EXPECT_EQ(req->flags, kRestartScans);
  EXPECT_EQ(req->file_index, 0u);
  EXPECT_EQ(req->file_id, (FileId{0x31, 0x32}));
  EXPECT_EQ(req->file_name, "*");
  EXPECT_EQ(req->output_buffer_length, 65536u);
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::QueryDirectory, *req, again));
  EXPECT_EQ(again, bytes);
}

TEST(Smb2QueryDirectory, PatternChecks) {
  auto bytes = hand_assembled_request();
  EXPECT_EQ(QueryDirectoryRequest::decode(truncated(bytes, bytes.size() - 1)).error(),
            kBadRequest);
  auto bad = bytes;
  put_u16(bad, kBody + 24, 0x5F);  // inside the fixed part
  EXPECT_EQ(QueryDirectoryRequest::decode(bad).error(), kBadRequest);
  bad = bytes;
  put_u16(bad, kBody + 26, 1);  // odd length: not UTF-16
  EXPECT_EQ(QueryDirectoryRequest::decode(bad).error(), NtStatus::ObjectNameInvalid);
  bad = bytes;
  bad[bad.size() - 1] = 0xD8;  // a lone surrogate
  bad[bad.size() - 2] = 0x00;
  EXPECT_EQ(QueryDirectoryRequest::decode(bad).error(), NtStatus::ObjectNameInvalid);
  bad = bytes;
  bad[kBody] = 32;
  EXPECT_EQ(QueryDirectoryRequest::decode(bad).error(), kBadRequest);
  EXPECT_FALSE(QueryDirectoryRequest::decode(truncated(bytes, kBody + 31)));
}

TEST(Smb2QueryDirectory, NoPatternAndAReopenWithAUnicodePattern) {
  QueryDirectoryRequest req;
  req.file_information_class = 0x01;
  req.flags = kReturnSingleEntry | kIndexSpecified;
  req.file_index = 77;
  std::vector<uint8_t> bytes;
  auto back = round_trip(Command::QueryDirectory, req, bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(bytes.size(), kHeaderSize + 33);
  EXPECT_EQ(bytes[kBody + 24], 0);  // FileNameOffset 0 without a pattern
  EXPECT_EQ(back->file_name, "");
  EXPECT_EQ(back->file_index, 77u);

  req.flags = kReopen;
  req.file_name = "d\xC3\xA9j\xC3\xA0*.txt";  // "déjà*.txt"
  back = round_trip(Command::QueryDirectory, req, bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->file_name, req.file_name);
  EXPECT_EQ(bytes[kBody + 26], 18);
}

// MS-SMB2 2.2.34, carrying opaque FSCC entries.
TEST(Smb2QueryDirectory, HandAssembledResponse) {
  auto bytes = message(Command::QueryDirectory, Body{}
                                                    .u16(9)     // StructureSize
                                                    .u16(0x48)  // OutputBufferOffset
                                                    .u32(6)     // OutputBufferLength
                                                    .bytes({1, 2, 3, 4, 5, 6}),
                       true);
  auto resp = QueryDirectoryResponse::decode(bytes);
  ASSERT_TRUE(resp);
  EXPECT_EQ(to_vector(resp->output), (std::vector<uint8_t>{1, 2, 3, 4, 5, 6}));
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::QueryDirectory, *resp, again, true));
  EXPECT_EQ(again, bytes);
  auto bad = bytes;
  put_u32(bad, kBody + 4, 7);
  EXPECT_EQ(QueryDirectoryResponse::decode(bad).error(), kBadRequest);
  bad = bytes;
  put_u16(bad, kBody + 2, 0x47);
  EXPECT_FALSE(QueryDirectoryResponse::decode(bad));
  bad = bytes;
  put_u32(bad, kBody + 4, 0xFFFFFFFF);
  EXPECT_FALSE(QueryDirectoryResponse::decode(bad));
  EXPECT_FALSE(QueryDirectoryResponse::decode(truncated(bytes, kBody + 7)));
}

TEST(Smb2QueryDirectory, InPlaceResponseMatchesTheCopy) {
  const std::vector<uint8_t> entries = {9, 9, 9, 9, 9};
  QueryDirectoryResponse copy;
  copy.output = entries;
  auto expected = file_testing::build(Command::QueryDirectory, copy, true, 16);

  std::vector<uint8_t> out(16, 0xEE);
  ByteWriter w(out);
  file_testing::make_header(Command::QueryDirectory, true).encode(w);
  QueryDirectoryResponse::begin(w);
  w.bytes(entries);
  QueryDirectoryResponse::finish(w, 16);
  EXPECT_EQ(std::vector<uint8_t>(out.begin() + 16, out.end()), expected);

  std::vector<uint8_t> empty;
  ByteWriter e(empty);
  file_testing::make_header(Command::QueryDirectory, true).encode(e);
  QueryDirectoryResponse::begin(e);
  QueryDirectoryResponse::finish(e, 0);
  EXPECT_EQ(empty.size(), kHeaderSize + 9);
  auto back = QueryDirectoryResponse::decode(empty);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->output.empty());
}

}  // namespace
}  // namespace smbkit::smb2
