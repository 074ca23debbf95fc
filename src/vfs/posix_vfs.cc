#include "vfs/posix_vfs.h"

#include "vfs/permission.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_NOREPLACE
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>  // makedev
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "vfs/beneath.h"
#include "vfs/create_modes.h"
#include "vfs/dos_attributes.h"
#include "vfs/extended_attributes.h"
#include "vfs/file_stat.h"
#include "vfs/lookup.h"
#include "vfs/path.h"
#include "vfs/posix_open_file.h"
#include "wire/utf16.h"

namespace smbkit::vfs {
namespace {

// How often open() starts over when the name appears or vanishes under it.
constexpr int kOpenAttempts = 4;
// Modes of created files and directories when the share sets none (create_modes.h): less the
// process umask, as for any created file.
constexpr mode_t kNewFileMode = 0666;
constexpr mode_t kNewDirMode = 0777;

bool replaces(CreateDisposition d) {
  return d == CreateDisposition::Supersede || d == CreateDisposition::Overwrite ||
         d == CreateDisposition::OverwriteIf;
}

bool creates(CreateDisposition d) {
  return d != CreateDisposition::Open && d != CreateDisposition::Overwrite;
}

int access_mode(bool read, bool write) {
  if (write) return read ? O_RDWR : O_WRONLY;
  return O_RDONLY;
}

bool same_file(const struct statx& a, const struct statx& b) {
  return a.stx_ino == b.stx_ino && a.stx_dev_major == b.stx_dev_major &&
         a.stx_dev_minor == b.stx_dev_minor;
}

FileKey key_of(const struct statx& sx) {
  return FileKey{makedev(sx.stx_dev_major, sx.stx_dev_minor), sx.stx_ino};
}

// Runs the request's admission check (share modes) on the file just found or made.
Result<void> admit(const OpenRequest& req, const struct statx& sx) {
  if (!req.admit) return {};
  return req.admit(key_of(sx));
}

Result<void> admit_fd(const OpenRequest& req, int fd) {
  if (!req.admit) return {};
  struct statx sx {};
  if (int err = statx_at(fd, "", AT_EMPTY_PATH, sx); err < 0) return fail(status_from_errno(-err));
  return admit(req, sx);
}

// The parent directory of `rel`, opened beneath the root for *at() calls on the leaf.
Result<UniqueFd> open_parent(int root_fd, const std::string& rel) {
  int fd = open_beneath(root_fd, parent_rel(rel).c_str(), O_PATH | O_DIRECTORY);
  if (fd < 0) return fail(status_from_errno(-fd));
  return UniqueFd(fd);
}

// Opens an existing name found by lookup() (`found.fd` is its O_PATH descriptor). Its type comes
// from that descriptor, so a FIFO or device node is refused without ever being opened for data.
Result<std::unique_ptr<OpenFile>> open_existing(int root_fd, Lookup found, const OpenRequest& req,
                                                bool hide_dot_files) {
  struct statx sx {};
  if (int err = statx_at(found.fd.get(), "", AT_EMPTY_PATH, sx); err < 0) {
    return fail(status_from_errno(-err));
  }
  if (S_ISDIR(sx.stx_mode)) {
    if (req.non_directory) return fail(NtStatus::FileIsADirectory);
    if (req.disposition == CreateDisposition::Create) return fail(NtStatus::ObjectNameCollision);
    if (replaces(req.disposition)) return fail(NtStatus::InvalidParameter);  // MS-FSA 2.1.5.1.2
    // Reopen this very directory through its descriptor: no second walk of the path.
    int fd = ::openat(found.fd.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      // A directory the server may not list still answers attribute queries.
      if (errno != EACCES || req.read) return fail(status_from_errno(errno));
      fd = found.fd.release();
    }
    UniqueFd dir(fd);
    if (auto admitted = admit(req, sx); !admitted) return fail(admitted.error());
    return std::make_unique<PosixOpenFile>(std::move(dir), std::move(found.rel), true,
                                           CreateAction::Opened, hide_dot_files);
  }
  if (!S_ISREG(sx.stx_mode)) return fail(NtStatus::AccessDenied);  // FIFOs, devices, sockets
  if (req.directory_only) return fail(NtStatus::NotADirectory);
  if (req.disposition == CreateDisposition::Create) return fail(NtStatus::ObjectNameCollision);
  if (auto allowed = mode_allows(sx.stx_mode, sx.stx_uid, sx.stx_gid, req.read,
                                 req.write || replaces(req.disposition));
      !allowed)
    return fail(allowed.error());

  bool truncate = replaces(req.disposition);
  CreateAction action = req.disposition == CreateDisposition::Supersede ? CreateAction::Superseded
                        : truncate ? CreateAction::Overwritten
                                   : CreateAction::Opened;
  if (!req.read && !req.write && !truncate) {
    // Attributes only: the O_PATH descriptor is the handle.
    if (auto admitted = admit(req, sx); !admitted) return fail(admitted.error());
    return std::make_unique<PosixOpenFile>(std::move(found.fd), std::move(found.rel), false, action,
                                           hide_dot_files);
  }
  // A regular file's O_PATH descriptor cannot be reopened without /proc, so the name is walked
  // again; the result must be the file just examined, or the caller starts over.
  int fd = open_beneath(root_fd, found.rel.c_str(),
                        access_mode(req.read, req.write || truncate) | O_NONBLOCK);
  if (fd < 0) return fail(status_from_errno(-fd));
  UniqueFd data(fd);
  struct statx now {};
  if (int err = statx_at(fd, "", AT_EMPTY_PATH, now); err < 0) {
    return fail(status_from_errno(-err));
  }
  if (!same_file(sx, now)) return fail(NtStatus::ObjectNameNotFound);
  if (auto admitted = admit(req, now); !admitted) return fail(admitted.error());
  // Truncated only once it is known to be the right file (never with O_TRUNC at open).
  if (truncate && ::ftruncate(fd, 0) != 0) return fail(status_from_errno(errno));
  return std::make_unique<PosixOpenFile>(std::move(data), std::move(found.rel), false, action,
                                         hide_dot_files);
}

// Makes the directory `leaf` in `parent_fd` with the share's directory mode, and opens it. Its
// owner may read it until the mode is settled, so that a mask without those bits cannot keep
// the server from opening what it has just made.
Result<UniqueFd> make_directory(int parent_fd, const std::string& leaf,
                                const ShareOptions& options) {
  auto mode = new_directory_mode(options);
  mode_t first = mode ? *mode | S_IRUSR | S_IXUSR : kNewDirMode;
  if (::mkdirat(parent_fd, leaf.c_str(), first) != 0) {
    return fail(status_from_errno(errno));
  }
  int fd = open_beneath(parent_fd, leaf.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return fail(status_from_errno(-fd));
  UniqueFd dir(fd);
  if (auto settled = settle_mode(fd, mode); !settled) return fail(settled.error());
  return dir;
}

// Creates the missing name `rel` (its parent exists); ObjectNameCollision when it appeared.
Result<std::unique_ptr<OpenFile>> create_new(int root_fd, const std::string& rel,
                                             const OpenRequest& req, const ShareOptions& options) {
  if (req.directory_only) {
    auto parent = open_parent(root_fd, rel);
    if (!parent) return fail(parent.error());
    auto dir = make_directory(parent->get(), std::string(leaf_rel(rel)), options);
    if (!dir) return fail(dir.error());
    if (auto admitted = admit_fd(req, dir->get()); !admitted) return fail(admitted.error());
    return std::make_unique<PosixOpenFile>(std::move(*dir), rel, true, CreateAction::Created,
                                           options.hide_dot_files);
  }
  // O_EXCL: the file is new, and a final symlink (even a dangling one) is never followed.
  // O_RDONLY at the least, never O_PATH, so settle_mode's fchmod takes the descriptor.
  int flags = O_CREAT | O_EXCL | O_NONBLOCK | access_mode(req.read, req.write);
  auto mode = new_file_mode(options);
  int fd = open_beneath(root_fd, rel.c_str(), flags, mode.value_or(kNewFileMode));
  if (fd < 0) return fail(status_from_errno(-fd));
  UniqueFd file(fd);
  if (auto settled = settle_mode(fd, mode); !settled) return fail(settled.error());
  if (auto admitted = admit_fd(req, fd); !admitted) return fail(admitted.error());
  return std::make_unique<PosixOpenFile>(std::move(file), rel, false, CreateAction::Created,
                                         options.hide_dot_files);
}

// A directory of the share opened for reading its entries; closed with it.
struct DirStream {
  std::string rel;  // as Lookup::rel
  std::unique_ptr<DIR, int (*)(DIR*)> stream{nullptr, ::closedir};
  int fd() const { return ::dirfd(stream.get()); }
};

// Opens the directory `path` for readdir(): ObjectNameNotFound when it is missing, NotADirectory
// when it is something else.
Result<DirStream> open_dir_stream(int root_fd, const SharePath& path) {
  auto found = lookup(root_fd, path);
  if (!found) return fail(found.error());
  if (!found->exists()) return fail(NtStatus::ObjectNameNotFound);
  struct statx sx {};
  if (int err = statx_at(found->fd.get(), "", AT_EMPTY_PATH, sx); err < 0) {
    return fail(status_from_errno(-err));
  }
  if (!S_ISDIR(sx.stx_mode)) return fail(NtStatus::NotADirectory);
  int fd = ::openat(found->fd.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return fail(status_from_errno(errno));
  DirStream dir;
  dir.stream.reset(::fdopendir(fd));
  if (!dir.stream) {
    int err = errno;
    ::close(fd);
    return fail(status_from_errno(err));
  }
  dir.rel = std::move(found->rel);
  return dir;
}

// The ".." entry of a listing: the lexical parent, or the root itself at the root.
Result<FileInfo> stat_parent(int root_fd, const std::string& dir_rel) {
  int fd = open_beneath(root_fd, parent_rel(dir_rel).c_str(), O_PATH);
  if (fd < 0) return fail(status_from_errno(-fd));
  UniqueFd parent(fd);
  return stat_fd(fd, "..", false);
}

// One listed entry, stat'ed without following it; a symlink is followed only through
// open_beneath() from the root, so one that leads out of the share is simply not listed.
Result<FileInfo> stat_entry(int root_fd, int dir_fd, const std::string& dir_rel,
                            const std::string& name, bool hide_dot_files) {
  struct statx sx {};
  if (int err = statx_at(dir_fd, name.c_str(), AT_SYMLINK_NOFOLLOW, sx); err < 0) {
    return fail(status_from_errno(-err));
  }
  if (!S_ISLNK(sx.stx_mode)) {
    FileInfo f = file_info_from_statx(sx, name);
    apply_dos_attributes(f, get_dos_attributes_at(dir_fd, name));
    hide_dot_name(f, hide_dot_files);
    f.ea_size = ea_size_at(dir_fd, name);
    return f;
  }
  int fd = open_beneath(root_fd, join_rel(dir_rel, name).c_str(), O_PATH);
  if (fd < 0) return fail(status_from_errno(-fd));
  UniqueFd target(fd);
  return stat_fd(fd, name, hide_dot_files);
}

}  // namespace

Result<std::unique_ptr<PosixVfs>> PosixVfs::open(std::string root_path, std::string* why,
                                                 ShareOptions options) {
  auto explain = [&](NtStatus status, std::string text) {
    if (why) *why = std::move(text);
    return fail(status);
  };
  // The one absolute path smbkit opens: the root itself, from the configuration.
  int fd = ::open(root_path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    return explain(status_from_errno(err), "share root " + root_path + ": " + std::strerror(err) +
                       (err == ENOTDIR ? " (it must be a directory)" : ""));
  }
  UniqueFd root(fd);
  // Fail closed without openat2: there is no user-space resolution with the same guarantees.
  int probe = open_beneath(root.get(), ".", O_PATH | O_DIRECTORY);
  if (probe < 0) {
    if (probe == -ENOSYS) {
      return explain(NtStatus::NotSupported,
                     "the kernel has no openat2(2) (Linux 5.6 or later is required, and no "
                     "seccomp filter may hide it): shares cannot be confined, so none is served");
    }
    return explain(status_from_errno(-probe),
                   "share root " + root_path + ": openat2 failed: " + std::strerror(-probe));
  }
  ::close(probe);
  return std::unique_ptr<PosixVfs>(new PosixVfs(std::move(root), std::move(options)));
}

Result<SharePath> PosixVfs::parse(const std::string& smb_path) const {
  auto path = parse_smb_path(smb_path);
  if (!path) return path;
  if (auto allowed = veto_.check(*path); !allowed) return fail(allowed.error());
  return path;
}

Result<FileInfo> PosixVfs::stat(const std::string& smb_path) {
  auto path = parse(smb_path);
  if (!path) return fail(path.error());
  auto found = lookup(root_.get(), *path);
  if (!found) return fail(found.error());
  if (!found->exists()) return fail(NtStatus::ObjectNameNotFound);
  return stat_fd(found->fd.get(), std::string(leaf_rel(found->rel)), options_.hide_dot_files);
}

Result<std::unique_ptr<OpenFile>> PosixVfs::open(const std::string& smb_path,
                                                 const OpenRequest& req) {
  if (req.directory_only && (req.non_directory || replaces(req.disposition))) {
    return fail(NtStatus::InvalidParameter);  // MS-FSA 2.1.5.1 parameter checks
  }
  auto path = parse(smb_path);
  if (!path) return fail(path.error());
  // The name may appear or vanish between the look-up and the open: start over a few times.
  for (int attempt = 0; attempt < kOpenAttempts; ++attempt) {
    auto found = lookup(root_.get(), *path);
    if (!found) return fail(found.error());
    if (found->exists()) {
      auto r = open_existing(root_.get(), std::move(*found), req, options_.hide_dot_files);
      if (r || r.error() != NtStatus::ObjectNameNotFound) return r;
      if (!creates(req.disposition)) return r;
    } else {
      if (!creates(req.disposition)) return fail(NtStatus::ObjectNameNotFound);
      auto r = create_new(root_.get(), found->rel, req, options_);
      if (r || r.error() != NtStatus::ObjectNameCollision) return r;
      if (req.disposition == CreateDisposition::Create) return r;
    }
  }
  return fail(NtStatus::SharingViolation);  // the name keeps changing under us
}

Result<FileKey> PosixVfs::file_key(const std::string& smb_path) {
  auto path = parse(smb_path);
  if (!path) return fail(path.error());
  auto found = lookup(root_.get(), *path);
  if (!found) return fail(found.error());
  if (!found->exists()) return fail(NtStatus::ObjectNameNotFound);
  struct statx sx {};
  if (int err = statx_at(found->fd.get(), "", AT_EMPTY_PATH, sx); err < 0) {
    return fail(status_from_errno(-err));
  }
  return key_of(sx);
}

Result<std::vector<FileInfo>> PosixVfs::list(const std::string& smb_dir) {
  auto path = parse(smb_dir);
  if (!path) return fail(path.error());
  auto dir = open_dir_stream(root_.get(), *path);
  if (!dir) return fail(dir.error());
  std::vector<FileInfo> out;
  auto self = stat_fd(dir->fd(), ".", false);
  if (!self) return fail(self.error());
  auto parent = stat_parent(root_.get(), dir->rel);
  if (!parent) return fail(parent.error());
  out.push_back(std::move(*self));
  out.push_back(std::move(*parent));
  while (dirent* e = ::readdir(dir->stream.get())) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    if (!check_name_component(name, false) || veto_.vetoes(name)) continue;
    auto info = stat_entry(root_.get(), dir->fd(), dir->rel, name, options_.hide_dot_files);
    if (info) out.push_back(std::move(*info));
  }
  return out;
}

Result<bool> PosixVfs::is_empty_directory(const std::string& smb_dir) {
  auto path = parse(smb_dir);
  if (!path) return fail(path.error());
  auto dir = open_dir_stream(root_.get(), *path);
  if (!dir) return fail(dir.error());
  while (dirent* e = ::readdir(dir->stream.get())) {
    std::string_view name = e->d_name;
    if (name != "." && name != "..") return false;
  }
  return true;
}

Result<FsInfo> PosixVfs::fs_info() {
  struct statvfs vfs {};
  if (::fstatvfs(root_.get(), &vfs) != 0) return fail(status_from_errno(errno));
  struct statx sx {};
  if (int err = statx_at(root_.get(), "", AT_EMPTY_PATH, sx); err < 0) {
    return fail(status_from_errno(-err));
  }
  FsInfo info;
  uint64_t unit = vfs.f_frsize ? vfs.f_frsize : vfs.f_bsize;
  if (unit >= info.bytes_per_sector && unit % info.bytes_per_sector == 0) {
    info.sectors_per_allocation_unit = static_cast<uint32_t>(unit / info.bytes_per_sector);
  } else {
    info.bytes_per_sector = static_cast<uint32_t>(unit);
    info.sectors_per_allocation_unit = 1;
  }
  info.total_allocation_units = vfs.f_blocks;
  info.free_allocation_units = vfs.f_bfree;
  info.available_allocation_units = vfs.f_bavail;
  uint64_t fsid = vfs.f_fsid;
  info.serial_number = static_cast<uint32_t>(fsid ^ (fsid >> 32));
  info.volume_creation_time = creation_filetime(sx);
  if (vfs.f_flag & ST_RDONLY) info.file_system_attributes |= kFsReadOnlyVolume;
  if (supports_eas(root_.get())) info.file_system_attributes |= kFsSupportsExtendedAttributes;
  return info;
}

Result<void> PosixVfs::mkdir(const std::string& smb_path) {
  auto path = parse(smb_path);
  if (!path) return fail(path.error());
  auto found = lookup(root_.get(), *path);
  if (!found) return fail(found.error());
  if (found->exists()) return fail(NtStatus::ObjectNameCollision);
  auto parent = open_parent(root_.get(), found->rel);
  if (!parent) return fail(parent.error());
  auto made = make_directory(parent->get(), std::string(leaf_rel(found->rel)), options_);
  if (!made) return fail(made.error());
  return {};
}

Result<void> PosixVfs::unlink(const std::string& smb_path) {
  auto path = parse(smb_path);
  if (!path) return fail(path.error());
  if (path->is_root()) return fail(NtStatus::FileIsADirectory);
  auto found = lookup(root_.get(), *path);
  if (!found) return fail(found.error());
  if (!found->exists()) return fail(NtStatus::ObjectNameNotFound);
  auto parent = open_parent(root_.get(), found->rel);
  if (!parent) return fail(parent.error());
  std::string leaf(leaf_rel(found->rel));
  struct statx sx {};
  if (int err = statx_at(parent->get(), leaf.c_str(), AT_SYMLINK_NOFOLLOW, sx); err < 0) {
    return fail(status_from_errno(-err));
  }
  if (S_ISDIR(sx.stx_mode)) return fail(NtStatus::FileIsADirectory);
  if (::unlinkat(parent->get(), leaf.c_str(), 0) != 0) return fail(status_from_errno(errno));
  return {};
}

Result<void> PosixVfs::rmdir(const std::string& smb_path) {
  auto path = parse(smb_path);
  if (!path) return fail(path.error());
  if (path->is_root()) return fail(NtStatus::AccessDenied);  // the share itself stays
  auto found = lookup(root_.get(), *path);
  if (!found) return fail(found.error());
  if (!found->exists()) return fail(NtStatus::ObjectNameNotFound);
  auto parent = open_parent(root_.get(), found->rel);
  if (!parent) return fail(parent.error());
  std::string leaf(leaf_rel(found->rel));
  struct statx sx {};
  if (int err = statx_at(parent->get(), leaf.c_str(), AT_SYMLINK_NOFOLLOW, sx); err < 0) {
    return fail(status_from_errno(-err));
  }
  if (!S_ISDIR(sx.stx_mode)) return fail(NtStatus::NotADirectory);  // a symlink too
  if (::unlinkat(parent->get(), leaf.c_str(), AT_REMOVEDIR) != 0) {
    return fail(status_from_errno(errno));
  }
  return {};
}

Result<void> PosixVfs::rename(const std::string& from, const std::string& to, bool replace) {
  auto src_path = parse(from);
  if (!src_path) return fail(src_path.error());
  auto dst_path = parse(to);
  if (!dst_path) return fail(dst_path.error());
  if (src_path->is_root() || dst_path->is_root()) return fail(NtStatus::AccessDenied);

  auto src = lookup(root_.get(), *src_path);
  if (!src) return fail(src.error());
  if (!src->exists()) return fail(NtStatus::ObjectNameNotFound);
  auto dst = lookup(root_.get(), *dst_path);
  if (!dst) return fail(dst.error());

  std::string dst_rel = dst->rel;
  if (dst->exists()) {
    struct statx a {}, b {};
    bool same = to_upper(src->rel) == to_upper(dst->rel) &&
                statx_at(src->fd.get(), "", AT_EMPTY_PATH, a) == 0 &&
                statx_at(dst->fd.get(), "", AT_EMPTY_PATH, b) == 0 && same_file(a, b);
    if (same) {
      // The target is the source's own entry, found case-insensitively: a rename that changes
      // only the case, to the client's spelling.
      dst_rel = join_rel(parent_rel(dst->rel), dst_path->leaf());
      if (dst_rel == src->rel) return {};
      replace = false;
    } else if (!replace) {
      return fail(NtStatus::ObjectNameCollision);
    }
  }
  auto src_parent = open_parent(root_.get(), src->rel);
  if (!src_parent) return fail(src_parent.error());
  auto dst_parent = open_parent(root_.get(), dst_rel);
  if (!dst_parent) return fail(dst_parent.error());
  std::string src_leaf(leaf_rel(src->rel));
  std::string dst_leaf(leaf_rel(dst_rel));
  if (::renameat2(src_parent->get(), src_leaf.c_str(), dst_parent->get(), dst_leaf.c_str(),
                  replace ? 0 : RENAME_NOREPLACE) != 0) {
    return fail(status_from_errno(errno));
  }
  return {};
}

Result<void> PosixVfs::link(const std::string& existing, const std::string& new_name) {
  auto src_path = parse(existing);
  if (!src_path) return fail(src_path.error());
  auto dst_path = parse(new_name);
  if (!dst_path) return fail(dst_path.error());
  if (src_path->is_root()) return fail(NtStatus::FileIsADirectory);
  if (dst_path->is_root()) return fail(NtStatus::ObjectNameCollision);

  auto src = lookup(root_.get(), *src_path);
  if (!src) return fail(src.error());
  if (!src->exists()) return fail(NtStatus::ObjectNameNotFound);
  auto dst = lookup(root_.get(), *dst_path);
  if (!dst) return fail(dst.error());
  if (dst->exists()) return fail(NtStatus::ObjectNameCollision);

  auto src_parent = open_parent(root_.get(), src->rel);
  if (!src_parent) return fail(src_parent.error());
  auto dst_parent = open_parent(root_.get(), dst->rel);
  if (!dst_parent) return fail(dst_parent.error());
  std::string src_leaf(leaf_rel(src->rel));
  std::string dst_leaf(leaf_rel(dst->rel));
  struct statx sx {};
  if (int err = statx_at(src_parent->get(), src_leaf.c_str(), AT_SYMLINK_NOFOLLOW, sx); err < 0) {
    return fail(status_from_errno(-err));
  }
  if (S_ISDIR(sx.stx_mode)) return fail(NtStatus::FileIsADirectory);
  // Flags 0: a symlink is linked as itself, never followed.
  if (::linkat(src_parent->get(), src_leaf.c_str(), dst_parent->get(), dst_leaf.c_str(), 0) != 0) {
    return fail(status_from_errno(errno));
  }
  return {};
}

}  // namespace smbkit::vfs
