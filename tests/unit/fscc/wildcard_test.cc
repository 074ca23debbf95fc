#include "fscc/wildcard.h"

#include <gtest/gtest.h>

namespace smbkit::fscc {
namespace {

TEST(Wildcard, SpecialCasesOfPartOne) {
  EXPECT_TRUE(name_matches("", ""));
  EXPECT_FALSE(name_matches("*", ""));  // an empty name matches only an empty expression
  EXPECT_FALSE(name_matches("", "a"));
  EXPECT_TRUE(name_matches("*", "anything.at.all"));
  EXPECT_TRUE(name_matches("*.*", "README"));  // "*.*" matches names without a dot too
  EXPECT_TRUE(name_matches("*.*", "a.b"));
}

TEST(Wildcard, StarAndQuestionMark) {
  EXPECT_TRUE(name_matches("a?c", "abc"));
  EXPECT_FALSE(name_matches("a?c", "ac"));
  EXPECT_FALSE(name_matches("a?c", "abbc"));
  EXPECT_TRUE(name_matches("?", "."));  // ? takes any one character, a period included
  EXPECT_TRUE(name_matches("*.txt", "notes.txt"));
  EXPECT_TRUE(name_matches("*.txt", ".txt"));
  EXPECT_FALSE(name_matches("*.txt", "notes.txt.bak"));
  EXPECT_TRUE(name_matches("a*b*c", "aXXbYYc"));
  EXPECT_TRUE(name_matches("a*b*c", "abc"));
  EXPECT_FALSE(name_matches("a*b*c", "acb"));
  EXPECT_TRUE(name_matches("*a", "banana"));
  EXPECT_FALSE(name_matches("*.", "file"));  // a literal period must be there
}

TEST(Wildcard, LiteralsAreCaseInsensitiveByDefault) {
  EXPECT_TRUE(name_matches("README.TXT", "readme.txt"));
  EXPECT_TRUE(name_matches("*.Txt", "A.tXT"));
  EXPECT_FALSE(name_matches("README.TXT", "readme.txt", false));
  EXPECT_TRUE(name_matches("readme.txt", "readme.txt", false));
  EXPECT_FALSE(name_matches("readme.txt", "readme.txu"));
  EXPECT_TRUE(name_matches("\xC3\xA9t\xC3\xA9.*", "\xC3\xA9t\xC3\xA9.doc"));  // été.* (UTF-8)
}

TEST(Wildcard, DosStarStopsBeforeTheLastPeriod) {
  EXPECT_TRUE(name_matches("<.txt", "a.txt"));
  EXPECT_TRUE(name_matches("<.txt", "a.b.txt"));  // earlier periods may be eaten
  EXPECT_FALSE(name_matches("<.txt", "a.txt.bak"));
  EXPECT_TRUE(name_matches("<", "noext"));
  EXPECT_FALSE(name_matches("<", "has.ext"));  // it may not eat the final period
  EXPECT_TRUE(name_matches("<.<", "a.b"));
  EXPECT_TRUE(name_matches("a<", "abc"));
}

TEST(Wildcard, DosQmMatchesOneCharacterOrNothingAtAPeriodOrTheEnd) {
  // "????????.???" as a DOS client sends it.
  const char* eight_three = ">>>>>>>>\">>>";
  EXPECT_TRUE(name_matches(eight_three, "a.b"));
  EXPECT_TRUE(name_matches(eight_three, "abcdefgh.ijk"));
  EXPECT_TRUE(name_matches(eight_three, "abc"));
  EXPECT_FALSE(name_matches(eight_three, "abcdefghi.txt"));
  EXPECT_FALSE(name_matches(eight_three, "a.bcde"));
  EXPECT_TRUE(name_matches("a>c", "abc"));
  EXPECT_FALSE(name_matches("a>c", "a.c"));  // DOS_QM does not take the period itself
  EXPECT_TRUE(name_matches("ab>", "ab"));    // nothing at the end of the name
}

TEST(Wildcard, DosDotMatchesAPeriodOrNothingAtTheEnd) {
  EXPECT_TRUE(name_matches("foo\"", "foo"));
  EXPECT_TRUE(name_matches("foo\"", "foo."));
  EXPECT_FALSE(name_matches("foo\"", "fooX"));
  EXPECT_TRUE(name_matches("foo\"*", "foo.txt"));  // "foo.*" as a DOS client sends it
  EXPECT_TRUE(name_matches("foo\"*", "foo"));
  EXPECT_FALSE(name_matches("foo\"*", "foobar"));
}

TEST(Wildcard, HasWildcards) {
  EXPECT_FALSE(has_wildcards("plain.txt"));
  for (const char* e : {"*", "a?", "<.x", ">", "\""}) EXPECT_TRUE(has_wildcards(e)) << e;
}

TEST(Wildcard, LongNamesStayCheap) {
  std::string name(4000, 'a');
  std::string expr;
  for (int i = 0; i < 200; ++i) expr += "*a";
  expr += "b";
  EXPECT_FALSE(name_matches(expr, name));  // linear state sets, no backtracking blow-up
  EXPECT_TRUE(name_matches(expr.substr(0, expr.size() - 1), name));
}

}  // namespace
}  // namespace smbkit::fscc
