// What every client command shares: the connection options, connecting to the share named on
// the command line, the failure line ("error: STATUS_NAME (0xXXXXXXXX): what was being done",
// exit 1; usage errors exit 2), progress on long transfers, and small path and time helpers.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include <CLI/CLI.hpp>

#include "client/url.h"
#include "smbkit/client.h"
#include "tools/commands.h"

namespace smbkit::tools {

struct ClientArgs {
  std::string target;  // //HOST[:PORT]/SHARE[/PATH] or smb://...
  std::string local;   // a local path, for the commands that take one
  std::string other;   // a second share path (mv's destination)
  std::string credentials;
  uint16_t port = 0;
  std::string dialect = "SMB3_11";
  bool sign = false;     // --sign
  bool encrypt = false;  // --encrypt
  std::vector<std::string> ciphers;  // --smb3-encryption-algorithms
  std::vector<std::string> signing;  // --smb3-signing-algorithms
  std::string auth_file;  // -A: smbclient's authentication file
  unsigned timeout = 30;  // -t: seconds to wait for each reply
  bool netbios = false;
  std::string security = "extended";
  bool open_andx = false;
  bool trace = false;
  bool recursive = false;      // get -r, put -r, watch --recursive
  bool write_through = false;  // put --write-through
  bool preserve_times = false;  // put --preserve-times
};

// The options every client command takes (-U, -A, -p, -m, --sign, --encrypt, --netbios,
// --security, --open-andx, --trace).
void add_connection_options(CLI::App* cmd, ClientArgs& a);

// A logged-on session with the share of `target` connected.
struct Session {
  std::unique_ptr<client::Client> client;
  client::Target target;
  client::TreeId tree = 0;
};

// Connects to the server of `target` and logs on, with the options of `a` (the user from -U, or
// from an smb:// target). Returns an exit code when that fails (after printing why).
std::variant<std::unique_ptr<client::Client>, int> connect_server(const ClientArgs& a,
                                                                  const client::Target& target);

// Parses the target and options, connects, logs on and connects to the share. Returns an exit
// code when that fails (after printing why). `needs_path`: the target must name something in the
// share, not the share itself.
std::variant<Session, int> start(const ClientArgs& a, bool needs_path);
// Leaves the share and the session; their failures change nothing for the user now.
void finish(Session& s);

int usage_error(const std::string& message);
int failure(NtStatus status, const std::string& context);

// \\HOST\SHARE\PATH for messages, and the same for a path in the session's share.
std::string display_path(const Session& s);
std::string display_path(const Session& s, const std::string& path);

// "a/b/c" -> "c"; "a/b" + "c" -> "a/b/c" ("" + "c" -> "c").
std::string basename_of(const std::string& path);
std::string join_path(const std::string& dir, const std::string& name);
bool has_wildcards(const std::string& s);
// FILETIME as "YYYY-MM-DD HH:MM:SS" in UTC.
std::string utc_time(uint64_t filetime);

// Writes all of `data` to `fd`.
Result<void> write_all(int fd, std::span<const uint8_t> data);

// Progress on stderr for long transfers, when stderr is a terminal: at most ten updates a
// second, and a final line.
class Progress {
 public:
  explicit Progress(uint64_t total);
  void add(uint64_t n);
  void end();

 private:
  uint64_t total_;
  uint64_t done_ = 0;
  bool on_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

// The client command groups, each in its own file; add_client_commands registers them all.
void add_transfer_commands(CLI::App& app, CommandRunner& run);   // get, cat, put
void add_namespace_commands(CLI::App& app, CommandRunner& run);  // ls, stat, mkdir, rmdir, rm, mv
void add_watch_command(CLI::App& app, CommandRunner& run);       // watch
void add_shares_command(CLI::App& app, CommandRunner& run);      // shares

}  // namespace smbkit::tools
