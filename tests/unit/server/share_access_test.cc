// smb.conf's per-share user options as the server applies them at tree connect
// (core/share_access.h): user lists with names and Unix groups, valid / invalid users, and read
// only with read list / write list.
#include "server/core/share_access.h"

#include <grp.h>
#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

namespace smbkit::server {
namespace {

// The account running the test and its primary group's name.
struct Me {
  std::string user, group;
};
Me me() {
  passwd* pw = getpwuid(getuid());
  if (!pw) return {};
  Me m{pw->pw_name, {}};
  if (group* gr = getgrgid(pw->pw_gid)) m.group = gr->gr_name;
  return m;
}

TEST(ShareAccess, ListsNameUsersCaseInsensitively) {
  EXPECT_TRUE(user_in_list({"bob", "Alice"}, "alice"));
  EXPECT_TRUE(user_in_list({"ALICE"}, "Alice"));
  EXPECT_FALSE(user_in_list({"bob"}, "alice"));
  EXPECT_FALSE(user_in_list({}, "alice"));
}

TEST(ShareAccess, ListsNameUnixGroupMembers) {
  Me m = me();
  if (m.group.empty()) GTEST_SKIP() << "the test's account has no named group";
  EXPECT_TRUE(user_in_list({"@" + m.group}, m.user));
  EXPECT_TRUE(user_in_list({"+" + m.group}, m.user));
  EXPECT_FALSE(user_in_list({"&" + m.group}, m.user));  // NIS netgroups only: none here
  EXPECT_FALSE(user_in_list({"@" + m.group}, "smbkit-no-such-account"));
  EXPECT_FALSE(user_in_list({"@smbkit-no-such-group"}, m.user));
  // A supplementary group counts as the primary one does.
  int count = 64;
  std::vector<gid_t> groups(count);
  passwd* pw = getpwnam(m.user.c_str());
  ASSERT_NE(pw, nullptr);
  if (getgrouplist(m.user.c_str(), pw->pw_gid, groups.data(), &count) >= 0) {
    for (int i = 0; i < count; ++i) {
      group* gr = getgrgid(groups[i]);
      if (gr && groups[i] != pw->pw_gid)
        EXPECT_TRUE(user_in_list({"@" + std::string(gr->gr_name)}, m.user));
    }
  }
}

TEST(ShareAccess, InvalidUsersWinOverValidUsers) {
  ShareConfig share;
  EXPECT_TRUE(may_connect(share, "alice"));
  share.valid_users = {"alice", "bob"};
  EXPECT_TRUE(may_connect(share, "alice"));
  EXPECT_FALSE(may_connect(share, "carol"));
  share.invalid_users = {"alice"};
  EXPECT_FALSE(may_connect(share, "alice"));
  EXPECT_TRUE(may_connect(share, "bob"));
  share.valid_users.clear();
  EXPECT_FALSE(may_connect(share, "alice"));
  EXPECT_TRUE(may_connect(share, "carol"));
}

TEST(ShareAccess, WriteListWinsOverReadOnlyAndReadList) {
  ShareConfig share;
  share.read_only = true;
  EXPECT_TRUE(read_only_for(share, "alice"));
  share.write_list = {"alice"};
  EXPECT_FALSE(read_only_for(share, "alice"));
  EXPECT_TRUE(read_only_for(share, "bob"));
  share.read_only = false;
  share.read_list = {"alice", "bob"};
  EXPECT_FALSE(read_only_for(share, "alice"));  // in both lists: write list wins, as in smbd
  EXPECT_TRUE(read_only_for(share, "bob"));
  EXPECT_FALSE(read_only_for(share, "carol"));
}

}  // namespace
}  // namespace smbkit::server
