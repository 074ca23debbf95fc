// DOS attributes kept in user.smbkit.dosattrib (dos_attributes.h), READONLY kept in the mode,
// file ids and keys, and the admission hook of open (share modes before an overwrite).
#include "vfs/dos_attributes.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include <algorithm>
#include <string>

#include "temp_share.h"
#include "vfs/posix_vfs.h"

namespace smbkit::vfs {
namespace {

using testing::read_file;
using testing::write_file;
namespace fs = std::filesystem;

constexpr uint32_t kH = kFileAttributeHidden;
constexpr uint32_t kS = kFileAttributeSystem;
constexpr uint32_t kA = kFileAttributeArchive;
constexpr uint32_t kR = kFileAttributeReadonly;
constexpr uint32_t kD = kFileAttributeDirectory;

class DosAttributesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(share.root / "a.txt", "content");
    write_file(share.root / ".profile", "dot");
    fs::create_directories(share.root / "dir");
    auto v = PosixVfs::open(share.root.string());
    ASSERT_TRUE(v) << status_name(v.error());
    vfs = std::move(*v);
  }

  std::unique_ptr<OpenFile> open(const std::string& path, bool write = false) {
    OpenRequest req;
    req.write = write;
    auto f = vfs->open(path, req);
    EXPECT_TRUE(f) << path << ": " << status_name(f.error());
    return f ? std::move(*f) : nullptr;
  }

  uint32_t stat_attributes(const std::string& path) {
    auto st = vfs->stat(path);
    EXPECT_TRUE(st) << path;
    return st ? st->attributes : 0;
  }

  uint32_t listed_attributes(const std::string& dir, const std::string& name) {
    return testing::listed_attributes(*vfs, dir, name);
  }

  // The stored value on disk, or "" when there is none.
  std::string stored(const fs::path& p) {
    char buf[64];
    ssize_t n = ::getxattr(p.c_str(), kDosAttributesXattr, buf, sizeof buf);
    return n < 0 ? "" : std::string(buf, static_cast<size_t>(n));
  }

  testing::TempShare share;
  std::unique_ptr<PosixVfs> vfs;
};

TEST_F(DosAttributesTest, DefaultsWithNothingStored) {
  EXPECT_EQ(stat_attributes("a.txt"), kA);
  EXPECT_EQ(stat_attributes(".profile"), kA | kH);
  EXPECT_EQ(stat_attributes("dir"), kD);
  EXPECT_EQ(stored(share.root / "a.txt"), "");
}

TEST_F(DosAttributesTest, SetThroughOneOpenSeenByStatListingsAndOtherOpens) {
  auto f = open("a.txt");  // attributes only: an O_PATH handle
  ASSERT_TRUE(f);
  ASSERT_TRUE(f->set_attributes(kH | kS | kA));
  EXPECT_EQ(stored(share.root / "a.txt"), "0x26");
  EXPECT_EQ(stat_attributes("a.txt"), kH | kS | kA);
  EXPECT_EQ(listed_attributes("", "a.txt"), kH | kS | kA);
  auto again = open("A.TXT", true);
  ASSERT_TRUE(again);
  auto st = again->stat();
  ASSERT_TRUE(st);
  EXPECT_EQ(st->attributes, kH | kS | kA);
}

TEST_F(DosAttributesTest, BackToTheDefaultsRemovesTheStoredValue) {
  auto f = open("a.txt", true);
  ASSERT_TRUE(f->set_attributes(kH | kA));
  EXPECT_EQ(stored(share.root / "a.txt"), "0x22");
  ASSERT_TRUE(f->set_attributes(kA));
  EXPECT_EQ(stored(share.root / "a.txt"), "");
  EXPECT_EQ(stat_attributes("a.txt"), kA);
}

TEST_F(DosAttributesTest, AFileWithoutArchiveReportsNormal) {
  auto f = open("a.txt", true);
  ASSERT_TRUE(f->set_attributes(kFileAttributeNormal));
  EXPECT_EQ(stored(share.root / "a.txt"), "0x0");
  EXPECT_EQ(stat_attributes("a.txt"), kFileAttributeNormal);
}

// "hide dot files" (the default ShareOptions): HIDDEN comes from the name, not from what is
// stored, so clearing it stores nothing and leaves the file hidden, as smbd 4.17 does.
TEST_F(DosAttributesTest, ADotFileStaysHiddenOnAShareThatHidesDotFiles) {
  EXPECT_EQ(stat_attributes(".profile"), kA | kH);
  auto f = open(".profile", true);
  ASSERT_TRUE(f->set_attributes(kA));
  EXPECT_EQ(stored(share.root / ".profile"), "");
  EXPECT_EQ(stat_attributes(".profile"), kA | kH);
  EXPECT_EQ(listed_attributes("", ".profile"), kA | kH);
  EXPECT_EQ(f->stat()->attributes, kA | kH);
  ASSERT_TRUE(f->set_attributes(kH | kS));
  EXPECT_EQ(stored(share.root / ".profile"), "0x6");
  EXPECT_EQ(stat_attributes(".profile"), kH | kS);
}

TEST_F(DosAttributesTest, ReadOnlyIsTheWriteBits) {
  fs::permissions(share.root / "a.txt", fs::perms(0664));
  auto f = open("a.txt");
  ASSERT_TRUE(f->set_attributes(kR | kH | kA));
  struct stat st {};
  ASSERT_EQ(::stat((share.root / "a.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0444u);
  EXPECT_EQ(stat_attributes("a.txt"), kR | kH | kA);
  ASSERT_TRUE(f->set_attributes(kH | kA));
  ASSERT_EQ(::stat((share.root / "a.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);  // the owner's write bit comes back
  EXPECT_EQ(stat_attributes("a.txt"), kH | kA);
}

TEST_F(DosAttributesTest, DirectoriesKeepHiddenAndSystem) {
  auto d = open("dir");
  ASSERT_TRUE(d->set_attributes(kD | kH | kS | kR));
  EXPECT_EQ(stat_attributes("dir"), kD | kH | kS);  // READONLY is not kept on directories
  EXPECT_EQ(listed_attributes("", "dir"), kD | kH | kS);
  auto inside = vfs->list("dir");
  ASSERT_TRUE(inside);
  EXPECT_EQ((*inside)[0].name, ".");
  EXPECT_EQ((*inside)[0].attributes, kD | kH | kS);
}

TEST_F(DosAttributesTest, ValuesSmbkitDidNotWriteAreIgnored) {
  const char junk[] = "\x03\x00\x04\x00";  // e.g. another server's binary layout
  ASSERT_EQ(::setxattr((share.root / "a.txt").c_str(), kDosAttributesXattr, junk, 4, 0), 0);
  EXPECT_EQ(stat_attributes("a.txt"), kA);
  ASSERT_EQ(::setxattr((share.root / "a.txt").c_str(), kDosAttributesXattr, "0x2z", 4, 0), 0);
  EXPECT_EQ(stat_attributes("a.txt"), kA);
}

TEST_F(DosAttributesTest, FileIdIsTheInodeWhateverTheOpen) {
  struct stat st {};
  ASSERT_EQ(::stat((share.root / "a.txt").c_str(), &st), 0);
  auto one = open("a.txt");
  auto two = open("A.txt", true);
  EXPECT_EQ(one->stat()->file_id, st.st_ino);
  EXPECT_EQ(two->stat()->file_id, st.st_ino);
  EXPECT_EQ(vfs->stat("a.txt")->file_id, st.st_ino);
  EXPECT_EQ(listed_attributes("", "a.txt"), kA);
  auto key = vfs->file_key("A.TXT");
  ASSERT_TRUE(key);
  EXPECT_EQ(key->inode, st.st_ino);
  EXPECT_EQ(key->device, st.st_dev);
  EXPECT_EQ(vfs->file_key("missing").error(), NtStatus::ObjectNameNotFound);
}

TEST_F(DosAttributesTest, AdmitRunsBeforeAnOverwriteAndCanRefuseIt) {
  auto key = vfs->file_key("a.txt");
  ASSERT_TRUE(key);
  std::optional<FileKey> seen;
  OpenRequest req;
  req.write = true;
  req.disposition = CreateDisposition::Overwrite;
  req.admit = [&](const FileKey& k) -> Result<void> {
    seen = k;
    return fail(NtStatus::SharingViolation);
  };
  auto refused = vfs->open("a.txt", req);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error(), NtStatus::SharingViolation);
  ASSERT_TRUE(seen);
  EXPECT_EQ(*seen, *key);
  EXPECT_EQ(read_file(share.root / "a.txt"), "content");  // not truncated

  // New files and directories pass through it too.
  int calls = 0;
  req.disposition = CreateDisposition::Create;
  req.admit = [&](const FileKey&) -> Result<void> {
    ++calls;
    return {};
  };
  ASSERT_TRUE(vfs->open("new.txt", req));
  req.write = false;
  req.directory_only = true;
  ASSERT_TRUE(vfs->open("newdir", req));
  req.disposition = CreateDisposition::Open;
  ASSERT_TRUE(vfs->open("newdir", req));
  EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace smbkit::vfs
