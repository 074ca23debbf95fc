// What a query by handle reports of an open, for both dialects (SMB1's TRANS2_QUERY_FILE_
// INFORMATION, SMB2's QUERY_INFO of the file classes).
#pragma once

#include "fscc/file_info.h"
#include "server/core/open_state.h"
#include "server/shared_state.h"

namespace smbkit::server {

// The file as the open sees it: its name is the open's path from the share root, DeletePending
// is the file's (shared by its opens), and NumberOfLinks leaves out the link that goes with a
// pending delete, as Windows counts (smbtorture base.delete: nlink 0 while pending).
Result<FileInfo> stat_open(const SharedState& shared, const OpenState& open);

// The per-open classes' values (FileAccessInformation, FilePositionInformation, ...).
OpenInfo open_info(const OpenState& open);

// What the server's user may do with the file of `open`, as MAXIMUM_ALLOWED would grant it
// (server/access.h maximal_access: the mode bits of the class the user falls in); SMB2's MxAc
// create context reports it.
uint32_t maximal_access_of(vfs::OpenFile& file);

}  // namespace smbkit::server
