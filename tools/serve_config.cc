#include "tools/serve_config.h"

#include <arpa/inet.h>
#include <fnmatch.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "config/substitute.h"
#include "config/values.h"
#include "server/core/host_access.h"

namespace smbkit::tools {

namespace {

using config::Location;
using config::Share;

// Collects notices, each once: options set in [global] apply to every share.
class Notices {
 public:
  void add(const Location& where, const std::string& text) {
    std::string line = where.str() + ": " + text;
    if (std::find(lines_.begin(), lines_.end(), line) == lines_.end()) lines_.push_back(line);
  }
  std::vector<std::string> take() { return std::move(lines_); }

 private:
  std::vector<std::string> lines_;
};


// Host names, domains and netgroups in "hosts allow" / "hosts deny", which match no client.
void host_notices(const Share& share, Notices& notices) {
  const std::pair<std::string_view, const std::vector<std::string>*> lists[] = {
      {"hosts allow", &share.hosts_allow}, {"hosts deny", &share.hosts_deny}};
  for (const auto& [option, list] : lists) {
    auto at = share.origins.find(option);
    if (at == share.origins.end()) continue;
    for (const auto& entry : server::host_entries_skipped(*list))
      notices.add(at->second.where, "\"" + std::string(option) + "\": \"" + entry +
                                        "\" is not an address or network and matches no client");
  }
}

// Per-share options the server does not enforce yet, when they ask for more than it does.
void share_notices(const Share& share, bool guest_logons, Notices& notices) {
  auto where = [&](std::string_view option) {
    auto at = share.origins.find(option);
    return at == share.origins.end() ? share.section : at->second.where;
  };
  if (share.guest_ok && !guest_logons)
    notices.add(where("guest ok"),
                "\"guest ok\" has no effect without \"map to guest\" (or --guest): no guest "
                "logs on");
  host_notices(share, notices);
}

// Global options the server does not enforce yet, when set to something else than the default.
void global_notices(const config::Global& g, Notices& notices) {
  auto at = [&](std::string_view option) { return g.origins.at(std::string(option)); };
  if (g.is_set("log level") && !log_level_name(g.log_level))
    notices.add(at("log level"), "\"log level = " + g.log_level + "\" names no level: ignored");
  if (config::needs_session(g.log_file))
    notices.add(at("log file"), "\"log file = " + g.log_file +
                                    "\": one file for every client, its session variables empty");
  if (g.server_signing == config::Signing::Desired || g.server_signing == config::Signing::Disabled)
    notices.add(
        at("server signing"),
        "\"server signing = " + config::signing_name(g.server_signing) + "\" is served as auto");
  if (g.map_to_guest == config::MapToGuest::BadPassword)
    notices.add(at("map to guest"),
                "\"map to guest = bad password\" is served as \"bad user\": unknown users "
                "become guests, wrong passwords are refused");
}

// The addresses of the host's interfaces whose name matches `pattern` ("eth0", "en*").
std::vector<std::string> interface_addresses(const std::string& pattern) {
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr || fnmatch(pattern.c_str(), i->ifa_name, 0) != 0) continue;
    char text[INET6_ADDRSTRLEN] = {};
    if (i->ifa_addr->sa_family == AF_INET) {
      inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr, text, sizeof text);
      out.emplace_back(text);
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      auto* v6 = reinterpret_cast<sockaddr_in6*>(i->ifa_addr);
      inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
      std::string address = text;
      if (IN6_IS_ADDR_LINKLOCAL(&v6->sin6_addr)) address += std::string("%") + i->ifa_name;
      out.push_back(address);
    }
  }
  freeifaddrs(list);
  return out;
}

// smb.conf(5) "interfaces" with "bind interfaces only = yes": the addresses to listen on. Each
// entry is an address (its "/mask" or ";options" dropped) or an interface name, wildcards
// allowed; without "bind interfaces only" smbd listens on every address, and so does smbkit.
tl::expected<void, std::string> map_interfaces(const config::Global& g, ServerConfig& s) {
  if (!g.bind_interfaces_only || g.interfaces.empty()) return {};
  const Location& where = g.origins.at("interfaces");
  for (const auto& entry : g.interfaces) {
    std::string name = entry.substr(0, entry.find_first_of("/;"));
    in6_addr scratch{};
    if (inet_pton(AF_INET, name.c_str(), &scratch) == 1 ||
        inet_pton(AF_INET6, name.c_str(), &scratch) == 1) {
      s.listen_addresses.push_back(name);
      continue;
    }
    auto addresses = interface_addresses(name);
    if (addresses.empty())
      return tl::unexpected(where.str() + ": \"interfaces\": \"" + entry +
                            "\" is no address and names no interface of this host");
    s.listen_addresses.insert(s.listen_addresses.end(), addresses.begin(), addresses.end());
  }
  return {};
}

void map_ports(const config::Global& g, ServerConfig& s, Notices& notices) {
  if (g.is_set("smb ports")) {
    std::vector<uint16_t> direct;
    for (auto port : g.smb_ports)
      if (port != 139) direct.push_back(port);
    if (!direct.empty()) s.port = direct[0];
    if (direct.size() != 1)
      notices.add(g.origins.at("smb ports"),
                  "\"smb ports\": smbkit serves one direct TCP port, " + std::to_string(s.port));
    bool netbios = std::find(g.smb_ports.begin(), g.smb_ports.end(), 139) != g.smb_ports.end();
    s.netbios_port = netbios ? 139 : 0;
  }
  if (g.disable_netbios) s.netbios_port = 0;
}

tl::expected<void, std::string> map_share(const Share& share,
                                          const config::SubstitutionContext& server,
                                          ServerConfig& s, Notices& notices) {
  if (!share.available) return {};  // smb.conf(5) "available = no": not served
  if (share.path.empty())
    return tl::unexpected(share.section.str() + ": [" + share.name + "] has no path");
  auto where = [&](std::string_view option) { return share.origins.at(std::string(option)).where; };
  config::SubstitutionContext context = server;
  context.share_name = share.name;
  ShareConfig out;
  out.name = share.name;
  // A path with a session's variables (%U, %u, %G, %H, %m, %I, %T) is expanded by the server at
  // each tree connect; the others now.
  out.path = config::needs_session(share.path) ? share.path
                                               : config::substitute(share.path, context);
  context.share_path = out.path;
  out.comment = config::substitute(share.comment, context);
  out.browseable = share.browseable;
  if (share.is_set("server smb encrypt")) out.smb_encrypt = config::encrypt_name(share.smb_encrypt);
  out.read_only = share.read_only;
  // Groups keep their prefix ("@staff"): the server looks their members up at tree connect.
  auto users = [&](std::string_view option, const std::vector<config::Principal>& list) {
    std::vector<std::string> names;
    for (const auto& p : list) {
      names.push_back(p.prefix + config::substitute(p.name, context));
      if (config::needs_session(p.name))
        notices.add(where(option), "\"" + std::string(option) + "\" entry \"" + p.name +
                                       "\" depends on the session, which is not substituted yet");
    }
    return names;
  };
  out.valid_users = users("valid users", share.valid_users);
  out.invalid_users = users("invalid users", share.invalid_users);
  out.read_list = users("read list", share.read_list);
  out.write_list = users("write list", share.write_list);
  out.hosts_allow = share.hosts_allow;
  out.hosts_deny = share.hosts_deny;
  out.guest_ok = share.guest_ok;
  out.force_user = config::substitute(share.force_user, context);
  out.force_group = config::substitute(share.force_group, context);
  // Samba's defaults (create mask 0744, directory mask 0755, hide dot files) apply unless set.
  out.create_mask = share.create_mask;
  out.directory_mask = share.directory_mask;
  out.force_create_mode = share.force_create_mode;
  out.force_directory_mode = share.force_directory_mode;
  out.veto_files = share.veto_files;
  out.hide_dot_files = share.hide_dot_files;
  s.shares.push_back(std::move(out));
  return {};
}

// [homes] (smb.conf(5) "THE [homes] SECTION"): the server makes each user's share when they
// connect to their own name; %S, %U, %u and %H in its path are theirs, so they stay unexpanded.
ShareConfig map_homes(const Share& homes, const config::SubstitutionContext& server) {
  config::SubstitutionContext context = server;
  ShareConfig out;
  out.name = "homes";
  out.path = homes.path;
  out.comment = config::substitute(homes.comment, context);
  out.browseable = homes.browseable;
  out.read_only = homes.read_only;
  if (homes.is_set("server smb encrypt")) out.smb_encrypt = config::encrypt_name(homes.smb_encrypt);
  auto names = [](const std::vector<config::Principal>& list) {
    std::vector<std::string> out;
    for (const auto& p : list) out.push_back(p.prefix + p.name);
    return out;
  };
  out.valid_users = names(homes.valid_users);
  out.invalid_users = names(homes.invalid_users);
  out.read_list = names(homes.read_list);
  out.write_list = names(homes.write_list);
  out.hosts_allow = homes.hosts_allow;
  out.hosts_deny = homes.hosts_deny;
  out.guest_ok = homes.guest_ok;
  out.force_user = homes.force_user;
  out.force_group = homes.force_group;
  out.create_mask = homes.create_mask;
  out.directory_mask = homes.directory_mask;
  out.force_create_mode = homes.force_create_mode;
  out.force_directory_mode = homes.force_directory_mode;
  out.veto_files = homes.veto_files;
  out.hide_dot_files = homes.hide_dot_files;
  return out;
}

}  // namespace

tl::expected<MappedConfig, std::string> map_smb_conf(const config::Config& conf,
                                                     const std::string& host_name) {
  MappedConfig mapped;
  ServerConfig& s = mapped.server;
  Notices notices;
  const config::Global& g = conf.global;
  if (!g.netbios_name.empty()) s.server_name = g.netbios_name;
  s.domain = g.workgroup;
  config::SubstitutionContext server;
  server.dns_host_name = host_name;
  server.netbios_name = s.server_name;
  server.workgroup = s.domain;
  if (g.is_set("server string")) s.server_string = config::substitute(g.server_string, server);
  // Samba's defaults apply to what the file leaves out: SMB1 stays off unless asked for.
  s.min_protocol = config::protocol_name(g.server_min_protocol);
  s.max_protocol = config::protocol_name(g.server_max_protocol);
  s.server_signing = g.server_signing == config::Signing::Mandatory ? "mandatory" : "auto";
  s.smb_encrypt = config::encrypt_name(g.defaults.smb_encrypt);
  std::string ciphers;
  for (const auto& c : g.smb3_encryption_algorithms) ciphers += (ciphers.empty() ? "" : " ") + c;
  s.smb3_encryption_algorithms = ciphers;
  if (g.passdb_backend.kind == config::Passdb::Kind::Smbpasswd)
    s.users_file = g.passdb_backend.path;
  // Samba's own default is tdbsam too, but only a file that says so is read: a configuration
  // without the line keeps serving the accounts of the flags alone.
  if (g.is_set("passdb backend") && g.passdb_backend.kind == config::Passdb::Kind::Tdbsam)
    s.tdbsam_file = g.passdb_backend.path;
  s.username_map = g.username_map;
  map_ports(g, s, notices);
  if (auto bound = map_interfaces(g, s); !bound) return tl::unexpected(bound.error());
  if (g.max_connections > 0) s.limits.max_connections = g.max_connections;
  // [global]'s lists guard the whole server (and are every share's default, as in Samba).
  s.hosts_allow = g.defaults.hosts_allow;
  s.hosts_deny = g.defaults.hosts_deny;
  s.guest = g.map_to_guest != config::MapToGuest::Never;
  s.map_unknown_users_to_guest = g.map_to_guest != config::MapToGuest::Never;
  s.limits.idle_timeout_seconds = std::min<uint32_t>(g.deadtime, 0xFFFFFFFFu / 60) * 60;
  // As smbd: started as root, each user acts as their own Unix account.
  s.unix_accounts = geteuid() == 0;
  s.guest_account = g.guest_account;
  global_notices(g, notices);

  for (const auto& share : conf.shares) {
    share_notices(share, s.guest, notices);
    if (auto done = map_share(share, server, s, notices); !done)
      return tl::unexpected(done.error());
  }
  if (conf.homes) s.homes = map_homes(*conf.homes, server);
  if (conf.printers) notices.add(conf.printers->section, "[printers]: printing is not supported");
  if (g.is_set("log level")) mapped.log_level = log_level_name(g.log_level);
  mapped.log_file = config::substitute(g.log_file, server);
  mapped.notices = notices.take();
  return mapped;
}

std::optional<std::string> log_level_name(const std::string& samba_level) {
  size_t digits = 0;
  while (digits < samba_level.size() &&
         std::isdigit(static_cast<unsigned char>(samba_level[digits])))
    ++digits;
  if (digits == 0 || digits > 3) return std::nullopt;
  int level = std::stoi(samba_level.substr(0, digits));
  if (level == 0) return "warn";
  if (level <= 2) return "info";
  if (level <= 9) return "debug";
  return "trace";
}

namespace {

// A flag the user gave wins over the file.
struct Flag {
  const char* name;
  void (*copy)(const ServerConfig& from, ServerConfig& to);
};

const Flag kFlags[] = {
    {"--users-file", [](const ServerConfig& f, ServerConfig& t) { t.users_file = f.users_file; }},
    {"--tdbsam", [](const ServerConfig& f, ServerConfig& t) { t.tdbsam_file = f.tdbsam_file; }},
    {"--username-map",
     [](const ServerConfig& f, ServerConfig& t) { t.username_map = f.username_map; }},
    {"--listen",
     [](const ServerConfig& f, ServerConfig& t) { t.listen_addresses = f.listen_addresses; }},
    {"--port", [](const ServerConfig& f, ServerConfig& t) { t.port = f.port; }},
    {"--netbios-port",
     [](const ServerConfig& f, ServerConfig& t) { t.netbios_port = f.netbios_port; }},
    {"--min-protocol",
     [](const ServerConfig& f, ServerConfig& t) { t.min_protocol = f.min_protocol; }},
    {"--max-protocol",
     [](const ServerConfig& f, ServerConfig& t) { t.max_protocol = f.max_protocol; }},
    {"--server-signing",
     [](const ServerConfig& f, ServerConfig& t) { t.server_signing = f.server_signing; }},
    {"--smb-encrypt",
     [](const ServerConfig& f, ServerConfig& t) { t.smb_encrypt = f.smb_encrypt; }},
    {"--smb3-encryption-algorithms",
     [](const ServerConfig& f, ServerConfig& t) {
       t.smb3_encryption_algorithms = f.smb3_encryption_algorithms;
     }},
    {"--guest", [](const ServerConfig& f, ServerConfig& t) { t.guest = f.guest; }},
    {"--allow-ntlmv1",
     [](const ServerConfig& f, ServerConfig& t) { t.allow_ntlmv1 = f.allow_ntlmv1; }},
    {"--server-name",
     [](const ServerConfig& f, ServerConfig& t) { t.server_name = f.server_name; }},
    {"--workgroup", [](const ServerConfig& f, ServerConfig& t) { t.domain = f.domain; }},
    {"--server-string",
     [](const ServerConfig& f, ServerConfig& t) { t.server_string = f.server_string; }},
    {"--threads", [](const ServerConfig& f, ServerConfig& t) { t.threads = f.threads; }},
    {"--max-connections",
     [](const ServerConfig& f, ServerConfig& t) {
       t.limits.max_connections = f.limits.max_connections;
     }},
    {"--max-pdu-size",
     [](const ServerConfig& f, ServerConfig& t) { t.limits.max_pdu_size = f.limits.max_pdu_size; }},
    {"--idle-timeout",
     [](const ServerConfig& f, ServerConfig& t) {
       t.limits.idle_timeout_seconds = f.limits.idle_timeout_seconds;
     }},
    {"--logon-timeout",
     [](const ServerConfig& f, ServerConfig& t) {
       t.limits.logon_timeout_seconds = f.limits.logon_timeout_seconds;
     }},
    {"--max-outstanding",
     [](const ServerConfig& f, ServerConfig& t) {
       t.limits.max_outstanding_requests = f.limits.max_outstanding_requests;
     }},
    {"--max-open-files",
     [](const ServerConfig& f, ServerConfig& t) {
       t.limits.max_open_files_per_session = f.limits.max_open_files_per_session;
     }},
};

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return {};
  return name;
}

}  // namespace

tl::expected<MappedConfig, std::string> load_serve_config(
    const std::string& file, const ServerConfig& flags, const CLI::App& cmd,
    const std::vector<std::string>& share_flags) {
  auto conf = config::load_smb_conf(file);
  if (!conf) return tl::unexpected(conf.error());
  std::erase_if(conf->shares, [&](const Share& share) {
    return std::any_of(share_flags.begin(), share_flags.end(), [&](const std::string& flag) {
      return config::same_word(std::string_view(flag).substr(0, flag.find('=')), share.name);
    });
  });
  auto mapped = map_smb_conf(*conf, host_name());
  if (!mapped) return tl::unexpected(mapped.error());
  for (const auto& w : conf->warnings) std::fprintf(stderr, "smbkit: %s\n", w.c_str());
  for (const auto& n : mapped->notices) std::fprintf(stderr, "smbkit: %s\n", n.c_str());
  for (const auto& flag : kFlags)
    if (cmd.count(flag.name) > 0) flag.copy(flags, mapped->server);
  return mapped;
}

}  // namespace smbkit::tools
