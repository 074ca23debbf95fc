// What the command line names: a share path as //HOST[:PORT]/SHARE/PATH (or with backslashes)
// or smb://[[DOMAIN;]USER@]HOST[:PORT]/SHARE/PATH, and smbclient-style credentials.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "smbkit/status.h"

namespace smbkit::client {

struct Target {
  std::string domain;  // from smb://DOMAIN;USER@..., else empty
  std::string user;    // from smb://USER@..., else empty
  std::string host;    // a name, an IPv4 address, or an IPv6 address (without brackets)
  std::optional<uint16_t> port;
  std::string share;
  std::string path;  // '/'-separated, no leading or trailing '/'; empty for the share root
};

// InvalidParameter for anything else: no host, no share, a bad port, a bad %-escape.
// smb:// URLs are %-decoded (RFC 3986); the //HOST form is taken as it is.
Result<Target> parse_target(std::string_view text);

// A server alone, for commands about the whole server (`smbkit shares`): //HOST[:PORT],
// \\HOST, smb://[[DOMAIN;]USER@]HOST[:PORT] or plain HOST[:PORT], a trailing separator
// allowed; share and path empty. InvalidParameter for a target that names a share.
Result<Target> parse_server(std::string_view text);

struct Credentials {
  std::string domain;
  std::string user;
  std::string password;
};

// -U USER%PASS: USER may be DOMAIN\USER or DOMAIN/USER; without '%' the password is empty.
// The first '%' ends the user name (a password may hold '%').
Credentials parse_credentials(std::string_view text);

}  // namespace smbkit::client
