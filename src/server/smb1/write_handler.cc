// SMB_COM_WRITE_ANDX (MS-CIFS 3.3.5.37, MS-SMB 3.3.5.8 for writes past 64 KiB), of a file or of
// a named pipe, and SMB_COM_FLUSH (MS-CIFS 3.3.5.8).
#include <algorithm>

#include "server/access.h"
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
  if (file.is_pipe()) {
    // A named pipe: the bytes go to its RPC server. With both RAW_MODE and MSG_START the data
    // begins with the message's length in two bytes (MS-CIFS 2.2.4.43.1), which is not part of
    // it.
    if (!can_write(file.granted_access)) return NtStatus::AccessDenied;
    Bytes data = req->data;
    constexpr uint16_t kRawStart = smb1::kRawMode | smb1::kMsgStart;
    if ((req->write_mode & kRawStart) == kRawStart && data.size() >= 2) data = data.subspan(2);
    auto n = file.pipe->write(data);
    if (!n) return n.error();
    smb1::WriteAndXResponse resp;
    resp.count = static_cast<uint32_t>(req->data.size());
    resp.available = static_cast<uint16_t>(std::min<size_t>(file.pipe->available(), 0xFFFF));
    resp.encode(call.out);
    return NtStatus::Success;
  }
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
      if (file.uid != call.uid || file.is_pipe()) continue;
      if (auto r = flush_open(file); !r) return r.error();
    }
  } else {
    Smb1File* file = call.state.files.find(req->fid);
    if (!file || file->tid != call.tid) return NtStatus::InvalidHandle;
    // A pipe's writes are taken by its server at once: nothing is left to flush.
    if (!file->is_pipe()) {
      if (auto r = flush_open(*file); !r) return r.error();
    }
  }
  smb1::FlushResponse{}.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
