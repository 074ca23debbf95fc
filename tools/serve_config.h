// `smbkit serve --config FILE`: what of a Samba smb.conf the server can serve, as a ServerConfig.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <tl/expected.hpp>
#include <vector>

#include "config/smb_conf.h"
#include "smbkit/server.h"

namespace smbkit::tools {

struct MappedConfig {
  ServerConfig server;
  // "FILE:LINE: ..." for each setting the server does not enforce yet, or serves differently.
  std::vector<std::string> notices;
  // smb.conf's "log level" as smbkit's level name (unset: the file says nothing), and "log file".
  std::optional<std::string> log_level;
  std::string log_file;
};

// smb.conf's "log level" ("3", "1 auth:5": the first number counts) as one of --log-level's
// names: 0 warn, 1-2 info, 3-9 debug, 10 and more trace; nullopt when it starts with no number.
std::optional<std::string> log_level_name(const std::string& samba_level);

// Maps what ServerConfig supports; `host_name` expands %h.
tl::expected<MappedConfig, std::string> map_smb_conf(const config::Config& conf,
                                                     const std::string& host_name);

// Loads `file`, prints its warnings and notices on stderr, and returns the server configuration
// with the flags the user gave on `cmd` (taken from `flags`) winning over the file. The file's
// shares named by a --share NAME=PATH in `share_flags` are left out: the caller adds those, and
// the --user accounts.
tl::expected<MappedConfig, std::string> load_serve_config(
    const std::string& file, const ServerConfig& flags, const CLI::App& cmd,
    const std::vector<std::string>& share_flags);

}  // namespace smbkit::tools
