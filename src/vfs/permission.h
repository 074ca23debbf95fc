// Who may read or write a file: its mode bits for the class (owner, group, other) the acting user
// falls in — without root's override. A server run as root still honours `chmod a-r`, so taking
// a permission away on the server side takes it away from SMB clients too, also from handles
// opened before (MS-CIFS scenario: access changed between open and read).
//
// The acting user is the server's own, or, while the server acts as a user's Unix account on
// this thread (server/unix_identity.h), that account.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <optional>
#include <span>

#include "smbkit/status.h"

namespace smbkit::vfs {

struct Credentials {
  uid_t uid = 0;
  gid_t gid = 0;
  std::span<const gid_t> groups;  // supplementary; kept alive by whoever set them

  bool in_group(gid_t group) const;
};

// Set by the server's identity switch for this thread (nullopt: the process's own ids).
void set_thread_credentials(std::optional<Credentials> who);
// The ids the checks below use on this thread.
Credentials acting_credentials();

// Success, or AccessDenied naming nothing of the file.
Result<void> mode_allows(mode_t mode, uid_t owner, gid_t group, bool read, bool write);

}  // namespace smbkit::vfs
