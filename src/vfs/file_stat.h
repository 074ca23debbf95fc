// POSIX metadata (statx) to the protocol-neutral FileInfo Windows clients expect.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>

#include <string>

#include "fscc/file_info.h"
#include "smbkit/status.h"

namespace smbkit::vfs {

// statx(2) of `name` in `dirfd` (flags as statx takes them: AT_EMPTY_PATH with "" for the
// descriptor itself, AT_SYMLINK_NOFOLLOW for an entry). Returns 0 or -errno.
int statx_at(int dirfd, const char* name, int flags, struct statx& out);

// Creation time: the birth time where the file system records one, otherwise the older of the
// modification and status-change times (the best lower bound POSIX offers).
uint64_t creation_filetime(const struct statx& sx);

// Fills a FileInfo for a file whose leaf name is `name`:
// - file_id is the inode number; number_of_links st_nlink (1 for a directory); change_time the
//   ctime;
// - a directory gets FILE_ATTRIBUTE_DIRECTORY and, as on NTFS, a zero size;
// - a file gets FILE_ATTRIBUTE_ARCHIVE, plus READONLY when its owner has no write bit (on a
//   directory Windows reads READONLY as "customised folder", so it is not set there);
// - allocation_size is st_blocks * 512.
FileInfo file_info_from_statx(const struct statx& sx, std::string name);

// stat of an open descriptor (O_PATH ones included), with its stored DOS attributes
// (dos_attributes.h), HIDDEN for a dot name when `hide_dot_files` (hide_dot_name), and the size
// of its extended attributes (extended_attributes.h).
Result<FileInfo> stat_fd(int fd, std::string name, bool hide_dot_files);

}  // namespace smbkit::vfs
