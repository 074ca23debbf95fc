// What smb.conf's per-share user options grant one user at tree connect, for both dialects:
// "valid users" / "invalid users" decide whether the user may connect, "read only" with "read
// list" / "write list" whether the tree may change the share (as smbd decides both).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "smbkit/server.h"
#include "smbkit/status.h"

namespace smbkit::server {

// Whether `list` names `user`: by name (case-insensitively), or through a Unix group written
// "@name" or "+name" that the Unix account of the same name has as primary or supplementary
// group. "&name" (NIS netgroups only) names nobody.
bool user_in_list(const std::vector<std::string>& list, const std::string& user);

// Whether `user` may connect: not in "invalid users", and in "valid users" when that is set.
bool may_connect(const ShareConfig& share, const std::string& user);

// Whether `user`'s trees of `share` are read-only: "read only", unless "write list" names the
// user; a "read list" member is read-only unless "write list" names them too (write list wins,
// as in smbd).
bool read_only_for(const ShareConfig& share, const std::string& user);

// The rights a read-only tree can grant at most: FILE_GENERIC_READ | FILE_GENERIC_EXECUTE. What
// TREE_CONNECT reports as the share's maximal access, and all that MAXIMUM_ALLOWED yields there.
inline constexpr uint32_t kReadOnlyShareAccess = 0x001200A9;

// Rights that change a file or the name space: an open asking any of them on a read-only tree
// is refused (FILE_WRITE_DATA, FILE_APPEND_DATA, FILE_WRITE_EA, FILE_DELETE_CHILD,
// FILE_WRITE_ATTRIBUTES, DELETE, WRITE_DAC, WRITE_OWNER).
inline constexpr uint32_t kShareWriteRights = 0x000D0156;

// A change made by path outside any open (SMB1's mkdir, rmdir, delete, rename, SETATTR):
// on a read-only tree STATUS_MEDIA_WRITE_PROTECTED, as smbd answers those commands.
inline Result<void> check_tree_writable(bool read_only) {
  if (read_only) return fail(NtStatus::MediaWriteProtected);
  return {};
}

}  // namespace smbkit::server
