#include "auth/user_db.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "auth_test_util.h"

namespace smbkit::auth {
namespace {

using test::hex;
using test::vec;

// nt_hash("Password") from MS-NLMP 4.2.2.1.2, and the LM hash of the same.
const char kSmbpasswd[] =
    "# smbpasswd written by hand\n"
    "\n"
    "alice:1000:E52CAC67419A9A224A3B108F3FA6CB6D:A4F49C406510BDCAB6824EE7C30FD852:"
    "[U          ]:LCT-5F0A1B2C:\n"
    "bob:1001:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:a4f49c406510bdcab6824ee7c30fd852:"
    "[DU         ]:LCT-00000000:\r\n"
    "  # indented comment\n"
    "guest:65534:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:NO PASSWORDXXXXXXXXXXXXXXXXXXXXX:"
    "[NU         ]:LCT-5F0A1B2C:\n"
    "old:1002:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:A4F49C406510BDCAB6824EE7C30FD852\n";

TEST(UserDb, ParsesSmbpasswd) {
  auto db = UserDb::parse_smbpasswd(kSmbpasswd);
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ(db->size(), 4u);

  const Account* alice = db->find("alice");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->name, "alice");
  ASSERT_TRUE(alice->nt_hash);
  EXPECT_EQ(vec(*alice->nt_hash), hex("a4f49c406510bdcab6824ee7c30fd852"));
  EXPECT_FALSE(alice->disabled);
  EXPECT_FALSE(alice->no_password_required);

  const Account* bob = db->find("bob");
  ASSERT_NE(bob, nullptr);
  EXPECT_TRUE(bob->disabled);

  const Account* guest = db->find("guest");
  ASSERT_NE(guest, nullptr);
  EXPECT_FALSE(guest->nt_hash);
  EXPECT_TRUE(guest->no_password_required);

  const Account* old = db->find("old");  // the older format without flags and LCT
  ASSERT_NE(old, nullptr);
  EXPECT_TRUE(old->nt_hash);
}

TEST(UserDb, WritesALineAsSambaDoesThatReadsBack) {
  // nt_hash("Password") from MS-NLMP 4.2.2.1.2.
  NtHash hash = nt_hash("Password");
  std::string line = UserDb::smbpasswd_line("carol", 1003, hash, 0x5F0A1B2C);
  EXPECT_EQ(line,
            "carol:1003:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:A4F49C406510BDCAB6824EE7C30FD852:"
            "[U          ]:LCT-5F0A1B2C:");
  auto db = UserDb::parse_smbpasswd(line + "\n");
  ASSERT_TRUE(db) << db.error();
  const Account* carol = db->find("CAROL");
  ASSERT_NE(carol, nullptr);
  EXPECT_EQ(vec(*carol->nt_hash), hex("a4f49c406510bdcab6824ee7c30fd852"));
  EXPECT_FALSE(carol->disabled);

  EXPECT_EQ(UserDb::smbpasswd_line_name(line), "carol");
  EXPECT_EQ(UserDb::smbpasswd_line_name("  # a comment: with a colon"), std::nullopt);
  EXPECT_EQ(UserDb::smbpasswd_line_name(""), std::nullopt);
  EXPECT_EQ(UserDb::smbpasswd_line_name("no colon"), std::nullopt);
}

TEST(UserDb, LookupIsCaseInsensitive) {
  auto db = UserDb::parse_smbpasswd(kSmbpasswd);
  ASSERT_TRUE(db);
  EXPECT_EQ(db->find("ALICE"), db->find("alice"));
  EXPECT_EQ(db->find("AlIcE")->name, "alice");
  EXPECT_EQ(db->find("carol"), nullptr);
}

TEST(UserDb, AddHashesThePassword) {
  UserDb db;
  db.add("Carol", "Password");
  const Account* carol = db.find("carol");
  ASSERT_NE(carol, nullptr);
  EXPECT_EQ(carol->name, "Carol");
  EXPECT_EQ(vec(*carol->nt_hash), hex("a4f49c406510bdcab6824ee7c30fd852"));
  db.add("CAROL", "other");  // replaces
  EXPECT_EQ(db.size(), 1u);
  EXPECT_EQ(*db.find("carol")->nt_hash, nt_hash("other"));
}

std::string error_of(std::string_view text) {
  auto db = UserDb::parse_smbpasswd(text);
  return db ? std::string("(parsed)") : db.error();
}

TEST(UserDb, MalformedLinesNameTheLine) {
  const std::string good =
      "alice:1000:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:A4F49C406510BDCAB6824EE7C30FD852:[U ]:"
      "LCT-5F0A1B2C:\n";
  EXPECT_EQ(error_of(good + "# ok\nbroken line\n"),
            "smbpasswd line 3: expected name:uid:LM:NT:[flags]:LCT:");
  EXPECT_EQ(error_of(good + "bob:x:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:"
                            "A4F49C406510BDCAB6824EE7C30FD852:[U]:\n"),
            "smbpasswd line 2: uid is not a number");
  EXPECT_EQ(
      error_of("bob:1:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:A4F49C406510BDCAB6824EE7C30FD8:[U]:\n"),
      "smbpasswd line 1: NT hash is not 32 hex digits");
  EXPECT_EQ(
      error_of("bob:1:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:G4F49C406510BDCAB6824EE7C30FD852:[U]:\n"),
      "smbpasswd line 1: NT hash is not 32 hex digits");
  EXPECT_EQ(error_of("bob:1:1234:A4F49C406510BDCAB6824EE7C30FD852:[U]:\n"),
            "smbpasswd line 1: LM hash is not 32 hex digits");
  EXPECT_EQ(
      error_of("bob:1:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:A4F49C406510BDCAB6824EE7C30FD852:U:\n"),
      "smbpasswd line 1: account flags are not in [brackets]");
  EXPECT_EQ(
      error_of("bob:1:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:A4F49C406510BDCAB6824EE7C30FD852:[UQ]:\n"),
      "smbpasswd line 1: unknown account flag in [UQ]");
  EXPECT_EQ(error_of("bob:1:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:A4F49C406510BDCAB6824EE7C30FD852:[U]:"
                     "LCT-12:\n"),
            "smbpasswd line 1: last-change time is not LCT-<8 hex digits>");
  EXPECT_EQ(error_of(":1:XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX:A4F49C406510BDCAB6824EE7C30FD852:\n"),
            "smbpasswd line 1: empty user name");
}

TEST(UserDb, LoadsAFileAndReportsAMissingOne) {
  std::string path = ::testing::TempDir() + "smbkit_user_db_test_smbpasswd";
  {
    std::ofstream out(path);
    out << kSmbpasswd;
  }
  auto db = UserDb::load_smbpasswd(path);
  std::remove(path.c_str());
  ASSERT_TRUE(db) << db.error();
  EXPECT_EQ(db->size(), 4u);
  auto missing = UserDb::load_smbpasswd(path);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find(path), std::string::npos);
}

}  // namespace
}  // namespace smbkit::auth
