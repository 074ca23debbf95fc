#include "smb2/close.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "file_codec_test_util.h"

namespace smbkit::smb2 {
namespace {

using file_testing::Body;
using file_testing::message;
using file_testing::round_trip;
using file_testing::truncated;

// MS-SMB2 2.2.15, field by field.
std::vector<uint8_t> hand_assembled_request() {
  return message(Command::Close, Body{}
                                     .u16(24)                     // StructureSize
                                     .u16(0x0001)                 // Flags: POSTQUERY_ATTRIB
                                     .u32(0)                      // Reserved
                                     .u64(0x0000000100000002ull)  // FileId.Persistent
                                     .u64(0x0000000300000004ull));  // FileId.Volatile
}

TEST(Smb2Close, HandAssembledRequest) {
  auto bytes = hand_assembled_request();
  auto req = CloseRequest::decode(bytes);
  ASSERT_TRUE(req);
  EXPECT_TRUE(req->postquery_attrib());
  EXPECT_EQ(req->file_id.persistent, 0x0000000100000002ull);
  EXPECT_EQ(req->file_id.volatile_id, 0x0000000300000004ull);
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::Close, *req, again));
  EXPECT_EQ(again, bytes);
}

TEST(Smb2Close, RequestRefusesShortBodyAndWrongStructureSize) {
  auto bytes = hand_assembled_request();
  EXPECT_EQ(CloseRequest::decode(truncated(bytes, bytes.size() - 1)).error(), kBadRequest);
  EXPECT_FALSE(CloseRequest::decode(truncated(bytes, kHeaderSize)));
  bytes[kHeaderSize] = 25;
  EXPECT_EQ(CloseRequest::decode(bytes).error(), kBadRequest);
}

// MS-SMB2 2.2.16, field by field.
std::vector<uint8_t> hand_assembled_response() {
  return message(Command::Close,
                 Body{}
                     .u16(60)                     // StructureSize
                     .u16(0x0001)                 // Flags
                     .u32(0)                      // Reserved
                     .u64(0x01D9000000000001ull)  // CreationTime
                     .u64(0x01D9000000000002ull)  // LastAccessTime
                     .u64(0x01D9000000000003ull)  // LastWriteTime
                     .u64(0x01D9000000000004ull)  // ChangeTime
                     .u64(4096)                   // AllocationSize
                     .u64(13)                     // EndofFile
                     .u32(0x20),                  // FileAttributes: ARCHIVE
                 true);
}

TEST(Smb2Close, HandAssembledResponse) {
  auto bytes = hand_assembled_response();
  ASSERT_EQ(bytes.size(), kHeaderSize + 60);
  auto resp = CloseResponse::decode(bytes);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->flags, kCloseFlagPostqueryAttrib);
  EXPECT_EQ(resp->creation_time, 0x01D9000000000001ull);
  EXPECT_EQ(resp->last_access_time, 0x01D9000000000002ull);
  EXPECT_EQ(resp->last_write_time, 0x01D9000000000003ull);
  EXPECT_EQ(resp->change_time, 0x01D9000000000004ull);
  EXPECT_EQ(resp->allocation_size, 4096u);
  EXPECT_EQ(resp->end_of_file, 13u);
  EXPECT_EQ(resp->file_attributes, 0x20u);
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::Close, *resp, again, true));
  EXPECT_EQ(again, bytes);
}

TEST(Smb2Close, ResponseRefusesShortBody) {
  auto bytes = hand_assembled_response();
  EXPECT_FALSE(CloseResponse::decode(truncated(bytes, bytes.size() - 1)));
  bytes[kHeaderSize] = 24;
  EXPECT_FALSE(CloseResponse::decode(bytes));
}

TEST(Smb2Close, WithoutPostqueryTheAttributesAreZero) {
  CloseResponse resp;
  std::vector<uint8_t> bytes;
  auto back = round_trip(Command::Close, resp, bytes, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->flags, 0);
  EXPECT_EQ(std::count(bytes.begin() + kHeaderSize + 2, bytes.end(), 0),
            static_cast<std::ptrdiff_t>(58));
}

}  // namespace
}  // namespace smbkit::smb2
