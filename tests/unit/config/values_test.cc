#include "config/values.h"

#include <gtest/gtest.h>

namespace smbkit::config {
namespace {

TEST(Values, NamesCompareWithoutCaseOrBlanks) {
  EXPECT_EQ(normalize_name("Read Only"), "readonly");
  EXPECT_EQ(normalize_name("  read\tonly "), "readonly");
  EXPECT_TRUE(same_word("SMB3_11", "smb3_11"));
  EXPECT_FALSE(same_word("smb3", "smb3_11"));
}

TEST(Values, BooleanSpellings) {
  for (auto yes : {"yes", "YES", "True", "on", "1", " Yes "})
    EXPECT_EQ(parse_bool(yes), true) << yes;
  for (auto no : {"no", "No", "FALSE", "off", "0"}) EXPECT_EQ(parse_bool(no), false) << no;
  for (auto bad : {"", "y", "2", "maybe", "enabled"}) EXPECT_FALSE(parse_bool(bad)) << bad;
  bool out = true;
  EXPECT_EQ(parse_bool_into("maybe", out),
            "\"maybe\" is not a boolean (yes, no, true, false, 1, 0, on, off)");
  EXPECT_TRUE(out);  // unchanged
}

TEST(Values, ListsSplitOnBlanksAndCommasAndKeepQuotedNames) {
  EXPECT_EQ(split_list("a, b  c,,d\te"), (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(split_list("\"John Smith\", bob"), (std::vector<std::string>{"John Smith", "bob"}));
  EXPECT_EQ(split_list(""), std::vector<std::string>{});
  EXPECT_EQ(split_list("a;b"), std::vector<std::string>{"a;b"});  // ';' is no separator
  EXPECT_EQ(join_list({"John Smith", "bob"}), "\"John Smith\", bob");
  EXPECT_EQ(split_list(join_list({"x,y", "z"})), (std::vector<std::string>{"x,y", "z"}));
  EXPECT_EQ(join_list({"a\\"}), "\"a\\\"");  // a trailing '\' would continue the line
}

TEST(Values, OctalModes) {
  uint32_t mode = 0;
  EXPECT_EQ(parse_mode("0755", mode), "");
  EXPECT_EQ(mode, 0755u);
  EXPECT_EQ(parse_mode("644", mode), "");
  EXPECT_EQ(mode, 0644u);
  EXPECT_EQ(parse_mode("07777", mode), "");
  EXPECT_EQ(mode, 07777u);
  EXPECT_EQ(parse_mode("0000000755", mode), "");
  EXPECT_EQ(parse_mode("0789", mode), "\"0789\" is not an octal mode");
  EXPECT_EQ(parse_mode("0x1ff", mode), "\"0x1ff\" is not an octal mode");
  EXPECT_EQ(parse_mode("", mode), "\"\" is not an octal mode");
  EXPECT_EQ(parse_mode("010000", mode), "\"010000\" is above 07777");
  EXPECT_EQ(parse_mode("77777777777777777777", mode), "\"77777777777777777777\" is above 07777");
  EXPECT_EQ(mode_name(0755), "0755");
  EXPECT_EQ(mode_name(0), "0000");
  EXPECT_EQ(mode_name(07777), "7777");
}

TEST(Values, Counts) {
  uint32_t n = 0;
  EXPECT_EQ(parse_count("4294967295", n), "");
  EXPECT_EQ(n, 4294967295u);
  EXPECT_EQ(parse_count("4294967296", n), "\"4294967296\" is too large");
  EXPECT_EQ(parse_count("-1", n), "\"-1\" is not a number");
  EXPECT_EQ(parse_count("ten", n), "\"ten\" is not a number");
}

TEST(Values, Ports) {
  std::vector<uint16_t> ports;
  EXPECT_EQ(parse_ports("445 139", ports), "");
  EXPECT_EQ(ports, (std::vector<uint16_t>{445, 139}));
  EXPECT_EQ(parse_ports("4445,65535", ports), "");
  EXPECT_EQ(ports, (std::vector<uint16_t>{4445, 65535}));
  EXPECT_EQ(parse_ports("445 65536", ports), "\"65536\" is not a port (1-65535)");
  EXPECT_EQ(parse_ports("0", ports), "\"0\" is not a port (1-65535)");
  EXPECT_EQ(parse_ports("smb", ports), "\"smb\" is not a port (1-65535)");
  EXPECT_EQ(parse_ports("", ports), "no port given");
  EXPECT_EQ(ports_name({445, 139}), "445 139");
}

TEST(Values, PrincipalsMarkGroups) {
  std::vector<Principal> list;
  EXPECT_EQ(
      parse_principals("alice, @staff +admins &net +&both \"Domain Users\" \"@Big Group\"", list),
      "");
  ASSERT_EQ(list.size(), 7u);
  EXPECT_EQ(list[0], (Principal{"", "alice"}));
  EXPECT_FALSE(list[0].is_group());
  EXPECT_EQ(list[1], (Principal{"@", "staff"}));
  EXPECT_TRUE(list[1].is_group());
  EXPECT_EQ(list[2], (Principal{"+", "admins"}));
  EXPECT_EQ(list[3], (Principal{"&", "net"}));
  EXPECT_EQ(list[4], (Principal{"+&", "both"}));
  EXPECT_EQ(list[5], (Principal{"", "Domain Users"}));
  EXPECT_EQ(list[6], (Principal{"@", "Big Group"}));
  EXPECT_EQ(principals_name(list),
            "alice, @staff, +admins, &net, +&both, \"Domain Users\", \"@Big Group\"");
  EXPECT_EQ(parse_principals("alice @", list), "\"@\" names no group");
}

TEST(Values, VetoFilesSlashList) {
  EXPECT_EQ(parse_slash_list("/*.tmp/.DS_Store/a b*/"),
            (std::vector<std::string>{"*.tmp", ".DS_Store", "a b*"}));
  EXPECT_EQ(parse_slash_list("//x//y"), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(parse_slash_list(""), std::vector<std::string>{});
  EXPECT_EQ(slash_list_name({"*.tmp", "a b*"}), "/*.tmp/a b*/");
  EXPECT_EQ(slash_list_name({}), "");
}

TEST(Values, Ciphers) {
  std::vector<std::string> list;
  EXPECT_EQ(parse_ciphers("aes-256-gcm, AES-128-CCM", list), "");
  EXPECT_EQ(list, (std::vector<std::string>{"AES-256-GCM", "AES-128-CCM"}));
  EXPECT_EQ(parse_ciphers("AES-128-GCM AES-128-GCM", list), "\"AES-128-GCM\" is listed twice");
  EXPECT_NE(parse_ciphers("ChaCha20", list), "");
  EXPECT_EQ(parse_ciphers("", list), "no cipher given");
}

TEST(Values, Protocols) {
  Protocol p{};
  struct Case {
    const char* text;
    Protocol want;
  } cases[] = {{"NT1", Protocol::NT1},         {"smb2", Protocol::SMB2_10},
               {"SMB2_02", Protocol::SMB2_02}, {"SMB2_10", Protocol::SMB2_10},
               {"SMB3", Protocol::SMB3_11},    {"smb3_00", Protocol::SMB3_00},
               {"SMB3_02", Protocol::SMB3_02}, {"SMB3_11", Protocol::SMB3_11}};
  for (const auto& c : cases) {
    EXPECT_EQ(parse_protocol(c.text, true, p), "") << c.text;
    EXPECT_EQ(p, c.want) << c.text;
  }
  EXPECT_EQ(parse_protocol("default", true, p), "");
  EXPECT_EQ(p, Protocol::SMB2_02);
  EXPECT_EQ(parse_protocol("default", false, p), "");
  EXPECT_EQ(p, Protocol::SMB3_11);
  for (auto old : {"LANMAN1", "lanman2", "CORE", "COREPLUS", "CORE+"})
    EXPECT_NE(parse_protocol(old, true, p).find("older than NT1: out of range for smbkit"),
              std::string::npos)
        << old;
  EXPECT_NE(parse_protocol("SMB4", true, p).find("is not a protocol"), std::string::npos);
  EXPECT_EQ(protocol_name(Protocol::SMB2_10), "SMB2_10");
}

TEST(Values, SigningSpellings) {
  Signing s{};
  struct Case {
    const char* text;
    Signing want;
  } cases[] = {{"auto", Signing::Auto},
               {"if_required", Signing::Auto},
               {"Yes", Signing::Auto},
               {"enabled", Signing::Auto},
               {"mandatory", Signing::Mandatory},
               {"required", Signing::Mandatory},
               {"forced", Signing::Mandatory},
               {"disabled", Signing::Disabled},
               {"no", Signing::Disabled},
               {"off", Signing::Disabled},
               {"desired", Signing::Desired},
               {"default", Signing::Default}};
  for (const auto& c : cases) {
    EXPECT_EQ(parse_signing(c.text, s), "") << c.text;
    EXPECT_EQ(s, c.want) << c.text;
  }
  EXPECT_NE(parse_signing("sometimes", s), "");
}

TEST(Values, EncryptSpellingsOfSamba417) {
  Encrypt e{};
  struct Case {
    const char* text;
    Encrypt want;
  } cases[] = {{"auto", Encrypt::IfRequired},
               {"default", Encrypt::IfRequired},
               {"if_required", Encrypt::IfRequired},
               {"desired", Encrypt::Desired},
               {"required", Encrypt::Required},
               {"mandatory", Encrypt::Required},
               {"forced", Encrypt::Required},
               {"off", Encrypt::Off},
               {"disabled", Encrypt::Off},
               {"no", Encrypt::Off},
               {"false", Encrypt::Off},
               {"yes", Encrypt::IfRequired},
               {"true", Encrypt::IfRequired},
               {"enabled", Encrypt::IfRequired},
               {"REQUIRED", Encrypt::Required}};
  for (const auto& c : cases) {
    EXPECT_EQ(parse_encrypt(c.text, e), "") << c.text;
    EXPECT_EQ(e, c.want) << c.text;
  }
  EXPECT_NE(parse_encrypt("always", e), "");
  EXPECT_EQ(encrypt_name(Encrypt::IfRequired), "if_required");
}

TEST(Values, MapToGuest) {
  MapToGuest m{};
  EXPECT_EQ(parse_map_to_guest("Bad User", m), "");
  EXPECT_EQ(m, MapToGuest::BadUser);
  EXPECT_EQ(parse_map_to_guest("bad password", m), "");
  EXPECT_EQ(m, MapToGuest::BadPassword);
  EXPECT_EQ(parse_map_to_guest("baduser", m), "");  // blanks ignored, as Samba
  EXPECT_EQ(m, MapToGuest::BadUser);
  EXPECT_EQ(parse_map_to_guest("never", m), "");
  EXPECT_EQ(m, MapToGuest::Never);
  EXPECT_NE(parse_map_to_guest("Bad Uid", m), "");
}

TEST(Values, PassdbBackends) {
  Passdb p;
  EXPECT_EQ(parse_passdb("smbpasswd:/etc/smbkit/users", p), "");
  EXPECT_EQ(p, (Passdb{Passdb::Kind::Smbpasswd, "/etc/smbkit/users"}));
  EXPECT_EQ(parse_passdb("smbpasswd", p), "");
  EXPECT_EQ(p, (Passdb{Passdb::Kind::Smbpasswd, "/etc/samba/smbpasswd"}));
  EXPECT_EQ(parse_passdb("tdbsam", p), "");
  EXPECT_EQ(p, (Passdb{Passdb::Kind::Tdbsam, "/var/lib/samba/private/passdb.tdb"}));
  EXPECT_EQ(parse_passdb("TDBSAM:/x/passdb.tdb", p), "");
  EXPECT_EQ(p, (Passdb{Passdb::Kind::Tdbsam, "/x/passdb.tdb"}));
  EXPECT_NE(parse_passdb("ldapsam:ldap://x", p).find("not a passdb backend"), std::string::npos);
  EXPECT_EQ(passdb_name(Passdb{Passdb::Kind::Smbpasswd, "/a"}), "smbpasswd:/a");
}

}  // namespace
}  // namespace smbkit::config
