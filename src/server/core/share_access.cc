#include "server/core/share_access.h"

#include <grp.h>
#include <pwd.h>
#include <strings.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

namespace smbkit::server {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The Unix account `user` names, as smbd looks it up: as written, then in lower case.
bool unix_account(const std::string& user, std::string& name, gid_t& gid) {
  for (const std::string& candidate : {user, lower(user)}) {
    std::vector<char> buf(16384);
    passwd pw{};
    passwd* found = nullptr;
    if (getpwnam_r(candidate.c_str(), &pw, buf.data(), buf.size(), &found) == 0 && found) {
      name = found->pw_name;
      gid = found->pw_gid;
      return true;
    }
  }
  return false;
}

bool group_gid(const std::string& group, gid_t& gid) {
  std::vector<char> buf(65536);
  struct group gr{};
  struct group* found = nullptr;
  if (getgrnam_r(group.c_str(), &gr, buf.data(), buf.size(), &found) != 0 || !found) return false;
  gid = found->gr_gid;
  return true;
}

bool in_unix_group(const std::string& user, const std::string& group) {
  std::string name;
  gid_t primary = 0, wanted = 0;
  if (!unix_account(user, name, primary) || !group_gid(group, wanted)) return false;
  if (primary == wanted) return true;
  int count = 64;
  std::vector<gid_t> groups(count);
  if (getgrouplist(name.c_str(), primary, groups.data(), &count) < 0) {
    groups.resize(count);  // count now says how many there are
    if (getgrouplist(name.c_str(), primary, groups.data(), &count) < 0) return false;
  }
  groups.resize(count);
  return std::find(groups.begin(), groups.end(), wanted) != groups.end();
}

bool names(const std::string& entry, const std::string& user) {
  // smb.conf(5): '@' is a netgroup or a Unix group, '+' a Unix group, '&' a netgroup (none here).
  size_t prefix = entry.find_first_not_of("@+&");
  if (prefix == 0 || prefix == std::string::npos)
    return prefix == 0 && strcasecmp(entry.c_str(), user.c_str()) == 0;
  std::string marks = entry.substr(0, prefix);
  if (marks.find_first_of("@+") == std::string::npos) return false;
  return in_unix_group(user, entry.substr(prefix));
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
