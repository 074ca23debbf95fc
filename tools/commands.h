// The smbkit CLI's subcommands; each file registers its own.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace smbkit::tools {

// A subcommand's body, run after parsing; returns the process exit code.
using CommandRunner = std::function<int()>;

// Registers `serve`; sets `run` when it is the chosen subcommand.
void add_serve_command(CLI::App& app, CommandRunner& run);
// Registers the client commands (`get`, `cat`, `ls`, ...).
void add_client_commands(CLI::App& app, CommandRunner& run);
// Registers `testparm`, which checks an smb.conf.
void add_testparm_command(CLI::App& app, CommandRunner& run);
// Registers `passwd`, which edits a Samba smbpasswd file.
void add_passwd_command(CLI::App& app, CommandRunner& run);

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // the operation failed (a status from the peer, I/O)
inline constexpr int kExitUsage = 2;   // bad flags or configuration

}  // namespace smbkit::tools
