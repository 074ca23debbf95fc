#include "smb2/flush.h"

#include <gtest/gtest.h>

#include "file_codec_test_util.h"

namespace smbkit::smb2 {
namespace {

using file_testing::Body;
using file_testing::message;
using file_testing::round_trip;
using file_testing::truncated;

// MS-SMB2 2.2.17, field by field.
TEST(Smb2Flush, HandAssembledRequest) {
  auto bytes = message(Command::Flush, Body{}
                                           .u16(24)   // StructureSize
                                           .u16(0)    // Reserved1
                                           .u32(0)    // Reserved2
                                           .u64(7)    // FileId.Persistent
                                           .u64(8));  // FileId.Volatile
  auto req = FlushRequest::decode(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->file_id, (FileId{7, 8}));
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::Flush, *req, again));
  EXPECT_EQ(again, bytes);
  EXPECT_FALSE(FlushRequest::decode(truncated(bytes, bytes.size() - 1)));
  bytes[kHeaderSize] = 4;
  EXPECT_EQ(FlushRequest::decode(bytes).error(), kBadRequest);
}

// MS-SMB2 2.2.18.
TEST(Smb2Flush, HandAssembledResponse) {
  auto bytes = message(Command::Flush, Body{}.u16(4).u16(0), true);
  ASSERT_TRUE(FlushResponse::decode(bytes));
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::Flush, FlushResponse{}, again, true));
  EXPECT_EQ(again, bytes);
  EXPECT_FALSE(FlushResponse::decode(truncated(bytes, bytes.size() - 1)));
  bytes[kHeaderSize] = 24;
  EXPECT_FALSE(FlushResponse::decode(bytes));
}

}  // namespace
}  // namespace smbkit::smb2
