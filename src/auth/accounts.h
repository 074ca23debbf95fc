// Where the server's accounts come from: Samba's smbpasswd file, Samba's passdb.tdb, and the
// username map applied to the names clients log on with. The one place that loads them.
#pragma once

#include <string>
#include <tl/expected.hpp>
#include <vector>

#include "auth/user_db.h"

namespace smbkit::auth {

struct AccountSources {
  std::string smbpasswd_file;     // empty for none
  std::string tdbsam_file;        // empty for none
  std::string username_map_file;  // empty for none
};

struct LoadedAccounts {
  UserDb users;
  // What the server should log: tdbsam user records skipped (those users cannot log on) and
  // username map lines skipped, each naming its file and record or line.
  std::vector<std::string> warnings;
};

// Reads each source given. A user in both files is the smbpasswd file's. "@group" entries of the
// username map are Unix groups (unix_group.h). Fails with the first source that cannot be read
// (missing, unreadable, malformed smbpasswd line, passdb.tdb of an unknown version).
tl::expected<LoadedAccounts, std::string> load_accounts(const AccountSources& sources);

}  // namespace smbkit::auth
