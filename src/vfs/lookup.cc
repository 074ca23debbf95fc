#include "vfs/lookup.h"

#include <dirent.h>
#include <fcntl.h>

#include <cerrno>
#include <climits>  // NAME_MAX
#include <optional>

#include "vfs/beneath.h"
#include "wire/utf16.h"

namespace smbkit::vfs {
namespace {

// The first entry of directory `dir_rel` whose upper-cased name equals `upper`; nullopt when
// none does or the directory cannot be read (then only exact spellings can be reached).
Result<std::optional<std::string>> find_case_insensitive(int root_fd, const std::string& dir_rel,
                                                         const std::string& upper) {
  int fd = open_beneath(root_fd, dir_rel.c_str(), O_RDONLY | O_DIRECTORY | O_NONBLOCK);
  if (fd == -EACCES) return std::nullopt;
  if (fd < 0) return fail(status_from_errno(-fd));
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    int err = errno;
    ::close(fd);
    return fail(status_from_errno(err));
  }
  std::optional<std::string> match;
  while (dirent* e = ::readdir(dir)) {
    std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    // A name a client could not have typed (bad UTF-8, illegal characters) never matches.
    if (to_upper(name) == upper && check_name_component(name, false)) {
      match = std::string(name);
      break;
    }
  }
  ::closedir(dir);
  return match;
}

}  // namespace

std::string join_rel(std::string_view dir, std::string_view leaf) {
  if (dir == ".") return std::string(leaf);
  std::string out(dir);
  out += '/';
  out += leaf;
  return out;
}

std::string parent_rel(std::string_view rel) {
  size_t slash = rel.rfind('/');
  return slash == std::string_view::npos ? "." : std::string(rel.substr(0, slash));
}

std::string_view leaf_rel(std::string_view rel) {
  if (rel == ".") return {};
  size_t slash = rel.rfind('/');
  return slash == std::string_view::npos ? rel : rel.substr(slash + 1);
}

Result<Lookup> lookup(int root_fd, const SharePath& path) {
  Lookup out;
  out.rel = path.posix();
  int fd = open_beneath(root_fd, out.rel.c_str(), O_PATH);
  if (fd >= 0) {
    out.fd.reset(fd);
    return out;
  }
  // ENAMETOOLONG: longer than PATH_MAX, or a component longer than NAME_MAX bytes; the walk
  // tells which, and whether a directory on the way is missing first.
  if (fd != -ENOENT && fd != -ENAMETOOLONG) return fail(status_from_errno(-fd));

  // Some component is not spelled as on disk (or is missing): walk them one by one.
  std::string prefix = ".";
  const auto& parts = path.components;
  for (size_t i = 0; i < parts.size(); ++i) {
    bool last = i + 1 == parts.size();
    std::string candidate = join_rel(prefix, parts[i]);
    fd = open_beneath(root_fd, candidate.c_str(), O_PATH);
    // A name of up to 255 UTF-16 units can take more than NAME_MAX bytes of UTF-8: such a name
    // cannot exist here, which is what Windows would answer for it.
    if (fd == -ENAMETOOLONG && parts[i].size() > NAME_MAX) fd = -ENOENT;
    if (fd == -ENOENT) {
      auto match = find_case_insensitive(root_fd, prefix, to_upper(parts[i]));
      if (!match) return fail(match.error());
      if (*match) {
        candidate = join_rel(prefix, **match);
        fd = open_beneath(root_fd, candidate.c_str(), O_PATH);
      }
    }
    if (fd == -ENOENT) {
      if (!last) return fail(NtStatus::ObjectPathNotFound);
      out.rel = join_rel(prefix, parts[i]);
      return out;
    }
    if (fd < 0) return fail(status_from_errno(-fd));
    if (last) {
      out.rel = std::move(candidate);
      out.fd.reset(fd);
      return out;
    }
    ::close(fd);
    prefix = std::move(candidate);
  }
  return fail(NtStatus::ObjectNameNotFound);  // the root itself is gone
}

}  // namespace smbkit::vfs
