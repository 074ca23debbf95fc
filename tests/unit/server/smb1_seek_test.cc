// SMB_COM_SEEK through the processor (MS-CIFS 3.3.5.21): the handle's file pointer, moved by
// SEEK and left by WRITE_ANDX at its offset plus the bytes written.
#include <gtest/gtest.h>

#include "smb1/nt_create.h"
#include "smb1/read_write.h"
#include "smb1/seek.h"
#include "smb1_session_fixture.h"

namespace smbkit::server {
namespace {

constexpr uint8_t kSeek = 0x12;

class Smb1SeekTest : public Smb1SessionFixture {
 protected:
  void SetUp() override {
    Smb1SessionFixture::SetUp();
    negotiate_and_logon();
    tree_connect();
    auto create = exchange(request_header(0xA2), [](smb1::MessageWriter& w) {
      smb1::NtCreateAndXRequest req;
      req.desired_access = kGenericRead | kGenericWrite;
      req.share_access = kFileShareRead | kFileShareWrite;
      req.create_disposition = kFileOpenIf;
      req.file_name = "\\seek.txt";
      req.encode(w);
    });
    ASSERT_EQ(create.header.status, NtStatus::Success);
    auto resp = smb1::NtCreateAndXResponse::decode(create.blocks[0]);
    ASSERT_TRUE(resp);
    fid_ = resp->fid;
  }

  // SEEK on `fid`: the status, and the new offset in `*offset` when it succeeded.
  NtStatus seek(uint16_t fid, uint16_t mode, int32_t delta, uint32_t* offset) {
    auto reply = exchange(request_header(kSeek), [&](smb1::MessageWriter& w) {
      smb1::SeekRequest{fid, mode, delta}.encode(w);
    });
    if (reply.header.status == NtStatus::Success) {
      auto resp = smb1::SeekResponse::decode(reply.blocks.at(0));
      EXPECT_TRUE(resp);
      if (resp) *offset = resp->offset;
    }
    return reply.header.status;
  }

  uint16_t fid_ = 0;
};

TEST_F(Smb1SeekTest, ModesMoveThePointerModulo32Bits) {
  uint32_t offset = 0;
  ASSERT_EQ(seek(fid_, 0, 17, &offset), NtStatus::Success);
  EXPECT_EQ(offset, 17u);
  ASSERT_EQ(seek(fid_, 1, -3, &offset), NtStatus::Success);
  EXPECT_EQ(offset, 14u);
  ASSERT_EQ(seek(fid_, 0, -1, &offset), NtStatus::Success);
  EXPECT_EQ(offset, 0xFFFFFFFFu);
  ASSERT_EQ(seek(fid_, 1, 1000, &offset), NtStatus::Success);
  EXPECT_EQ(offset, 999u);
}

TEST_F(Smb1SeekTest, EndCountsFromTheSizeAndWritesMoveThePointer) {
  auto write = exchange(request_header(0x2F), [&](smb1::MessageWriter& w) {
    static const uint8_t kData[] = {'h', 'e', 'l', 'l', 'o'};
    smb1::WriteAndXRequest req;
    req.fid = fid_;
    req.offset = 3;
    req.data = Bytes(kData);
    req.encode(w);
  });
  ASSERT_EQ(write.header.status, NtStatus::Success);
  uint32_t offset = 0;
  ASSERT_EQ(seek(fid_, 1, 0, &offset), NtStatus::Success);
  EXPECT_EQ(offset, 8u);  // 3 + 5 bytes written
  ASSERT_EQ(seek(fid_, 2, -2, &offset), NtStatus::Success);
  EXPECT_EQ(offset, 6u);
  // MS-CIFS 2.2.4.19.2: before the start of the file gives 0.
  ASSERT_EQ(seek(fid_, 2, -100, &offset), NtStatus::Success);
  EXPECT_EQ(offset, 0u);
}

TEST_F(Smb1SeekTest, BadHandleAndBadModeAreRefused) {
  uint32_t offset = 0;
  EXPECT_EQ(seek(static_cast<uint16_t>(fid_ + 1), 0, 0, &offset), NtStatus::InvalidHandle);
  EXPECT_EQ(seek(fid_, 3, 0, &offset), NtStatus::InvalidParameter);
}

}  // namespace
}  // namespace smbkit::server
