// Each user as themselves (ServerConfig::unix_accounts): the Unix account a session or a tree
// acts as, and the per-thread switch to it around the request's file work, so that the kernel
// checks that account's permissions and what it creates is owned by it.
//
// The switch changes the calling thread's file-system uid and gid (setfsuid/setfsgid) and
// supplementary groups (the raw setgroups system call: glibc's wrapper would change every thread
// of the process). The effective uid stays the server's, which keeps only CAP_SETUID and
// CAP_SETGID for this and CAP_NET_BIND_SERVICE for the ports (drop_capabilities).
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace smbkit::server {

struct UnixIdentity {
  std::string name;  // the account's name
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary groups, the primary one included
  bool operator==(const UnixIdentity&) const = default;
};
using IdentityRef = std::shared_ptr<const UnixIdentity>;

// The account `name` (as written, else lower-cased, as smbd tries SMB names), with its groups;
// nullopt when there is none.
std::optional<UnixIdentity> unix_account(const std::string& name);
// The group `name`'s id; nullopt when there is none.
std::optional<gid_t> unix_group(const std::string& name);

// Whether switching is on: turned on once at start, by a server with unix_accounts, from the
// thread that makes the others (it records the server's own identity to switch back to).
void enable_identity_switch();
bool identity_switch_enabled();

// Acts as `who` on this thread until destroyed, then as before. Does nothing when `who` is null
// or switching is off. Nested guards restore in turn.
class ActAs {
 public:
  explicit ActAs(IdentityRef who);
  ~ActAs();
  ActAs(const ActAs&) = delete;
  ActAs& operator=(const ActAs&) = delete;

 private:
  IdentityRef who_;  // kept alive while acted as: a LOGOFF may end the session meanwhile
  const UnixIdentity* previous_ = nullptr;
  const IdentityRef* previous_ref_ = nullptr;
  bool switched_ = false;
};

// The identity this thread acts as now (null: the server's own).
IdentityRef acting_identity();

// Drops every capability of the process but CAP_SETUID, CAP_SETGID and CAP_NET_BIND_SERVICE,
// from the bounding set too. Call before any thread starts: capabilities are per thread.
// Returns false with `error` set when the kernel refuses.
bool drop_capabilities(std::string* error);

}  // namespace smbkit::server
