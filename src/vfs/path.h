// SMB path names (UTF-8, '\' separators) to share-relative POSIX paths, with the name rules of
// MS-FSCC 2.1.5 applied before anything touches the file system.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "smbkit/status.h"

namespace smbkit::vfs {

// Longest name component, in UTF-16 code units (MS-FSCC 2.1.5.2).
inline constexpr size_t kMaxComponentUnits = 255;

// Whether the last component may be a search pattern ('*', '?' and the DOS wildcards '<', '>',
// '"' of MS-FSA 2.1.4.3); other components never may.
enum class Wildcards { Reject, AllowInLast };

// A path beneath the share root: '.' dropped, '..' resolved, every component checked.
struct SharePath {
  std::vector<std::string> components;  // empty: the share root

  bool is_root() const { return components.empty(); }
  // "a/b/c", or "." for the root: the form openat2() takes relative to the root descriptor.
  std::string posix() const;
  // The parent directory in the same form ("." when the parent is the root); the root's is ".".
  std::string parent_posix() const;
  // The last component; empty for the root.
  std::string_view leaf() const;
};

// MS-FSCC 2.1.5.2: a component is 1..255 UTF-16 code units of valid Unicode without control
// characters (0x00-0x1F) or any of " \ / : | < > * ?. ':' would name an alternate data stream,
// which smbkit does not serve. Fails with ObjectNameInvalid.
Result<void> check_name_component(std::string_view name, bool allow_wildcards);


// Converts an SMB path ("", "\", "dir\file", "\dir\..\file") to a share-relative path.
// A leading separator is optional, repeated and trailing separators are ignored. A '..' that
// would climb above the share root fails with ObjectPathSyntaxBad, which is what Windows servers
// answer (smbtorture's raw unlink test expects it for "..", "\.." and "dir\..\.."), although
// MS-FSCC 2.1.5.1 says such a '..' is to be read as '.'; refusing it is also the safer choice.
// A drive letter ("C:\x"), a stream name, NUL and the other illegal characters fail with
// ObjectNameInvalid.
Result<SharePath> parse_smb_path(std::string_view smb_path,
                                 Wildcards wildcards = Wildcards::Reject);

}  // namespace smbkit::vfs
