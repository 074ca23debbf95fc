// SMB_COM_FLUSH (MS-CIFS 2.2.4.6).
#include "smb1/flush.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"

namespace smbkit::smb1 {
namespace {

using testing::build;
using testing::decode_first;
using testing::raw_message;

TEST(Flush, RequestLayout) {
  // MS-CIFS 2.2.4.6.1: WordCount 1 (FID), ByteCount 0.
  auto bytes = build(Command::Flush, FlushRequest{0x4001});
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + kHeaderSize, bytes.end()),
            (std::vector<uint8_t>{1, 0x01, 0x40, 0, 0}));
  auto back = decode_first<FlushRequest>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fid, 0x4001);
}

TEST(Flush, AllFidsValue) {
  auto back = decode_first<FlushRequest>(build(Command::Flush, FlushRequest{kFlushAllFids}));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fid, 0xFFFF);
}

TEST(Flush, MalformedRequestsFail) {
  EXPECT_EQ(decode_first<FlushRequest>(raw_message(Command::Flush, true, false, {0, 0, 0})).error(),
            NtStatus::InvalidSmb);
  EXPECT_EQ(decode_first<FlushRequest>(raw_message(Command::Flush, true, false, {2, 1, 0, 0, 0, 0,
                                                                                 0}))
                .error(),
            NtStatus::InvalidSmb);
  // ByteCount says 4, nothing follows.
  EXPECT_EQ(
      decode_first<FlushRequest>(raw_message(Command::Flush, true, false, {1, 1, 0, 4, 0})).error(),
      NtStatus::InvalidSmb);
}

TEST(Flush, ResponseIsEmpty) {
  auto bytes = build(Command::Flush, FlushResponse{}, true, true);
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + kHeaderSize, bytes.end()),
            (std::vector<uint8_t>{0, 0, 0}));
  EXPECT_TRUE(decode_first<FlushResponse>(bytes));
}

}  // namespace
}  // namespace smbkit::smb1
