#include "vfs/beneath.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace smbkit::vfs {
namespace {

constexpr int kAttempts = 8;

long raw_openat2(int dirfd, const char* rel, int flags, mode_t mode) {
  open_how how{};
  // openat2 refuses (EINVAL) O_PATH with any flag but O_DIRECTORY, O_NOFOLLOW and O_CLOEXEC.
  how.flags = static_cast<uint64_t>(flags) | O_CLOEXEC | ((flags & O_PATH) ? 0 : O_NOCTTY);
  // openat2 rejects a mode without O_CREAT or O_TMPFILE (EINVAL) instead of ignoring it.
  how.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  return syscall(SYS_openat2, dirfd, rel, &how, sizeof how);
}

}  // namespace

int open_beneath(int dirfd, const char* rel, int flags, mode_t mode) {
  for (int attempt = 0;; ++attempt) {
    long fd = raw_openat2(dirfd, rel, flags, mode);
    if (fd >= 0) return static_cast<int>(fd);
    int err = errno;
    if ((err == EINTR || err == EAGAIN) && attempt + 1 < kAttempts) continue;
    return -err;
  }
}

}  // namespace smbkit::vfs
