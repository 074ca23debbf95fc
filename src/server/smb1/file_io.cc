#include "server/smb1/file_io.h"

#include "server/access.h"

namespace smbkit::server {
namespace {

// FILE_READ_DATA reads; FILE_EXECUTE alone reads only for a client that sets
// SMB_FLAGS2_PAGING_IO, "read if execute" (MS-CIFS 2.2.3.1), as loading a program does.
bool may_read(uint32_t granted, uint16_t flags2) {
  if (granted & kFileReadData) return true;
  return (granted & kFileExecute) && (flags2 & smb1::kFlags2PagingIo);
}

}  // namespace

Result<uint64_t> check_file_io(const Smb1Call& call, const Smb1File& file, ByteRange range,
                           bool write) {
  if (write && file.uid != call.uid) return fail(NtStatus::InvalidHandle);
  if (file.file->is_directory()) return fail(NtStatus::InvalidDeviceRequest);
  bool allowed = write ? can_write(file.granted_access)
                       : may_read(file.granted_access, call.request_header.flags2);
  if (!allowed) return fail(NtStatus::AccessDenied);
  // The handle's rights were fixed at open; the file's own permission may have been taken away
  // since (MS-CIFS scenario: access changed between open and read).
  auto size = file.file->check_access(!write, write);
  if (!size) return size;
  if (auto unlocked = call.shared.opens.check_io(file.open, call.request_header.pid_low, range,
                                                 write);
      !unlocked)
    return fail(unlocked.error());
  return size;
}

void close_fid(Smb1Call& call, uint16_t fid) {
  if (call.state.notify) call.state.notify->forget_fid(fid);
  call.state.files.erase(fid);
}

}  // namespace smbkit::server
