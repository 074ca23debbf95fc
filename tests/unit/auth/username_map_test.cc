#include "auth/username_map.h"

#include <gtest/gtest.h>

namespace smbkit::auth {
namespace {

// "system" has the members mary and fred; nobody else is in a group.
bool fake_groups(const std::string& user, const std::string& group) {
  return group == "system" && (user == "mary" || user == "fred");
}

std::string map(std::string_view text, std::string_view name) {
  return UsernameMap::parse(text, nullptr).map(name, fake_groups);
}

// --- smb.conf(5)'s examples ---

TEST(UsernameMap, MapsListedNamesToTheUnixName) {
  const char* text = "root = admin administrator\n";
  EXPECT_EQ(map(text, "admin"), "root");
  EXPECT_EQ(map(text, "administrator"), "root");
  EXPECT_EQ(map(text, "adm"), "adm");
  EXPECT_EQ(map(text, "root"), "root");
}

TEST(UsernameMap, MapsTheMembersOfAUnixGroup) {
  EXPECT_EQ(map("sys = @system\n", "mary"), "sys");
  EXPECT_EQ(map("sys = +system\n", "fred"), "sys");
  EXPECT_EQ(map("sys = @system\n", "john"), "john");
  // Without a way to ask, no one is in a group.
  EXPECT_EQ(UsernameMap::parse("sys = @system\n", nullptr).map("mary", {}), "mary");
}

TEST(UsernameMap, QuotedNamesHoldSpaces) {
  const char* text = "tridge = \"Andrew Tridgell\"\n";
  EXPECT_EQ(map(text, "Andrew Tridgell"), "tridge");
  EXPECT_EQ(map(text, "Andrew"), "Andrew");
}

TEST(UsernameMap, BangStopsAfterAMatchingLineAndStarMatchesEveryone) {
  const char* text = "!sys = mary fred\nguest = *\n";
  EXPECT_EQ(map(text, "mary"), "sys");
  EXPECT_EQ(map(text, "fred"), "sys");
  EXPECT_EQ(map(text, "john"), "guest");
  // Without the '!', the wildcard line after it wins.
  EXPECT_EQ(map("sys = mary fred\nguest = *\n", "mary"), "guest");
}

// --- what smbd was seen to do where the page says nothing ---

TEST(UsernameMap, TheLastMatchingLineWins) {
  EXPECT_EQ(map("alice = zed\nbob = zed\n", "zed"), "bob");
  EXPECT_EQ(map("alice = zed\nbob = other\n", "zed"), "alice");
}

TEST(UsernameMap, EachLineComparesTheClientsNameNotAnEarlierMapping) {
  // zed -> alice on line 1; line 2 maps "alice", which zed is not.
  const char* text = "alice = zed\ncarol = alice\n";
  EXPECT_EQ(map(text, "zed"), "alice");
  EXPECT_EQ(map(text, "alice"), "carol");
}

TEST(UsernameMap, NamesCompareCaseInsensitively) {
  EXPECT_EQ(map("alice = zed\n", "ZED"), "alice");
  EXPECT_EQ(map("alice = \"Zed Two\"\n", "zed two"), "alice");
}

TEST(UsernameMap, CommasSeparateNamesAsBlanksDo) {
  const char* text = "alice = foo,zed ,  bar\n";
  EXPECT_EQ(map(text, "zed"), "alice");
  EXPECT_EQ(map(text, "bar"), "alice");
  EXPECT_EQ(map(text, "foo,zed"), "foo,zed");
}

TEST(UsernameMap, AStarAnywhereMatchesEveryone) { EXPECT_EQ(map("alice = zed*\n", "qq"), "alice"); }

TEST(UsernameMap, AnonymousIsNeverMapped) { EXPECT_EQ(map("guest = *\n", ""), ""); }

TEST(UsernameMap, SkipsCommentsBlankLinesAndLinesItCannotUse) {
  std::vector<std::string> warnings;
  auto m = UsernameMap::parse(
      "# comment\n"
      "; comment\n"
      "\n"
      "   # indented comment\n"
      "alice zed\n"
      " = nobody\n"
      "bob = \"unterminated\n"
      "\tcarol = zed\r\n"
      "!dave = \n",
      &warnings);
  ASSERT_EQ(m.lines().size(), 2u);
  EXPECT_EQ(m.lines()[0].unix_name, "carol");
  EXPECT_EQ(m.lines()[0].client_names, (std::vector<std::string>{"zed"}));
  EXPECT_EQ(m.lines()[0].line_no, 8u);
  EXPECT_FALSE(m.lines()[0].stop_if_matched);
  EXPECT_EQ(m.lines()[1].unix_name, "dave");
  EXPECT_TRUE(m.lines()[1].client_names.empty());
  EXPECT_TRUE(m.lines()[1].stop_if_matched);
  EXPECT_EQ(warnings, (std::vector<std::string>{
                          "line 5: no '=' between a Unix name and client names; line skipped",
                          "line 6: no Unix name left of '='; line skipped",
                          "line 7: a quote is not closed; line skipped",
                      }));
  EXPECT_EQ(m.map("zed", fake_groups), "carol");
}

TEST(UsernameMap, LoadNamesTheFile) {
  auto missing = UsernameMap::load("/nonexistent/users.map", nullptr);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error(), "username map /nonexistent/users.map: cannot be opened");
}

}  // namespace
}  // namespace smbkit::auth
