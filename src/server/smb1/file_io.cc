#include "server/smb1/file_io.h"

#include "server/core/file_io.h"

namespace smbkit::server {

Result<uint64_t> check_file_io(const Smb1Call& call, const Smb1File& file, ByteRange range,
                               bool write) {
  if (write && file.uid != call.uid) return fail(NtStatus::InvalidHandle);
  // FILE_EXECUTE alone reads only for a client that sets SMB_FLAGS2_PAGING_IO, "read if
  // execute" (MS-CIFS 2.2.3.1), as loading a program does.
  bool paging_io = call.request_header.flags2 & smb1::kFlags2PagingIo;
  return check_open_io(call.shared, file, {range, write, call.request_header.pid_low, paging_io});
}

void close_fid(Smb1Call& call, uint16_t fid) {
  if (call.state.notify) call.state.notify->forget_handle(fid);
  // Reads waiting on a pipe end with STATUS_PIPE_BROKEN.
  if (Smb1File* file = call.state.files.find(fid); file && file->pipe) file->pipe->close();
  call.state.files.erase(fid);
}

}  // namespace smbkit::server
