// OpenFile::set_attributes (READONLY kept in the mode's write bits) and Vfs::link (hard links
// made beneath the share, never through a symlink).
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "temp_share.h"
#include "vfs/posix_vfs.h"

namespace smbkit::vfs {
namespace {

using testing::read_file;
using testing::write_file;
namespace fs = std::filesystem;

class AttributesLinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(share.root / "file.txt", "content\n");
    fs::permissions(share.root / "file.txt", fs::perms(0644));
    fs::create_directories(share.root / "dir");
    auto opened = PosixVfs::open(share.root.string());
    ASSERT_TRUE(opened);
    vfs = std::move(*opened);
  }

  mode_t mode_of(const std::string& name) {
    struct stat st {};
    EXPECT_EQ(::lstat((share.root / name).c_str(), &st), 0);
    return st.st_mode & 07777;
  }

  std::unique_ptr<OpenFile> open_attributes_only(const std::string& name) {
    auto f = vfs->open(name, OpenRequest{});
    EXPECT_TRUE(f) << status_name(f.error());
    return f ? std::move(*f) : nullptr;
  }

  testing::TempShare share;
  std::unique_ptr<PosixVfs> vfs;
};

TEST_F(AttributesLinkTest, ReadonlyTakesEveryWriteBitAndGivesTheOwnersBack) {
  // Through an attributes-only open, whose descriptor is O_PATH.
  auto f = open_attributes_only("file.txt");
  ASSERT_TRUE(f);
  ASSERT_TRUE(f->set_attributes(kFileAttributeReadonly | kFileAttributeArchive));
  EXPECT_EQ(mode_of("file.txt"), 0444u);
  EXPECT_TRUE(vfs->stat("file.txt")->attributes & kFileAttributeReadonly);
  ASSERT_TRUE(f->set_attributes(kFileAttributeArchive));
  EXPECT_EQ(mode_of("file.txt"), 0644u);
  EXPECT_FALSE(vfs->stat("file.txt")->attributes & kFileAttributeReadonly);
}

TEST_F(AttributesLinkTest, ReadonlyThroughADataOpen) {
  OpenRequest rw;
  rw.read = rw.write = true;
  auto f = vfs->open("file.txt", rw);
  ASSERT_TRUE(f);
  ASSERT_TRUE((*f)->set_attributes(kFileAttributeReadonly));
  EXPECT_EQ(mode_of("file.txt"), 0444u);
}

TEST_F(AttributesLinkTest, DirectoriesKeepTheirMode) {
  fs::permissions(share.root / "dir", fs::perms(0755));
  auto d = open_attributes_only("dir");
  ASSERT_TRUE(d);
  ASSERT_TRUE(d->set_attributes(kFileAttributeReadonly | kFileAttributeDirectory));
  EXPECT_EQ(mode_of("dir"), 0755u);
}

TEST_F(AttributesLinkTest, LinkMakesASecondNameForTheFile) {
  ASSERT_TRUE(vfs->link("file.txt", "dir\\LINK.txt"));
  struct stat a {}, b {};
  ASSERT_EQ(::stat((share.root / "file.txt").c_str(), &a), 0);
  ASSERT_EQ(::stat((share.root / "dir" / "LINK.txt").c_str(), &b), 0);
  EXPECT_EQ(a.st_ino, b.st_ino);
  EXPECT_EQ(a.st_nlink, 2u);
}

TEST_F(AttributesLinkTest, LinkErrors) {
  EXPECT_EQ(vfs->link("nosuch.txt", "x").error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(vfs->link("file.txt", "FILE.TXT").error(), NtStatus::ObjectNameCollision);
  EXPECT_EQ(vfs->link("dir", "dir2").error(), NtStatus::FileIsADirectory);
  EXPECT_EQ(vfs->link("file.txt", "nodir\\x").error(), NtStatus::ObjectPathNotFound);
  EXPECT_EQ(vfs->link("file.txt", "..\\escape").error(), NtStatus::ObjectPathSyntaxBad);
  EXPECT_FALSE(fs::exists(share.base / "escape"));
}

TEST_F(AttributesLinkTest, LinkOfASymlinkLinksTheSymlinkItself) {
  fs::create_symlink("file.txt", share.root / "sym");
  ASSERT_TRUE(vfs->link("sym", "sym2"));
  EXPECT_TRUE(fs::is_symlink(share.root / "sym2"));
  EXPECT_EQ(read_file(share.root / "sym2"), "content\n");
}

}  // namespace
}  // namespace smbkit::vfs
