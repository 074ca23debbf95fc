#include "config/smb_conf.h"

#include <gtest/gtest.h>

namespace smbkit::config {
namespace {

Config parse_ok(std::string_view text) {
  auto config = parse_smb_conf(text, "smb.conf");
  EXPECT_TRUE(config) << config.error();
  return config ? *config : Config{};
}

std::string parse_error(std::string_view text) {
  auto config = parse_smb_conf(text, "smb.conf");
  EXPECT_FALSE(config) << "parsed, but should not have";
  return config ? std::string() : config.error();
}

TEST(SmbConf, GlobalOptions) {
  auto c = parse_ok(
      "[global]\n"
      "  netbios name = FILER\n"
      "  workgroup = HOME\n"
      "  server string = %h server\n"
      "  interfaces = eth0 192.168.1.0/24, lo\n"
      "  bind interfaces only = yes\n"
      "  smb ports = 4445 139\n"
      "  disable netbios = yes\n"
      "  server min protocol = NT1\n"
      "  server max protocol = SMB3_02\n"
      "  server signing = mandatory\n"
      "  map to guest = Bad User\n"
      "  guest account = smbguest\n"
      "  passdb backend = smbpasswd:/etc/smbkit/smbpasswd\n"
      "  max connections = 100\n"
      "  deadtime = 15\n"
      "  log level = 3 auth:5\n"
      "  log file = /var/log/smbkit.%m\n"
      "  username map = /etc/samba/users.map\n"
      "  server smb3 encryption algorithms = AES-256-GCM, AES-128-GCM\n"
      "  server smb encrypt = desired\n"
      "  hosts allow = 192.168.1. 127.0.0.1\n"
      "  hosts deny = ALL\n");
  const Global& g = c.global;
  EXPECT_EQ(g.netbios_name, "FILER");
  EXPECT_EQ(g.workgroup, "HOME");
  EXPECT_EQ(g.server_string, "%h server");  // kept raw
  EXPECT_EQ(g.interfaces, (std::vector<std::string>{"eth0", "192.168.1.0/24", "lo"}));
  EXPECT_TRUE(g.bind_interfaces_only);
  EXPECT_EQ(g.smb_ports, (std::vector<uint16_t>{4445, 139}));
  EXPECT_TRUE(g.disable_netbios);
  EXPECT_EQ(g.server_min_protocol, Protocol::NT1);
  EXPECT_EQ(g.server_max_protocol, Protocol::SMB3_02);
  EXPECT_EQ(g.server_signing, Signing::Mandatory);
  EXPECT_EQ(g.map_to_guest, MapToGuest::BadUser);
  EXPECT_EQ(g.guest_account, "smbguest");
  EXPECT_EQ(g.passdb_backend, (Passdb{Passdb::Kind::Smbpasswd, "/etc/smbkit/smbpasswd"}));
  EXPECT_EQ(g.max_connections, 100u);
  EXPECT_EQ(g.deadtime, 15u);
  EXPECT_EQ(g.log_level, "3 auth:5");
  EXPECT_EQ(g.log_file, "/var/log/smbkit.%m");
  EXPECT_EQ(g.username_map, "/etc/samba/users.map");
  EXPECT_EQ(g.smb3_encryption_algorithms, (std::vector<std::string>{"AES-256-GCM", "AES-128-GCM"}));
  EXPECT_EQ(g.defaults.smb_encrypt, Encrypt::Desired);
  EXPECT_EQ(g.defaults.hosts_allow, (std::vector<std::string>{"192.168.1.", "127.0.0.1"}));
  EXPECT_EQ(g.defaults.hosts_deny, (std::vector<std::string>{"ALL"}));
  EXPECT_TRUE(c.warnings.empty());
  EXPECT_TRUE(c.shares.empty());
  ASSERT_TRUE(g.is_set("deadtime"));
  EXPECT_EQ(g.origins.at("deadtime").str(), "smb.conf:16");
  EXPECT_TRUE(g.defaults.is_set("hosts deny"));
}

TEST(SmbConf, SambaDefaults) {
  auto c = parse_ok("");
  const Global& g = c.global;
  EXPECT_EQ(g.workgroup, "WORKGROUP");
  EXPECT_EQ(g.server_min_protocol, Protocol::SMB2_02);
  EXPECT_EQ(g.server_max_protocol, Protocol::SMB3_11);
  EXPECT_EQ(g.smb_ports, (std::vector<uint16_t>{445, 139}));
  EXPECT_EQ(g.server_signing, Signing::Default);
  EXPECT_EQ(g.map_to_guest, MapToGuest::Never);
  EXPECT_EQ(g.passdb_backend.kind, Passdb::Kind::Tdbsam);
  EXPECT_TRUE(g.origins.empty());
  const Share& d = g.defaults;
  EXPECT_TRUE(d.read_only);
  EXPECT_TRUE(d.browseable);
  EXPECT_FALSE(d.guest_ok);
  EXPECT_EQ(d.create_mask, 0744u);
  EXPECT_EQ(d.directory_mask, 0755u);
  EXPECT_TRUE(d.hide_dot_files);
  EXPECT_TRUE(d.available);
  EXPECT_EQ(d.smb_encrypt, Encrypt::IfRequired);
}

TEST(SmbConf, ShareOptions) {
  auto c = parse_ok(
      "[data]\n"
      "  path = /srv/data\n"
      "  comment = Team data\n"
      "  browseable = no\n"
      "  read only = no\n"
      "  guest ok = yes\n"
      "  valid users = alice, @staff, \"John Smith\"\n"
      "  invalid users = root +wheel\n"
      "  read list = guest\n"
      "  write list = @admins\n"
      "  hosts allow = 10.0.0.0/8\n"
      "  hosts deny = 10.0.0.1\n"
      "  create mask = 0640\n"
      "  directory mask = 0750\n"
      "  force create mode = 0600\n"
      "  force directory mode = 0700\n"
      "  force user = svc\n"
      "  force group = +team\n"
      "  veto files = /*.tmp/.DS_Store/\n"
      "  hide dot files = no\n"
      "  smb encrypt = required\n"
      "  available = no\n");
  ASSERT_EQ(c.shares.size(), 1u);
  const Share& s = c.shares[0];
  EXPECT_EQ(s.name, "data");
  EXPECT_EQ(s.section.str(), "smb.conf:1");
  EXPECT_EQ(s.path, "/srv/data");
  EXPECT_EQ(s.comment, "Team data");
  EXPECT_FALSE(s.browseable);
  EXPECT_FALSE(s.read_only);
  EXPECT_TRUE(s.guest_ok);
  EXPECT_EQ(s.valid_users,
            (std::vector<Principal>{{"", "alice"}, {"@", "staff"}, {"", "John Smith"}}));
  EXPECT_EQ(s.invalid_users, (std::vector<Principal>{{"", "root"}, {"+", "wheel"}}));
  EXPECT_EQ(s.read_list, (std::vector<Principal>{{"", "guest"}}));
  EXPECT_EQ(s.write_list, (std::vector<Principal>{{"@", "admins"}}));
  EXPECT_EQ(s.hosts_allow, (std::vector<std::string>{"10.0.0.0/8"}));
  EXPECT_EQ(s.hosts_deny, (std::vector<std::string>{"10.0.0.1"}));
  EXPECT_EQ(s.create_mask, 0640u);
  EXPECT_EQ(s.directory_mask, 0750u);
  EXPECT_EQ(s.force_create_mode, 0600u);
  EXPECT_EQ(s.force_directory_mode, 0700u);
  EXPECT_EQ(s.force_user, "svc");
  EXPECT_EQ(s.force_group, "+team");
  EXPECT_EQ(s.veto_files, (std::vector<std::string>{"*.tmp", ".DS_Store"}));
  EXPECT_FALSE(s.hide_dot_files);
  EXPECT_EQ(s.smb_encrypt, Encrypt::Required);
  EXPECT_FALSE(s.available);
  EXPECT_EQ(s.origins.at("veto files").where.str(), "smb.conf:19");
  EXPECT_FALSE(s.origins.at("veto files").from_global);
}

TEST(SmbConf, NamesIgnoreCaseAndBlanks) {
  auto c = parse_ok(
      "[Data]\n"
      "PATH = /a\n"
      "ReadOnly = no\n"
      "Browse Able = no\n"
      "valid   users = x\n"
      "GUESTOK = yes\n");
  ASSERT_EQ(c.shares.size(), 1u);
  const Share& s = c.shares[0];
  EXPECT_EQ(s.path, "/a");
  EXPECT_FALSE(s.read_only);
  EXPECT_FALSE(s.browseable);
  EXPECT_TRUE(s.guest_ok);
  EXPECT_EQ(s.valid_users.size(), 1u);
  EXPECT_TRUE(c.warnings.empty());
  EXPECT_NE(c.find_share("DATA"), nullptr);
  EXPECT_EQ(c.find_share("other"), nullptr);
}

TEST(SmbConf, Synonyms) {
  auto c = parse_ok(
      "[global]\n"
      "min protocol = SMB2_10\n"
      "protocol = SMB3\n"
      "[a]\n"
      "writeable = yes\n"
      "browsable = no\n"
      "public = yes\n"
      "allow hosts = 10.\n"
      "deny hosts = 10.1.\n"
      "create mode = 0600\n"
      "directory mode = 0700\n"
      "server smb encrypt = off\n"
      "directory = /srv/a\n"
      "[b]\n"
      "writable = no\n"
      "max protocol = SMB2\n"  // global: ignored here, with a warning
      "[c]\n"
      "write ok = 1\n"
      "smb encrypt = desired\n");
  EXPECT_EQ(c.global.server_min_protocol, Protocol::SMB2_10);
  EXPECT_EQ(c.global.server_max_protocol, Protocol::SMB3_11);
  ASSERT_EQ(c.shares.size(), 3u);
  const Share& a = c.shares[0];
  EXPECT_FALSE(a.read_only);
  EXPECT_FALSE(a.browseable);
  EXPECT_TRUE(a.guest_ok);
  EXPECT_EQ(a.hosts_allow, std::vector<std::string>{"10."});
  EXPECT_EQ(a.hosts_deny, std::vector<std::string>{"10.1."});
  EXPECT_EQ(a.create_mask, 0600u);
  EXPECT_EQ(a.directory_mask, 0700u);
  EXPECT_EQ(a.smb_encrypt, Encrypt::Off);
  EXPECT_EQ(a.path, "/srv/a");
  EXPECT_TRUE(a.is_set("read only"));
  EXPECT_TRUE(c.shares[1].read_only);
  EXPECT_FALSE(c.shares[2].read_only);
  EXPECT_EQ(c.shares[2].smb_encrypt, Encrypt::Desired);
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_EQ(c.warnings[0],
            "smb.conf:16: global parameter \"max protocol\" in section [b], ignored");
}

TEST(SmbConf, InvertedSynonymNeedsABoolean) {
  EXPECT_EQ(parse_error("[a]\nwriteable = sure\n"),
            "smb.conf:2: bad value for \"writeable\": \"sure\" is not a boolean "
            "(yes, no, true, false, 1, 0, on, off)");
}

TEST(SmbConf, EncryptPasswordsAndClientOptionsAreIgnoredSilently) {
  auto c = parse_ok(
      "[global]\n"
      "encrypt passwords = yes\n"
      "client min protocol = CORE\n"
      "client signing = whatever\n"
      "Client Max Protocol = SMB3\n");
  EXPECT_TRUE(c.warnings.empty());
  EXPECT_EQ(c.global.server_min_protocol, Protocol::SMB2_02);
}

TEST(SmbConf, GlobalShareOptionsAreEveryShareDefault) {
  auto c = parse_ok(
      "[global]\n"
      "read only = no\n"
      "hosts allow = 10.\n"
      "veto files = /*.bak/\n"
      "smb encrypt = required\n"
      "[a]\n"
      "path = /a\n"
      "[b]\n"
      "path = /b\n"
      "read only = yes\n"
      "smb encrypt = off\n");
  ASSERT_EQ(c.shares.size(), 2u);
  const Share& a = c.shares[0];
  EXPECT_FALSE(a.read_only);
  EXPECT_EQ(a.hosts_allow, std::vector<std::string>{"10."});
  EXPECT_EQ(a.veto_files, std::vector<std::string>{"*.bak"});
  EXPECT_EQ(a.smb_encrypt, Encrypt::Required);
  ASSERT_TRUE(a.is_set("read only"));
  EXPECT_TRUE(a.origins.at("read only").from_global);
  EXPECT_EQ(a.origins.at("read only").where.str(), "smb.conf:2");
  EXPECT_FALSE(a.origins.at("path").from_global);
  const Share& b = c.shares[1];
  EXPECT_TRUE(b.read_only);
  EXPECT_FALSE(b.origins.at("read only").from_global);
  EXPECT_EQ(b.smb_encrypt, Encrypt::Off);
  EXPECT_EQ(b.hosts_allow, std::vector<std::string>{"10."});
}

TEST(SmbConf, GlobalLaterInTheFileStillAppliesToEveryShare) {
  auto c = parse_ok("[a]\npath = /a\n[global]\nbrowseable = no\n");
  ASSERT_EQ(c.shares.size(), 1u);
  EXPECT_FALSE(c.shares[0].browseable);
}

TEST(SmbConf, ParametersBeforeAnySectionAreGlobal) {
  auto c = parse_ok("workgroup = EARLY\n[a]\npath = /a\n");
  EXPECT_EQ(c.global.workgroup, "EARLY");
  EXPECT_EQ(c.global.origins.at("workgroup").str(), "smb.conf:1");
}

TEST(SmbConf, RepeatedSectionContinuesTheFirst) {
  auto c =
      parse_ok("[a]\npath = /a\n[b]\npath = /b\n[A]\ncomment = again\n[GLOBAL]\nworkgroup = W\n");
  ASSERT_EQ(c.shares.size(), 2u);
  EXPECT_EQ(c.shares[0].name, "a");
  EXPECT_EQ(c.shares[0].path, "/a");
  EXPECT_EQ(c.shares[0].comment, "again");
  EXPECT_EQ(c.global.workgroup, "W");
}

TEST(SmbConf, HomesAndPrintersAreKeptApart) {
  auto c = parse_ok(
      "[global]\nbrowseable = yes\n"
      "[homes]\ncomment = Home Directories\nbrowseable = no\nvalid users = %S\n"
      "[printers]\npath = /var/spool/samba\nprintable = yes\n"
      "[data]\npath = /srv\n");
  ASSERT_TRUE(c.homes);
  EXPECT_EQ(c.homes->name, "homes");
  EXPECT_FALSE(c.homes->browseable);
  EXPECT_EQ(c.homes->valid_users, (std::vector<Principal>{{"", "%S"}}));  // raw, for later
  ASSERT_TRUE(c.printers);
  EXPECT_TRUE(c.printers->printable);
  ASSERT_EQ(c.shares.size(), 1u);
  EXPECT_EQ(c.shares[0].name, "data");
  EXPECT_TRUE(c.warnings.empty());
}

TEST(SmbConf, PrintableShareIsSkippedWithAWarning) {
  auto c = parse_ok("[laser]\npath = /var/spool\nprint ok = yes\n[data]\npath = /srv\n");
  ASSERT_EQ(c.shares.size(), 1u);
  EXPECT_EQ(c.shares[0].name, "data");
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_EQ(c.warnings[0], "smb.conf:3: printable share [laser] is not supported, skipped");
}

TEST(SmbConf, UnknownParametersWarnOnceEach) {
  auto c = parse_ok(
      "[global]\n"
      "security = user\n"
      "obey pam restrictions = yes\n"
      "[a]\n"
      "Security = user\n"  // same name: no second warning
      "vfs objects = fruit\n");
  ASSERT_EQ(c.warnings.size(), 3u);
  EXPECT_EQ(c.warnings[0], "smb.conf:2: unknown parameter \"security\", ignored");
  EXPECT_EQ(c.warnings[1], "smb.conf:3: unknown parameter \"obey pam restrictions\", ignored");
  EXPECT_EQ(c.warnings[2], "smb.conf:6: unknown parameter \"vfs objects\", ignored");
}

TEST(SmbConf, ValueErrorsNameTheLine) {
  EXPECT_EQ(parse_error("[a]\npath = /a\nread only = perhaps\n"),
            "smb.conf:3: bad value for \"read only\": \"perhaps\" is not a boolean "
            "(yes, no, true, false, 1, 0, on, off)");
  EXPECT_EQ(parse_error("[a]\ncreate mask = 0788\n"),
            "smb.conf:2: bad value for \"create mask\": \"0788\" is not an octal mode");
  EXPECT_EQ(parse_error("[a]\ndirectory mask = 017777\n"),
            "smb.conf:2: bad value for \"directory mask\": \"017777\" is above 07777");
  EXPECT_EQ(parse_error("[a]\nforce create mode = rw\n"),
            "smb.conf:2: bad value for \"force create mode\": \"rw\" is not an octal mode");
  EXPECT_EQ(parse_error("smb ports = 445 99999\n"),
            "smb.conf:1: bad value for \"smb ports\": \"99999\" is not a port (1-65535)");
  EXPECT_EQ(parse_error("\n\nserver min protocol = LANMAN2\n"),
            "smb.conf:3: bad value for \"server min protocol\": \"LANMAN2\" is older than NT1: "
            "out of range for smbkit (NT1 to SMB3_11)");
  EXPECT_EQ(parse_error("min protocol = CORE\n"),
            "smb.conf:1: bad value for \"min protocol\": \"CORE\" is older than NT1: out of "
            "range for smbkit (NT1 to SMB3_11)");
  EXPECT_NE(parse_error("server max protocol = SMB4\n")
                .find("smb.conf:1: bad value for "
                      "\"server max protocol\": \"SMB4\" "
                      "is not a protocol"),
            std::string::npos);
  EXPECT_NE(parse_error("max connections = many\n").find("smb.conf:1: "), std::string::npos);
  EXPECT_NE(parse_error("server signing = sometimes\n").find("smb.conf:1: "), std::string::npos);
  EXPECT_NE(parse_error("[a]\nsmb encrypt = always\n").find("smb.conf:2: "), std::string::npos);
  EXPECT_NE(parse_error("map to guest = Bad Uid\n").find("smb.conf:1: "), std::string::npos);
  EXPECT_NE(parse_error("passdb backend = ldapsam\n").find("smb.conf:1: "), std::string::npos);
  EXPECT_NE(parse_error("disable netbios = maybe\n").find("smb.conf:1: "), std::string::npos);
}

TEST(SmbConf, MalformedLinesNameTheLine) {
  EXPECT_EQ(parse_error("[a]\npath = /a\nthis line has no equals sign\n"),
            "smb.conf:3: not a parameter (no \"=\") nor a section header: "
            "\"this line has no equals sign\"");
  EXPECT_EQ(parse_error("[global]\n[data\npath = /a\n"),
            "smb.conf:2: unterminated section header \"[data\"");
  EXPECT_EQ(parse_error("[]\n"), "smb.conf:1: empty section name");
}

TEST(SmbConf, LineNumbersCountContinuedLines) {
  EXPECT_EQ(parse_error("[a]\n"
                        "valid users = alice, \\\n"
                        "   bob, \\\n"
                        "   carol\n"
                        "create mask = 9\n"),
            "smb.conf:5: bad value for \"create mask\": \"9\" is not an octal mode");
  // An error in a continued value is where the value starts.
  EXPECT_EQ(parse_error("[a]\n"
                        "comment = x\n"
                        "read only = \\\n"
                        "  nope\n"),
            "smb.conf:3: bad value for \"read only\": \"nope\" is not a boolean "
            "(yes, no, true, false, 1, 0, on, off)");
  auto c = parse_ok("[a]\ncomment = one \\\n two\nfoo = bar\n");
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_EQ(c.warnings[0], "smb.conf:4: unknown parameter \"foo\", ignored");
  EXPECT_EQ(c.shares[0].comment, "one two");
}

TEST(SmbConf, TheFirstErrorStopsParsing) {
  EXPECT_EQ(parse_error("read only = x\nbroken\n").substr(0, 11), "smb.conf:1:");
}

TEST(SmbConf, ProtocolRangeMustNotBeEmpty) {
  EXPECT_EQ(parse_error("server max protocol = SMB2_10\nserver min protocol = SMB3\n"),
            "smb.conf:2: server min protocol SMB3_11 is above server max protocol SMB2_10");
  EXPECT_EQ(parse_error("server max protocol = NT1\n"),
            "smb.conf:1: server min protocol SMB2_02 is above server max protocol NT1");
}

TEST(SmbConf, LaterValueWins) {
  auto c = parse_ok("[a]\npath = /one\npath = /two\n");
  EXPECT_EQ(c.shares[0].path, "/two");
  EXPECT_EQ(c.shares[0].origins.at("path").where.line, 3u);
}

}  // namespace
}  // namespace smbkit::config
