// The open behind OPEN_ANDX and TRANS2_OPEN2 (MS-CIFS 3.3.5.35, 3.3.5.58.2): DOS-era access and
// sharing modes (dos_open_modes.h) turned into an NT open of a file (never a directory) in the
// call's tree. Defined in open_handlers.cc.
#pragma once

#include <cstdint>
#include <string>

#include "server/smb1/open_in_tree.h"

namespace smbkit::server {

// Opens `path` with the rights and sharing `access_mode` stands for. A reserved access value is
// ERRDOS/ERRbadaccess (NtStatus::SmbBadAccess), as Windows answers; a directory is
// FILE_IS_A_DIRECTORY. A non-zero `allocation_size` becomes the size of a file the open created
// or truncated, as on Windows.
Result<Opened> open_with_dos_modes(Smb1Call& call, const std::string& path, uint16_t access_mode,
                                   vfs::CreateDisposition disposition, uint32_t allocation_size,
                                   OplockAsked asked);

// The OpenResults / ActionTaken word (MS-CIFS 2.2.4.41.2, 2.2.6.1.2) for what the open did.
uint16_t open_results_of(const Opened& opened);

}  // namespace smbkit::server
