// Names at and past the length limits: MS-FSCC 2.1.5.2 allows 255 UTF-16 units a component,
// while Linux allows 255 bytes a component (NAME_MAX) and 4096 bytes a path (PATH_MAX).
#include <gtest/gtest.h>

#include <string>

#include "temp_share.h"
#include "vfs/posix_vfs.h"

namespace smbkit::vfs {
namespace {

using testing::snapshot;

class LongNames : public ::testing::Test {
 protected:
  void SetUp() override {
    auto v = PosixVfs::open(share.root.string());
    ASSERT_TRUE(v) << status_name(v.error());
    vfs = std::move(*v);
    before = snapshot(share.outside);
  }
  void TearDown() override { EXPECT_EQ(snapshot(share.outside), before); }

  NtStatus open_status(const std::string& path, CreateDisposition d) {
    OpenRequest req;
    req.read = true;
    req.disposition = d;
    auto f = vfs->open(path, req);
    return f ? NtStatus::Success : f.error();
  }

  testing::TempShare share;
  std::unique_ptr<PosixVfs> vfs;
  std::map<std::string, std::string> before;
};

// 32,700 UTF-16 units, about what one NT_CREATE_ANDX can carry: far past PATH_MAX.
std::string huge_path(const std::string& first) {
  std::string out = first;
  while (out.size() < 32700) out += "\\d";
  return out;
}

TEST_F(LongNames, APathPastPathMaxIsNotFoundWhereItsFirstDirectoryIsMissing) {
  std::string path = huge_path("nosuchdir");
  EXPECT_EQ(vfs->stat(path).error(), NtStatus::ObjectPathNotFound);
  EXPECT_EQ(open_status(path, CreateDisposition::Open), NtStatus::ObjectPathNotFound);
  EXPECT_EQ(open_status(path, CreateDisposition::OpenIf), NtStatus::ObjectPathNotFound);
  EXPECT_EQ(vfs->list(path).error(), NtStatus::ObjectPathNotFound);
}

TEST_F(LongNames, APathPastPathMaxIsWalkedToItsFirstMissingDirectory) {
  testing::fs::create_directories(share.root / "d" / "d" / "d");
  std::string path = huge_path("d");  // d\d\d exist, d\d\d\d does not
  EXPECT_EQ(vfs->stat(path).error(), NtStatus::ObjectPathNotFound);
  EXPECT_EQ(open_status(path, CreateDisposition::OpenIf), NtStatus::ObjectPathNotFound);
}

TEST_F(LongNames, AComponentOf255UnitsButMoreThan255BytesCannotExist) {
  std::string name;
  for (int i = 0; i < 128; ++i) name += "\xC3\xA9";  // U+00E9: 128 units, 256 bytes of UTF-8
  EXPECT_EQ(vfs->stat(name).error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(open_status(name, CreateDisposition::Open), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(vfs->stat(name + "\\x").error(), NtStatus::ObjectPathNotFound);
  // Windows would create it; this file system cannot hold the name.
  EXPECT_EQ(open_status(name, CreateDisposition::Create), NtStatus::ObjectNameInvalid);
  EXPECT_TRUE(testing::fs::is_empty(share.root));
}

TEST_F(LongNames, AComponentOver255UnitsIsInvalid) {
  EXPECT_EQ(vfs->stat(std::string(255, 'a')).error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(vfs->stat(std::string(256, 'a')).error(), NtStatus::ObjectNameInvalid);
  EXPECT_EQ(open_status(std::string(256, 'a'), CreateDisposition::Create),
            NtStatus::ObjectNameInvalid);
}

}  // namespace
}  // namespace smbkit::vfs
