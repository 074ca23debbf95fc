// Delete-on-close (server/smb1/pending_delete.h): carried out once, when the open goes, however
// it is moved around before, and following a rename.
#include "server/smb1/pending_delete.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <utility>

#include "vfs/posix_vfs.h"

namespace smbkit::server {
namespace {

namespace fs = std::filesystem;

class PendingDeleteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "smbkit-pending-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    root = tmpl;
    std::ofstream(root / "a.txt") << "a";
    std::ofstream(root / "b.txt") << "b";
    fs::create_directories(root / "dir");
    auto opened = vfs::PosixVfs::open(root.string());
    ASSERT_TRUE(opened);
    share = std::move(*opened);
  }
  void TearDown() override { fs::remove_all(root); }

  fs::path root;
  std::unique_ptr<vfs::PosixVfs> share;
};

TEST_F(PendingDeleteTest, ArmedDeleteRunsWhenTheOpenGoes) {
  {
    PendingDelete d;
    d.arm(share.get(), "a.txt", false);
    EXPECT_TRUE(d.armed());
    EXPECT_TRUE(fs::exists(root / "a.txt"));
  }
  EXPECT_FALSE(fs::exists(root / "a.txt"));
  EXPECT_TRUE(fs::exists(root / "b.txt"));
}

TEST_F(PendingDeleteTest, DisarmedDeleteDoesNothing) {
  {
    PendingDelete d;
    d.arm(share.get(), "a.txt", false);
    d.disarm();
  }
  EXPECT_TRUE(fs::exists(root / "a.txt"));
}

TEST_F(PendingDeleteTest, DirectoriesAreRemoved) {
  { PendingDelete d; d.arm(share.get(), "dir", true); }
  EXPECT_FALSE(fs::exists(root / "dir"));
}

TEST_F(PendingDeleteTest, MovingHandsTheDeleteOnOnce) {
  std::map<int, PendingDelete> table;  // as IdTable keeps Smb1File values
  {
    PendingDelete d;
    d.arm(share.get(), "a.txt", false);
    table.emplace(1, std::move(d));
  }
  EXPECT_TRUE(fs::exists(root / "a.txt")) << "the moved-from object must not delete";
  table.erase(1);
  EXPECT_FALSE(fs::exists(root / "a.txt"));
}

TEST_F(PendingDeleteTest, AssigningOverAnArmedDeleteRunsIt) {
  PendingDelete first, second;
  first.arm(share.get(), "a.txt", false);
  second.arm(share.get(), "b.txt", false);
  first = std::move(second);
  EXPECT_FALSE(fs::exists(root / "a.txt"));
  EXPECT_TRUE(fs::exists(root / "b.txt"));
}

TEST_F(PendingDeleteTest, FollowsARename) {
  {
    PendingDelete d;
    d.arm(share.get(), "a.txt", false);
    ASSERT_TRUE(share->rename("a.txt", "c.txt", false));
    d.moved_to("c.txt");
  }
  EXPECT_FALSE(fs::exists(root / "c.txt"));
  EXPECT_TRUE(fs::exists(root / "b.txt"));
}

TEST_F(PendingDeleteTest, AFileGoneMeanwhileIsNoError) {
  {
    PendingDelete d;
    d.arm(share.get(), "a.txt", false);
    fs::remove(root / "a.txt");
  }
  EXPECT_TRUE(fs::exists(root / "b.txt"));
}

}  // namespace
}  // namespace smbkit::server
