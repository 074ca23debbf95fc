#include "server/core/share_access.h"

#include <strings.h>

#include <algorithm>

#include "auth/unix_group.h"

namespace smbkit::server {
namespace {

bool names(const std::string& entry, const std::string& user) {
  // smb.conf(5): '@' is a netgroup or a Unix group, '+' a Unix group, '&' a netgroup (none here).
  size_t prefix = entry.find_first_not_of("@+&");
  if (prefix == 0 || prefix == std::string::npos)
    return prefix == 0 && strcasecmp(entry.c_str(), user.c_str()) == 0;
  std::string marks = entry.substr(0, prefix);
  if (marks.find_first_of("@+") == std::string::npos) return false;
  return auth::in_unix_group(user, entry.substr(prefix));
}

}  // namespace

bool user_in_list(const std::vector<std::string>& list, const std::string& user) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& entry) { return names(entry, user); });
}

bool may_connect(const ShareConfig& share, const std::string& user) {
  if (user_in_list(share.invalid_users, user)) return false;
  return share.valid_users.empty() || user_in_list(share.valid_users, user);
}

bool read_only_for(const ShareConfig& share, const std::string& user) {
  if (user_in_list(share.write_list, user)) return false;
  return share.read_only || user_in_list(share.read_list, user);
}

}  // namespace smbkit::server
