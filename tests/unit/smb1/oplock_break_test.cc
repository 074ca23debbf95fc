// The server's OpLock Break request (MS-CIFS 3.3.4.2, layout 2.2.4.32.1).
#include <gtest/gtest.h>

#include "smb1/locking.h"

namespace smbkit::smb1 {
namespace {

TEST(OplockBreakRequest, EncodesTheServersLockingAndXRequest) {
  OplockBreakRequest req{.tid = 0x0801, .uid = 0x0064, .fid = 0x4003,
                         .new_oplock_level = kBreakToLevelII};
  std::vector<uint8_t> expected = {
      0xFF, 'S', 'M', 'B', 0x24,              // LOCKING_ANDX
      0x00, 0x00, 0x00, 0x00,                 // Status
      0x00,                                   // Flags: a request (SMB_FLAGS_REPLY clear)
      0x00, 0x00,                             // Flags2
      0x00, 0x00,                             // PIDHigh
      0, 0, 0, 0, 0, 0, 0, 0,                 // SecurityFeatures
      0x00, 0x00,                             // Reserved
      0x01, 0x08,                             // TID
      0xFF, 0xFF,                             // PIDLow
      0x64, 0x00,                             // UID
      0xFF, 0xFF,                             // MID 0xFFFF
      0x08,                                   // WordCount
      0xFF, 0x00, 0x00, 0x00,                 // AndX: none
      0x03, 0x40,                             // FID
      0x02,                                   // TypeOfLock: OPLOCK_RELEASE
      0x01,                                   // NewOpLockLevel: level II
      0x00, 0x00, 0x00, 0x00,                 // Timeout
      0x00, 0x00, 0x00, 0x00,                 // no unlocks, no locks
      0x00, 0x00};                            // ByteCount
  EXPECT_EQ(req.encode(), expected);
  auto back = OplockBreakRequest::decode(expected);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->tid, 0x0801);
  EXPECT_EQ(back->uid, 0x0064);
  EXPECT_EQ(back->fid, 0x4003);
  EXPECT_EQ(back->new_oplock_level, kBreakToLevelII);
}

TEST(OplockBreakRequest, OtherMessagesAreNotBreaks) {
  OplockBreakRequest req{.tid = 1, .uid = 2, .fid = 3, .new_oplock_level = kBreakToNone};
  std::vector<uint8_t> bytes = req.encode();
  ASSERT_TRUE(OplockBreakRequest::decode(bytes));

  auto reply = bytes;
  reply[9] = kFlagsReply;
  EXPECT_FALSE(OplockBreakRequest::decode(reply));
  auto other_mid = bytes;
  other_mid[30] = 0x01;
  EXPECT_FALSE(OplockBreakRequest::decode(other_mid));
  auto no_release = bytes;
  no_release[39] = 0x00;  // TypeOfLock
  EXPECT_FALSE(OplockBreakRequest::decode(no_release));
  auto truncated = bytes;
  truncated.resize(bytes.size() - 3);
  EXPECT_FALSE(OplockBreakRequest::decode(truncated));
}

}  // namespace
}  // namespace smbkit::smb1
