// The server's accounts, kept only as NT hashes (16 bytes), loadable from Samba's smbpasswd
// file format: name:uid:LMHASH:NTHASH:[flags]:LCT-hhhhhhhh:
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <unordered_map>

#include "auth/ntlm_hash.h"
#include "auth/username_map.h"

namespace smbkit::auth {

struct Account {
  std::string name;                   // as written in the file or given to add()
  std::optional<NtHash> nt_hash;      // absent for "NO PASSWORD" / 'X' entries
  bool disabled = false;              // 'D' flag
  bool no_password_required = false;  // 'N' flag

  Account() = default;
  Account(const Account&) = default;
  Account(Account&&) = default;
  Account& operator=(const Account&) = default;
  Account& operator=(Account&&) = default;
  ~Account();  // wipes the hash, in every copy and moved-from husk alike
};

class UserDb {
 public:
  // Adds or replaces an account; the password is hashed and this copy of it wiped.
  void add(std::string_view name, std::string password);
  void add(Account account);

  // Case-insensitive on the name (NTLM user names are compared upper-cased).
  const Account* find(std::string_view name) const;

  // smb.conf's "username map", applied by find_logon(); `in_group` answers its "@group" entries.
  void set_username_map(UsernameMap map, UsernameMap::GroupCheck in_group);
  // The account a client that logs on as `client_name` logs on to: the name mapped through the
  // username map (smb.conf(5): before the password is checked), then found. The client's own
  // name stays the one its responses are computed with (MS-NLMP 3.3.2 NTOWFv2 takes the user
  // name as sent).
  const Account* find_logon(std::string_view client_name) const;
  size_t size() const { return accounts_.size(); }
  // smb.conf's "map to guest = bad user": a logon with a name find_logon() finds no account for
  // becomes a guest logon (AuthOutcome::is_guest) instead of failing.
  void set_unknown_users_are_guests(bool on) { unknown_users_are_guests_ = on; }
  bool unknown_users_are_guests() const { return unknown_users_are_guests_; }

  // Samba smbpasswd text: one account a line; blank lines and lines starting with '#' are
  // skipped. Hashes are 32 hex digits, or 32 'X's / "NO PASSWORD..." for none; the LM hash is
  // read and dropped. The flags field is "[...]" with 'D' (disabled) and 'N' (no password
  // required) honoured and the other Samba letters accepted. The error names the line:
  // "smbpasswd line 3: NT hash is not 32 hex digits".
  static tl::expected<UserDb, std::string> parse_smbpasswd(std::string_view text);
  static tl::expected<UserDb, std::string> load_smbpasswd(const std::string& path);

  // One smbpasswd line (no newline) for an enabled user account as Samba writes it: no LM hash
  // (32 'X's), flags "[U          ]", the last change as LCT-<8 upper-case hex digits>.
  static std::string smbpasswd_line(std::string_view name, uint32_t uid, const NtHash& hash,
                                    uint32_t last_change);
  // The account a line is for (the text before its first ':'), or nullopt for a blank line, a
  // comment or a line without one.
  static std::optional<std::string_view> smbpasswd_line_name(std::string_view line);

 private:
  std::unordered_map<std::string, Account> accounts_;  // keyed by upper-cased name
  UsernameMap username_map_;
  UsernameMap::GroupCheck in_group_;
  bool unknown_users_are_guests_ = false;
};

}  // namespace smbkit::auth
