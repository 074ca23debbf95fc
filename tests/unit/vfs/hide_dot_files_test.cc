// smb.conf(5) "hide dot files" on a PosixVfs share: names starting with '.' report
// FILE_ATTRIBUTE_HIDDEN (MS-FSCC 2.6) in stat, listings and open files when the share says so,
// and only what is stored otherwise; "." and ".." never do.
#include <gtest/gtest.h>

#include <string>

#include "temp_share.h"
#include "vfs/dos_attributes.h"
#include "vfs/posix_vfs.h"

namespace smbkit::vfs {
namespace {

using testing::write_file;
namespace fs = std::filesystem;

constexpr uint32_t kH = kFileAttributeHidden;
constexpr uint32_t kA = kFileAttributeArchive;
constexpr uint32_t kD = kFileAttributeDirectory;
constexpr uint32_t kN = kFileAttributeNormal;

class HideDotFilesTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    write_file(share.root / ".env", "dot");
    write_file(share.root / "plain.txt", "plain");
    fs::create_directories(share.root / ".cache" / "inner");
    ShareOptions options;
    options.hide_dot_files = GetParam();
    auto v = PosixVfs::open(share.root.string(), nullptr, options);
    ASSERT_TRUE(v) << status_name(v.error());
    vfs = std::move(*v);
  }

  uint32_t hidden() const { return GetParam() ? kH : 0; }

  uint32_t listed(const std::string& dir, const std::string& name) {
    return testing::listed_attributes(*vfs, dir, name);
  }

  testing::TempShare share;
  std::unique_ptr<PosixVfs> vfs;
};

TEST_P(HideDotFilesTest, DotFilesAndDirectories) {
  EXPECT_EQ(vfs->stat(".env")->attributes, kA | hidden());
  EXPECT_EQ(listed("", ".env"), kA | hidden());
  EXPECT_EQ(vfs->stat(".cache")->attributes, kD | hidden());
  EXPECT_EQ(listed("", ".cache"), kD | hidden());
  EXPECT_EQ(vfs->stat("plain.txt")->attributes, kA);
  EXPECT_EQ(listed("", "plain.txt"), kA);
  OpenRequest req;
  auto f = vfs->open(".ENV", req);  // found case-insensitively; the name on disk decides
  ASSERT_TRUE(f);
  EXPECT_EQ((*f)->stat()->attributes, kA | hidden());
}

TEST_P(HideDotFilesTest, DotAndDotDotAreNotHidden) {
  auto entries = vfs->list(".cache");
  ASSERT_TRUE(entries);
  ASSERT_GE(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].name, ".");
  EXPECT_EQ((*entries)[0].attributes, kD);  // the directory itself, listed under "."
  EXPECT_EQ((*entries)[1].name, "..");
  EXPECT_EQ((*entries)[1].attributes, kD);
  EXPECT_EQ(listed(".cache", "inner"), kD);
}

TEST_P(HideDotFilesTest, StoredAttributesStillCount) {
  OpenRequest req;
  req.write = true;
  auto f = vfs->open(".env", req);
  ASSERT_TRUE(f);
  // NORMAL stands alone (MS-FSCC 2.6): with HIDDEN from the name it goes.
  ASSERT_TRUE((*f)->set_attributes(kN));
  EXPECT_EQ(vfs->stat(".env")->attributes, GetParam() ? kH : kN);
  ASSERT_TRUE((*f)->set_attributes(kH | kA));
  EXPECT_EQ(vfs->stat(".env")->attributes, kH | kA);
  EXPECT_EQ(listed("", ".env"), kH | kA);
}

INSTANTIATE_TEST_SUITE_P(HideOrNot, HideDotFilesTest, ::testing::Bool(),
                         [](const auto& info) { return info.param ? "Hide" : "Show"; });

}  // namespace
}  // namespace smbkit::vfs
