// smb.conf's %-substitutions (smb.conf(5) "VARIABLE SUBSTITUTIONS"). The parser keeps values
// raw; whoever uses a value expands it then, since most variables belong to a session.
#pragma once

#include <string>
#include <string_view>

namespace smbkit::config {

struct SubstitutionContext {
  std::string session_user;         // %U: the name the client logged on with
  std::string unix_user;            // %u: the account it maps to
  std::string primary_group;        // %G, %g
  std::string home_directory;       // %H
  std::string share_name;           // %S
  std::string share_path;           // %P
  std::string dns_host_name;        // %h
  std::string netbios_name;         // %L
  std::string client_netbios_name;  // %m
  std::string client_ip;            // %I
  std::string date_time;            // %T; empty: the local time now, "YYYY/MM/DD HH:MM:SS"
  std::string workgroup;            // %D
};

// Expands the variables above and %% (a '%'); any other %x, and a trailing '%', stay as written.
// What is substituted in is not expanded again.
std::string substitute(std::string_view value, const SubstitutionContext& context);

// Whether `value` names a variable that only a session knows (%U %u %G %g %H %m %I %T), as
// opposed to the server's (%h %L %D) and the share's own (%S %P).
bool needs_session(std::string_view value);

}  // namespace smbkit::config
