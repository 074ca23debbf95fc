#include "smb1/close.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"

namespace smbkit::smb1 {
namespace {

using testing::build;
using testing::decode_first;
using testing::raw_message;

TEST(Close, HandAssembledRequestDecodes) {
  // MS-CIFS 2.2.4.5.1: FID 0x4001, LastTimeModified 0xFFFFFFFF (leave as is).
  auto bytes = raw_message(Command::Close, false, false,
                           {3, 0x01, 0x40, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0});
  auto req = decode_first<CloseRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->fid, 0x4001);
  EXPECT_EQ(req->last_time_modified, 0xFFFFFFFFu);
  EXPECT_EQ(build(Command::Close, *req, false), bytes);
}

TEST(Close, ResponseIsEmpty) {
  auto bytes = build(Command::Close, CloseResponse{}, true, true);
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + 32, bytes.end()),
            (std::vector<uint8_t>{0, 0, 0}));
  EXPECT_TRUE(decode_first<CloseResponse>(bytes));
}

TEST(Close, ShortRequestFails) {
  auto bytes = raw_message(Command::Close, false, false, {1, 0x01, 0x40, 0, 0});
  EXPECT_EQ(decode_first<CloseRequest>(bytes).error(), NtStatus::InvalidSmb);
}

}  // namespace
}  // namespace smbkit::smb1
