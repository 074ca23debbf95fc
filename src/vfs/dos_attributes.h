// The DOS attributes POSIX has no place for — HIDDEN, SYSTEM, ARCHIVE (MS-FSCC 2.6) — kept in
// the extended attribute "user.smbkit.dosattrib" as text ("0x22"), so they live with the file
// and every connection (and `getfattr -n user.smbkit.dosattrib`) sees them.
//
// READONLY is not stored here: it is the file's write bits (set_attributes in PosixOpenFile),
// so Unix users see it and smbkit's permission checks enforce it. A file with nothing stored
// reports ARCHIVE; a stored value replaces it. Setting the default removes the stored value
// again. On a share that hides dot files, a name starting with '.' reports HIDDEN whatever is
// stored (hide_dot_name), as smbd does: clearing HIDDEN does not show such a file.
//
// smbkit uses its own name rather than Samba's user.DOSATTRIB, whose binary layout also carries
// times smbkit does not keep; a Samba share of the same directory keeps its own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "fscc/file_info.h"
#include "smbkit/status.h"

namespace smbkit::vfs {

inline constexpr char kDosAttributesXattr[] = "user.smbkit.dosattrib";
inline constexpr uint32_t kStoredDosAttributes =
    kFileAttributeHidden | kFileAttributeSystem | kFileAttributeArchive;

// What a file or directory reports with nothing stored: ARCHIVE for a file, nothing for a
// directory.
uint32_t default_dos_attributes(bool is_directory);

// The stored bits of the file behind `fd` (O_PATH descriptors too), or nullopt when none are
// stored, the value is not smbkit's, or the file system keeps no user extended attributes.
std::optional<uint32_t> get_dos_attributes(int fd);
// The same for the entry `name` of the directory `dir_fd`, without following it if it is a
// symlink. `name` must be a single path component.
std::optional<uint32_t> get_dos_attributes_at(int dir_fd, const std::string& name);

// Stores the HIDDEN, SYSTEM and ARCHIVE bits of `attributes` for the file behind `fd`; when
// they are the defaults, removes the stored value instead. Fails as the OS does (user extended
// attributes need write permission; NotSupported on a file system without them).
Result<void> set_dos_attributes(int fd, uint32_t attributes, bool is_directory);

// Replaces FileInfo's HIDDEN, SYSTEM and ARCHIVE with `stored` when there is a stored value;
// a file left with no attribute at all reports NORMAL (MS-FSCC 2.6).
void apply_dos_attributes(FileInfo& f, std::optional<uint32_t> stored);

// smb.conf(5) "hide dot files": when `hide` is set and FileInfo's name starts with '.' (but is
// not "." or ".."), adds HIDDEN (MS-FSCC 2.6; NORMAL, which stands only alone, goes).
void hide_dot_name(FileInfo& f, bool hide);

}  // namespace smbkit::vfs
