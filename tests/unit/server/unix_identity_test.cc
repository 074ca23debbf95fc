// The per-thread credential switch of unix_identity.h: files made while acting as an account are
// owned by it, the switch is the calling thread's alone, and leaving restores the server's own.
#include "server/unix_identity.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

namespace smbkit::server {
namespace {

TEST(UnixIdentity, LooksUpAccountsAndGroups) {
  auto root = unix_account("root");
  ASSERT_TRUE(root);
  EXPECT_EQ(root->uid, 0u);
  EXPECT_EQ(root->gid, 0u);
  auto upper = unix_account("ROOT");  // SMB names are case-insensitive; tried lower-cased
  ASSERT_TRUE(upper);
  EXPECT_EQ(upper->name, "root");
  EXPECT_FALSE(unix_account("no-such-smbkit-user"));
  EXPECT_FALSE(unix_account(""));
  EXPECT_TRUE(unix_group("root"));
  EXPECT_FALSE(unix_group("no-such-smbkit-group"));
}

uid_t owner_of(const std::filesystem::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_uid;
}

void touch(const std::filesystem::path& path) { std::ofstream(path) << "x"; }

TEST(UnixIdentity, ActsAsTheAccountOnThisThreadOnly) {
  if (geteuid() != 0) GTEST_SKIP() << "switching needs root";
  auto nobody = unix_account("nobody");
  ASSERT_TRUE(nobody);
  char pattern[] = "/tmp/smbkit-identity-XXXXXX";
  ASSERT_NE(mkdtemp(pattern), nullptr);
  std::filesystem::path dir = pattern;
  ::chmod(dir.c_str(), 0777);
  enable_identity_switch();
  auto who = std::make_shared<const UnixIdentity>(*nobody);
  std::promise<void> acting, main_done;
  auto worker_acting = acting.get_future();
  std::thread worker([&] {
    {
      ActAs as(who);
      EXPECT_EQ(acting_identity(), who);
      touch(dir / "as-nobody");
      {
        ActAs again(std::make_shared<const UnixIdentity>(*nobody));  // same account: no switch
        touch(dir / "nested");
      }
      touch(dir / "after-nested");
      // The main thread, meanwhile, still acts as root. (A thread started from here would
      // inherit this one's credentials: the server starts its threads before any switch.)
      acting.set_value();
      main_done.get_future().wait();
    }
    EXPECT_EQ(acting_identity(), nullptr);
    touch(dir / "as-server");
  });
  worker_acting.wait();
  touch(dir / "other-thread");
  main_done.set_value();
  worker.join();
  EXPECT_EQ(owner_of(dir / "as-nobody"), nobody->uid);
  EXPECT_EQ(owner_of(dir / "nested"), nobody->uid);
  EXPECT_EQ(owner_of(dir / "after-nested"), nobody->uid);
  EXPECT_EQ(owner_of(dir / "other-thread"), 0u);
  EXPECT_EQ(owner_of(dir / "as-server"), 0u);

  // A file only root may read is refused to the account (were the switch process-wide or
  // missing, root would read it).
  touch(dir / "private");
  ::chmod((dir / "private").c_str(), 0600);
  bool opened = true;
  std::thread reader([&] {
    ActAs as(who);
    opened = std::ifstream(dir / "private").is_open();
  });
  reader.join();
  EXPECT_FALSE(opened);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace smbkit::server
