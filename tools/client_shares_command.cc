// `shares`: the shares a server lists, in the manner of `smbclient -L`: the server's name,
// version and comment, then one line per share (name, type, comment) in the server's order.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tools/client_common.h"

namespace smbkit::tools {
namespace {

// Columns on a terminal: UTF-8 code points (continuation bytes take none).
size_t columns(const std::string& s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string pad(const std::string& s, size_t width) {
  size_t w = columns(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

void print_table(const std::vector<client::ShareInfo>& shares) {
  size_t name_width = columns("Sharename");
  size_t type_width = columns("Type");
  for (const auto& s : shares) {
    name_width = std::max(name_width, columns(s.name));
    type_width = std::max(type_width, columns(client::share_kind_name(s.type)));
  }
  auto line = [&](const std::string& name, const std::string& type, const std::string& comment) {
    std::string text = "  " + pad(name, name_width) + "  " + pad(type, type_width) + "  " + comment;
    while (!text.empty() && text.back() == ' ') text.pop_back();
    fmt::print("{}\n", text);
  };
  line("Sharename", "Type", "Comment");
  line("---------", "----", "-------");
  for (const auto& s : shares) line(s.name, client::share_kind_name(s.type), s.comment);
}

int run_shares(const ClientArgs& a) {
  auto target = client::parse_server(a.target);
  if (!target && client::parse_target(a.target))
    return usage_error("'" + a.target + "' names a share: shares lists a whole server, " +
                       "//HOST[:PORT]");
  if (!target)
    return usage_error("'" + a.target + "' is not //HOST[:PORT], smb://[USER@]HOST[:PORT] " +
                       "or HOST[:PORT]");
  auto connected = connect_server(a, *target);
  if (auto* code = std::get_if<int>(&connected)) return *code;
  auto& client = std::get<std::unique_ptr<client::Client>>(connected);
  std::string where = "\\\\" + target->host;

  auto shares = client->list_shares();
  if (!shares) return failure(shares.error(), "list the shares of " + where);
  // The server's own description is extra: a server that keeps it to itself still lists.
  auto server = client->describe_server();
  if (server) {
    std::string head = fmt::format("Server \\\\{}, version {}.{}", server->name,
                                   server->version_major, server->version_minor);
    if (!server->comment.empty()) head += ": " + server->comment;
    fmt::print("{}\n\n", head);
  } else {
    fmt::print(stderr, "warning: {} (0x{:08X}): server information of {}\n",
               status_name(server.error()), to_u32(server.error()), where);
  }
  print_table(*shares);
  std::fflush(stdout);
  (void)client->logoff();
  return kExitOk;
}

}  // namespace

void add_shares_command(CLI::App& app, CommandRunner& run) {
  auto args = std::make_shared<ClientArgs>();
  CLI::App* cmd = app.add_subcommand(
      "shares", "list a server's shares, like smbclient -L (srvsvc over the IPC$ pipe)");
  cmd->add_option("server", args->target, "//HOST[:PORT], smb://[USER@]HOST[:PORT] or HOST")
      ->required();
  add_connection_options(cmd, *args);
  cmd->callback([&run, args] { run = [args] { return run_shares(*args); }; });
}

}  // namespace smbkit::tools
