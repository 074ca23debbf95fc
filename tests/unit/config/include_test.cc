// include = FILE (smb.conf(5) "include"): read in place, relative to the including file's
// directory; a file that does not exist is skipped, as Samba does; loops and depth are errors.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "config/smb_conf.h"
#include "config_test_util.h"

namespace smbkit::config {
namespace {

using test::memory_reader;

TEST(Include, ReadsInPlaceRelativeToTheIncludingFile) {
  auto reader = memory_reader({
      {"/etc/samba/smb.conf",
       "[global]\nworkgroup = MAIN\ninclude = shares.conf\n[tail]\npath = /tail\n"},
      {"/etc/samba/shares.conf", "[data]\npath = /data\ninclude = conf.d/more.conf\n"},
      {"/etc/samba/conf.d/more.conf", "comment = from more\n[other]\npath = /other\n"},
  });
  auto c = load_smb_conf("/etc/samba/smb.conf", reader);
  ASSERT_TRUE(c) << c.error();
  ASSERT_EQ(c->shares.size(), 3u);
  EXPECT_EQ(c->shares[0].name, "data");
  EXPECT_EQ(c->shares[0].comment, "from more");  // the include went on in [data]
  EXPECT_EQ(c->shares[0].origins.at("comment").where.str(), "/etc/samba/conf.d/more.conf:1");
  EXPECT_EQ(c->shares[1].name, "other");
  EXPECT_EQ(c->shares[2].name, "tail");
  EXPECT_EQ(c->global.workgroup, "MAIN");
}

TEST(Include, IncludedGlobalSectionAndParameters) {
  auto reader = memory_reader({{"base.conf", "[global]\nworkgroup = BASE\n"},
                               {"smb.conf", "include = base.conf\n[a]\npath = /a\n"}});
  auto c = parse_smb_conf("include = base.conf\n[a]\npath = /a\n", "smb.conf", reader);
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->global.workgroup, "BASE");
  EXPECT_EQ(c->global.origins.at("workgroup").str(), "base.conf:2");
}

TEST(Include, ErrorsInsideAnIncludedFileNameItsLines) {
  auto reader = memory_reader({
      {"/etc/samba/smb.conf", "[global]\n\ninclude = inc.conf\n"},
      {"/etc/samba/inc.conf", "[a]\ncomment = x \\\n  y\n\nread only = nah\n"},
  });
  auto c = load_smb_conf("/etc/samba/smb.conf", reader);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(),
            "/etc/samba/inc.conf:5: bad value for \"read only\": \"nah\" is not a boolean "
            "(yes, no, true, false, 1, 0, on, off)");
}

TEST(Include, WarningsInsideAnIncludedFileNameItsLines) {
  auto reader =
      memory_reader({{"/s/smb.conf", "include = a.conf\nfoo = 1\n"}, {"/s/a.conf", "\nbar = 2\n"}});
  auto c = load_smb_conf("/s/smb.conf", reader);
  ASSERT_TRUE(c) << c.error();
  ASSERT_EQ(c->warnings.size(), 2u);
  EXPECT_EQ(c->warnings[0], "/s/a.conf:2: unknown parameter \"bar\", ignored");
  EXPECT_EQ(c->warnings[1], "/s/smb.conf:2: unknown parameter \"foo\", ignored");
}

TEST(Include, MissingFileIsSkippedWithAWarning) {
  auto reader = memory_reader({{"/s/smb.conf", "include = /nowhere.conf\nworkgroup = W\n"}});
  auto c = load_smb_conf("/s/smb.conf", reader);
  ASSERT_TRUE(c) << c.error();
  ASSERT_EQ(c->warnings.size(), 1u);
  EXPECT_EQ(c->warnings[0], "/s/smb.conf:1: include file \"/nowhere.conf\" not found, skipped");
  EXPECT_EQ(c->global.workgroup, "W");
}

TEST(Include, SubstitutionsAreNotExpandedAtLoad) {
  auto c = parse_smb_conf("include = /etc/samba/%m.conf\n", "smb.conf");
  ASSERT_TRUE(c) << c.error();
  ASSERT_EQ(c->warnings.size(), 1u);
  EXPECT_EQ(c->warnings[0],
            "smb.conf:1: include \"/etc/samba/%m.conf\" uses %-substitutions, which are not "
            "expanded; skipped");
}

TEST(Include, EmptyIncludeIsAnError) {
  auto c = parse_smb_conf("\ninclude =\n", "smb.conf");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), "smb.conf:2: include names no file");
}

TEST(Include, SelfIncludeIsALoop) {
  auto reader = memory_reader({{"/s/smb.conf", "[global]\ninclude = smb.conf\n"}});
  auto c = load_smb_conf("/s/smb.conf", reader);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), "/s/smb.conf:2: include loop: \"/s/smb.conf\" is already being read");
}

TEST(Include, IndirectLoopIsNamedWhereItCloses) {
  auto reader = memory_reader({{"/s/smb.conf", "include = a.conf\n"},
                               {"/s/a.conf", "workgroup = A\ninclude = sub/b.conf\n"},
                               {"/s/sub/b.conf", "\n\ninclude = ../a.conf\n"}});
  auto c = load_smb_conf("/s/smb.conf", reader);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), "/s/sub/b.conf:3: include loop: \"/s/a.conf\" is already being read");
}

TEST(Include, SameFileTwiceIsNoLoop) {
  auto reader = memory_reader({{"/s/smb.conf", "include = c.conf\n[a]\ninclude = c.conf\n"},
                               {"/s/c.conf", "comment = shared\n"}});
  auto c = load_smb_conf("/s/smb.conf", reader);
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->global.defaults.comment, "shared");
  EXPECT_EQ(c->shares[0].comment, "shared");
}

TEST(Include, DepthIsLimited) {
  // d0 includes d1 includes ... every file a new name: the depth limit stops it.
  std::map<std::string, std::string> files;
  for (int i = 0; i < 40; ++i)
    files["/d/" + std::to_string(i)] = "include = " + std::to_string(i + 1) + "\n";
  auto c = load_smb_conf("/d/0", memory_reader(files));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), "/d/" + std::to_string(kMaxIncludeDepth) + ":1: include \"/d/" +
                           std::to_string(kMaxIncludeDepth + 1) +
                           "\": includes nested deeper than " + std::to_string(kMaxIncludeDepth));
  files["/d/" + std::to_string(kMaxIncludeDepth)] = "workgroup = DEEP\n";
  c = load_smb_conf("/d/0", memory_reader(files));
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->global.workgroup, "DEEP");
}

TEST(Include, TotalNumberOfIncludesIsLimited) {
  // Each level includes the next twice: no loop, no depth problem, but 2^16 reads.
  std::map<std::string, std::string> files;
  for (int i = 0; i < 16; ++i) {
    std::string next = std::to_string(i + 1);
    files["/w/" + std::to_string(i)] = "include = " + next + "\ninclude = " + next + "\n";
  }
  auto c = load_smb_conf("/w/0", memory_reader(files));
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().find("more than 256 included files"), std::string::npos) << c.error();
}

TEST(Include, ReaderErrorsAreParseErrors) {
  FileReader broken =
      [](const std::string& path) -> tl::expected<std::optional<SourceText>, std::string> {
    if (path == "top") return SourceText{"\ninclude = x\n", "top"};
    return tl::unexpected(std::string("permission denied"));
  };
  auto c = load_smb_conf("top", broken);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), "top:2: include \"x\": permission denied");
  EXPECT_EQ(load_smb_conf("missing", test::memory_reader({})).error(), "missing: no such file");
}

// The same through the filesystem: relative to the includer, loops by canonical path.
class IncludeOnDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/smbkit-config-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::filesystem::create_directories(dir_ / "conf.d");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  std::filesystem::path dir_;
};

TEST_F(IncludeOnDisk, RelativeIncludeAndLoopThroughASymlink) {
  write("smb.conf", "[global]\ninclude = conf.d/shares.conf\n");
  write("conf.d/shares.conf", "[data]\npath = /srv/data\n");
  auto c = load_smb_conf((dir_ / "smb.conf").string());
  ASSERT_TRUE(c) << c.error();
  ASSERT_EQ(c->shares.size(), 1u);
  EXPECT_EQ(c->shares[0].origins.at("path").where.str(),
            (dir_ / "conf.d/shares.conf").string() + ":2");

  std::filesystem::create_symlink(dir_ / "smb.conf", dir_ / "conf.d/link.conf");
  write("conf.d/shares.conf", "[data]\ninclude = link.conf\n");
  c = load_smb_conf((dir_ / "smb.conf").string());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), (dir_ / "conf.d/shares.conf").string() + ":2: include loop: \"" +
                           (dir_ / "conf.d/link.conf").string() + "\" is already being read");
}

TEST_F(IncludeOnDisk, MissingTopFileAndDirectoryInclude) {
  EXPECT_EQ(load_smb_conf((dir_ / "none.conf").string()).error(),
            (dir_ / "none.conf").string() + ": no such file");
  write("smb.conf", "include = conf.d\n");
  auto c = load_smb_conf((dir_ / "smb.conf").string());
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), (dir_ / "smb.conf").string() + ":1: include \"" +
                           (dir_ / "conf.d").string() + "\": not a regular file");
}

}  // namespace
}  // namespace smbkit::config
