// smb.conf(5) "veto files": names a share neither lists nor lets clients open, create, rename
// onto or link to. Each pattern is matched against a whole path component, case-insensitively,
// '*' standing for any run of characters and '?' for one (a UTF-16 code unit, as names go on the
// wire); every other character stands for itself, so "*.*" vetoes only names with a dot (smbd
// 4.17 lists README under "veto files = /*.*/").
//
// What clients see, as smbd 4.17 answers over SMB3 and NT1 alike: a vetoed last component is
// STATUS_OBJECT_NAME_NOT_FOUND (open, create, mkdir, rename from or onto, hard link), a vetoed
// directory on the way STATUS_OBJECT_PATH_NOT_FOUND; listings leave vetoed names out. Vetoed
// names still count when a directory's emptiness decides whether it may be deleted ("delete
// veto files", default no: STATUS_DIRECTORY_NOT_EMPTY).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "smbkit/status.h"
#include "vfs/path.h"

namespace smbkit::vfs {

// Whether `name` matches the glob `pattern` ('*', '?'), ignoring case.
bool veto_pattern_matches(std::string_view pattern, std::string_view name);

class VetoList {
 public:
  VetoList() = default;
  explicit VetoList(const std::vector<std::string>& patterns);

  bool empty() const { return patterns_.empty(); }
  // Whether the single component `name` is vetoed.
  bool vetoes(std::string_view name) const;
  // Success when no component of `path` is vetoed; otherwise ObjectNameNotFound for the last
  // component, ObjectPathNotFound for one before it.
  Result<void> check(const SharePath& path) const;

 private:
  std::vector<std::u16string> patterns_;  // upper-cased UTF-16, empty ones dropped
};

}  // namespace smbkit::vfs
