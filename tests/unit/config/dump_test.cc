#include "config/dump.h"

#include <gtest/gtest.h>

namespace smbkit::config {
namespace {

const char kConf[] =
    "[global]\n"
    "   workgroup = HOME\n"
    "   server string = %h server\n"
    "   min protocol = SMB2\n"
    "   map to guest = bad user\n"
    "   read only = no\n"
    "   security = user\n"
    "[homes]\n"
    "   browsable = no\n"
    "[data]\n"
    "   directory = /srv/data\n"
    "   writeable = no\n"
    "   valid users = alice \"John Smith\" @staff\n"
    "   veto files = /*.tmp/\n"
    "   create mode = 640\n";

TEST(Dump, TestparmLayoutWithCanonicalNames) {
  auto c = parse_smb_conf(kConf, "smb.conf");
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(dump_config(*c),
            "# Global parameters\n"
            "[global]\n"
            "\tworkgroup = HOME\n"
            "\tserver string = %h server\n"
            "\tserver min protocol = SMB2_10\n"
            "\tmap to guest = Bad User\n"
            "\tread only = No\n"
            "\n"
            "[homes]\n"
            "\tbrowseable = No\n"
            "\n"
            "[data]\n"
            "\tpath = /srv/data\n"
            "\tread only = Yes\n"
            "\tvalid users = alice, \"John Smith\", @staff\n"
            "\tcreate mask = 0640\n"
            "\tveto files = /*.tmp/\n");
}

TEST(Dump, VerboseListsEveryOption) {
  auto c = parse_smb_conf("[a]\npath = /a\n", "smb.conf");
  ASSERT_TRUE(c) << c.error();
  std::string out = dump_config(*c, true);
  EXPECT_NE(out.find("\tserver max protocol = SMB3_11\n"), std::string::npos);
  EXPECT_NE(out.find("\tpassdb backend = tdbsam:/var/lib/samba/private/passdb.tdb\n"),
            std::string::npos);
  EXPECT_NE(out.find("\tsmb ports = 445 139\n"), std::string::npos);
  EXPECT_NE(out.find("[a]\n\tpath = /a\n\tcomment = \n"), std::string::npos) << out;
  EXPECT_NE(out.find("\tserver smb3 encryption algorithms = AES-128-GCM, AES-128-CCM, AES-256-GCM, "
                     "AES-256-CCM\n"),
            std::string::npos);
}

TEST(Dump, ParsesBackToTheSameConfiguration) {
  auto c = parse_smb_conf(kConf, "smb.conf");
  ASSERT_TRUE(c) << c.error();
  for (bool verbose : {false, true}) {
    std::string once = dump_config(*c, verbose);
    auto again = parse_smb_conf(once, "dump");
    ASSERT_TRUE(again) << again.error();
    EXPECT_TRUE(again->warnings.empty());
    EXPECT_EQ(dump_config(*again, verbose), once);
  }
}

}  // namespace
}  // namespace smbkit::config
