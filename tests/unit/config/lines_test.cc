#include "config/lines.h"

#include <gtest/gtest.h>

#include <vector>

namespace smbkit::config {
namespace {

std::vector<Line> all_lines(std::string_view text) {
  LineReader reader(text);
  std::vector<Line> lines;
  for (;;) {
    auto next = reader.next();
    EXPECT_TRUE(next) << next.error().number << ": " << next.error().message;
    if (!next || !*next) return lines;
    lines.push_back(**next);
  }
}

LineError first_error(std::string_view text) {
  LineReader reader(text);
  for (;;) {
    auto next = reader.next();
    if (!next) return next.error();
    if (!*next) return {};
  }
}

TEST(LineReader, SectionsParametersAndComments) {
  auto lines = all_lines(
      "# a comment\n"
      "; another\n"
      "   [ global ]   \n"
      "\tworkgroup   =   HOME  \n"
      "\n"
      "  # indented comment\n"
      "[data]\n"
      "path=/srv/data\n");
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].kind, Line::Kind::Section);
  EXPECT_EQ(lines[0].name, "global");
  EXPECT_EQ(lines[0].number, 3u);
  EXPECT_EQ(lines[1].kind, Line::Kind::Parameter);
  EXPECT_EQ(lines[1].name, "workgroup");
  EXPECT_EQ(lines[1].value, "HOME");
  EXPECT_EQ(lines[1].number, 4u);
  EXPECT_EQ(lines[2].name, "data");
  EXPECT_EQ(lines[2].number, 7u);
  EXPECT_EQ(lines[3].name, "path");
  EXPECT_EQ(lines[3].value, "/srv/data");
  EXPECT_EQ(lines[3].number, 8u);
}

TEST(LineReader, ValueKeepsInnerEqualsAndSemicolons) {
  auto lines = all_lines("comment = a = b ; not a comment # nor this\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].value, "a = b ; not a comment # nor this");
}

TEST(LineReader, ContinuationJoinsLinesAndKeepsNumbering) {
  auto lines = all_lines(
      "valid users = alice, \\\n"
      "     bob, \\\n"
      "\tcarol\n"
      "path = /srv/\\\n"
      "data\n"
      "comment = after\n");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].value, "alice, bob, carol");
  EXPECT_EQ(lines[0].number, 1u);
  EXPECT_EQ(lines[1].value, "/srv/data");
  EXPECT_EQ(lines[1].number, 4u);
  EXPECT_EQ(lines[2].number, 6u);  // the lines joined still count
}

TEST(LineReader, BackslashThenBlanksStillContinues) {
  auto lines = all_lines("comment = a \\  \r\n b\r\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].value, "a b");
}

TEST(LineReader, BackslashesAtEndOfFileAreDropped) {
  auto lines = all_lines("comment = a\\");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].value, "a");
  lines = all_lines("comment = a\\ \\\\");  // no value ends in '\', which would continue it
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].value, "a");
}

TEST(LineReader, CommentLineDoesNotContinue) {
  auto lines = all_lines("# comment \\\npath = /x\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].name, "path");
  EXPECT_EQ(lines[0].number, 2u);
}

TEST(LineReader, CrLfLineEnds) {
  auto lines = all_lines("[data]\r\npath = /x\r\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].name, "data");
  EXPECT_EQ(lines[1].value, "/x");
}

TEST(LineReader, TextAfterSectionHeaderIsIgnored) {
  auto lines = all_lines("[data] ; the data share\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].name, "data");
}

TEST(LineReader, EmptyValueIsAllowed) {
  auto lines = all_lines("comment =\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].value, "");
}

TEST(LineReader, MalformedLines) {
  auto no_equals = first_error("[data]\npath /srv\n");
  EXPECT_EQ(no_equals.number, 2u);
  EXPECT_NE(no_equals.message.find("no \"=\""), std::string::npos) << no_equals.message;

  auto unterminated = first_error("\n\n[data\n");
  EXPECT_EQ(unterminated.number, 3u);
  EXPECT_NE(unterminated.message.find("unterminated section header"), std::string::npos);

  EXPECT_EQ(first_error("[ ]\n").message, "empty section name");
  EXPECT_EQ(first_error("a = 1\n = x\n").number, 2u);
  // A malformed line after a continuation is numbered by where it starts.
  auto after = first_error("comment = a \\\n b \\\n c\nbroken\n");
  EXPECT_EQ(after.number, 4u);
  auto continued = first_error("path = /x\nbroken \\\n still broken\n");
  EXPECT_EQ(continued.number, 2u);
}

}  // namespace
}  // namespace smbkit::config
