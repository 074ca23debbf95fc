#include "vfs/permission.h"

#include <unistd.h>

#include <algorithm>

namespace smbkit::vfs {
namespace {

thread_local std::optional<Credentials> t_credentials;

}  // namespace

bool Credentials::in_group(gid_t group) const {
  return group == gid || std::find(groups.begin(), groups.end(), group) != groups.end();
}

void set_thread_credentials(std::optional<Credentials> who) { t_credentials = who; }

Credentials acting_credentials() {
  if (t_credentials) return *t_credentials;
  // The process never changes its own ids; asked once, not on every read and write.
  static const uid_t euid = ::geteuid();
  static const gid_t egid = ::getegid();
  return Credentials{euid, egid, {}};
}

Result<void> mode_allows(mode_t mode, uid_t owner, gid_t group, bool read, bool write) {
  Credentials who = acting_credentials();
  mode_t r = S_IROTH, w = S_IWOTH;
  if (owner == who.uid) {
    r = S_IRUSR;
    w = S_IWUSR;
  } else if (who.in_group(group)) {
    r = S_IRGRP;
    w = S_IWGRP;
  }
  if ((read && !(mode & r)) || (write && !(mode & w))) return fail(NtStatus::AccessDenied);
  return {};
}

}  // namespace smbkit::vfs
