#include "config/values.h"

#include <algorithm>
#include <iterator>

#include "config/lines.h"

namespace smbkit::config {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string quote_text(std::string_view text) { return "\"" + std::string(text) + "\""; }

// Samba's list separators (LIST_SEP); ';' is not one, so a path may hold it.
bool is_list_separator(char c) {
  return c == ' ' || c == '\t' || c == ',' || c == '\r' || c == '\n';
}

template <class T>
struct Named {
  std::string_view name;
  T value;
};

// Samba compares enumeration values as it compares names: case and blanks ignored.
template <class T, size_t N>
const Named<T>* find_named(const Named<T> (&table)[N], std::string_view text) {
  std::string key = normalize_name(text);
  for (const auto& entry : table)
    if (normalize_name(entry.name) == key) return &entry;
  return nullptr;
}

template <class T, size_t N>
std::string names_of(const Named<T> (&table)[N]) {
  std::string out;
  for (const auto& entry : table) out += (out.empty() ? "" : ", ") + std::string(entry.name);
  return out;
}

}  // namespace

bool same_word(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

std::string normalize_name(std::string_view name) {
  std::string out;
  for (char c : name)
    if (c != ' ' && c != '\t') out += lower(c);
  return out;
}

std::optional<bool> parse_bool(std::string_view text) {
  text = trim(text);
  for (auto yes : {"yes", "true", "on", "1"})
    if (same_word(text, yes)) return true;
  for (auto no : {"no", "false", "off", "0"})
    if (same_word(text, no)) return false;
  return std::nullopt;
}

std::string bool_name(bool value) { return value ? "Yes" : "No"; }

std::string parse_bool_into(std::string_view text, bool& out) {
  auto value = parse_bool(text);
  if (!value) return quote_text(text) + " is not a boolean (yes, no, true, false, 1, 0, on, off)";
  out = *value;
  return {};
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  std::string item;
  bool in_quotes = false;
  for (char c : text) {
    if (c == '"') {
      in_quotes = !in_quotes;
    } else if (!in_quotes && is_list_separator(c)) {
      if (!item.empty()) items.push_back(std::move(item));
      item.clear();
    } else {
      item += c;
    }
  }
  if (!item.empty()) items.push_back(std::move(item));
  return items;
}

std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    // Quoted too when it ends in '\\', which would continue the line.
    bool quote = std::any_of(item.begin(), item.end(), is_list_separator) || (!item.empty() && item.back() == '\\');
    out += quote ? quote_text(item) : item;
  }
  return out;
}

std::string parse_count(std::string_view text, uint32_t& out) {
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return quote_text(text) + " is not a number";
  uint64_t value = 0;
  for (char c : text) {
    value = value * 10 + static_cast<uint64_t>(c - '0');
    if (value > UINT32_MAX) return quote_text(text) + " is too large";
  }
  out = static_cast<uint32_t>(value);
  return {};
}

std::string parse_mode(std::string_view text, uint32_t& out) {
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '7'; }))
    return quote_text(text) + " is not an octal mode";
  uint32_t value = 0;
  for (char c : text) {
    value = value * 8 + static_cast<uint32_t>(c - '0');
    if (value > 07777) return quote_text(text) + " is above 07777";
  }
  out = value;
  return {};
}

std::string mode_name(uint32_t mode) {
  std::string digits;
  for (int shift = 9; shift >= 0; shift -= 3)
    digits += static_cast<char>('0' + ((mode >> shift) & 7));
  return digits;
}

std::string parse_ports(std::string_view text, std::vector<uint16_t>& out) {
  std::vector<uint16_t> ports;
  for (const auto& item : split_list(text)) {
    uint32_t port = 0;
    if (!parse_count(item, port).empty() || port == 0 || port > 65535)
      return quote_text(item) + " is not a port (1-65535)";
    ports.push_back(static_cast<uint16_t>(port));
  }
  if (ports.empty()) return "no port given";
  out = std::move(ports);
  return {};
}

std::string ports_name(const std::vector<uint16_t>& ports) {
  std::string out;
  for (auto port : ports) out += (out.empty() ? "" : " ") + std::to_string(port);
  return out;
}

std::string parse_principals(std::string_view text, std::vector<Principal>& out) {
  std::vector<Principal> list;
  for (const auto& item : split_list(text)) {
    Principal p;
    size_t prefix = 0;
    if (item[0] == '@') {
      prefix = 1;
    } else if (item[0] == '+' || item[0] == '&') {
      prefix = 1;
      char other = item[0] == '+' ? '&' : '+';
      if (item.size() > 1 && item[1] == other) prefix = 2;
    }
    p.prefix = item.substr(0, prefix);
    p.name = item.substr(prefix);
    if (p.name.empty()) return quote_text(item) + " names no group";
    list.push_back(std::move(p));
  }
  out = std::move(list);
  return {};
}

std::string principals_name(const std::vector<Principal>& list) {
  std::vector<std::string> items;
  for (const auto& p : list) items.push_back(p.prefix + p.name);
  return join_list(items);
}

std::vector<std::string> parse_slash_list(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    size_t slash = text.find('/');
    if (slash != 0) items.emplace_back(text.substr(0, slash));
    text = slash == std::string_view::npos ? std::string_view() : text.substr(slash + 1);
  }
  return items;
}

std::string slash_list_name(const std::vector<std::string>& items) {
  if (items.empty()) return {};
  std::string out = "/";
  for (const auto& item : items) out += item + "/";
  return out;
}

std::string parse_ciphers(std::string_view text, std::vector<std::string>& out) {
  static constexpr std::string_view kCiphers[] = {"AES-128-GCM", "AES-128-CCM", "AES-256-GCM",
                                                  "AES-256-CCM"};
  std::vector<std::string> list;
  for (const auto& item : split_list(text)) {
    auto known = std::find_if(std::begin(kCiphers), std::end(kCiphers),
                              [&](std::string_view c) { return same_word(c, item); });
    if (known == std::end(kCiphers))
      return quote_text(item) + " is not AES-128-GCM, AES-128-CCM, AES-256-GCM or AES-256-CCM";
    if (std::find(list.begin(), list.end(), *known) != list.end())
      return quote_text(item) + " is listed twice";
    list.emplace_back(*known);
  }
  if (list.empty()) return "no cipher given";
  out = std::move(list);
  return {};
}

std::string parse_protocol(std::string_view text, bool min, Protocol& out) {
  static constexpr Named<Protocol> kNames[] = {
      {"NT1", Protocol::NT1},         {"SMB2", Protocol::SMB2_10},   {"SMB2_02", Protocol::SMB2_02},
      {"SMB2_10", Protocol::SMB2_10}, {"SMB3", Protocol::SMB3_11},   {"SMB3_00", Protocol::SMB3_00},
      {"SMB3_02", Protocol::SMB3_02}, {"SMB3_11", Protocol::SMB3_11}};
  if (same_word(text, "default")) {  // Samba's defaults: SMB2_02 to SMB3_11
    out = min ? Protocol::SMB2_02 : Protocol::SMB3_11;
    return {};
  }
  if (const auto* named = find_named(kNames, text)) {
    out = named->value;
    return {};
  }
  for (auto older : {"CORE", "COREPLUS", "CORE+", "LANMAN1", "LANMAN2"})
    if (same_word(text, older))
      return quote_text(text) + " is older than NT1: out of range for smbkit (NT1 to SMB3_11)";
  return quote_text(text) + " is not a protocol (" + names_of(kNames) + ")";
}

std::string protocol_name(Protocol p) {
  switch (p) {
    case Protocol::NT1: return "NT1";
    case Protocol::SMB2_02: return "SMB2_02";
    case Protocol::SMB2_10: return "SMB2_10";
    case Protocol::SMB3_00: return "SMB3_00";
    case Protocol::SMB3_02: return "SMB3_02";
    case Protocol::SMB3_11: return "SMB3_11";
  }
  return "?";
}

std::string parse_signing(std::string_view text, Signing& out) {
  // smb.conf(5) "server signing" and the synonyms Samba's table accepts.
  static constexpr Named<Signing> kNames[] = {{"default", Signing::Default},
                                              {"auto", Signing::Auto},
                                              {"if_required", Signing::Auto},
                                              {"yes", Signing::Auto},
                                              {"true", Signing::Auto},
                                              {"on", Signing::Auto},
                                              {"1", Signing::Auto},
                                              {"enabled", Signing::Auto},
                                              {"desired", Signing::Desired},
                                              {"mandatory", Signing::Mandatory},
                                              {"required", Signing::Mandatory},
                                              {"force", Signing::Mandatory},
                                              {"forced", Signing::Mandatory},
                                              {"enforced", Signing::Mandatory},
                                              {"disabled", Signing::Disabled},
                                              {"no", Signing::Disabled},
                                              {"false", Signing::Disabled},
                                              {"off", Signing::Disabled},
                                              {"0", Signing::Disabled}};
  const auto* named = find_named(kNames, text);
  if (!named) return quote_text(text) + " is not a signing setting (" + names_of(kNames) + ")";
  out = named->value;
  return {};
}

std::string signing_name(Signing s) {
  switch (s) {
    case Signing::Default: return "default";
    case Signing::Disabled: return "disabled";
    case Signing::Auto: return "auto";
    case Signing::Desired: return "desired";
    case Signing::Mandatory: return "mandatory";
  }
  return "?";
}

std::string parse_encrypt(std::string_view text, Encrypt& out) {
  // smb.conf(5) "server smb encrypt" as Samba 4.17 reads it; "default" is if_required.
  static constexpr Named<Encrypt> kNames[] = {{"off", Encrypt::Off},
                                              {"no", Encrypt::Off},
                                              {"false", Encrypt::Off},
                                              {"disabled", Encrypt::Off},
                                              {"if_required", Encrypt::IfRequired},
                                              {"auto", Encrypt::IfRequired},
                                              {"default", Encrypt::IfRequired},
                                              {"yes", Encrypt::IfRequired},
                                              {"true", Encrypt::IfRequired},
                                              {"enabled", Encrypt::IfRequired},
                                              {"desired", Encrypt::Desired},
                                              {"required", Encrypt::Required},
                                              {"mandatory", Encrypt::Required},
                                              {"forced", Encrypt::Required}};
  const auto* named = find_named(kNames, text);
  if (!named) return quote_text(text) + " is not an encryption setting (" + names_of(kNames) + ")";
  out = named->value;
  return {};
}

std::string encrypt_name(Encrypt e) {
  switch (e) {
    case Encrypt::Off: return "off";
    case Encrypt::IfRequired: return "if_required";
    case Encrypt::Desired: return "desired";
    case Encrypt::Required: return "required";
  }
  return "?";
}

std::string parse_map_to_guest(std::string_view text, MapToGuest& out) {
  static constexpr Named<MapToGuest> kNames[] = {{"Never", MapToGuest::Never},
                                                 {"Bad User", MapToGuest::BadUser},
                                                 {"Bad Password", MapToGuest::BadPassword}};
  const auto* named = find_named(kNames, text);
  if (!named) return quote_text(text) + " is not " + names_of(kNames);
  out = named->value;
  return {};
}

std::string map_to_guest_name(MapToGuest m) {
  switch (m) {
    case MapToGuest::Never: return "Never";
    case MapToGuest::BadUser: return "Bad User";
    case MapToGuest::BadPassword: return "Bad Password";
  }
  return "?";
}

std::string parse_passdb(std::string_view text, Passdb& out) {
  // "smbpasswd:FILE", "tdbsam:FILE", or the bare name for Samba's default file.
  size_t colon = text.find(':');
  std::string_view kind = trim(text.substr(0, colon));
  std::string_view path =
      colon == std::string_view::npos ? std::string_view() : trim(text.substr(colon + 1));
  Passdb passdb;
  if (same_word(kind, "smbpasswd")) {
    passdb.kind = Passdb::Kind::Smbpasswd;
    passdb.path = path.empty() ? "/etc/samba/smbpasswd" : std::string(path);
  } else if (same_word(kind, "tdbsam")) {
    passdb.kind = Passdb::Kind::Tdbsam;
    passdb.path = path.empty() ? "/var/lib/samba/private/passdb.tdb" : std::string(path);
  } else {
    return quote_text(text) +
           " is not a passdb backend smbkit reads (smbpasswd[:FILE], tdbsam[:FILE])";
  }
  out = std::move(passdb);
  return {};
}

std::string passdb_name(const Passdb& p) {
  return (p.kind == Passdb::Kind::Smbpasswd ? "smbpasswd:" : "tdbsam:") + p.path;
}

}  // namespace smbkit::config
