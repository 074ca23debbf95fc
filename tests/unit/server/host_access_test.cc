// "hosts allow" / "hosts deny" as smbd applies them (core/host_access.h).
#include "server/core/host_access.h"

#include <gtest/gtest.h>

namespace smbkit::server {
namespace {

using List = std::vector<std::string>;

bool allowed(const List& allow, const List& deny, const std::string& client) {
  return host_allowed(allow, deny, asio::ip::make_address(client));
}

TEST(HostAccess, NoListsAllowEveryone) { EXPECT_TRUE(allowed({}, {}, "192.0.2.7")); }

TEST(HostAccess, EntryForms) {
  EXPECT_TRUE(allowed({"192.0.2.7"}, {}, "192.0.2.7"));
  EXPECT_FALSE(allowed({"192.0.2.8"}, {}, "192.0.2.7"));
  EXPECT_TRUE(allowed({"192.0.2."}, {}, "192.0.2.7"));
  EXPECT_FALSE(allowed({"192.0.2."}, {}, "192.0.20.7"));
  EXPECT_TRUE(allowed({"192.0.0.0/16"}, {}, "192.0.2.7"));
  EXPECT_FALSE(allowed({"192.0.0.0/24"}, {}, "192.0.2.7"));
  EXPECT_TRUE(allowed({"192.0.0.0/255.255.0.0"}, {}, "192.0.2.7"));
  EXPECT_FALSE(allowed({"192.0.0.0/255.255.255.0"}, {}, "192.0.2.7"));
  EXPECT_TRUE(allowed({"all"}, {}, "192.0.2.7"));
  EXPECT_TRUE(allowed({"2001:db8::/32"}, {}, "2001:db8::1"));
  EXPECT_FALSE(allowed({"2001:db8::/32"}, {}, "2001:db9::1"));
  // An IPv4 client on an IPv6 socket is matched as IPv4.
  EXPECT_TRUE(allowed({"192.0.2.0/24"}, {}, "::ffff:192.0.2.7"));
}

TEST(HostAccess, Except) {
  List allow{"192.0.2.0/24", "EXCEPT", "192.0.2.7"};
  EXPECT_FALSE(allowed(allow, {}, "192.0.2.7"));
  EXPECT_TRUE(allowed(allow, {}, "192.0.2.8"));
  EXPECT_FALSE(allowed(allow, {}, "198.51.100.1"));
}

TEST(HostAccess, BothListsAllowListWinsAndNeitherAllows) {
  List allow{"192.0.2.7"}, deny{"192.0.2.0/24"};
  EXPECT_TRUE(allowed(allow, deny, "192.0.2.7"));
  EXPECT_FALSE(allowed(allow, deny, "192.0.2.8"));
  EXPECT_TRUE(allowed(allow, deny, "198.51.100.1"));  // in neither
}

TEST(HostAccess, LoopbackOnlyByAnExplicitDeny) {
  EXPECT_TRUE(allowed({"10.0.0.0/8"}, {}, "127.0.0.1"));
  EXPECT_FALSE(allowed({"10.0.0.0/8"}, {}, "127.0.0.2"));  // only 127.0.0.1 and ::1
  EXPECT_TRUE(allowed({}, {"10.0.0.0/8"}, "::1"));
  EXPECT_FALSE(allowed({}, {"127.0.0.1"}, "127.0.0.1"));
  EXPECT_TRUE(allowed({"127.0.0.1"}, {"ALL"}, "127.0.0.1"));
}

TEST(HostAccess, NamesAreSkipped) {
  EXPECT_FALSE(allowed({"host.example.com"}, {}, "192.0.2.7"));
  EXPECT_EQ(host_entries_skipped({"192.0.2.7", "EXCEPT", "host", ".example.com", "@net", "ALL"}),
            (List{"host", ".example.com", "@net"}));
}

}  // namespace
}  // namespace smbkit::server
