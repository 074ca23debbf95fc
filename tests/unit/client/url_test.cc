#include "client/url.h"

#include <gtest/gtest.h>

namespace smbkit::client {
namespace {

TEST(ParseTarget, SlashForm) {
  auto t = parse_target("//fileserver/data/dir/sub/file.txt");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->host, "fileserver");
  EXPECT_FALSE(t->port);
  EXPECT_EQ(t->share, "data");
  EXPECT_EQ(t->path, "dir/sub/file.txt");
  EXPECT_EQ(t->user, "");
}

TEST(ParseTarget, PortAndShareRoot) {
  auto t = parse_target("//127.0.0.1:4445/data");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->host, "127.0.0.1");
  EXPECT_EQ(t->port, 4445);
  EXPECT_EQ(t->share, "data");
  EXPECT_EQ(t->path, "");
  // Trailing and doubled separators name the same place.
  auto u = parse_target("//127.0.0.1:4445/data//sub/");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->path, "sub");
}

TEST(ParseTarget, BackslashForm) {
  auto t = parse_target("\\\\server\\share\\a\\b.txt");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->host, "server");
  EXPECT_EQ(t->share, "share");
  EXPECT_EQ(t->path, "a/b.txt");
}

TEST(ParseTarget, SmbUrlWithUserAndEscapes) {
  auto t = parse_target("smb://alice@server:139/my%20share/Gr%C3%BC%C3%9Fe.txt");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->user, "alice");
  EXPECT_EQ(t->domain, "");
  EXPECT_EQ(t->host, "server");
  EXPECT_EQ(t->port, 139);
  EXPECT_EQ(t->share, "my share");
  EXPECT_EQ(t->path, "Gr\xC3\xBC\xC3\x9F" "e.txt");
}

TEST(ParseTarget, SmbUrlDomainUserAndCaseOfScheme) {
  auto t = parse_target("SMB://CORP;bob@host/s");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->domain, "CORP");
  EXPECT_EQ(t->user, "bob");
  EXPECT_EQ(t->host, "host");
  EXPECT_EQ(t->share, "s");
}

TEST(ParseTarget, Ipv6InBrackets) {
  auto t = parse_target("smb://[::1]:4445/data/x");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->host, "::1");
  EXPECT_EQ(t->port, 4445);
  EXPECT_EQ(t->path, "x");
}

TEST(ParseTarget, RejectsWhatIsNotATarget) {
  for (const char* bad : {"", "/host/share", "host/share", "//", "//host", "//host/",
                          "//:445/share", "//host:/share", "//host:0/share", "//host:65536/s",
                          "//host:12a/s", "smb://host", "smb://[::1/s", "smb://host/s/%zz",
                          "smb://host/s/%4", "http://host/share"}) {
    auto t = parse_target(bad);
    ASSERT_FALSE(t) << bad;
    EXPECT_EQ(t.error(), NtStatus::InvalidParameter) << bad;
  }
}

TEST(ParseTarget, SlashFormIsNotPercentDecoded) {
  auto t = parse_target("//host/share/100%25.txt");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "100%25.txt");
}

TEST(ParseCredentials, UserAndPassword) {
  auto c = parse_credentials("alice%secret");
  EXPECT_EQ(c.domain, "");
  EXPECT_EQ(c.user, "alice");
  EXPECT_EQ(c.password, "secret");
}

TEST(ParseServer, EveryFormOfAServerAlone) {
  for (const char* text : {"//srv", "//srv/", "\\\\srv", "srv", "smb://srv", "smb://srv/"}) {
    auto t = parse_server(text);
    ASSERT_TRUE(t) << text;
    EXPECT_EQ(t->host, "srv") << text;
    EXPECT_FALSE(t->port) << text;
    EXPECT_EQ(t->share, "") << text;
  }
  auto p = parse_server("//127.0.0.1:4445");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->port, 4445);
  auto q = parse_server("127.0.0.1:4445");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->host, "127.0.0.1");
  EXPECT_EQ(q->port, 4445);
  auto u = parse_server("smb://CORP;bob@[::1]:139");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->user, "bob");
  EXPECT_EQ(u->domain, "CORP");
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, 139);
}

TEST(ParseServer, RefusesASharePathOrNoHost) {
  EXPECT_FALSE(parse_server("//srv/share"));
  EXPECT_FALSE(parse_server("srv/share"));
  EXPECT_FALSE(parse_server("smb://srv/share/x"));
  EXPECT_FALSE(parse_server(""));
  EXPECT_FALSE(parse_server("//"));
  EXPECT_FALSE(parse_server("//srv:0"));
  // parse_target still wants a share.
  EXPECT_FALSE(parse_target("//srv"));
}

TEST(ParseCredentials, DomainEitherSlash) {
  auto c = parse_credentials("CORP\\bob%pw");
  EXPECT_EQ(c.domain, "CORP");
  EXPECT_EQ(c.user, "bob");
  EXPECT_EQ(c.password, "pw");
  auto d = parse_credentials("CORP/bob%pw");
  EXPECT_EQ(d.domain, "CORP");
  EXPECT_EQ(d.user, "bob");
}

TEST(ParseCredentials, NoPercentMeansEmptyPassword) {
  auto c = parse_credentials("guest");
  EXPECT_EQ(c.user, "guest");
  EXPECT_EQ(c.password, "");
}

TEST(ParseCredentials, PasswordMayHoldPercentAndSlashes) {
  auto c = parse_credentials("carol%50%/\\x");
  EXPECT_EQ(c.domain, "");
  EXPECT_EQ(c.user, "carol");
  EXPECT_EQ(c.password, "50%/\\x");
}

}  // namespace
}  // namespace smbkit::client
