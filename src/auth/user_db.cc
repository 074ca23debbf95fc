#include "auth/user_db.h"

#include <charconv>
#include <fstream>
#include <sstream>
#include <vector>

#include "crypto/secure.h"
#include "wire/utf16.h"

namespace smbkit::auth {
namespace {

// Samba's account-control letters (passdb ACB_* flags) that may appear between the brackets.
constexpr std::string_view kKnownFlags = "UNDWHTXMSLI ";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// 32 hex digits -> hash; 'X's or "NO PASSWORD" -> no hash; anything else -> the error (else an
// empty string). Parses straight into `out`, so that no stray copy of the hash is left unwiped.
std::string parse_hash(std::string_view field, std::string_view what, std::optional<NtHash>& out) {
  out.reset();
  if (field.size() == 32 && field.find_first_not_of('X') == std::string_view::npos) return {};
  if (field.starts_with("NO PASSWORD")) return {};
  if (field.size() != 32) return std::string(what) + " is not 32 hex digits";
  NtHash& hash = out.emplace();
  for (size_t i = 0; i < 16; ++i) {
    int hi = hex_value(field[2 * i]), lo = hex_value(field[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      crypto::secure_wipe(hash);
      out.reset();
      return std::string(what) + " is not 32 hex digits";
    }
    hash[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  return {};
}

std::vector<std::string_view> split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    size_t at = line.find(sep);
    out.push_back(line.substr(0, at));
    if (at == std::string_view::npos) return out;
    line.remove_prefix(at + 1);
  }
}

tl::expected<Account, std::string> parse_line(std::string_view line) {
  auto fields = split(line, ':');
  if (fields.size() < 4) return tl::unexpected(std::string("expected name:uid:LM:NT:[flags]:LCT:"));
  Account a;
  a.name = std::string(fields[0]);
  if (a.name.empty()) return tl::unexpected(std::string("empty user name"));
  uint64_t uid = 0;
  auto [end, ec] = std::from_chars(fields[1].data(), fields[1].data() + fields[1].size(), uid);
  if (fields[1].empty() || ec != std::errc() || end != fields[1].data() + fields[1].size())
    return tl::unexpected(std::string("uid is not a number"));
  std::optional<NtHash> lm;  // read and dropped
  std::string error = parse_hash(fields[2], "LM hash", lm);
  if (lm) crypto::secure_wipe(*lm);
  if (error.empty()) error = parse_hash(fields[3], "NT hash", a.nt_hash);
  if (!error.empty()) return tl::unexpected(error);
  if (fields.size() > 4 && !fields[4].empty()) {
    std::string_view flags = fields[4];
    if (flags.size() < 2 || flags.front() != '[' || flags.back() != ']')
      return tl::unexpected(std::string("account flags are not in [brackets]"));
    flags = flags.substr(1, flags.size() - 2);
    if (flags.find_first_not_of(kKnownFlags) != std::string_view::npos)
      return tl::unexpected(std::string("unknown account flag in [") + std::string(flags) + "]");
    a.disabled = flags.find('D') != std::string_view::npos;
    a.no_password_required = flags.find('N') != std::string_view::npos;
  }
  if (fields.size() > 5 && !fields[5].empty()) {
    std::string_view lct = fields[5];
    bool ok = lct.starts_with("LCT-") && lct.size() == 12;
    for (size_t i = 4; ok && i < lct.size(); ++i) ok = hex_value(lct[i]) >= 0;
    if (!ok) return tl::unexpected(std::string("last-change time is not LCT-<8 hex digits>"));
  }
  return a;
}

}  // namespace

Account::~Account() {
  if (nt_hash) crypto::secure_wipe(*nt_hash);
}

void UserDb::add(std::string_view name, std::string password) {
  Account a;
  a.name = std::string(name);
  a.nt_hash = nt_hash(password);
  crypto::secure_wipe({reinterpret_cast<uint8_t*>(password.data()), password.size()});
  add(std::move(a));
}

void UserDb::add(Account account) {
  std::string key = to_upper(account.name);
  accounts_.insert_or_assign(std::move(key), std::move(account));
}

const Account* UserDb::find(std::string_view name) const {
  auto it = accounts_.find(to_upper(name));
  return it == accounts_.end() ? nullptr : &it->second;
}

void UserDb::set_username_map(UsernameMap map, UsernameMap::GroupCheck in_group) {
  username_map_ = std::move(map);
  in_group_ = std::move(in_group);
}

const Account* UserDb::find_logon(std::string_view client_name) const {
  if (username_map_.empty()) return find(client_name);
  return find(username_map_.map(client_name, in_group_));
}

tl::expected<UserDb, std::string> UserDb::parse_smbpasswd(std::string_view text) {
  UserDb db;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    auto account = parse_line(line);
    if (!account)
      return tl::unexpected("smbpasswd line " + std::to_string(line_no) + ": " + account.error());
    db.add(std::move(*account));
  }
  return db;
}

tl::expected<UserDb, std::string> UserDb::load_smbpasswd(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return tl::unexpected("cannot open smbpasswd file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  std::string contents = text.str();
  auto db = parse_smbpasswd(contents);
  crypto::secure_wipe({reinterpret_cast<uint8_t*>(contents.data()), contents.size()});
  return db;
}

std::string UserDb::smbpasswd_line(std::string_view name, uint32_t uid, const NtHash& hash,
                                   uint32_t last_change) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string line(name);
  line += ":" + std::to_string(uid) + ":" + std::string(32, 'X') + ":";
  for (uint8_t b : hash) {
    line += kHex[b >> 4];
    line += kHex[b & 0xF];
  }
  line += ":[U          ]:LCT-";
  for (int shift = 28; shift >= 0; shift -= 4) line += kHex[(last_change >> shift) & 0xF];
  line += ":";
  return line;
}

std::optional<std::string_view> UserDb::smbpasswd_line_name(std::string_view line) {
  size_t first = line.find_first_not_of(" \t");
  if (first == std::string_view::npos || line[first] == '#') return std::nullopt;
  size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  return line.substr(0, colon);
}

}  // namespace smbkit::auth
