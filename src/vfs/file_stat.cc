#include "vfs/file_stat.h"

#include <cerrno>
#include <utility>

#include "vfs/dos_attributes.h"
#include "vfs/extended_attributes.h"
#include "wire/filetime.h"

namespace smbkit::vfs {
namespace {

constexpr unsigned kWantedFields = STATX_BASIC_STATS | STATX_BTIME;

uint64_t filetime(const statx_timestamp& t) {
  return filetime_from_timespec(timespec{t.tv_sec, static_cast<long>(t.tv_nsec)});
}

}  // namespace

int statx_at(int dirfd, const char* name, int flags, struct statx& out) {
  return ::statx(dirfd, name, flags, kWantedFields, &out) == 0 ? 0 : -errno;
}

uint64_t creation_filetime(const struct statx& sx) {
  if (sx.stx_mask & STATX_BTIME) return filetime(sx.stx_btime);
  uint64_t mtime = filetime(sx.stx_mtime);
  uint64_t ctime = filetime(sx.stx_ctime);
  return mtime < ctime ? mtime : ctime;
}

FileInfo file_info_from_statx(const struct statx& sx, std::string name) {
  FileInfo f;
  f.creation_time = creation_filetime(sx);
  f.last_access_time = filetime(sx.stx_atime);
  f.last_write_time = filetime(sx.stx_mtime);
  f.change_time = filetime(sx.stx_ctime);
  f.is_directory = S_ISDIR(sx.stx_mode);
  f.attributes = default_dos_attributes(f.is_directory);
  if (f.is_directory) {
    f.attributes |= kFileAttributeDirectory;
  } else {
    if (!(sx.stx_mode & S_IWUSR)) f.attributes |= kFileAttributeReadonly;
    f.end_of_file = sx.stx_size;
    f.allocation_size = sx.stx_blocks * 512;
  }
  // A directory's st_nlink counts its "." and its subdirectories' "..": Windows, which has no
  // directory hard links, reports one (smbtorture base.delete checks it).
  f.number_of_links = f.is_directory ? 1 : sx.stx_nlink;
  f.file_id = sx.stx_ino;
  f.name = std::move(name);
  return f;
}

Result<FileInfo> stat_fd(int fd, std::string name, bool hide_dot_files) {
  struct statx sx {};
  if (int err = statx_at(fd, "", AT_EMPTY_PATH, sx); err < 0) {
    return fail(status_from_errno(-err));
  }
  FileInfo f = file_info_from_statx(sx, std::move(name));
  apply_dos_attributes(f, get_dos_attributes(fd));
  hide_dot_name(f, hide_dot_files);
  f.ea_size = ea_size_of(fd);
  return f;
}

}  // namespace smbkit::vfs
