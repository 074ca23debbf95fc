// Finds a share path on disk the way Windows clients expect: case-insensitively.
#pragma once

#include <string>
#include <string_view>

#include "smbkit/status.h"
#include "vfs/path.h"
#include "vfs/unique_fd.h"

namespace smbkit::vfs {

// Where a share path lives beneath the root.
struct Lookup {
  std::string rel;  // the on-disk spelling, relative to the root ("." for the root itself)
  UniqueFd fd;      // an O_PATH descriptor of it, when it exists
  bool exists() const { return fd.valid(); }
};

// "dir" + "name" -> "dir/name"; "." + "name" -> "name".
std::string join_rel(std::string_view dir, std::string_view leaf);
// "a/b/c" -> "a/b"; "a" -> "."; "." -> ".".
std::string parent_rel(std::string_view rel);
// "a/b/c" -> "c"; "." -> "".
std::string_view leaf_rel(std::string_view rel);

// Resolves `path` beneath `root_fd` (every step through open_beneath, so nothing outside the
// share is ever reached). The exact spelling is tried first; when a component does not exist as
// spelled, its directory is scanned for a name equal after upper-casing (to_upper), component by
// component. A missing last component is not an error: the result then has no descriptor and
// `rel` is the client's spelling of the leaf under the on-disk parent (what a create would make).
// Fails with ObjectPathNotFound when a directory on the way is missing or not a directory,
// AccessDenied when a symlink leads out of the share, otherwise as status_from_errno says.
Result<Lookup> lookup(int root_fd, const SharePath& path);

}  // namespace smbkit::vfs
