// SMB_COM_SEEK (MS-CIFS 2.2.4.19).
#include "smb1/seek.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"

namespace smbkit::smb1 {
namespace {

using testing::build;
using testing::decode_first;
using testing::raw_message;

TEST(Seek, RequestLayout) {
  // MS-CIFS 2.2.4.19.1: WordCount 4 (FID, Mode, Offset as a signed LONG), ByteCount 0.
  auto bytes = build(Command::Seek, SeekRequest{0x4001, 1, -3});
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + kHeaderSize, bytes.end()),
            (std::vector<uint8_t>{4, 0x01, 0x40, 1, 0, 0xFD, 0xFF, 0xFF, 0xFF, 0, 0}));
  auto back = decode_first<SeekRequest>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fid, 0x4001);
  EXPECT_EQ(back->mode, 1);
  EXPECT_EQ(back->offset, -3);
}

TEST(Seek, ResponseLayout) {
  // MS-CIFS 2.2.4.19.2: WordCount 2 (Offset, unsigned), ByteCount 0.
  auto bytes = build(Command::Seek, SeekResponse{0xFFFFFFFF}, true, true);
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + kHeaderSize, bytes.end()),
            (std::vector<uint8_t>{2, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0}));
  auto back = decode_first<SeekResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->offset, 0xFFFFFFFFu);
}

TEST(Seek, MalformedMessagesFail) {
  // Three words instead of four.
  EXPECT_EQ(decode_first<SeekRequest>(
                raw_message(Command::Seek, true, false, {3, 1, 0, 0, 0, 0, 0, 0, 0}))
                .error(),
            NtStatus::InvalidSmb);
  // ByteCount says 2, nothing follows.
  EXPECT_EQ(decode_first<SeekRequest>(
                raw_message(Command::Seek, true, false, {4, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0}))
                .error(),
            NtStatus::InvalidSmb);
  EXPECT_EQ(decode_first<SeekResponse>(raw_message(Command::Seek, true, true, {1, 0, 0, 0, 0}))
                .error(),
            NtStatus::InvalidNetworkResponse);
}

}  // namespace
}  // namespace smbkit::smb1
