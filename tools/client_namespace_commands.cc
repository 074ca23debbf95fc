// The commands about names and metadata in a share: `ls`, `stat`, `mkdir`, `rmdir`, `rm` and
// `mv`. They print nothing on success but what they are asked to show.
#include <algorithm>
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "fscc/file_info.h"
#include "tools/client_common.h"
#include "wire/filetime.h"

namespace smbkit::tools {
namespace {

int run_ls(const ClientArgs& a) {
  auto started = start(a, /*needs_path=*/false);
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

// "YYYY-MM-DD HH:MM:SS.fffffff" in UTC: a FILETIME to its 100 ns; "-" when the server sent 0.
std::string precise_time(uint64_t filetime) {
  if (filetime == 0) return "-";
  return fmt::format("{}.{:07}", utc_time(filetime), filetime % 10000000);
}

// MS-FSCC 2.6 attributes as letters, in the manner of smbclient: R H S D A N T.
std::string attribute_letters(uint32_t attributes) {
  constexpr std::pair<uint32_t, char> kLetters[] = {
      {kFileAttributeReadonly, 'R'}, {kFileAttributeHidden, 'H'},  {kFileAttributeSystem, 'S'},
      {kFileAttributeDirectory, 'D'}, {kFileAttributeArchive, 'A'}, {kFileAttributeNormal, 'N'},
      {kFileAttributeTemporary, 'T'}};
  std::string out;
  for (const auto& [bit, letter] : kLetters)
    if (attributes & bit) out += letter;
  return out.empty() ? "-" : out;
}

int run_stat(const ClientArgs& a) {
  auto started = start(a, /*needs_path=*/false);
  if (auto* code = std::get_if<int>(&started)) return *code;
  Session& s = std::get<Session>(started);
  auto info = s.client->stat(s.tree, s.target.path);
  if (!info) return failure(info.error(), "stat " + display_path(s));
  fmt::print("name: {}\n", s.target.path.empty() ? "/" : s.target.path);
  fmt::print("type: {}\n", info->directory ? "directory" : "file");
  fmt::print("size: {}\n", info->size);
  fmt::print("allocation_size: {}\n", info->allocation_size);
  fmt::print("attributes: 0x{:08X} {}\n", info->attributes, attribute_letters(info->attributes));
  fmt::print("creation_time: {}\n", precise_time(info->creation_time));
  fmt::print("last_access_time: {}\n", precise_time(info->last_access_time));
  fmt::print("last_write_time: {}\n", precise_time(info->last_write_time));
  fmt::print("change_time: {}\n", precise_time(info->change_time));
  std::fflush(stdout);
  finish(s);
  return kExitOk;
}

int run_mkdir(const ClientArgs& a) {
  auto started = start(a, /*needs_path=*/true);
  if (auto* code = std::get_if<int>(&started)) return *code;
  Session& s = std::get<Session>(started);
  if (auto made = s.client->mkdir(s.tree, s.target.path); !made)
    return failure(made.error(), "create directory " + display_path(s));
  finish(s);
  return kExitOk;
}

int run_rmdir(const ClientArgs& a) {
  auto started = start(a, /*needs_path=*/true);
  if (auto* code = std::get_if<int>(&started)) return *code;
  Session& s = std::get<Session>(started);
  if (auto removed = s.client->rmdir(s.tree, s.target.path); !removed)
    return failure(removed.error(), "remove directory " + display_path(s));
  finish(s);
  return kExitOk;
}

int run_rm(const ClientArgs& a) {
  auto started = start(a, /*needs_path=*/true);
  if (auto* code = std::get_if<int>(&started)) return *code;
  Session& s = std::get<Session>(started);
  if (auto removed = s.client->unlink(s.tree, s.target.path); !removed)
    return failure(removed.error(), "delete " + display_path(s));
  finish(s);
  return kExitOk;
}

int run_mv(const ClientArgs& a) {
  // The destination: a path in the same share, given as such or as //HOST/SHARE/PATH.
  std::string to = a.other;
  if (to.starts_with("//") || to.starts_with("\\\\") || to.starts_with("smb://")) {
    auto from = client::parse_target(a.target);
    auto dest = client::parse_target(to);
    if (!dest) return usage_error("'" + to + "' is not //HOST[:PORT]/SHARE/PATH");
    if (from && (dest->host != from->host || dest->share != from->share ||
                 dest->port != from->port))
      return usage_error("mv renames within one share: '" + to + "' is in another");
    to = dest->path;
  }
  while (!to.empty() && (to.front() == '/' || to.front() == '\\')) to.erase(0, 1);
  if (to.empty()) return usage_error("mv needs a new name in the share");
  auto started = start(a, /*needs_path=*/true);
  if (auto* code = std::get_if<int>(&started)) return *code;
  Session& s = std::get<Session>(started);
  if (auto moved = s.client->rename(s.tree, s.target.path, to); !moved)
    return failure(moved.error(),
                   "rename " + display_path(s) + " to " + display_path(s, to));
  finish(s);
  return kExitOk;
}

void add(CLI::App& app, CommandRunner& run, const char* name, const char* description,
         int (*body)(const ClientArgs&), const char* target_help) {
  auto args = std::make_shared<ClientArgs>();
  CLI::App* cmd = app.add_subcommand(name, description);
  cmd->add_option("target", args->target, target_help)->required();
  if (body == run_mv)
    cmd->add_option("destination", args->other, "the new path in the same share")->required();
  add_connection_options(cmd, *args);
  cmd->callback([&run, args, body] { run = [args, body] { return body(*args); }; });
}

}  // namespace

void add_namespace_commands(CLI::App& app, CommandRunner& run) {
  constexpr const char* kPath = "//HOST[:PORT]/SHARE/PATH or smb://...";
  add(app, run, "ls", "list a directory, or a pattern in one (//HOST/SHARE/DIR/*.txt)", run_ls,
      kPath);
  add(app, run, "stat", "show a file's size, times and attributes", run_stat, kPath);
  add(app, run, "mkdir", "create a directory", run_mkdir, kPath);
  add(app, run, "rmdir", "remove an empty directory", run_rmdir, kPath);
  add(app, run, "rm", "delete a file, or the files a pattern matches (//HOST/SHARE/DIR/*.tmp)",
      run_rm, kPath);
  add(app, run, "mv", "rename a file or directory within its share", run_mv, kPath);
}

}  // namespace smbkit::tools
