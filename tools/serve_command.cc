// `smbkit serve`: serves directories until SIGTERM or SIGINT, then closes every connection (and
// with it every open file) and exits 0. A second SIGINT (Ctrl-C again), or a shutdown still
// unfinished after kShutdownGrace, ends the process at once with status 1. A repeated SIGTERM
// changes nothing: supervisors such as timeout(1) send it to the process and to its group.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <malloc.h>
#include <pthread.h>
#include <sys/resource.h>
#include <thread>

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include "smbkit/server.h"
#include "tools/commands.h"
#include "tools/serve_config.h"
#include "tools/service_notify.h"

namespace smbkit::tools {
namespace {

struct ServeOptions {
  std::vector<std::string> shares;
  std::vector<std::string> users;
  std::vector<std::string> share_users;
  std::vector<std::string> share_encrypt;
  std::vector<std::string> share_comment;
  std::vector<std::string> share_browseable;
  std::string log_level = "info";
  std::string config_file;     // --config: a Samba smb.conf; the flags given win over it
  CLI::App* command = nullptr;  // to tell the flags given from the defaults
  ServerConfig config;
};

bool split_pair(const std::string& text, char sep, std::string& left, std::string& right) {
  auto at = text.find(sep);
  if (at == std::string::npos || at == 0) return false;
  left = text.substr(0, at);
  right = text.substr(at + 1);
  return true;
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return kExitUsage;
}

constexpr int kShutdownGrace = 30;  // seconds

// Waits, once stop() is called, until `stopped` (run() returned and woke us), a second SIGINT
// (true), or kShutdownGrace seconds (false). Repeated SIGTERMs are ignored.
bool shutdown_interrupted(const sigset_t& signals, const std::atomic<bool>& stopped) {
  timespec deadline{};
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  deadline.tv_sec += kShutdownGrace;
  while (!stopped) {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    timespec left{deadline.tv_sec - now.tv_sec, deadline.tv_nsec - now.tv_nsec};
    if (left.tv_nsec < 0) {
      left.tv_sec -= 1;
      left.tv_nsec += 1000000000;
    }
    if (left.tv_sec < 0) return false;
    int sig = sigtimedwait(&signals, nullptr, &left);
    if (sig == SIGINT && !stopped) return true;
    if (sig < 0 && errno != EINTR) return false;  // EAGAIN: the grace period is over
  }
  return false;
}

// Every connection and open file is a descriptor: take the hard limit, and say so when even that
// is short of the connection limit.
// Frames up to 16 MiB (a large READ_ANDX reply, a WRITE_ANDX request) are allocated and freed
// for every message. With glibc's adaptive defaults such buffers are, in turn, handed back to
// the kernel and faulted in again, zeroed, on the next message; on this VM that made a 1 GiB
// read cost 5-6 CPU-s in the server instead of 0.4 (bench/README.md). Fixed thresholds keep
// them in the heap: what stays is bounded by the frames in flight (--max-outstanding).
void keep_large_buffers_in_heap() {
  constexpr int kMmapThreshold = 32 * 1024 * 1024;  // glibc's largest allowed value on 64-bit
  constexpr int kTrimThreshold = 64 * 1024 * 1024;
  mallopt(M_MMAP_THRESHOLD, kMmapThreshold);
  mallopt(M_TRIM_THRESHOLD, kTrimThreshold);
}

void raise_descriptor_limit(uint32_t max_connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < uint64_t{max_connections} + 64)
    spdlog::warn("only {} file descriptors for up to {} connections (--max-connections)",
                 limit.rlim_cur, max_connections);
}

// The configuration the flags and the --config file make; run again on SIGHUP. `log` gets the
// file's log settings, if it has any.
tl::expected<ServerConfig, std::string> build_config(const ServeOptions& o,
                                                     MappedConfig* log = nullptr) {
  ServerConfig c = o.config;
  if (!o.config_file.empty()) {
    auto merged = load_serve_config(o.config_file, c, *o.command, o.shares);
    if (!merged) return tl::unexpected(merged.error());
    c = std::move(merged->server);
    if (log) {
      log->log_level = merged->log_level;
      log->log_file = merged->log_file;
    }
  }
  for (const auto& s : o.shares) {
    ShareConfig share;
    share.hide_dot_files = true;  // as --share has always served dot names: hidden
    if (!split_pair(s, '=', share.name, share.path) || share.path.empty())
      return tl::unexpected("--share takes NAME=PATH, got '" + s + "'");
    c.shares.push_back(share);
  }
  for (const auto& su : o.share_users) {
    std::string name, list;
    if (!split_pair(su, '=', name, list) || list.empty())
      return tl::unexpected("--share-users takes NAME=USER[,USER...], got '" + su + "'");
    auto share = std::find_if(c.shares.begin(), c.shares.end(),
                              [&](const ShareConfig& s) { return s.name == name; });
    if (share == c.shares.end()) return tl::unexpected("--share-users names no share: '" + name + "'");
    for (size_t start = 0; start <= list.size();) {
      size_t comma = list.find(',', start);
      if (comma == std::string::npos) comma = list.size();
      if (comma > start) share->valid_users.push_back(list.substr(start, comma - start));
      start = comma + 1;
    }
  }
  for (const auto& se : o.share_encrypt) {
    std::string name, value;
    if (!split_pair(se, '=', name, value) || value.empty())
      return tl::unexpected("--share-encrypt takes NAME=off|if_required|desired|required, got '" +
                         se + "'");
    auto share = std::find_if(c.shares.begin(), c.shares.end(),
                              [&](const ShareConfig& s) { return s.name == name; });
    if (share == c.shares.end())
      return tl::unexpected("--share-encrypt names no share: '" + name + "'");
    share->smb_encrypt = value;
  }
  for (const auto& sc : o.share_comment) {
    std::string name, text;
    // The comment may be empty (NAME=) and may hold '=' itself.
    auto at = sc.find('=');
    if (at == std::string::npos || at == 0)
      return tl::unexpected("--share-comment takes NAME=TEXT, got '" + sc + "'");
    name = sc.substr(0, at);
    text = sc.substr(at + 1);
    auto share = std::find_if(c.shares.begin(), c.shares.end(),
                              [&](const ShareConfig& s) { return s.name == name; });
    if (share == c.shares.end())
      return tl::unexpected("--share-comment names no share: '" + name + "'");
    share->comment = text;
  }
  for (const auto& sb : o.share_browseable) {
    std::string name, value;
    if (!split_pair(sb, '=', name, value) || (value != "yes" && value != "no"))
      return tl::unexpected("--share-browseable takes NAME=yes|no, got '" + sb + "'");
    auto share = std::find_if(c.shares.begin(), c.shares.end(),
                              [&](const ShareConfig& s) { return s.name == name; });
    if (share == c.shares.end())
      return tl::unexpected("--share-browseable names no share: '" + name + "'");
    share->browseable = value == "yes";
  }
  for (const auto& u : o.users) {
    UserConfig user;
    if (!split_pair(u, ':', user.name, user.password))
      return tl::unexpected("--user takes NAME:PASSWORD, got '" + u + "'");
    c.users.push_back(user);
  }
  return c;
}

std::string listening(const ServerConfig& c, uint16_t port) {
  if (c.listen_addresses.empty()) return fmt::format("port {}", port);
  std::string out;
  for (const auto& address : c.listen_addresses) {
    bool v6 = address.find(':') != std::string::npos;
    out += fmt::format("{}{}{}{}:{}", out.empty() ? "" : ", ", v6 ? "[" : "", address,
                       v6 ? "]" : "", port);
  }
  return out;
}

// SIGHUP: the configuration is made again from the flags and the file and the server takes it;
// a configuration that fails leaves the one served.
void reload(const ServeOptions& o, Server& server) {
  notify_reloading();
  auto config = build_config(o);
  std::string error;
  if (!config)
    spdlog::error("reload refused, the configuration served stays: {}", config.error());
  else if (!server.reload(*config, &error))
    spdlog::error("reload refused, the configuration served stays: {}", error);
  else
    spdlog::info("reloaded: {} share(s)", config->shares.size());
  notify_ready("serving (reloaded)");
}

int serve(ServeOptions& o) {
  MappedConfig file_log;
  auto built = build_config(o, &file_log);
  if (!built) return usage_error(built.error());
  const ServerConfig& c = *built;
  // smb.conf's "log file" adds a file to standard error (the journal, under systemd); its "log
  // level" applies unless --log-level is given.
  if (!file_log.log_file.empty()) {
    try {
      auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(file_log.log_file);
      spdlog::default_logger()->sinks().push_back(std::move(file));
    } catch (const spdlog::spdlog_ex& e) {
      return usage_error("log file " + file_log.log_file + ": " + e.what());
    }
  }
  std::string level_name = o.log_level;
  if (o.command->count("--log-level") == 0 && file_log.log_level) level_name = *file_log.log_level;
  spdlog::set_level(spdlog::level::from_str(level_name));
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %l %v");

  // Signals are taken by one waiting thread, never by the event loops.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  raise_descriptor_limit(c.limits.max_connections);
  keep_large_buffers_in_heap();
  std::string error;
  auto server = Server::create(c, &error);
  if (!server) return usage_error(error);
  if (!(*server)->listen(&error)) return usage_error(error);
  std::string serving = fmt::format(
      "serving {} share(s) on {} (direct TCP){}", c.shares.size(),
      listening(c, (*server)->bound_port()),
      c.netbios_port
          ? fmt::format(" and {} (NetBIOS)", listening(c, (*server)->bound_netbios_port()))
          : std::string());
  spdlog::info("smbkit {}", serving);
  notify_ready(serving);
  std::atomic<bool> stopped{false};
  std::thread waiter([&] {
    int sig = 0;
    for (;;) {
      sigwait(&signals, &sig);
      if (sig != SIGHUP || stopped) break;
      reload(o, **server);
    }
    if (stopped) return;
    spdlog::info("signal {}: closing connections", sig);
    notify_stopping();
    (*server)->stop();
    if (shutdown_interrupted(signals, stopped)) {
      spdlog::error("second interrupt during shutdown: exiting at once");
    } else if (!stopped) {
      spdlog::error("connections still open {} s after the signal: exiting at once",
                    kShutdownGrace);
    } else {
      return;
    }
    spdlog::shutdown();
    std::_Exit(kExitFailed);
  });
  (*server)->run();
  // Wake the waiter (still waiting for a first or a second signal) so it can be joined.
  stopped = true;
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  spdlog::info("stopped");
  return kExitOk;
}

}  // namespace

void add_serve_command(CLI::App& app, CommandRunner& run) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand("serve", "serve directories over SMB");
  o->command = cmd;
  cmd->add_option("--config", o->config_file,
                  "a Samba smb.conf to serve (the flags given win over it; smbkit testparm "
                  "shows how it is read)");
  cmd->add_option("--share", o->shares, "NAME=PATH: a directory to serve (repeatable)");
  cmd->add_option("--user", o->users, "NAME:PASSWORD: an account (repeatable)");
  cmd->add_option("--share-users", o->share_users,
                  "NAME=USER[,USER...]: only these accounts may connect to the share (repeatable)");
  cmd->add_option("--users-file", o->config.users_file, "accounts in Samba's smbpasswd format");
  cmd->add_option("--tdbsam", o->config.tdbsam_file,
                  "accounts in Samba's passdb.tdb (read-only; smbd may keep using it)");
  cmd->add_option("--username-map", o->config.username_map,
                  "smb.conf's username map file: client names to account names");
  cmd->add_option("--listen", o->config.listen_addresses,
                  "an address to listen on (repeatable; default: every address, IPv6 and IPv4)");
  cmd->add_option("--port", o->config.port, "direct TCP port")->capture_default_str();
  cmd->add_option("--netbios-port", o->config.netbios_port,
                  "NetBIOS session service port (0: off)")
      ->capture_default_str();
  const std::vector<std::string> protocols = {"NT1",     "SMB2_02", "SMB2_10", "SMB3_00",
                                               "SMB3_02", "SMB3_11", "SMB2",    "SMB3"};
  cmd->add_option("--min-protocol", o->config.min_protocol,
                  "lowest dialect: NT1 (SMB1), SMB2_02, SMB2_10, SMB3_00, SMB3_02, SMB3_11")
      ->check(CLI::IsMember(protocols, CLI::ignore_case))
      ->capture_default_str();
  cmd->add_option("--max-protocol", o->config.max_protocol, "highest dialect (same names)")
      ->check(CLI::IsMember(protocols, CLI::ignore_case))
      ->capture_default_str();
  cmd->add_option("--server-signing", o->config.server_signing,
                  "SMB2/3 signing: auto (as the client asks) or mandatory")
      ->check(CLI::IsMember({"auto", "mandatory"}))
      ->capture_default_str();
  const std::vector<std::string> encrypt = {"off", "if_required", "desired", "required"};
  cmd->add_option("--smb-encrypt", o->config.smb_encrypt,
                  "SMB3 encryption: off, if_required (as the client asks), desired (on for "
                  "clients that can), required (refuse clients that cannot)")
      ->check(CLI::IsMember(encrypt, CLI::ignore_case))
      ->capture_default_str();
  cmd->add_option("--share-encrypt", o->share_encrypt,
                  "NAME=off|if_required|desired|required: SMB3 encryption on one share "
                  "(the stricter of it and --smb-encrypt applies; repeatable)");
  cmd->add_option("--smb3-encryption-algorithms", o->config.smb3_encryption_algorithms,
                  "ciphers offered to SMB 3.1.1 clients, most preferred first")
      ->capture_default_str();
  cmd->add_flag("--guest", o->config.guest, "allow anonymous and guest logons");
  cmd->add_flag("--allow-ntlmv1", o->config.allow_ntlmv1, "accept NTLMv1 and LM responses");
  cmd->add_option("--server-name", o->config.server_name, "NetBIOS name")->capture_default_str();
  cmd->add_option("--workgroup", o->config.domain, "workgroup or domain the server reports")
      ->capture_default_str();
  cmd->add_option("--server-string", o->config.server_string,
                  "the server's comment in share lists (IPC$ is \"IPC Service (TEXT)\")")
      ->capture_default_str();
  cmd->add_option("--share-comment", o->share_comment,
                  "NAME=TEXT: the share's comment in share lists (repeatable)");
  cmd->add_option("--share-browseable", o->share_browseable,
                  "NAME=yes|no: whether share lists show the share (default yes; repeatable)");
  cmd->add_option("--threads", o->config.threads, "event loops (0: one per core)");
  ServerLimits& limits = o->config.limits;
  cmd->add_option("--max-connections", limits.max_connections,
                  "connections served at once; more are closed on accept")
      ->check(CLI::Range(1u, 1000000u))
      ->capture_default_str();
  cmd->add_option("--max-pdu-size", limits.max_pdu_size,
                  "largest message in bytes from a logged-on client (65535 before logon)")
      ->check(CLI::Range(65535u, 0xFFFFFFu))
      ->capture_default_str();
  cmd->add_option("--idle-timeout", limits.idle_timeout_seconds,
                  "seconds a connection with no open file may stay silent before it is closed "
                  "(smb.conf's deadtime; 0: no limit)")
      ->check(CLI::Range(0u, 0xFFFFFFFFu))
      ->capture_default_str();
  cmd->add_option("--logon-timeout", limits.logon_timeout_seconds,
                  "seconds a connection has to log on before it is closed (0: no limit)")
      ->check(CLI::Range(0u, 86400u))
      ->capture_default_str();
  cmd->add_option("--max-outstanding", limits.max_outstanding_requests,
                  "requests per connection read ahead of their replies (MaxMpxCount)")
      ->check(CLI::Range(1u, 65535u))
      ->capture_default_str();
  cmd->add_option("--max-open-files", limits.max_open_files_per_session,
                  "files one session may hold open (then STATUS_TOO_MANY_OPENED_FILES)")
      ->check(CLI::Range(1u, 65534u))
      ->capture_default_str();
  cmd->add_option("--log-level", o->log_level, "trace, debug, info, warn, error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  cmd->callback([o, &run] { run = [o] { return serve(*o); }; });
}

}  // namespace smbkit::tools
