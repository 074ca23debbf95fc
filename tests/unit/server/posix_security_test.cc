// A file's owner, group and mode as a security descriptor and back (server/posix_security.h),
// and the access masks mode bits stand for (server/access.h), MAXIMUM_ALLOWED included.
#include "server/posix_security.h"

#include <gtest/gtest.h>

#include "server/access.h"

namespace smbkit::server {
namespace {

using fscc::Ace;
using fscc::Sid;
using fscc::SecurityDescriptor;

constexpr uint32_t kAll = fscc::kOwnerSecurityInformation | fscc::kGroupSecurityInformation |
                          fscc::kDaclSecurityInformation;

const vfs::PosixOwnership kFile{1000, 100, 0640};

Ace allow(const Sid& sid, uint32_t mask, uint8_t flags = 0) {
  return Ace{fscc::kAccessAllowedAceType, flags, mask, sid, {}};
}

SecurityDescriptor with_dacl(std::vector<Ace> aces) {
  SecurityDescriptor sd;
  sd.dacl = fscc::Acl{};
  sd.dacl->aces = std::move(aces);
  return sd;
}

TEST(Access, ExpandGenericMapsGenericRightsAndDropsSystemSecurity) {
  EXPECT_EQ(expand_generic(kGenericRead), kFileGenericRead);
  EXPECT_EQ(expand_generic(kGenericAll), kFileAllAccess);
  EXPECT_EQ(expand_generic(kGenericWrite | kDelete), kFileGenericWrite | kDelete);
  EXPECT_EQ(expand_generic(kReadControl | kAccessSystemSecurity), uint32_t{kReadControl});
  EXPECT_EQ(expand_generic(kMaximumAllowed), kFileGenericRead | kFileGenericExecute);
}

TEST(Access, ModeBitsStandForFileRights) {
  EXPECT_EQ(access_of_mode_bits(0, false, false), 0u);
  EXPECT_EQ(access_of_mode_bits(4, false, false), kFileGenericRead);
  EXPECT_EQ(access_of_mode_bits(6, false, false), kFileGenericRead | kFileGenericWrite);
  EXPECT_EQ(access_of_mode_bits(5, false, false), kFileGenericRead | kFileGenericExecute);
  EXPECT_EQ(access_of_mode_bits(7, false, true), kFileAllAccess);
  EXPECT_EQ(access_of_mode_bits(2, true, false), kFileGenericWrite | kFileDeleteChild);
  // The owner may always read the descriptor, chmod and change the times.
  EXPECT_EQ(access_of_mode_bits(4, false, true),
            kFileGenericRead | kWriteDac | kFileWriteAttributes);
  EXPECT_EQ(access_of_mode_bits(0, false, true),
            kReadControl | kWriteDac | kFileReadAttributes | kFileWriteAttributes | kSynchronize);
  for (unsigned rwx = 0; rwx < 8; ++rwx) {
    EXPECT_EQ(mode_bits_of_access(access_of_mode_bits(rwx, false, true)), rwx);
    EXPECT_EQ(mode_bits_of_access(access_of_mode_bits(rwx, true, false)), rwx);
  }
  EXPECT_EQ(mode_bits_of_access(kGenericRead | kGenericExecute), 5u);
  EXPECT_EQ(mode_bits_of_access(kWriteDac | kDelete), 0u);
}

TEST(Access, MaximumAllowedIsWhatTheModeAllows) {
  EXPECT_EQ(maximal_access(6, false, true, true),
            access_of_mode_bits(6, false, true) | kDelete);
  EXPECT_TRUE(can_write(maximal_access(6, false, false, false)));
  EXPECT_FALSE(can_write(maximal_access(4, false, false, true)));
  EXPECT_FALSE(maximal_access(4, false, false, false) & kDelete);
  EXPECT_FALSE(can_read(maximal_access(2, false, false, false)));
}

TEST(PosixSecurity, UnixIdsMapToSambaSids) {
  EXPECT_EQ(unix_user_sid(1000).to_string(), "S-1-22-1-1000");
  EXPECT_EQ(unix_group_sid(100).to_string(), "S-1-22-2-100");
}

TEST(PosixSecurity, DescriptorOfAFile) {
  SecurityDescriptor sd = descriptor_of(kFile, false, kAll);
  ASSERT_TRUE(sd.owner);
  EXPECT_EQ(*sd.owner, unix_user_sid(1000));
  ASSERT_TRUE(sd.group);
  EXPECT_EQ(*sd.group, unix_group_sid(100));
  EXPECT_FALSE(sd.sacl);
  ASSERT_TRUE(sd.dacl);
  ASSERT_EQ(sd.dacl->aces.size(), 3u);
  EXPECT_EQ(sd.dacl->aces[0], allow(unix_user_sid(1000), access_of_mode_bits(6, false, true)));
  EXPECT_EQ(sd.dacl->aces[1], allow(unix_group_sid(100), kFileGenericRead));
  EXPECT_EQ(sd.dacl->aces[2], allow(Sid::everyone(), 0));
  // As it goes on the wire: self-relative, with a protected DACL present.
  std::vector<uint8_t> bytes = sd.encode();
  EXPECT_EQ(bytes[2] | bytes[3] << 8, 0x9004);
  EXPECT_EQ(bytes.size(), sd.wire_size());
}

TEST(PosixSecurity, DescriptorHasOnlyThePartsAskedFor) {
  SecurityDescriptor owner = descriptor_of(kFile, false, fscc::kOwnerSecurityInformation);
  EXPECT_TRUE(owner.owner);
  EXPECT_FALSE(owner.group);
  EXPECT_FALSE(owner.dacl);
  EXPECT_EQ(owner.wire_size(), 20u + 16u);
  SecurityDescriptor dacl = descriptor_of(kFile, true, fscc::kDaclSecurityInformation);
  EXPECT_FALSE(dacl.owner);
  EXPECT_TRUE(dacl.dacl);
  EXPECT_FALSE(descriptor_of(kFile, false, fscc::kSaclSecurityInformation).sacl);
}

TEST(PosixSecurity, DaclMapsBackToTheMode) {
  auto mode = mode_from_descriptor(kFile, descriptor_of(kFile, false, kAll), kAll);
  ASSERT_TRUE(mode);
  EXPECT_EQ(*mode, 0640u);

  vfs::PosixOwnership sticky{1000, 100, 04750};
  SecurityDescriptor sd = with_dacl({allow(unix_user_sid(1000), kFileGenericRead),
                                     allow(Sid::everyone(), kGenericRead | kGenericExecute),
                                     allow(unix_user_sid(1000), kFileWriteData, fscc::kInheritedAce),
                                     allow(unix_group_sid(100), kFileExecute)});
  mode = mode_from_descriptor(sticky, sd, fscc::kDaclSecurityInformation);
  ASSERT_TRUE(mode);
  EXPECT_EQ(*mode, 04615u);  // set-uid kept; rw- for the owner (two ACEs), --x, r-x

  mode = mode_from_descriptor(kFile, with_dacl({}), fscc::kDaclSecurityInformation);
  ASSERT_TRUE(mode);
  EXPECT_EQ(*mode, 0u);  // an empty DACL grants nothing
  SecurityDescriptor null;
  null.null_dacl = true;
  mode = mode_from_descriptor(kFile, null, fscc::kDaclSecurityInformation);
  ASSERT_TRUE(mode);
  EXPECT_EQ(*mode, 0777u);  // a NULL DACL grants everything
}

TEST(PosixSecurity, PartsNotNamedOrLeftOutChangeNothing) {
  SecurityDescriptor sd = with_dacl({});
  auto mode = mode_from_descriptor(kFile, sd, fscc::kOwnerSecurityInformation);
  ASSERT_TRUE(mode);
  EXPECT_EQ(*mode, 0640u);  // DACL present but not named
  mode = mode_from_descriptor(kFile, SecurityDescriptor{}, kAll);
  ASSERT_TRUE(mode);
  EXPECT_EQ(*mode, 0640u);  // named but absent
}

TEST(PosixSecurity, OwnerAndGroupMayOnlyStayTheSame) {
  SecurityDescriptor same;
  same.owner = unix_user_sid(1000);
  same.group = unix_group_sid(100);
  EXPECT_TRUE(mode_from_descriptor(kFile, same, kAll));
  SecurityDescriptor other_owner = same;
  other_owner.owner = unix_user_sid(0);
  auto refused = mode_from_descriptor(kFile, other_owner, kAll);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), NtStatus::AccessDenied);
  // Not named in SecurityInformation: not applied, so not refused.
  EXPECT_TRUE(mode_from_descriptor(kFile, other_owner, fscc::kGroupSecurityInformation));
  SecurityDescriptor other_group = same;
  other_group.group = unix_user_sid(100);  // a user SID with the group's number
  EXPECT_FALSE(mode_from_descriptor(kFile, other_group, kAll));
}

TEST(PosixSecurity, WhatAModeCannotHoldIsRefused) {
  auto refused = [](const SecurityDescriptor& sd, uint32_t parts) {
    auto mode = mode_from_descriptor(kFile, sd, parts);
    return !mode && mode.error() == NtStatus::AccessDenied;
  };
  constexpr uint32_t dacl = fscc::kDaclSecurityInformation;
  EXPECT_TRUE(refused(with_dacl({allow(Sid{5, {32, 544}}, kFileAllAccess)}), dacl));
  Ace denied = allow(Sid::everyone(), kFileGenericWrite);
  denied.type = fscc::kAccessDeniedAceType;
  EXPECT_TRUE(refused(with_dacl({denied}), dacl));
  EXPECT_TRUE(refused(
      with_dacl({allow(Sid::everyone(), kFileGenericRead, fscc::kObjectInheritAce)}), dacl));
  EXPECT_TRUE(refused(
      with_dacl({allow(Sid::everyone(), kFileGenericRead, fscc::kInheritOnlyAce)}), dacl));
  EXPECT_TRUE(refused(SecurityDescriptor{}, fscc::kSaclSecurityInformation));
}

}  // namespace
}  // namespace smbkit::server
