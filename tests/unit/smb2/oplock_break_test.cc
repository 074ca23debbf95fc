#include "smb2/oplock_break.h"

#include <gtest/gtest.h>

#include <vector>

namespace smbkit::smb2 {
namespace {

// A server notification header (MS-SMB2 3.3.4.6: MessageId 0xFFFFFFFFFFFFFFFF, TreeId 0).
std::vector<uint8_t> message(std::initializer_list<uint8_t> body, bool from_server = true) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  Header h;
  h.command = static_cast<uint16_t>(Command::OplockBreak);
  h.flags = from_server ? uint32_t{kFlagsServerToRedir} : 0u;
  h.message_id = from_server ? kAnyId : 12;
  h.encode(w);
  out.insert(out.end(), body);
  return out;
}

template <class T>
std::vector<uint8_t> encode_message(const T& value, bool from_server = true) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  Header h;
  h.command = static_cast<uint16_t>(Command::OplockBreak);
  h.flags = from_server ? uint32_t{kFlagsServerToRedir} : 0u;
  h.message_id = from_server ? kAnyId : 12;
  h.encode(w);
  value.encode(w, 0);
  return out;
}

TEST(Smb2OplockBreak, HandAssembledNotification) {
  // MS-SMB2 2.2.23.1: break to level II.
  auto m = message({
      24, 0,                                    // StructureSize
      0x01,                                     // OplockLevel: SMB2_OPLOCK_LEVEL_II
      0,                                        // Reserved
      0, 0, 0, 0,                               // Reserved2
      0x11, 0, 0, 0, 0, 0, 0, 0,                // FileId.Persistent
      0x22, 0, 0, 0, 0, 0, 0, 0,                // FileId.Volatile
  });
  EXPECT_EQ(oplock_break_kind(m), OplockBreakKind::Oplock);
  auto n = OplockBreakNotification::decode(m);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->oplock_level, kOplockLevelII);
  EXPECT_EQ(n->file_id, (FileId{0x11, 0x22}));
  EXPECT_EQ(encode_message(*n), m);
}

TEST(Smb2OplockBreak, AcknowledgmentAndResponseShareTheLayout) {
  // MS-SMB2 2.2.24.1 and 2.2.25.1: the same 24 bytes; only the header tells them apart.
  OplockBreakAck ack;
  ack.oplock_level = kOplockLevelNone;
  ack.file_id = {7, 8};
  auto m = encode_message(ack, false);
  ASSERT_EQ(m.size(), kHeaderSize + 24);
  EXPECT_EQ(oplock_break_kind(m), OplockBreakKind::Oplock);
  EXPECT_FALSE(Header::decode(m)->is_response());
  auto back = OplockBreakResponse::decode(m);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->file_id, ack.file_id);
}

TEST(Smb2OplockBreak, HandAssembledLeaseBreakNotification) {
  // MS-SMB2 2.2.23.2: RWH -> R, acknowledgment required, epoch 3.
  auto m = message({
      44, 0,                    // StructureSize
      3, 0,                     // NewEpoch
      0x01, 0, 0, 0,            // Flags: ACK_REQUIRED
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,  // LeaseKey
      0x07, 0, 0, 0,            // CurrentLeaseState: R | H | W
      0x01, 0, 0, 0,            // NewLeaseState: R
      0, 0, 0, 0,               // BreakReason
      0, 0, 0, 0,               // AccessMaskHint
      0, 0, 0, 0,               // ShareMaskHint
  });
  EXPECT_EQ(oplock_break_kind(m), OplockBreakKind::LeaseNotification);
  auto n = LeaseBreakNotification::decode(m);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->new_epoch, 3);
  EXPECT_EQ(n->flags, lease::kBreakFlagAckRequired);
  EXPECT_EQ(n->lease_key[0], 1);
  EXPECT_EQ(n->lease_key[15], 16);
  EXPECT_EQ(n->current_lease_state,
            lease::kReadCaching | lease::kHandleCaching | lease::kWriteCaching);
  EXPECT_EQ(n->new_lease_state, lease::kReadCaching);
  EXPECT_EQ(encode_message(*n), m);
  EXPECT_FALSE(OplockBreak::decode(m));  // not a 24-byte body
}

TEST(Smb2OplockBreak, HandAssembledLeaseBreakAck) {
  // MS-SMB2 2.2.24.2 (and 2.2.25.2, the same layout): accept R.
  auto m = message({
      36, 0,                    // StructureSize
      0, 0,                     // Reserved
      0, 0, 0, 0,               // Flags
      16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1,  // LeaseKey
      0x01, 0, 0, 0,            // LeaseState
      0, 0, 0, 0, 0, 0, 0, 0,   // LeaseDuration
  }, false);
  EXPECT_EQ(oplock_break_kind(m), OplockBreakKind::LeaseAck);
  auto a = LeaseBreakAck::decode(m);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->lease_state, lease::kReadCaching);
  EXPECT_EQ(a->lease_key[0], 16);
  EXPECT_EQ(encode_message(*a, false), m);
  EXPECT_FALSE(LeaseBreakNotification::decode(m));
}

TEST(Smb2OplockBreak, RefusesShortOrUnknownBodies) {
  EXPECT_EQ(oplock_break_kind(message({25, 0})).error(), NtStatus::InvalidParameter);
  EXPECT_FALSE(oplock_break_kind(message({})));
  EXPECT_FALSE(oplock_break_kind(message({24})));
  auto m = message({24, 0, 1, 0, 0, 0, 0, 0, 1, 2, 3});  // FileId cut short
  EXPECT_EQ(oplock_break_kind(m), OplockBreakKind::Oplock);
  EXPECT_EQ(OplockBreak::decode(m).error(), NtStatus::InvalidParameter);
  m = message({44, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_FALSE(LeaseBreakNotification::decode(m));
  m = message({36, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
               1, 0, 0, 0, 0, 0, 0});  // LeaseDuration one byte short
  EXPECT_FALSE(LeaseBreakAck::decode(m));
}

}  // namespace
}  // namespace smbkit::smb2
