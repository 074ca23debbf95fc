// Extended attributes kept as user.* xattrs (extended_attributes.h): names, case, removal,
// smbkit's own xattrs hidden, sizes in stat and listings, and attribute-only (O_PATH) opens.
#include "vfs/extended_attributes.h"

#include <gtest/gtest.h>
#include <sys/xattr.h>

#include <algorithm>
#include <string>

#include "temp_share.h"
#include "vfs/dos_attributes.h"
#include "vfs/posix_vfs.h"

namespace smbkit::vfs {
namespace {

using fscc::FullEa;
using testing::write_file;
namespace fs = std::filesystem;

std::vector<uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

class ExtendedAttributesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(share.root / "a.txt", "content");
    fs::create_directories(share.root / "dir");
    auto v = PosixVfs::open(share.root.string());
    ASSERT_TRUE(v) << status_name(v.error());
    vfs = std::move(*v);
  }

  std::unique_ptr<OpenFile> open(const std::string& path, bool write = true) {
    OpenRequest req;
    req.write = write;
    auto f = vfs->open(path, req);
    EXPECT_TRUE(f) << path << ": " << status_name(f.error());
    return f ? std::move(*f) : nullptr;
  }

  // The xattr as stored on disk, or "<none>".
  std::string on_disk(const std::string& file, const std::string& xattr) {
    char buf[256];
    ssize_t n = ::getxattr((share.root / file).c_str(), xattr.c_str(), buf, sizeof buf);
    return n < 0 ? "<none>" : std::string(buf, static_cast<size_t>(n));
  }

  testing::TempShare share;
  std::unique_ptr<PosixVfs> vfs;
};

TEST(EaNames, WhatAClientMayName) {
  EXPECT_TRUE(valid_ea_name("EAONE"));
  EXPECT_TRUE(valid_ea_name("and 3rd"));
  EXPECT_TRUE(valid_ea_name(std::string(255, 'n')));
  EXPECT_TRUE(valid_ea_name("caf\xE9"));  // OEM bytes above 0x7F
  EXPECT_FALSE(valid_ea_name(""));
  EXPECT_FALSE(valid_ea_name(std::string(256, 'n')));
  for (char c : std::string("\"*+,/:;<=>?[\\]|")) {
    EXPECT_FALSE(valid_ea_name(std::string("TEST") + c)) << c;
  }
  EXPECT_FALSE(valid_ea_name(std::string("A\x1F", 2)));
  EXPECT_FALSE(valid_ea_name("smbkit.dosattrib"));
  EXPECT_FALSE(valid_ea_name("SMBKIT.anything"));
  EXPECT_TRUE(valid_ea_name("smbkitx"));
  EXPECT_TRUE(ea_names_equal("SecondEA", "SECONDea"));
  EXPECT_FALSE(ea_names_equal("a", "ab"));
}

TEST(EaNames, SizesCountTheFeaListLayout) {
  EXPECT_EQ(ea_size({}), 0u);
  const std::vector<FullEa> eas = {{0, "EAONE", bytes("VALUE1")}, {0, "B", bytes("x")}};
  // 4 + (4 + 5 + 1 + 6) + (4 + 1 + 1 + 1)
  EXPECT_EQ(ea_size(eas), 4u + 16 + 7);
}

TEST_F(ExtendedAttributesTest, SetReadReplaceAndRemove) {
  auto f = open("a.txt");
  ASSERT_TRUE(f);
  auto none = f->extended_attributes();
  ASSERT_TRUE(none) << status_name(none.error());
  EXPECT_TRUE(none->empty());

  const std::vector<FullEa> two = {{0, "EAONE", bytes("VALUE1")},
                                   {fscc::kFileNeedEa, "SecondEA", bytes("ValueTwo")}};
  ASSERT_TRUE(f->set_extended_attributes(two));
  EXPECT_EQ(on_disk("a.txt", "user.EAONE"), "VALUE1");
  EXPECT_EQ(on_disk("a.txt", "user.SecondEA"), "ValueTwo");
  auto got = f->extended_attributes();
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ(ea_size(*got), 4u + (4 + 5 + 1 + 6) + (4 + 8 + 1 + 8));
  EXPECT_EQ(f->stat()->ea_size, ea_size(*got));

  // Another spelling replaces the stored one and keeps the new spelling.
  const std::vector<FullEa> respelt = {{0, "SECONDEA", bytes(" Changed Value")}};
  ASSERT_TRUE(f->set_extended_attributes(respelt));
  EXPECT_EQ(on_disk("a.txt", "user.SecondEA"), "<none>");
  EXPECT_EQ(on_disk("a.txt", "user.SECONDEA"), " Changed Value");

  // An empty value removes, in any case; removing what is not there is no error.
  const std::vector<FullEa> removals = {{0, "eaone", {}}, {0, "NULLEA", {}}};
  ASSERT_TRUE(f->set_extended_attributes(removals));
  EXPECT_EQ(on_disk("a.txt", "user.EAONE"), "<none>");
  got = f->extended_attributes();
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].name, "SECONDEA");
}

TEST_F(ExtendedAttributesTest, ABadNameOrFlagChangesNothing) {
  auto f = open("a.txt");
  ASSERT_TRUE(f);
  const std::vector<FullEa> bad = {{0, "EAONE", bytes("VALUE1")},
                                   {0, "SECOND:EA", bytes("ValueTwo")}};
  size_t index = 99;
  EXPECT_EQ(check_eas(bad, &index).error(), NtStatus::InvalidEaName);
  EXPECT_EQ(index, 1u);
  EXPECT_EQ(f->set_extended_attributes(bad).error(), NtStatus::InvalidEaName);
  EXPECT_EQ(on_disk("a.txt", "user.EAONE"), "<none>");
  const std::vector<FullEa> bad_flag = {{0x01, "EAONE", bytes("v")}};
  EXPECT_EQ(f->set_extended_attributes(bad_flag).error(), NtStatus::InvalidEaName);
  const std::vector<FullEa> own = {{0, "smbkit.dosattrib", bytes("0x2")}};
  EXPECT_EQ(f->set_extended_attributes(own).error(), NtStatus::InvalidEaName);
}

TEST_F(ExtendedAttributesTest, SmbkitsAndForeignXattrsAreNotEas) {
  auto f = open("a.txt");
  ASSERT_TRUE(f);
  ASSERT_TRUE(set_dos_attributes(f->fd(), kFileAttributeHidden, false));
  std::string path = (share.root / "a.txt").string();
  ASSERT_EQ(::setxattr(path.c_str(), "user.bad:name", "v", 1, 0), 0);
  ASSERT_EQ(::setxattr(path.c_str(), "user.empty", "", 0, 0), 0);
  ASSERT_EQ(::setxattr(path.c_str(), "user.Unix", "u", 1, 0), 0);
  auto got = f->extended_attributes();
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0], (FullEa{0, "Unix", bytes("u")}));
  EXPECT_EQ(f->stat()->ea_size, 4u + 4 + 4 + 1 + 1);
  // Setting other EAs leaves smbkit's own alone.
  const std::vector<FullEa> set = {{0, "X", bytes("1")}};
  ASSERT_TRUE(f->set_extended_attributes(set));
  EXPECT_EQ(on_disk("a.txt", "user.smbkit.dosattrib"), "0x2");
}

TEST_F(ExtendedAttributesTest, DirectoriesStatListingsAndAttributeOnlyOpens) {
  auto d = open("dir", false);
  ASSERT_TRUE(d);
  const std::vector<FullEa> one = {{0, "DIREA", bytes("dv")}};
  ASSERT_TRUE(d->set_extended_attributes(one)) ;
  EXPECT_EQ(on_disk("dir", "user.DIREA"), "dv");
  const uint32_t size = 4 + 4 + 5 + 1 + 2;
  EXPECT_EQ(vfs->stat("dir")->ea_size, size);
  auto entries = vfs->list("");
  ASSERT_TRUE(entries);
  auto it = std::find_if(entries->begin(), entries->end(),
                         [](const FileInfo& e) { return e.name == "dir"; });
  ASSERT_NE(it, entries->end());
  EXPECT_EQ(it->ea_size, size);
  EXPECT_EQ(vfs->stat("a.txt")->ea_size, 0u);

  // An open for neither reading nor writing holds an O_PATH descriptor: EAs still work.
  auto attrs_only = open("a.txt", false);
  ASSERT_TRUE(attrs_only);
  const std::vector<FullEa> set = {{0, "P", bytes("path")}};
  ASSERT_TRUE(attrs_only->set_extended_attributes(set));
  auto got = attrs_only->extended_attributes();
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].value, bytes("path"));
}

}  // namespace
}  // namespace smbkit::vfs
