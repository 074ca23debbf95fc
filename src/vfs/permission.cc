#include "vfs/permission.h"

#include <unistd.h>

namespace smbkit::vfs {

Result<void> mode_allows(mode_t mode, uid_t owner, gid_t group, bool read, bool write) {
  mode_t r = S_IROTH, w = S_IWOTH;
  if (owner == geteuid()) {
    r = S_IRUSR;
    w = S_IWUSR;
  } else if (group == getegid()) {
    r = S_IRGRP;
    w = S_IWGRP;
  }
  if ((read && !(mode & r)) || (write && !(mode & w))) return fail(NtStatus::AccessDenied);
  return {};
}

}  // namespace smbkit::vfs
