// Who the client logs on as, from the places smbclient takes it: -U, the user of an smb:// URL,
// an authentication file (-A), or the environment (USER, PASSWD), so that a password need not
// be on the command line.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "client/url.h"
#include "tools/client_common.h"

namespace smbkit::tools {

// smbclient's authentication file (smbclient(1) -A): "username = ", "password = " and
// "domain = " lines, blanks around '=' ignored, '#' and ';' lines comments. An unknown key or a
// line without '=' is an error naming its line.
std::variant<client::Credentials, std::string> parse_auth_file(std::string_view text);

// In this order: -U (its password, else $PASSWD); the smb:// URL's user (password from
// $PASSWD); -A FILE; $USER (which may hold "user%password") when a password comes with it, from
// there or $PASSWD. None of them: an anonymous logon. Returns an exit code after printing why
// when -A's file cannot be read or parsed.
std::variant<client::Credentials, int> resolve_credentials(const ClientArgs& a,
                                                           const client::Target& target);

}  // namespace smbkit::tools
