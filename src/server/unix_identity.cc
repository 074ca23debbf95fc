#include "server/unix_identity.h"

#include "vfs/permission.h"

#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace smbkit::server {
namespace {

std::atomic<bool> g_enabled{false};
UnixIdentity g_server;  // written once by enable_identity_switch, before other threads run
thread_local const UnixIdentity* t_acting = nullptr;
thread_local const IdentityRef* t_acting_ref = nullptr;  // the ActAs's own, alive while t_acting

std::optional<UnixIdentity> account_exactly(const std::string& name) {
  struct passwd entry {};
  struct passwd* found = nullptr;
  std::vector<char> buffer(16384);
  if (getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found)
    return std::nullopt;
  UnixIdentity who;
  who.name = found->pw_name;
  who.uid = found->pw_uid;
  who.gid = found->pw_gid;
  int count = 64;
  who.groups.resize(count);
  while (getgrouplist(who.name.c_str(), who.gid, who.groups.data(), &count) < 0) {
    who.groups.resize(count + 64);
    count = static_cast<int>(who.groups.size());
  }
  who.groups.resize(count);
  return who;
}

// The thread's credentials for file work. Each call is checked: a switch that half failed must
// not leave the thread acting as someone else.
void apply(const UnixIdentity& who) {
  if (syscall(SYS_setgroups, who.groups.size(), who.groups.data()) != 0 ||
      (setfsgid(who.gid), static_cast<gid_t>(setfsgid(static_cast<gid_t>(-1))) != who.gid) ||
      (setfsuid(who.uid), static_cast<uid_t>(setfsuid(static_cast<uid_t>(-1))) != who.uid)) {
    // The server has lost the capability to switch back: serving on could act as the wrong
    // account, so nothing is served.
    std::fprintf(stderr, "smbkit: cannot act as %s: %s\n", who.name.c_str(), std::strerror(errno));
    std::abort();
  }
}

}  // namespace

std::optional<UnixIdentity> unix_account(const std::string& name) {
  if (name.empty()) return std::nullopt;
  if (auto who = account_exactly(name)) return who;
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (lower != name) return account_exactly(lower);
  return std::nullopt;
}

std::optional<gid_t> unix_group(const std::string& name) {
  struct group entry {};
  struct group* found = nullptr;
  std::vector<char> buffer(16384);
  if (getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found)
    return std::nullopt;
  return found->gr_gid;
}

void enable_identity_switch() {
  g_server.name = "(server)";
  g_server.uid = geteuid();
  g_server.gid = getegid();
  int count = getgroups(0, nullptr);
  g_server.groups.resize(std::max(count, 0));
  if (count > 0) g_server.groups.resize(std::max(getgroups(count, g_server.groups.data()), 0));
  g_enabled = true;
}

bool identity_switch_enabled() { return g_enabled; }

IdentityRef acting_identity() { return t_acting_ref ? *t_acting_ref : nullptr; }

ActAs::ActAs(IdentityRef who) : who_(std::move(who)) {
  if (!who_ || !g_enabled) return;
  previous_ = t_acting;
  switched_ = true;
  if (t_acting && *t_acting == *who_) return;
  apply(*who_);
  vfs::set_thread_credentials(vfs::Credentials{who_->uid, who_->gid, who_->groups});
  previous_ref_ = t_acting_ref;
  t_acting = who_.get();
  t_acting_ref = &who_;
}

ActAs::~ActAs() {
  if (!switched_) return;
  if (t_acting == previous_) return;
  if (!previous_ || !t_acting || !(*previous_ == *t_acting))
    apply(previous_ ? *previous_ : g_server);
  vfs::set_thread_credentials(
      previous_ ? std::optional(vfs::Credentials{previous_->uid, previous_->gid, previous_->groups})
                : std::nullopt);
  t_acting = previous_;
  t_acting_ref = previous_ref_;
}

bool drop_capabilities(std::string* error) {
  constexpr unsigned kKept[] = {CAP_SETUID, CAP_SETGID, CAP_NET_BIND_SERVICE};
  auto kept = [&](unsigned cap) {
    return std::find(std::begin(kKept), std::end(kKept), cap) != std::end(kKept);
  };
  // The bounding set first (it needs CAP_SETPCAP, dropped below), so that no program run later
  // regains more. Without CAP_SETPCAP (a service manager already narrowed the set) it stays.
  for (unsigned cap = 0; cap <= CAP_LAST_CAP; ++cap) {
    if (kept(cap) || prctl(PR_CAPBSET_READ, cap) != 1) continue;
    if (prctl(PR_CAPBSET_DROP, cap) == 0) continue;
    if (errno == EPERM) break;
    *error = "cannot drop capability " + std::to_string(cap) + " from the bounding set: " +
             std::strerror(errno);
    return false;
  }
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
  for (unsigned cap : kKept) {
    data[cap / 32].effective |= 1u << (cap % 32);
    data[cap / 32].permitted |= 1u << (cap % 32);
  }
  if (syscall(SYS_capset, &header, data) != 0) {
    *error = std::string("cannot drop capabilities: ") + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace smbkit::server
