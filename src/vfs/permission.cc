#include "vfs/permission.h"

#include <unistd.h>

namespace smbkit::vfs {

Result<void> mode_allows(mode_t mode, uid_t owner, gid_t group, bool read, bool write) {
  // The server never changes identity; asked once, not on every read and write.
  static const uid_t euid = ::geteuid();
  static const gid_t egid = ::getegid();
  mode_t r = S_IROTH, w = S_IWOTH;
  if (owner == euid) {
    r = S_IRUSR;
    w = S_IWUSR;
  } else if (group == egid) {
    r = S_IRGRP;
    w = S_IWGRP;
  }
  if ((read && !(mode & r)) || (write && !(mode & w))) return fail(NtStatus::AccessDenied);
  return {};
}

}  // namespace smbkit::vfs
