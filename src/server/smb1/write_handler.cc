// SMB_COM_WRITE_ANDX (MS-CIFS 3.3.5.37, MS-SMB 3.3.5.8 for writes past 64 KiB) and SMB_COM_FLUSH
// (MS-CIFS 3.3.5.8).
#include "server/core/file_io.h"
#include "server/smb1/file_io.h"
#include "server/smb1/handler.h"
#include "smb1/flush.h"
#include "smb1/read_write.h"

namespace smbkit::server {

NtStatus handle_write_andx(Smb1Call& call) {
  auto req = smb1::WriteAndXRequest::decode(call.block);
  if (!req) return req.error();
  Smb1File& file = *call.file;
  if (file.uid != call.uid) return NtStatus::InvalidHandle;  // MS-CIFS 3.3.5.37
  // A zero-length write changes nothing (MS-CIFS 3.3.5.37), unlike the core WRITE's truncation.
  auto n = write_open(call.shared, file, req->offset, req->data, call.request_header.pid_low,
                      req->write_mode & smb1::kWritethrough, call.on_loop);
  if (!n && n.error() == kNeedsPool) {
    call.needs_pool = true;
    return NtStatus::Success;
  }
  if (!n) return n.error();
  file.position = static_cast<uint32_t>(req->offset + *n);  // MS-CIFS 2.2.4.19.1
  smb1::WriteAndXResponse resp;
  resp.count = static_cast<uint32_t>(*n);
  resp.encode(call.out);
  return NtStatus::Success;
}

NtStatus handle_flush(Smb1Call& call) {
  auto req = smb1::FlushRequest::decode(call.block);
  if (!req) return req.error();
  if (req->fid == smb1::kFlushAllFids) {
    // Every file this session opened; the first error ends the flush (MS-CIFS 3.3.5.8).
    for (auto& [fid, file] : call.state.files) {
      if (file.uid != call.uid) continue;
      if (auto r = flush_open(file); !r) return r.error();
    }
  } else {
    Smb1File* file = call.state.files.find(req->fid);
    if (!file || file->tid != call.tid) return NtStatus::InvalidHandle;
    if (auto r = flush_open(*file); !r) return r.error();
  }
  smb1::FlushResponse{}.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
