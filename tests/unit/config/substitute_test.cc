#include "config/substitute.h"

#include <gtest/gtest.h>

namespace smbkit::config {
namespace {

SubstitutionContext context() {
  SubstitutionContext c;
  c.session_user = "Alice";
  c.unix_user = "alice";
  c.primary_group = "staff";
  c.home_directory = "/home/alice";
  c.share_name = "data";
  c.share_path = "/srv/data";
  c.dns_host_name = "filer.example.org";
  c.netbios_name = "FILER";
  c.client_netbios_name = "LAPTOP";
  c.client_ip = "192.0.2.7";
  c.date_time = "2026/01/02 03:04:05";
  c.workgroup = "HOME";
  return c;
}

TEST(Substitute, EveryVariable) {
  auto c = context();
  EXPECT_EQ(substitute("%U", c), "Alice");
  EXPECT_EQ(substitute("%u", c), "alice");
  EXPECT_EQ(substitute("%G %g", c), "staff staff");
  EXPECT_EQ(substitute("%H", c), "/home/alice");
  EXPECT_EQ(substitute("%S", c), "data");
  EXPECT_EQ(substitute("%P", c), "/srv/data");
  EXPECT_EQ(substitute("%h", c), "filer.example.org");
  EXPECT_EQ(substitute("%L", c), "FILER");
  EXPECT_EQ(substitute("%m", c), "LAPTOP");
  EXPECT_EQ(substitute("%I", c), "192.0.2.7");
  EXPECT_EQ(substitute("%T", c), "2026/01/02 03:04:05");
  EXPECT_EQ(substitute("%D", c), "HOME");
  EXPECT_EQ(substitute("%%", c), "%");
}

TEST(Substitute, InText) {
  auto c = context();
  EXPECT_EQ(substitute("/home/%U/profile", c), "/home/Alice/profile");
  EXPECT_EQ(substitute("%h server (%L)", c), "filer.example.org server (FILER)");
  EXPECT_EQ(substitute("/var/log/samba/log.%m", c), "/var/log/samba/log.LAPTOP");
  EXPECT_EQ(substitute("100%% sure", c), "100% sure");
  EXPECT_EQ(substitute("", c), "");
}

TEST(Substitute, UnknownAndTrailingPercentStay) {
  auto c = context();
  EXPECT_EQ(substitute("Samba %v", c), "Samba %v");
  EXPECT_EQ(substitute("%$(HOME)", c), "%$(HOME)");
  EXPECT_EQ(substitute("50%", c), "50%");
  EXPECT_EQ(substitute("%%U", c), "%U");  // %% first, then a plain U
}

TEST(Substitute, ValuesAreNotExpandedAgain) {
  auto c = context();
  c.session_user = "%D";
  EXPECT_EQ(substitute("%U", c), "%D");
}

TEST(Substitute, EmptyTimeMeansNow) {
  SubstitutionContext c;
  std::string now = substitute("%T", c);
  ASSERT_EQ(now.size(), 19u) << now;  // YYYY/MM/DD HH:MM:SS
  EXPECT_EQ(now[4], '/');
  EXPECT_EQ(now[10], ' ');
}

TEST(Substitute, WhatNeedsASession) {
  EXPECT_TRUE(needs_session("/home/%U"));
  EXPECT_TRUE(needs_session("%T"));
  EXPECT_FALSE(needs_session("/srv/%S"));  // the share's own name is known without a session
  EXPECT_FALSE(needs_session("%P"));
  EXPECT_TRUE(needs_session("x%m"));
  EXPECT_FALSE(needs_session("%h server on %L in %D"));
  EXPECT_FALSE(needs_session("100%%U"));
  EXPECT_FALSE(needs_session("Samba %v"));
  EXPECT_FALSE(needs_session("/srv/data"));
}

}  // namespace
}  // namespace smbkit::config
