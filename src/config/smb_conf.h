// Samba's smb.conf, read into typed values: the common [global]/[share] subset smbkit knows
// (smb.conf(5)). Parsing keeps raw values; %-substitutions (substitute.h) are expanded by whoever
// uses a share, when it is used, since most depend on the session (%U, %m, %I).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

namespace smbkit::config {

// Where a line came from, for "FILE:LINE: ..." diagnostics.
struct Location {
  std::string file;
  unsigned line = 0;
  std::string str() const { return file + ":" + std::to_string(line); }
};

// smb.conf(5) "server min protocol": the names smbkit serves; SMB2 and SMB3 are read as
// SMB2_10 and SMB3_11, as Samba does.
enum class Protocol { NT1, SMB2_02, SMB2_10, SMB3_00, SMB3_02, SMB3_11 };
// smb.conf(5) "server signing"; Samba's synonyms (yes, enabled, forced, ...) map onto these.
enum class Signing { Default, Disabled, Auto, Desired, Mandatory };
// smb.conf(5) "server smb encrypt"; "default" and "auto" are if_required.
enum class Encrypt { Off, IfRequired, Desired, Required };
enum class MapToGuest { Never, BadUser, BadPassword };

// smb.conf(5) "passdb backend": smbkit knows Samba's file-based ones.
struct Passdb {
  enum class Kind { Tdbsam, Smbpasswd } kind = Kind::Tdbsam;
  std::string path = "/var/lib/samba/private/passdb.tdb";
  bool operator==(const Passdb&) const = default;
};

// An entry of "valid users" and the like: a user, or a group written @name, +name, &name
// (smb.conf(5): @ tries NIS netgroups then Unix groups, + Unix groups only, & netgroups only).
struct Principal {
  std::string prefix;  // "", "@", "+", "&", "+&" or "&+"
  std::string name;
  bool is_group() const { return !prefix.empty(); }
  bool operator==(const Principal&) const = default;
};

// Where an option's value came from: the share's own section, or [global] (whose share options
// are every share's defaults, smb.conf(5) "THE GLOBAL SECTION").
struct Origin {
  Location where;
  bool from_global = false;
};

struct Share {
  std::string name;  // as first written in its [header]
  Location section;  // the [header] line
  std::string path;
  std::string comment;
  bool browseable = true;
  bool read_only = true;  // Samba's default: shares are read-only unless said otherwise
  bool guest_ok = false;
  std::vector<Principal> valid_users, invalid_users, read_list, write_list;
  std::vector<std::string> hosts_allow, hosts_deny;
  uint32_t create_mask = 0744, directory_mask = 0755;
  uint32_t force_create_mode = 0, force_directory_mode = 0;
  std::string force_user, force_group;
  std::vector<std::string> veto_files;  // "/a/b*/" patterns, the slashes removed
  bool hide_dot_files = true;
  Encrypt smb_encrypt = Encrypt::IfRequired;
  bool available = true;
  bool printable = false;
  // Canonical option name -> where it was set; options absent here hold Samba's default.
  std::map<std::string, Origin, std::less<>> origins;

  bool is_set(std::string_view option) const { return origins.count(option) != 0; }
};

struct Global {
  std::string netbios_name;  // empty: the host's name, as Samba
  std::string workgroup = "WORKGROUP";
  std::string server_string = "Samba %v";
  std::vector<std::string> interfaces;
  bool bind_interfaces_only = false;
  std::vector<uint16_t> smb_ports = {445, 139};
  bool disable_netbios = false;
  Protocol server_min_protocol = Protocol::SMB2_02;
  Protocol server_max_protocol = Protocol::SMB3_11;
  Signing server_signing = Signing::Default;
  MapToGuest map_to_guest = MapToGuest::Never;
  std::string guest_account = "nobody";
  Passdb passdb_backend;
  uint32_t max_connections = 0;  // 0: no limit
  uint32_t deadtime = 0;         // minutes; 0: never
  std::string log_level = "0";   // Samba's "3 auth:5" syntax, kept as written
  std::string log_file;
  std::string username_map;
  std::vector<std::string> smb3_encryption_algorithms = {"AES-128-GCM", "AES-128-CCM",
                                                         "AES-256-GCM", "AES-256-CCM"};
  // The share options [global] sets ("smb encrypt", "hosts allow", "read only", ...): every
  // share starts from these. Its origins name only what [global] set.
  Share defaults;
  std::map<std::string, Location, std::less<>> origins;

  bool is_set(std::string_view option) const { return origins.count(option) != 0; }
};

struct Config {
  Global global;
  std::vector<Share> shares;          // in file order; printable shares are left out (unsupported)
  std::optional<Share> homes;         // [homes]: the template of each user's home share
  std::optional<Share> printers;      // [printers]: kept, but smbkit does not print
  std::vector<std::string> warnings;  // "FILE:LINE: ..." lines, each unknown name once

  const Share* find_share(std::string_view name) const;  // case-insensitive
};

// An included file's text and an identity for loop detection (a canonical path).
struct SourceText {
  std::string text;
  std::string id;
};
// Reads a file named by an include: its text, std::nullopt when it does not exist (Samba skips
// such includes), or an error message.
using FileReader =
    std::function<tl::expected<std::optional<SourceText>, std::string>(const std::string& path)>;

// Reads files from the filesystem; identities are canonical paths.
FileReader filesystem_reader();

// Includes may nest this deep, and this many may be read in all (a file included again and
// again is no loop, but must not go on for ever).
inline constexpr int kMaxIncludeDepth = 16;
inline constexpr int kMaxIncludedFiles = 256;

// Parses `text` as the file `file_name`; includes are read with `reader` (none when empty).
// An error is one line, "FILE:LINE: ...".
tl::expected<Config, std::string> parse_smb_conf(std::string_view text,
                                                 const std::string& file_name,
                                                 const FileReader& reader = {});
// Reads and parses the file at `path` and what it includes.
tl::expected<Config, std::string> load_smb_conf(const std::string& path,
                                                const FileReader& reader = filesystem_reader());

}  // namespace smbkit::config
