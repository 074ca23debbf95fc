// SMB_COM_PROCESS_EXIT (MS-CIFS 3.3.5.20): every handle the header's PID opened in this session
// is closed, which drops its locks and oplock and ends the lock requests waiting on it
// (STATUS_RANGE_NOT_LOCKED, as smbtorture raw.lock.async "cancel by exit" expects).
#include <vector>

#include "server/smb1/file_io.h"
#include "server/smb1/handler.h"
#include "smb1/core_open.h"

namespace smbkit::server {

NtStatus handle_process_exit(Smb1Call& call) {
  auto req = smb1::ProcessExitRequest::decode(call.block);
  if (!req) return req.error();
  uint32_t pid = call.request_header.pid();
  std::vector<uint16_t> owned;
  for (auto& [fid, file] : call.state.files)
    if (file.uid == call.uid && file.pid == pid) owned.push_back(fid);
  for (uint16_t fid : owned) close_fid(call, fid);
  smb1::ProcessExitResponse{}.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
