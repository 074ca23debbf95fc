#include "fscc/security_descriptor.h"

#include <gtest/gtest.h>

#include "test_bytes.h"

namespace smbkit::fscc {
namespace {

using testing::le;

// A SID by hand from MS-DTYP 2.4.2.2: Revision, SubAuthorityCount, 6-byte big-endian authority,
// little-endian sub-authorities.
void sid_bytes(std::vector<uint8_t>& out, uint8_t authority, std::vector<uint32_t> subs) {
  out.push_back(1);
  out.push_back(static_cast<uint8_t>(subs.size()));
  for (int i = 0; i < 5; ++i) out.push_back(0);
  out.push_back(authority);
  for (uint32_t s : subs) le(out, s, 4);
}

// MS-DTYP 2.4.6 by hand: owner S-1-5-32-544 (BUILTIN\Administrators), no group, no SACL, and a
// DACL (2.4.5) with one ACCESS_ALLOWED_ACE (2.4.4.2) granting Everyone (S-1-1-0)
// FILE_ALL_ACCESS (0x001F01FF).
std::vector<uint8_t> admin_everyone_full() {
  std::vector<uint8_t> b;
  b.push_back(1);           // Revision
  b.push_back(0);           // Sbz1
  le(b, 0x8004, 2);         // Control: SelfRelative | DaclPresent
  le(b, 20, 4);             // OffsetOwner
  le(b, 0, 4);              // OffsetGroup
  le(b, 0, 4);              // OffsetSacl
  le(b, 20 + 16, 4);        // OffsetDacl: after the 16-byte owner SID
  sid_bytes(b, 5, {32, 544});
  b.push_back(2);           // AclRevision
  b.push_back(0);           // Sbz1
  le(b, 8 + 20, 2);         // AclSize: header + one 20-byte ACE
  le(b, 1, 2);              // AceCount
  le(b, 0, 2);              // Sbz2
  b.push_back(0);           // AceType: ACCESS_ALLOWED
  b.push_back(0);           // AceFlags
  le(b, 20, 2);             // AceSize: header 4 + mask 4 + SID 12
  le(b, 0x001F01FF, 4);     // Mask
  sid_bytes(b, 1, {0});
  return b;
}

SecurityDescriptor admin_everyone_full_sd() {
  SecurityDescriptor sd;
  sd.owner = Sid{5, {32, 544}};
  Acl dacl;
  dacl.aces.push_back(Ace{kAccessAllowedAceType, 0, 0x001F01FF, Sid::everyone(), {}});
  sd.dacl = dacl;
  return sd;
}

TEST(SecurityDescriptor, EncodesTheHandBuiltExample) {
  std::vector<uint8_t> want = admin_everyone_full();
  EXPECT_EQ(want.size(), 64u);
  EXPECT_EQ(admin_everyone_full_sd().wire_size(), 64u);
  EXPECT_EQ(admin_everyone_full_sd().encode(), want);
}

TEST(SecurityDescriptor, DecodesTheHandBuiltExample) {
  auto sd = SecurityDescriptor::decode(admin_everyone_full());
  ASSERT_TRUE(sd);
  EXPECT_EQ(*sd, admin_everyone_full_sd());
  EXPECT_EQ(sd->owner->to_string(), "S-1-5-32-544");
  EXPECT_FALSE(sd->group);
  EXPECT_FALSE(sd->sacl);
  ASSERT_EQ(sd->dacl->aces.size(), 1u);
  EXPECT_EQ(sd->dacl->aces[0].sid.to_string(), "S-1-1-0");
  EXPECT_EQ(sd->dacl->aces[0].mask, 0x001F01FFu);
}

TEST(SecurityDescriptor, RoundTripsEveryPart) {
  SecurityDescriptor sd;
  sd.control = kSeDaclProtected;
  sd.owner = Sid{22, {1, 1000}};
  sd.group = Sid{22, {2, 100}};
  Acl sacl;
  sacl.aces.push_back(Ace{kSystemAuditAceType, kFailedAccessAceFlag, 0x10000, Sid::everyone(), {}});
  sd.sacl = sacl;
  Acl dacl;
  dacl.aces.push_back(Ace{kAccessDeniedAceType, kObjectInheritAce, 0x2, Sid{22, {1, 7}}, {}});
  dacl.aces.push_back(Ace{kAccessAllowedAceType, 0, 0x120089, Sid{5, {32, 545}}, {}});
  dacl.aces.push_back(Ace{0x05, 0, 0, {}, {1, 2, 3, 4, 5, 6, 7, 8}});  // an object ACE, kept raw
  sd.dacl = dacl;
  std::vector<uint8_t> bytes = sd.encode();
  EXPECT_EQ(bytes.size(), sd.wire_size());
  EXPECT_EQ(bytes[2] | bytes[3] << 8, 0x8000 | 0x1000 | 0x0010 | 0x0004);
  auto back = SecurityDescriptor::decode(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, sd);
}

TEST(SecurityDescriptor, EmptyAndNullDaclsDiffer) {
  SecurityDescriptor empty;
  empty.dacl = Acl{};
  auto e = SecurityDescriptor::decode(empty.encode());
  ASSERT_TRUE(e);
  ASSERT_TRUE(e->dacl);
  EXPECT_TRUE(e->dacl->aces.empty());
  EXPECT_FALSE(e->null_dacl);

  SecurityDescriptor null;
  null.null_dacl = true;
  std::vector<uint8_t> bytes = null.encode();
  EXPECT_EQ(bytes.size(), 20u);
  EXPECT_EQ(bytes[2], 0x04);  // DaclPresent with OffsetDacl 0
  auto n = SecurityDescriptor::decode(bytes);
  ASSERT_TRUE(n);
  EXPECT_TRUE(n->null_dacl);
  EXPECT_FALSE(n->dacl);
}

TEST(SecurityDescriptor, IgnoresAnAclWhosePresentBitIsClear) {
  std::vector<uint8_t> b = admin_everyone_full();
  b[2] = 0x00;  // Control: SelfRelative only, OffsetDacl still set
  auto sd = SecurityDescriptor::decode(b);
  ASSERT_TRUE(sd);
  EXPECT_FALSE(sd->dacl);
  EXPECT_FALSE(sd->null_dacl);
}

TEST(SecurityDescriptor, EveryTruncationFailsCleanly) {
  std::vector<uint8_t> b = admin_everyone_full();
  for (size_t n = 0; n < b.size(); ++n) {
    std::vector<uint8_t> cut(b.begin(), b.begin() + n);
    auto sd = SecurityDescriptor::decode(cut);
    ASSERT_FALSE(sd) << n;
    EXPECT_EQ(sd.error(), NtStatus::InvalidParameter);
  }
}

TEST(SecurityDescriptor, RefusesLyingOffsetsAndSizes) {
  auto refused = [](std::vector<uint8_t> b) { return !SecurityDescriptor::decode(b); };
  std::vector<uint8_t> good = admin_everyone_full();
  auto with = [&](size_t at, uint32_t v, size_t n) {
    std::vector<uint8_t> b = good;
    for (size_t i = 0; i < n; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
    return b;
  };
  EXPECT_TRUE(refused(with(0, 2, 1)));        // Revision 2
  EXPECT_TRUE(refused(with(2, 0x0004, 2)));   // not self-relative
  EXPECT_TRUE(refused(with(4, 8, 4)));        // owner inside the header
  EXPECT_TRUE(refused(with(4, 64, 4)));       // owner at the end
  EXPECT_TRUE(refused(with(4, 0xFFFFFFF0, 4)));
  EXPECT_TRUE(refused(with(16, 60, 4)));      // DACL header cut by the end
  EXPECT_TRUE(refused(with(21, 16, 1)));      // owner SID claims 16 sub-authorities
  EXPECT_TRUE(refused(with(36, 1, 1)));       // ACL revision 1
  EXPECT_TRUE(refused(with(36, 5, 1)));       // ACL revision 5
  EXPECT_FALSE(refused(with(36, 3, 1)));      // revision 3, as smbcacls sends
  EXPECT_TRUE(refused(with(38, 29, 2)));      // AclSize past the end
  EXPECT_TRUE(refused(with(38, 7, 2)));       // AclSize below its header
  EXPECT_TRUE(refused(with(40, 2, 2)));       // AceCount 2, one ACE
  EXPECT_TRUE(refused(with(46, 24, 2)));      // AceSize past AclSize
  EXPECT_TRUE(refused(with(46, 2, 2)));       // AceSize below its header
  EXPECT_TRUE(refused(with(46, 18, 2)));      // AceSize not a multiple of 4
  EXPECT_TRUE(refused(with(46, 12, 2)));      // AceSize cuts the SID
  EXPECT_TRUE(refused(with(53, 2, 1)));       // ACE's SID claims 2 sub-authorities
  EXPECT_FALSE(refused(good));
}

TEST(Sid, FormatsAndParsesItsWireForm) {
  EXPECT_EQ((Sid{22, {1, 1000}}).to_string(), "S-1-22-1-1000");
  EXPECT_EQ((Sid{0x123456789ABCull, {}}).to_string(), "S-1-0x123456789ABC");
  std::vector<uint8_t> b;
  Sid{0x123456789ABCull, {7}}.encode(b);
  EXPECT_EQ(b, (std::vector<uint8_t>{1, 1, 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 7, 0, 0, 0}));
  auto back = Sid::decode(b);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->authority, 0x123456789ABCull);
  EXPECT_EQ(back->sub_authorities, std::vector<uint32_t>{7});
}

}  // namespace
}  // namespace smbkit::fscc
