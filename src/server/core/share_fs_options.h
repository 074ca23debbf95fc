// The part of a share's configuration its file system enforces (vfs/share_options.h): the
// modes of what clients create, veto files and hide dot files.
#pragma once

#include "smbkit/server.h"
#include "vfs/share_options.h"

namespace smbkit::server {

vfs::ShareOptions share_fs_options(const ShareConfig& share);

}  // namespace smbkit::server
