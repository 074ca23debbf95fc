#include "auth/unix_group.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace smbkit::auth {
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

}  // namespace

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

}  // namespace smbkit::auth
