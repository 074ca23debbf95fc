#include "vfs/permission.h"

#include <gtest/gtest.h>
#include <unistd.h>

namespace smbkit::vfs {
namespace {

TEST(Permission, OwnerBitsApplyToTheServersOwnFilesEvenAsRoot) {
  uid_t me = geteuid();
  gid_t my_group = getegid();
  EXPECT_TRUE(mode_allows(0600, me, my_group, true, true));
  EXPECT_TRUE(mode_allows(0400, me, my_group, true, false));
  EXPECT_EQ(mode_allows(0400, me, my_group, false, true).error(), NtStatus::AccessDenied);
  EXPECT_EQ(mode_allows(0200, me, my_group, true, false).error(), NtStatus::AccessDenied);
  EXPECT_EQ(mode_allows(0000, me, my_group, true, false).error(), NtStatus::AccessDenied);
  EXPECT_TRUE(mode_allows(0000, me, my_group, false, false));  // attributes only
}

TEST(Permission, OtherUsersFilesUseGroupOrOtherBits) {
  uid_t someone = geteuid() + 1000;
  gid_t my_group = getegid();
  gid_t other_group = getegid() + 1000;
  EXPECT_TRUE(mode_allows(0640, someone, my_group, true, false));
  EXPECT_EQ(mode_allows(0604, someone, my_group, true, false).error(), NtStatus::AccessDenied);
  EXPECT_TRUE(mode_allows(0604, someone, other_group, true, false));
  EXPECT_EQ(mode_allows(0640, someone, other_group, true, false).error(), NtStatus::AccessDenied);
}

}  // namespace
}  // namespace smbkit::vfs
