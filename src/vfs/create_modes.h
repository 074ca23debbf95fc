// The Unix mode of a file or directory a client creates, from smb.conf(5)'s "create mask",
// "force create mode", "directory mask" and "force directory mode":
//   file:      (0766 & create mask) | force create mode
//   directory: (0777 & directory mask) | force directory mode
// 0766 is what Samba's smbd starts a new file from (seen with smbd 4.17: create mask 0777 gives
// 0766, the default 0744 gives 0744): read and write for everyone, and the owner's execute bit
// for the ARCHIVE attribute every new file carries ("map archive", whose default is yes).
// smbd runs with umask 0, so the masks alone decide; smbkit keeps the process umask and sets the
// computed mode with fchmod when the umask took bits away (settle_mode).
#pragma once

#include <sys/types.h>

#include <optional>

#include "smbkit/status.h"
#include "vfs/share_options.h"

namespace smbkit::vfs {

// The mode new files / directories get; nullopt when the share sets none of the four options,
// and the mode is then 0666 / 0777 less the process umask, as for any program's files.
std::optional<mode_t> new_file_mode(const ShareOptions& options);
std::optional<mode_t> new_directory_mode(const ShareOptions& options);

// Gives the file just created behind `fd` (not an O_PATH descriptor) the mode `wanted` if the
// kernel's open/mkdir left it with another one; nothing when `wanted` is nullopt.
Result<void> settle_mode(int fd, std::optional<mode_t> wanted);

}  // namespace smbkit::vfs
