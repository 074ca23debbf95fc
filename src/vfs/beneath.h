// The one way smbkit opens a name inside a share: openat2(2) confined beneath a directory.
#pragma once

#include <sys/types.h>

namespace smbkit::vfs {

// Opens `rel` relative to `dirfd` with openat2(2) and RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS:
// the kernel refuses, with EXDEV, an absolute path and any '..' or symbolic link that would leave
// `dirfd`, checked at every step of the walk (an absolute symlink is refused even when it points
// back inside), and refuses /proc-style magic links with ELOOP. Symlinks that stay beneath are
// followed. O_CLOEXEC is always added, and O_NOCTTY to every open but an O_PATH one.
// Returns the new descriptor, or -errno. EINTR and EAGAIN (the kernel saw a concurrent rename or
// mount and would not vouch for the walk) are retried a few times before EAGAIN is returned.
int open_beneath(int dirfd, const char* rel, int flags, mode_t mode = 0);

}  // namespace smbkit::vfs
