// Who may read or write a file: its mode bits for the class (owner, group, other) the server's
// own user falls in — without root's override. A server run as root still honours `chmod a-r`,
// so taking a permission away on the server side takes it away from SMB clients too, also from
// handles opened before (MS-CIFS scenario: access changed between open and read).
#pragma once

#include <sys/stat.h>

#include "smbkit/status.h"

namespace smbkit::vfs {

// Success, or AccessDenied naming nothing of the file.
Result<void> mode_allows(mode_t mode, uid_t owner, gid_t group, bool read, bool write);

}  // namespace smbkit::vfs
