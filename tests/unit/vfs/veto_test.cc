// smb.conf(5) "veto files" (veto.h): the pattern matcher, and a PosixVfs share that neither
// lists nor opens, creates, renames onto or links to a vetoed name, with smbd 4.17's statuses.
#include "vfs/veto.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "temp_share.h"
#include "vfs/posix_vfs.h"

namespace smbkit::vfs {
namespace {

using testing::read_file;
using testing::write_file;
namespace fs = std::filesystem;

TEST(VetoPattern, GlobWithStarAndQuestionMark) {
  EXPECT_TRUE(veto_pattern_matches("*.tmp", "a.tmp"));
  EXPECT_TRUE(veto_pattern_matches("*.tmp", ".tmp"));
  EXPECT_TRUE(veto_pattern_matches("*.tmp", "x.tmp.tmp"));
  EXPECT_FALSE(veto_pattern_matches("*.tmp", "a.tmpx"));
  EXPECT_FALSE(veto_pattern_matches("*.tmp", "atmp"));
  EXPECT_TRUE(veto_pattern_matches("secret?", "secret1"));
  EXPECT_FALSE(veto_pattern_matches("secret?", "secret"));
  EXPECT_FALSE(veto_pattern_matches("secret?", "secret12"));
  EXPECT_TRUE(veto_pattern_matches("a*b*c", "aXXbYYc"));
  EXPECT_TRUE(veto_pattern_matches("a*b*c", "abc"));
  EXPECT_FALSE(veto_pattern_matches("a*b*c", "aXXbYY"));
  EXPECT_TRUE(veto_pattern_matches("*", "anything"));
  EXPECT_TRUE(veto_pattern_matches("**x", "x"));
  EXPECT_TRUE(veto_pattern_matches(".git", ".git"));
  EXPECT_FALSE(veto_pattern_matches(".git", ".gitignore"));
}

TEST(VetoPattern, CaseInsensitiveAndLiteralOtherwise) {
  EXPECT_TRUE(veto_pattern_matches("*.TMP", "a.tmp"));
  EXPECT_TRUE(veto_pattern_matches(".ds_store", ".DS_Store"));
  EXPECT_TRUE(veto_pattern_matches("?", "é"));  // one character, two UTF-8 bytes
  // Not Windows wildcards: "*.*" needs a dot (smbd lists README under veto files = /*.*/).
  EXPECT_FALSE(veto_pattern_matches("*.*", "README"));
  EXPECT_TRUE(veto_pattern_matches("*.*", "a.b"));
  EXPECT_FALSE(veto_pattern_matches("a<b", "ab"));
}

TEST(VetoList, ChecksEveryComponent) {
  VetoList veto({"*.tmp", "", ".git"});
  EXPECT_FALSE(veto.empty());
  EXPECT_TRUE(veto.vetoes("X.TMP"));
  EXPECT_FALSE(veto.vetoes("x.txt"));
  auto path = [](std::vector<std::string> c) { return SharePath{std::move(c)}; };
  EXPECT_TRUE(veto.check(path({})));
  EXPECT_TRUE(veto.check(path({"dir", "x.txt"})));
  EXPECT_EQ(veto.check(path({"dir", "x.tmp"})).error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(veto.check(path({".git", "config"})).error(), NtStatus::ObjectPathNotFound);
  EXPECT_EQ(veto.check(path({"a", ".GIT", "b", "c"})).error(), NtStatus::ObjectPathNotFound);
  EXPECT_TRUE(VetoList(std::vector<std::string>{}).empty());
  EXPECT_TRUE(VetoList({""}).empty());
}

class VetoShareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(share.root / "keep.txt", "keep");
    write_file(share.root / "a.tmp", "vetoed");
    write_file(share.root / "B.TMP", "vetoed");
    fs::create_directories(share.root / ".git");
    write_file(share.root / ".git" / "config", "vetoed dir");
    fs::create_directories(share.root / "only");
    write_file(share.root / "only" / "c.tmp", "vetoed");
    fs::create_directories(share.root / "empty");
    ShareOptions options;
    options.veto_files = {"*.tmp", ".git"};
    auto v = PosixVfs::open(share.root.string(), nullptr, options);
    ASSERT_TRUE(v) << status_name(v.error());
    vfs = std::move(*v);
  }

  std::vector<std::string> names(const std::string& dir) {
    std::vector<std::string> out;
    auto entries = vfs->list(dir);
    EXPECT_TRUE(entries) << dir;
    if (entries)
      for (const auto& e : *entries) out.push_back(e.name);
    std::sort(out.begin(), out.end());
    return out;
  }

  NtStatus open_status(const std::string& name, CreateDisposition d, bool directory = false) {
    OpenRequest req;
    req.read = !directory;
    req.disposition = d;
    req.directory_only = directory;
    auto f = vfs->open(name, req);
    return f ? NtStatus::Success : f.error();
  }

  testing::TempShare share;
  std::unique_ptr<PosixVfs> vfs;
};

TEST_F(VetoShareTest, ListingsLeaveVetoedNamesOut) {
  EXPECT_EQ(names(""), (std::vector<std::string>{".", "..", "empty", "keep.txt", "only"}));
  EXPECT_EQ(names("only"), (std::vector<std::string>{".", ".."}));
  EXPECT_EQ(vfs->list(".git").error(), NtStatus::ObjectNameNotFound);
}

TEST_F(VetoShareTest, VetoedNamesCannotBeOpenedOrStatted) {
  EXPECT_EQ(open_status("a.tmp", CreateDisposition::Open), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(open_status("b.tmp", CreateDisposition::Open), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(open_status(".git\\config", CreateDisposition::Open), NtStatus::ObjectPathNotFound);
  EXPECT_EQ(open_status(".git", CreateDisposition::Open, true), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(vfs->stat("a.tmp").error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(vfs->stat(".GIT\\config").error(), NtStatus::ObjectPathNotFound);
  EXPECT_EQ(vfs->file_key("only\\c.tmp").error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(open_status("keep.txt", CreateDisposition::Open), NtStatus::Success);
}

TEST_F(VetoShareTest, VetoedNamesCannotBeMade) {
  EXPECT_EQ(open_status("new.tmp", CreateDisposition::Create), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(open_status("a.tmp", CreateDisposition::OverwriteIf), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(open_status("d.tmp", CreateDisposition::Create, true), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(vfs->mkdir("e.tmp").error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(vfs->mkdir(".git\\sub").error(), NtStatus::ObjectPathNotFound);
  EXPECT_EQ(vfs->rename("keep.txt", "k.tmp", true).error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(vfs->rename("a.tmp", "a.txt", false).error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(vfs->link("keep.txt", "l.tmp").error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(vfs->unlink("a.tmp").error(), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(vfs->rmdir(".git").error(), NtStatus::ObjectNameNotFound);
  EXPECT_FALSE(fs::exists(share.root / "new.tmp"));
  EXPECT_FALSE(fs::exists(share.root / "d.tmp"));
  EXPECT_FALSE(fs::exists(share.root / "k.tmp"));
  EXPECT_FALSE(fs::exists(share.root / "l.tmp"));
  EXPECT_EQ(read_file(share.root / "a.tmp"), "vetoed");
  EXPECT_EQ(read_file(share.root / "keep.txt"), "keep");
}

// "delete veto files = no" (smb.conf's default): vetoed entries keep a directory from being
// deleted.
TEST_F(VetoShareTest, VetoedEntriesCountForEmptiness) {
  EXPECT_EQ(vfs->is_empty_directory("only"), false);
  EXPECT_EQ(vfs->is_empty_directory("empty"), true);
  EXPECT_EQ(vfs->is_empty_directory("keep.txt").error(), NtStatus::NotADirectory);
  EXPECT_EQ(vfs->rmdir("only").error(), NtStatus::DirectoryNotEmpty);
  EXPECT_TRUE(vfs->rmdir("empty"));
}

}  // namespace
}  // namespace smbkit::vfs
