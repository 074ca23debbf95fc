#include "tools/client_common.h"

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <unistd.h>

#include <fmt/format.h>

#include "client/smb2_session.h"
#include "tools/credentials.h"
#include "wire/filetime.h"

namespace smbkit::tools {
namespace {

using client::Client;
using client::ClientOptions;

constexpr uint64_t kProgressThreshold = 8ull * 1024 * 1024;

}  // namespace

int usage_error(const std::string& message) {
  fmt::print(stderr, "error: {}\n", message);
  return kExitUsage;
}

int failure(NtStatus status, const std::string& context) {
  fmt::print(stderr, "error: {} (0x{:08X}): {}\n", status_name(status), to_u32(status), context);
  return kExitFailed;
}

void add_connection_options(CLI::App* cmd, ClientArgs& a) {
  cmd->add_option("-U,--user", a.credentials,
                  "[DOMAIN\\]USER[%PASSWORD] (else -A, else $USER and $PASSWD when the password "
                  "is there, else anonymous)");
  cmd->add_option("-A,--authentication-file", a.auth_file,
                  "file of 'username = ', 'password = ', 'domain = ' lines (smbclient's format)");
  cmd->add_option("-p,--port", a.port, "TCP port (default 445, or 139 with --netbios)");
  cmd->add_option("-m,--max-protocol", a.dialect,
                  "highest dialect: SMB3_11 (default), SMB3_02, SMB3_00, SMB2_10, SMB2_02 "
                  "(SMB3, SMB2: the highest of each); NT1 for SMB1 alone");
  cmd->add_flag("--sign", a.sign, "SMB 2/3: sign every message; refuse a server that cannot");
  cmd->add_flag("--encrypt", a.encrypt,
                "SMB 3: encrypt every message; refuse a server that cannot");
  cmd->add_option("--smb3-encryption-algorithms", a.ciphers,
                  "SMB 3.1.1 ciphers offered, preferred first: AES-128-GCM AES-128-CCM "
                  "AES-256-GCM AES-256-CCM (the default, in that order)")
      ->delimiter(',')
      ->check(CLI::IsMember({"AES-128-GCM", "AES-128-CCM", "AES-256-GCM", "AES-256-CCM"},
                            CLI::ignore_case));
  cmd->add_option("--smb3-signing-algorithms", a.signing,
                  "SMB 3.1.1 signing algorithms offered, preferred first: AES-128-GMAC "
                  "AES-128-CMAC HMAC-SHA256 (the default, in that order)")
      ->delimiter(',')
      ->check(CLI::IsMember({"AES-128-GMAC", "AES-128-CMAC", "HMAC-SHA256"}, CLI::ignore_case));
  cmd->add_option("-t,--timeout", a.timeout, "seconds to wait for each reply (default 30)")
      ->check(CLI::Range(1u, 86400u));
  cmd->add_flag("--netbios", a.netbios, "NetBIOS session service (as on port 139)");
  cmd->add_option("--security", a.security, "logon form: extended (NTLMSSP in SPNEGO) or "
                                            "challenge (NT LM 0.12 challenge/response)")
      ->check(CLI::IsMember({"extended", "challenge"}));
  cmd->add_flag("--open-andx", a.open_andx, "open files with SMB_COM_OPEN_ANDX");
  cmd->add_flag("--trace", a.trace, "print every packet on stderr");
}

std::variant<std::unique_ptr<Client>, int> connect_server(const ClientArgs& a,
                                                          const client::Target& target) {
  bool smb1 = a.dialect == "NT1" || a.dialect == "nt1";
  if (!smb1 && !client::smb2_dialect_named(a.dialect))
    return usage_error("-m " + a.dialect +
                       ": not one of NT1, SMB2_02, SMB2_10, SMB2, SMB3_00, SMB3_02, SMB3_11, SMB3");
  if (smb1 && (a.sign || a.encrypt))
    return usage_error("--sign and --encrypt are for SMB 2/3, not -m NT1");
  if (!smb1 && (a.open_andx || a.security == "challenge"))
    return usage_error("--open-andx and --security challenge are for SMB1 (-m NT1)");

  ClientOptions o;
  o.host = target.host;
  o.netbios = a.netbios;
  o.port = a.netbios ? 139 : 445;
  if (a.port && target.port && a.port != *target.port)
    return usage_error(fmt::format("-p {} contradicts the port in {}", a.port, a.target));
  if (a.port) o.port = a.port;
  if (target.port) o.port = *target.port;
  auto credentials = resolve_credentials(a, target);
  if (auto* code = std::get_if<int>(&credentials)) return *code;
  auto& c = std::get<client::Credentials>(credentials);
  o.user = std::move(c.user);
  o.domain = std::move(c.domain);
  o.password = std::move(c.password);
  o.security = a.security == "challenge" ? ClientOptions::Security::Challenge
                                         : ClientOptions::Security::Extended;
  o.dialect = a.dialect;
  o.sign = a.sign;
  o.encrypt = a.encrypt;
  o.reply_timeout = std::chrono::seconds(a.timeout);
  o.encryption_algorithms = a.ciphers;
  o.signing_algorithms = a.signing;
  o.force_open_andx = a.open_andx;
  if (a.trace)
    o.trace = [](const client::TraceEvent& e) {
      fmt::print(stderr, "{}\n", client::format_trace_line(e));
    };

  auto connected = Client::connect(o);
  if (!connected)
    return failure(connected.error(), fmt::format("connecting to {} port {} as '{}'", o.host,
                                                  o.port, o.user));
  return std::move(*connected);
}

std::variant<Session, int> start(const ClientArgs& a, bool needs_path) {
  auto target = client::parse_target(a.target);
  if (!target)
    return usage_error("'" + a.target + "' is not //HOST[:PORT]/SHARE[/PATH] or " +
                       "smb://[USER@]HOST[:PORT]/SHARE[/PATH]");
  if (needs_path && target->path.empty())
    return usage_error("'" + a.target + "' names a share, not a file in it");
  auto connected = connect_server(a, *target);
  if (auto* code = std::get_if<int>(&connected)) return *code;
  Session s{std::move(std::get<std::unique_ptr<Client>>(connected)), std::move(*target), 0};
  auto tree = s.client->tree_connect(s.target.share);
  if (!tree)
    return failure(tree.error(),
                   fmt::format("tree connect \\\\{}\\{}", s.target.host, s.target.share));
  s.tree = *tree;
  return s;
}

void finish(Session& s) {
  (void)s.client->tree_disconnect(s.tree);
  (void)s.client->logoff();
}

std::string display_path(const Session& s, const std::string& path) {
  std::string p = "\\\\" + s.target.host + "\\" + s.target.share;
  if (!path.empty()) p += '\\';
  for (char c : path) p += c == '/' ? '\\' : c;
  return p;
}

std::string display_path(const Session& s) { return display_path(s, s.target.path); }

std::string basename_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string join_path(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  return dir.back() == '/' ? dir + name : dir + "/" + name;
}

bool has_wildcards(const std::string& s) { return s.find_first_of("*?<>\"") != std::string::npos; }

std::string utc_time(uint64_t filetime) {
  timespec ts = timespec_from_filetime(filetime);
  time_t t = ts.tv_sec;
  tm utc{};
  char buf[32] = "0000-00-00 00:00:00";
  if (gmtime_r(&t, &utc)) std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &utc);
  return buf;
}

Result<void> write_all(int fd, std::span<const uint8_t> data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(status_from_errno(errno));
    data = data.subspan(static_cast<size_t>(n));
  }
  return {};
}

Progress::Progress(uint64_t total)
    : total_(total), on_(total > kProgressThreshold && isatty(STDERR_FILENO)) {}

void Progress::add(uint64_t n) {
  done_ += n;
  if (!on_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(100) && done_ < total_) return;
  last_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  double rate = seconds > 0 ? done_ / seconds / (1024 * 1024) : 0;
  fmt::print(stderr, "\r{:.1f} / {:.1f} MiB  {:3d}%  {:.1f} MiB/s   ", done_ / (1024.0 * 1024),
             total_ / (1024.0 * 1024), static_cast<int>(total_ ? done_ * 100 / total_ : 100),
             rate);
}

void Progress::end() {
  if (on_) fmt::print(stderr, "\n");
}

}  // namespace smbkit::tools
