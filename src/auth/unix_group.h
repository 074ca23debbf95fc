// Unix group membership of an account, as smb.conf's "@group" / "+group" entries mean it: in
// share user lists ("valid users", ...) and in the username map.
#pragma once

#include <string>

namespace smbkit::auth {

// Whether the Unix account `user` (looked up as written, then in lower case, as smbd looks it
// up) has the Unix group `group` as primary or supplementary group. False when either is unknown.
bool in_unix_group(const std::string& user, const std::string& group);

}  // namespace smbkit::auth
