#include "vfs/path.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace smbkit::vfs {
namespace {

struct PathCase {
  std::string smb;
  Wildcards wildcards;
  NtStatus status;    // Success when the path is accepted
  std::string posix;  // the expected result when accepted
};

std::string printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

const Wildcards kNo = Wildcards::Reject;
const Wildcards kYes = Wildcards::AllowInLast;
const NtStatus kOk = NtStatus::Success;
const NtStatus kInvalid = NtStatus::ObjectNameInvalid;
const NtStatus kSyntaxBad = NtStatus::ObjectPathSyntaxBad;

TEST(ParseSmbPath, Table) {
  const std::string name255(255, 'n');
  const std::string name256(256, 'n');
  // U+1F600 is one code point but two UTF-16 code units; U+00E9 is one unit in two UTF-8 bytes.
  const std::string emoji = "\xF0\x9F\x98\x80";
  const std::string e_acute = "\xC3\xA9";
  std::string emoji127;
  for (int i = 0; i < 127; ++i) emoji127 += emoji;
  std::string e_acute255;
  for (int i = 0; i < 255; ++i) e_acute255 += e_acute;

  const PathCase cases[] = {
      // The root, however it is written.
      {"", kNo, kOk, "."},
      {"\\", kNo, kOk, "."},
      {"\\\\", kNo, kOk, "."},
      {".", kNo, kOk, "."},
      {"\\.\\.", kNo, kOk, "."},
      // Ordinary names; the leading separator is optional; repeated and trailing ones ignored.
      {"file.txt", kNo, kOk, "file.txt"},
      {"\\dir\\file.txt", kNo, kOk, "dir/file.txt"},
      {"dir\\\\file.txt", kNo, kOk, "dir/file.txt"},
      {"dir\\sub\\", kNo, kOk, "dir/sub"},
      {"dir\\.\\file", kNo, kOk, "dir/file"},
      {"a b.c d", kNo, kOk, "a b.c d"},
      {"...", kNo, kOk, "..."},
      {".hidden", kNo, kOk, ".hidden"},
      {"caf" + e_acute, kNo, kOk, "caf" + e_acute},
      // '..' inside the share is resolved lexically; above the root it is refused.
      {"dir\\..\\file", kNo, kOk, "file"},
      {"a\\b\\..\\..\\c", kNo, kOk, "c"},
      {"dir\\..", kNo, kOk, "."},
      {"..", kNo, kSyntaxBad, ""},
      {"\\..", kNo, kSyntaxBad, ""},
      {"\\..\\..\\etc\\passwd", kNo, kSyntaxBad, ""},
      {"dir\\..\\..", kNo, kSyntaxBad, ""},
      {"dir\\..\\..\\dir", kNo, kSyntaxBad, ""},
      {"a\\.\\..\\..\\b", kNo, kSyntaxBad, ""},
      // Forward slashes are not separators in SMB names: they are illegal characters, so
      // "/etc/passwd" and "../x" written the POSIX way never reach the file system.
      {"/etc/passwd", kNo, kInvalid, ""},
      {"dir/../../x", kNo, kInvalid, ""},
      {"../x", kNo, kInvalid, ""},
      // Drive letters, UNC-looking and stream names all hold ':'.
      {"C:\\Windows", kNo, kInvalid, ""},
      {"\\C:\\x", kNo, kInvalid, ""},
      {"file.txt:stream", kNo, kInvalid, ""},
      {"file.txt::$DATA", kNo, kInvalid, ""},
      {"dir:x\\file", kNo, kInvalid, ""},
      // Control characters, NUL included.
      {std::string("a\0b", 3), kNo, kInvalid, ""},
      {std::string("dir\\\0", 5), kNo, kInvalid, ""},
      {"a\x01", kNo, kInvalid, ""},
      {"tab\there", kNo, kInvalid, ""},
      {"a\x1F", kNo, kInvalid, ""},
      {"pipe|name", kNo, kInvalid, ""},
      // Wildcards: refused unless a pattern is allowed, and then only in the last component.
      {"*", kNo, kInvalid, ""},
      {"a?b", kNo, kInvalid, ""},
      {"a<b", kNo, kInvalid, ""},
      {"a>b", kNo, kInvalid, ""},
      {"a\"b", kNo, kInvalid, ""},
      {"dir\\*", kYes, kOk, "dir/*"},
      {"dir\\*.t?t", kYes, kOk, "dir/*.t?t"},
      {"dir\\<\"*>", kYes, kOk, "dir/<\"*>"},
      {"*\\file", kYes, kInvalid, ""},
      {"dir\\*\\..", kYes, kInvalid, ""},
      {"dir\\a|b", kYes, kInvalid, ""},
      {"dir\\a:*", kYes, kInvalid, ""},
      // Component length counts UTF-16 code units.
      {name255, kNo, kOk, name255},
      {name256, kNo, kInvalid, ""},
      {"dir\\" + name256 + "\\..", kNo, kInvalid, ""},
      {e_acute255, kNo, kOk, e_acute255},
      {emoji127 + "n", kNo, kOk, emoji127 + "n"},
      {emoji127 + "nn", kNo, kInvalid, ""},
      // Ill-formed UTF-8: bare continuation byte, overlong '/', an encoded surrogate, a cut
      // sequence, a code point past U+10FFFF.
      {"a\x80", kNo, kInvalid, ""},
      {"a\xC0\xAF", kNo, kInvalid, ""},
      {"a\xED\xA0\x80", kNo, kInvalid, ""},
      {"a\xE2\x82", kNo, kInvalid, ""},
      {"a\xF4\x90\x80\x80", kNo, kInvalid, ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("path \"" + printable(c.smb) + "\"");
    auto r = parse_smb_path(c.smb, c.wildcards);
    if (c.status == kOk) {
      ASSERT_TRUE(r.has_value()) << status_name(r.error());
      EXPECT_EQ(r->posix(), c.posix);
    } else {
      ASSERT_FALSE(r.has_value()) << "accepted as " << r->posix();
      EXPECT_EQ(r.error(), c.status) << status_name(r.error());
    }
  }
}

TEST(ParseSmbPath, ComponentsParentAndLeaf) {
  auto p = parse_smb_path("\\a\\b\\c.txt");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->components, (std::vector<std::string>{"a", "b", "c.txt"}));
  EXPECT_EQ(p->parent_posix(), "a/b");
  EXPECT_EQ(p->leaf(), "c.txt");
  EXPECT_FALSE(p->is_root());

  auto top = parse_smb_path("c.txt");
  ASSERT_TRUE(top);
  EXPECT_EQ(top->parent_posix(), ".");

  auto root = parse_smb_path("\\");
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->is_root());
  EXPECT_EQ(root->leaf(), "");
  EXPECT_EQ(root->parent_posix(), ".");
}

TEST(CheckNameComponent, RulesOfOneName) {
  EXPECT_TRUE(check_name_component("ok.txt", false));
  EXPECT_EQ(check_name_component("", false).error(), kInvalid);
  EXPECT_EQ(check_name_component("a\\b", true).error(), kInvalid);
  EXPECT_EQ(check_name_component("a/b", true).error(), kInvalid);
  EXPECT_EQ(check_name_component("*", false).error(), kInvalid);
  EXPECT_TRUE(check_name_component("*", true));
  EXPECT_EQ(check_name_component("a:b", true).error(), kInvalid);
}

}  // namespace
}  // namespace smbkit::vfs
