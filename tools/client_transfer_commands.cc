// The commands that move file contents: `get` (-r for a directory tree), `cat` and `put` (-r
// for a local directory tree).
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>

#include "tools/client_common.h"
#include "wire/filetime.h"

namespace smbkit::tools {
namespace {

// ---- get ------------------------------------------------------------------------------------

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

// Into a temporary file beside `local`, renamed over it once complete: a failed get leaves
// nothing behind (and an existing file untouched). `what` names the remote file in messages.
int save_via_temp(Session& s, const client::FileHandle& file, const std::string& local,
                  const std::string& what) {
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
    if (!got) return failure(got.error(), "read " + what);
    return failure(status_from_errno(saved), "write " + local);
  }
  return kExitOk;
}

// Straight into something that is not a regular file: a device (/dev/null), a FIFO.
int save_direct(Session& s, const client::FileHandle& file, const std::string& local,
                const std::string& what) {
  int fd = ::open(local.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return failure(status_from_errno(errno), "open " + local);
  auto got = download(s, file, fd);
  int saved = ::close(fd) != 0 ? errno : 0;
  if (!got) return failure(got.error(), "read " + what);
  if (saved) return failure(status_from_errno(saved), "write " + local);
  return kExitOk;
}

// One remote file (share path `remote`) into the regular file `local`.
int get_file(Session& s, const std::string& remote, const std::string& local) {
  std::string what = display_path(s, remote);
  auto file = s.client->open(s.tree, remote);
  if (!file) return failure(file.error(), "open " + what);
  int saved = save_via_temp(s, *file, local, what);
  if (saved != kExitOk) return saved;
  if (auto closed = s.client->close(*file); !closed)
    return failure(closed.error(), "close " + what);
  return kExitOk;
}

// The remote directory `remote` into the local directory `local`, which exists.
int get_tree(Session& s, const std::string& remote, const std::string& local) {
  auto entries = s.client->list(s.tree, remote);
  if (!entries) return failure(entries.error(), "list " + display_path(s, remote));
  for (const auto& e : *entries) {
    std::string from = join_path(remote, e.name);
    std::string to = local + "/" + e.name;
    int done = kExitOk;
    if (e.directory) {
      if (::mkdir(to.c_str(), 0777) != 0 && errno != EEXIST)
        return failure(status_from_errno(errno), "create directory " + to);
      done = get_tree(s, from, to);
    } else {
      done = get_file(s, from, to);
    }
    if (done != kExitOk) return done;
  }
  return kExitOk;
}

// get -r: the tree goes to LOCAL/<name> when LOCAL is a directory, else to LOCAL, or to ./<name>.
int run_get_recursive(Session& s, const ClientArgs& a) {
  std::string name = s.target.path.empty() ? s.target.share : basename_of(s.target.path);
  std::string local = a.local.empty() ? name : a.local;
  struct stat st{};
  if (!a.local.empty() && ::stat(local.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    local = join_path(local, name);
  if (::mkdir(local.c_str(), 0777) != 0 && errno != EEXIST)
    return failure(status_from_errno(errno), "create directory " + local);
  int done = get_tree(s, s.target.path, local);
  if (done == kExitOk) finish(s);
  return done;
}

int run_get(const ClientArgs& a) {
  auto started = start(a, /*needs_path=*/!a.recursive);
  if (auto* code = std::get_if<int>(&started)) return *code;
  Session& s = std::get<Session>(started);
  if (a.recursive) return run_get_recursive(s, a);

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
    saved = save_direct(s, *file, local, display_path(s));
  } else {
    saved = save_via_temp(s, *file, local, display_path(s));
  }
  if (saved != kExitOk) return saved;
  if (auto closed = s.client->close(*file); !closed)
    return failure(closed.error(), "close " + display_path(s));
  finish(s);
  return kExitOk;
}

int run_cat(const ClientArgs& a) {
  auto started = start(a, /*needs_path=*/true);
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

// ---- put ------------------------------------------------------------------------------------

// The local file `fd` (of `size` bytes, 0 when unknown) into the share path `remote`, created
// or replaced.
int put_file(Session& s, const ClientArgs& a, int fd, uint64_t size, const std::string& source,
             const std::string& remote) {
  std::string what = display_path(s, remote);
  auto file = s.client->open(s.tree, remote, client::OpenOptions::replace_file(a.write_through));
  if (!file) return failure(file.error(), "create " + what);
  Progress progress(size);
  int read_error = 0;
  auto reader = [&](std::span<uint8_t> buffer) -> Result<size_t> {
    for (;;) {
      ssize_t n = ::read(fd, buffer.data(), buffer.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        read_error = errno;
        return fail(status_from_errno(errno));
      }
      progress.add(static_cast<uint64_t>(n));
      return static_cast<size_t>(n);
    }
  };
  client::WriteOptions options;
  options.write_through = a.write_through;
  auto written = s.client->write_all(*file, reader, options);
  progress.end();
  if (!written) {
    (void)s.client->close(*file);
    if (read_error) return failure(written.error(), "read " + source);
    return failure(written.error(), "write " + what);
  }
  if (auto closed = s.client->close(*file); !closed)
    return failure(closed.error(), "close " + what);
  return kExitOk;
}

// The local regular file `local` (already stat'ed into `st`) to `remote`; its times too with
// --preserve-times.
int put_path(Session& s, const ClientArgs& a, const std::string& local, const struct stat& st,
             const std::string& remote) {
  int fd = ::open(local.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return failure(status_from_errno(errno), "open " + local);
  int done = put_file(s, a, fd, static_cast<uint64_t>(st.st_size), local, remote);
  ::close(fd);
  if (done != kExitOk || !a.preserve_times) return done;
  client::FileInfo times;
  times.last_write_time = filetime_from_timespec(st.st_mtim);
  times.last_access_time = filetime_from_timespec(st.st_atim);
  if (auto set = s.client->set_basic_info(s.tree, remote, times); !set)
    return failure(set.error(), "set the times of " + display_path(s, remote));
  return kExitOk;
}

// Creates the share directory `remote`, or accepts one that exists.
int ensure_remote_directory(Session& s, const std::string& remote) {
  auto made = s.client->mkdir(s.tree, remote);
  if (made) return kExitOk;
  if (made.error() == NtStatus::ObjectNameCollision) {
    auto info = s.client->stat(s.tree, remote);
    if (info && info->directory) return kExitOk;
  }
  return failure(made.error(), "create directory " + display_path(s, remote));
}

// The local directory `local` into the share directory `remote`, which exists. Entries other
// than directories and regular files (after following links) are skipped, with a note.
int put_tree(Session& s, const ClientArgs& a, const std::string& local,
             const std::string& remote) {
  DIR* d = ::opendir(local.c_str());
  if (!d) return failure(status_from_errno(errno), "open directory " + local);
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") names.push_back(std::move(name));
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    std::string from = local + "/" + name;
    std::string to = join_path(remote, name);
    struct stat st{};
    if (::stat(from.c_str(), &st) != 0) return failure(status_from_errno(errno), "stat " + from);
    int done = kExitOk;
    if (S_ISDIR(st.st_mode)) {
      done = ensure_remote_directory(s, to);
      if (done == kExitOk) done = put_tree(s, a, from, to);
    } else if (S_ISREG(st.st_mode)) {
      done = put_path(s, a, from, st, to);
    } else {
      fmt::print(stderr, "note: skipped {}: neither a directory nor a regular file\n", from);
    }
    if (done != kExitOk) return done;
  }
  return kExitOk;
}

int run_put(const ClientArgs& a) {
  std::string local = a.local;
  while (local.size() > 1 && local.back() == '/') local.pop_back();
  struct stat st{};
  bool from_stdin = local == "-";
  if (from_stdin && a.recursive) return usage_error("put -r takes a directory, not '-'");
  if (!from_stdin && ::stat(local.c_str(), &st) != 0)
    return failure(status_from_errno(errno), "stat " + local);
  if (!from_stdin && a.recursive != S_ISDIR(st.st_mode))
    return usage_error(a.recursive ? local + " is not a directory"
                                   : local + " is a directory: put -r copies a tree");
  auto started = start(a, /*needs_path=*/from_stdin);
  if (auto* code = std::get_if<int>(&started)) return *code;
  Session& s = std::get<Session>(started);

  // Where it goes: PATH, or PATH/<name> when PATH is a directory (the share root included).
  std::string remote = s.target.path;
  std::string name = basename_of(local);
  if (remote.empty()) {
    remote = name;
  } else if (!from_stdin) {
    auto info = s.client->stat(s.tree, remote);
    if (info && info->directory) remote = join_path(remote, name);
  }

  int done = kExitOk;
  if (from_stdin) {
    done = put_file(s, a, STDIN_FILENO, 0, "standard input", remote);
  } else if (a.recursive) {
    done = ensure_remote_directory(s, remote);
    if (done == kExitOk) done = put_tree(s, a, local, remote);
  } else {
    done = put_path(s, a, local, st, remote);
  }
  if (done == kExitOk) finish(s);
  return done;
}

}  // namespace

void add_transfer_commands(CLI::App& app, CommandRunner& run) {
  auto get = std::make_shared<ClientArgs>();
  CLI::App* cmd = app.add_subcommand("get", "download a file, or a directory tree with -r");
  cmd->add_option("target", get->target, "//HOST[:PORT]/SHARE/PATH or smb://...")->required();
  cmd->add_option("local", get->local, "local file or directory; '-' for stdout");
  cmd->add_flag("-r,--recursive", get->recursive, "download the directory and all below it");
  add_connection_options(cmd, *get);
  cmd->callback([&run, get] { run = [get] { return run_get(*get); }; });

  auto cat = std::make_shared<ClientArgs>();
  cmd = app.add_subcommand("cat", "print a file on stdout");
  cmd->add_option("target", cat->target, "//HOST[:PORT]/SHARE/PATH or smb://...")->required();
  add_connection_options(cmd, *cat);
  cmd->callback([&run, cat] { run = [cat] { return run_cat(*cat); }; });

  auto put = std::make_shared<ClientArgs>();
  cmd = app.add_subcommand("put", "upload a file ('-' for stdin), or a directory tree with -r");
  cmd->add_option("local", put->local, "local file or directory; '-' for stdin")->required();
  cmd->add_option("target", put->target,
                  "//HOST[:PORT]/SHARE[/PATH]: the file, or a directory to put it in")
      ->required();
  cmd->add_flag("-r,--recursive", put->recursive, "upload the directory and all below it");
  cmd->add_flag("--write-through", put->write_through,
                "every write on stable storage before the server answers it");
  cmd->add_flag("--preserve-times", put->preserve_times,
                "give the remote files the local files' modification and access times");
  add_connection_options(cmd, *put);
  cmd->callback([&run, put] { run = [put] { return run_put(*put); }; });
}

}  // namespace smbkit::tools
