// The DOS-era open parameters OPEN_ANDX and the core SMB_COM_OPEN share (MS-CIFS 2.2.4.41.1,
// 2.2.4.3.1), as NT create parameters. Defined in open_handlers.cc.
#pragma once

#include <cstdint>
#include <optional>

#include "vfs/share_fs.h"

namespace smbkit::server {

// OpenMode -> the NT create disposition it means; nullopt for an invalid combination.
std::optional<vfs::CreateDisposition> disposition_of(uint16_t open_mode);
// AccessMode's access bits -> an access mask; nullopt for a reserved value.
std::optional<uint32_t> access_of(uint16_t access_mode);
// AccessMode's sharing mode -> the FILE_SHARE_* bits it allows; nullopt for a reserved value.
std::optional<uint32_t> sharing_of(uint16_t access_mode);

}  // namespace smbkit::server
