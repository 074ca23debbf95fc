// What every SMB1 read and write of an open file checks first, and the close every command that
// ends a handle does (CLOSE, WRITE_AND_CLOSE, PROCESS_EXIT).
#pragma once

#include <cstdint>

#include "server/smb1/handler.h"

namespace smbkit::server {

// Whether the call may read (`write` false) or write `range` of `file`; every read and write
// command asks here. Not a directory (STATUS_INVALID_DEVICE_REQUEST); a handle with the access
// (STATUS_ACCESS_DENIED; an execute-only handle reads only with SMB_FLAGS2_PAGING_IO); a file
// whose permission has not been taken away since the open; no byte-range lock of another open
// or PID on the range (MS-FSA 2.1.4.10, STATUS_FILE_LOCK_CONFLICT). A write also needs the UID
// that opened the handle (MS-CIFS 3.3.5.37: STATUS_INVALID_HANDLE). The file's size as the
// permission check saw it (vfs::OpenFile::check_access).
Result<uint64_t> check_file_io(const Smb1Call& call, const Smb1File& file, ByteRange range,
                           bool write);

// Removes `fid` from the connection: its open, locks and oplock go (state.h), and a change
// notification waiting on it ends with STATUS_NOTIFY_CLEANUP, as on Windows.
void close_fid(Smb1Call& call, uint16_t fid);

}  // namespace smbkit::server
