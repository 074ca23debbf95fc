// Parsing and printing of smb.conf values (smb.conf(5) "PARAMETERS": booleans, lists, octal
// modes, enumerations). A parser returns an empty string when it accepted the value, or why not.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/smb_conf.h"

namespace smbkit::config {

// Case-insensitive ASCII comparison.
bool same_word(std::string_view a, std::string_view b);
// A parameter name as Samba compares it: case and blanks ignored ("Read Only" = "readonly").
std::string normalize_name(std::string_view name);

std::optional<bool> parse_bool(std::string_view text);  // yes/no/true/false/1/0/on/off
std::string bool_name(bool value);                      // "Yes" or "No", as testparm prints

// Samba's list syntax: items separated by blanks, ',' or ';'; "double quotes" keep blanks in.
std::vector<std::string> split_list(std::string_view text);
// Joins items with ", ", quoting those holding a separator, so split_list reads them back.
std::string join_list(const std::vector<std::string>& items);

std::string parse_bool_into(std::string_view text, bool& out);
std::string parse_count(std::string_view text, uint32_t& out);  // decimal, up to 2^32-1
std::string parse_mode(std::string_view text, uint32_t& out);   // octal, up to 07777
std::string mode_name(uint32_t mode);                           // "0755"
std::string parse_ports(std::string_view text, std::vector<uint16_t>& out);
std::string ports_name(const std::vector<uint16_t>& ports);  // "445 139"
std::string parse_principals(std::string_view text, std::vector<Principal>& out);
std::string principals_name(const std::vector<Principal>& list);
// "veto files": "/a/b*/c?/" (smb.conf(5) "veto files"); empty entries are dropped.
std::vector<std::string> parse_slash_list(std::string_view text);
std::string slash_list_name(const std::vector<std::string>& items);
std::string parse_ciphers(std::string_view text, std::vector<std::string>& out);

// `min`: whether "default" means the lowest (SMB2_02) rather than the highest dialect.
std::string parse_protocol(std::string_view text, bool min, Protocol& out);
std::string protocol_name(Protocol p);
std::string parse_signing(std::string_view text, Signing& out);
std::string signing_name(Signing s);
std::string parse_encrypt(std::string_view text, Encrypt& out);
std::string encrypt_name(Encrypt e);
std::string parse_map_to_guest(std::string_view text, MapToGuest& out);
std::string map_to_guest_name(MapToGuest m);
std::string parse_passdb(std::string_view text, Passdb& out);
std::string passdb_name(const Passdb& p);

}  // namespace smbkit::config
