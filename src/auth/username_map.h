// smb.conf(5) "username map": a file mapping the names clients log on with to the server's
// account names, applied before the password is checked (the mapped account's password is the
// one checked, and the session is the mapped user's). Parser and matcher; no I/O but load().
//
//   # comment            ; comment
//   root = admin administrator        "admin" or "administrator" log on as root
//   sys = @system                     members of the Unix group "system" log on as sys
//   tridge = "Andrew Tridgell"        a quoted name may hold spaces
//   !sam = mary fred                  '!': a match on this line ends the mapping
//   guest = *                         '*' matches every name
//
// Each line is compared with the name the client gave, in order; the last line that matches
// wins, unless a '!' line matched first. What smbd was seen to do decides where smb.conf(5) says
// nothing: names compare case-insensitively, commas separate names as blanks do, a '*' anywhere
// on the right matches every name, a line without '=' is skipped, and a later line compares the
// client's name, not what an earlier line mapped it to.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <vector>

namespace smbkit::auth {

struct UsernameMapLine {
  std::string unix_name;                  // the left-hand side
  std::vector<std::string> client_names;  // as written, quotes removed: names, @group, +group, *
  bool stop_if_matched = false;           // the line began with '!'
  size_t line_no = 0;
};

class UsernameMap {
 public:
  // Whether the Unix account `user` is in the Unix group `group` (for "@group" and "+group").
  using GroupCheck = std::function<bool(const std::string& user, const std::string& group)>;

  // Lines it cannot use (no '=', nothing left of it, an unterminated quote) are left out, each
  // named in `warnings` as "line N: why" (load(): "username map PATH line N: why"), as smbd
  // skips them.
  static UsernameMap parse(std::string_view text, std::vector<std::string>* warnings);
  // The file at `path`; fails with "username map PATH: why" when it cannot be read.
  static tl::expected<UsernameMap, std::string> load(const std::string& path,
                                                     std::vector<std::string>* warnings);

  // The name `client_name` logs on as: the unix name of the line that decides, else itself.
  // An empty name (anonymous) is never mapped.
  std::string map(std::string_view client_name, const GroupCheck& in_group) const;

  bool empty() const { return lines_.empty(); }
  const std::vector<UsernameMapLine>& lines() const { return lines_; }

 private:
  std::vector<UsernameMapLine> lines_;
};

}  // namespace smbkit::auth
