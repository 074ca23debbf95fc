// The client commands: `get`, `cat` and `ls`, in the style of smbclient. Each parses its
// arguments, calls the client library and prints; failures print
// "error: STATUS_NAME (0xXXXXXXXX): what was being done" and exit 1, usage errors exit 2.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "client/url.h"
#include "smbkit/client.h"
#include "tools/commands.h"
#include "wire/filetime.h"

namespace smbkit::tools {
namespace {

using client::Client;
using client::ClientOptions;

struct ClientArgs {
  std::string target;
  std::string local;
  std::string credentials;
  uint16_t port = 0;
  std::string dialect = "NT1";
  bool netbios = false;
  std::string security = "extended";
  bool open_andx = false;
  bool trace = false;
};

constexpr uint64_t kProgressThreshold = 8ull * 1024 * 1024;

int usage_error(const std::string& message) {
  fmt::print(stderr, "error: {}\n", message);
  return kExitUsage;
}

int failure(NtStatus status, const std::string& context) {
  fmt::print(stderr, "error: {} (0x{:08X}): {}\n", status_name(status), to_u32(status), context);
  return kExitFailed;
}

// The options every client command takes.
void add_connection_options(CLI::App* cmd, ClientArgs& a) {
  cmd->add_option("-U,--user", a.credentials, "[DOMAIN\\]USER[%PASSWORD]");
  cmd->add_option("-p,--port", a.port, "TCP port (default 445, or 139 with --netbios)");
  cmd->add_option("-m,--max-protocol", a.dialect, "dialect: NT1 (SMB1) only, for now");
  cmd->add_flag("--netbios", a.netbios, "NetBIOS session service (as on port 139)");
  cmd->add_option("--security", a.security, "logon form: extended (NTLMSSP in SPNEGO) or "
                                            "challenge (NT LM 0.12 challenge/response)")
      ->check(CLI::IsMember({"extended", "challenge"}));
  cmd->add_flag("--open-andx", a.open_andx, "open files with SMB_COM_OPEN_ANDX");
  cmd->add_flag("--trace", a.trace, "print every packet on stderr");
}

struct Session {
  std::unique_ptr<Client> client;
  client::Target target;
  client::TreeId tree = 0;
};

// Parses the target and options, connects, logs on and connects to the share. Returns an exit
// code when that fails.
std::variant<Session, int> start(const ClientArgs& a, bool needs_file) {
  auto target = client::parse_target(a.target);
  if (!target)
    return usage_error("'" + a.target + "' is not //HOST[:PORT]/SHARE[/PATH] or " +
                       "smb://[USER@]HOST[:PORT]/SHARE[/PATH]");
  if (needs_file && target->path.empty())
    return usage_error("'" + a.target + "' names a share, not a file in it");
  if (a.dialect != "NT1" && a.dialect != "nt1")
    return usage_error("-m " + a.dialect + ": only NT1 (SMB1) is spoken so far");

  ClientOptions o;
  o.host = target->host;
  o.netbios = a.netbios;
  o.port = a.netbios ? 139 : 445;
  if (a.port && target->port && a.port != *target->port)
    return usage_error(fmt::format("-p {} contradicts the port in {}", a.port, a.target));
  if (a.port) o.port = a.port;
  if (target->port) o.port = *target->port;
  if (!a.credentials.empty()) {
    auto c = client::parse_credentials(a.credentials);
    o.user = c.user;
    o.domain = c.domain;
    o.password = c.password;
  } else {
    o.user = target->user;
    o.domain = target->domain;
  }
  o.security = a.security == "challenge" ? ClientOptions::Security::Challenge
                                         : ClientOptions::Security::Extended;
  o.dialect = "NT1";
  o.force_open_andx = a.open_andx;
  if (a.trace)
    o.trace = [](const client::TraceEvent& e) {
      fmt::print(stderr, "{}\n", client::format_trace_line(e));
    };

  auto connected = Client::connect(o);
  if (!connected)
    return failure(connected.error(), fmt::format("connecting to {} port {} as '{}'", o.host,
                                                  o.port, o.user));
  Session s{std::move(*connected), std::move(*target), 0};
  auto tree = s.client->tree_connect(s.target.share);
  if (!tree)
    return failure(tree.error(),
                   fmt::format("tree connect \\\\{}\\{}", s.target.host, s.target.share));
  s.tree = *tree;
  return s;
}

// Leaves the share and the session; their failures change nothing for the user now.
void finish(Session& s) {
  (void)s.client->tree_disconnect(s.tree);
  (void)s.client->logoff();
}

std::string display_path(const Session& s) {
  std::string p = "\\\\" + s.target.host + "\\" + s.target.share;
  if (!s.target.path.empty()) p += '\\';
  for (char c : s.target.path) p += c == '/' ? '\\' : c;
  return p;
}

// Progress on stderr for long transfers, when stderr is a terminal: at most ten updates a
// second, and a final line.
class Progress {
 public:
  explicit Progress(uint64_t total)
      : total_(total), on_(total > kProgressThreshold && isatty(STDERR_FILENO)) {}
  void add(uint64_t n) {
    done_ += n;
    if (!on_) return;
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100) && done_ < total_) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    double rate = seconds > 0 ? done_ / seconds / (1024 * 1024) : 0;
    fmt::print(stderr, "\r{:.1f} / {:.1f} MiB  {:3d}%  {:.1f} MiB/s   ",
               done_ / (1024.0 * 1024), total_ / (1024.0 * 1024),
               static_cast<int>(total_ ? done_ * 100 / total_ : 100), rate);
  }
  void end() {
    if (on_) fmt::print(stderr, "\n");
  }

 private:
  uint64_t total_;
  uint64_t done_ = 0;
  bool on_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

Result<void> write_all(int fd, std::span<const uint8_t> data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(status_from_errno(errno));
    data = data.subspan(static_cast<size_t>(n));
  }
  return {};
}

// Streams the open file to `fd`.
Result<uint64_t> download(Session& s, const client::FileHandle& file, int fd) {
  Progress progress(file.size);
  auto got = s.client->read_all(file, [&](std::span<const uint8_t> chunk) -> Result<void> {
    if (auto w = write_all(fd, chunk); !w) return w;
    progress.add(chunk.size());
    return {};
  });
  progress.end();
  return got;
}

std::string basename_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Into a temporary file beside `local`, renamed over it once complete: a failed get leaves
// nothing behind (and an existing file untouched).
int save_via_temp(Session& s, const client::FileHandle& file, const std::string& local) {
  size_t slash = local.find_last_of('/');
  std::string dir = slash == std::string::npos ? "." : local.substr(0, slash + 1);
  std::string temp = (slash == std::string::npos ? std::string() : dir) + "." +
                     basename_of(local) + ".smbkit-XXXXXX";
  int fd = ::mkstemp(temp.data());
  if (fd < 0) return failure(status_from_errno(errno), "create a file in " + dir);
  auto got = download(s, file, fd);
  mode_t mask = ::umask(0);
  ::umask(mask);
  int saved = 0;
  if (got && ::fchmod(fd, 0666 & ~mask) != 0) saved = errno;
  if (::close(fd) != 0 && got && !saved) saved = errno;
  if (got && !saved && ::rename(temp.c_str(), local.c_str()) != 0) saved = errno;
  if (!got || saved) {
    ::unlink(temp.c_str());
    if (!got) return failure(got.error(), "read " + display_path(s));
    return failure(status_from_errno(saved), "write " + local);
  }
  return kExitOk;
}

// Straight into something that is not a regular file: a device (/dev/null), a FIFO.
int save_direct(Session& s, const client::FileHandle& file, const std::string& local) {
  int fd = ::open(local.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return failure(status_from_errno(errno), "open " + local);
  auto got = download(s, file, fd);
  int saved = ::close(fd) != 0 ? errno : 0;
  if (!got) return failure(got.error(), "read " + display_path(s));
  if (saved) return failure(status_from_errno(saved), "write " + local);
  return kExitOk;
}

int run_get(const ClientArgs& a) {
  auto started = start(a, /*needs_file=*/true);
  if (auto* code = std::get_if<int>(&started)) return *code;
  Session& s = std::get<Session>(started);

  // Where the file goes: LOCAL, LOCAL/<name> when LOCAL is a directory, ./<name> without it;
  // a symbolic link is followed to the file it names.
  std::string local = a.local.empty() ? basename_of(s.target.path) : a.local;
  struct stat st{};
  bool exists = local != "-" && ::stat(local.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) {
    local += "/" + basename_of(s.target.path);
    exists = ::stat(local.c_str(), &st) == 0;
  }
  if (exists && S_ISREG(st.st_mode)) {
    if (char* real = ::realpath(local.c_str(), nullptr)) {
      local = real;
      std::free(real);
    }
  }

  auto file = s.client->open(s.tree, s.target.path);
  if (!file) return failure(file.error(), "open " + display_path(s));
  int saved = kExitOk;
  if (local == "-") {
    auto got = download(s, *file, STDOUT_FILENO);
    if (!got) return failure(got.error(), "read " + display_path(s));
  } else if (exists && !S_ISREG(st.st_mode)) {
    saved = save_direct(s, *file, local);
  } else {
    saved = save_via_temp(s, *file, local);
  }
  if (saved != kExitOk) return saved;
  if (auto closed = s.client->close(*file); !closed)
    return failure(closed.error(), "close " + display_path(s));
  finish(s);
  return kExitOk;
}

int run_cat(const ClientArgs& a) {
  auto started = start(a, /*needs_file=*/true);
  if (auto* code = std::get_if<int>(&started)) return *code;
  Session& s = std::get<Session>(started);
  auto file = s.client->open(s.tree, s.target.path);
  if (!file) return failure(file.error(), "open " + display_path(s));
  auto got = download(s, *file, STDOUT_FILENO);
  if (!got) return failure(got.error(), "read " + display_path(s));
  if (auto closed = s.client->close(*file); !closed)
    return failure(closed.error(), "close " + display_path(s));
  finish(s);
  return kExitOk;
}

std::string utc_time(uint64_t filetime) {
  timespec ts = timespec_from_filetime(filetime);
  time_t t = ts.tv_sec;
  tm utc{};
  char buf[32] = "0000-00-00 00:00:00";
  if (gmtime_r(&t, &utc)) std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &utc);
  return buf;
}

bool has_wildcards(const std::string& s) { return s.find_first_of("*?<>\"") != std::string::npos; }

int run_ls(const ClientArgs& a) {
  auto started = start(a, /*needs_file=*/false);
  if (auto* code = std::get_if<int>(&started)) return *code;
  Session& s = std::get<Session>(started);
  // A last component with wildcards is the pattern; otherwise the path is the directory.
  std::string dir = s.target.path;
  std::string pattern = "*";
  std::string leaf = basename_of(dir);
  if (has_wildcards(leaf)) {
    pattern = leaf;
    dir.resize(dir.size() - leaf.size());
  }
  auto entries = s.client->list(s.tree, dir, pattern);
  if (!entries) return failure(entries.error(), "list " + display_path(s));
  std::sort(entries->begin(), entries->end(),
            [](const auto& x, const auto& y) { return x.name < y.name; });
  size_t width = 1;
  for (const auto& e : *entries) width = std::max(width, std::to_string(e.size).size());
  for (const auto& e : *entries)
    fmt::print("{}  {:>{}}  {}  {}\n", e.directory ? 'd' : '-', e.size, width,
               utc_time(e.last_write_time), e.name);
  std::fflush(stdout);
  finish(s);
  return kExitOk;
}

void add_command(CLI::App& app, CommandRunner& run, const char* name, const char* description,
                 int (*body)(const ClientArgs&), bool takes_local = false) {
  auto args = std::make_shared<ClientArgs>();
  CLI::App* cmd = app.add_subcommand(name, description);
  cmd->add_option("target", args->target, "//HOST[:PORT]/SHARE/PATH or smb://...")->required();
  if (takes_local)
    cmd->add_option("local", args->local, "local file or directory; '-' for stdout");
  add_connection_options(cmd, *args);
  cmd->callback([&run, args, body] { run = [args, body] { return body(*args); }; });
}

}  // namespace

void add_client_commands(CLI::App& app, CommandRunner& run) {
  add_command(app, run, "get", "download a file", run_get, /*takes_local=*/true);
  add_command(app, run, "cat", "print a file on stdout", run_cat);
  add_command(app, run, "ls", "list a directory, or a pattern in one (//HOST/SHARE/DIR/*.txt)",
              run_ls);
}

}  // namespace smbkit::tools
