// SMB_COM_WRITE_ANDX (MS-CIFS 3.3.5.37, MS-SMB 3.3.5.8 for writes past 64 KiB) and SMB_COM_FLUSH
// (MS-CIFS 3.3.5.8).
#include "server/access.h"
#include "server/smb1/file_io.h"
#include "server/smb1/handler.h"
#include "smb1/flush.h"
#include "smb1/read_write.h"

namespace smbkit::server {

NtStatus handle_write_andx(Smb1Call& call) {
  auto req = smb1::WriteAndXRequest::decode(call.block);
  if (!req) return req.error();
  Smb1File& file = *call.file;
  bool write_through = file.write_through || (req->write_mode & smb1::kWritethrough);
  auto start = LoopWrites::Clock::now();
  // Write-through waits for the disk, and a spell of slow loop writes sends writes to the pool
  // (server/loop_writes.h): known before anything is checked, so nothing is checked twice.
  if (call.on_loop && (write_through || !call.shared.loop_writes.allowed(start))) {
    call.needs_pool = true;
    return NtStatus::Success;
  }
  auto size = check_file_io(call, file, {req->offset, req->data.size()}, /*write=*/true);
  if (!size) return size.error();
  // Other opens' level II oplocks (cached reads) break to none (MS-CIFS 3.3.4.2); once only,
  // should the write go on to the pool.
  call.shared.oplocks.break_level2(file.oplock);
  // A zero-length write changes nothing (MS-CIFS 3.3.5.37), unlike the core WRITE's truncation.
  Result<size_t> n = 0;
  if (call.on_loop) {
    // Into the page cache on the loop, or else the request is handled again on the worker pool
    // (which writes the same bytes again if some went in).
    auto written = file.file->pwrite_without_reading(req->offset, req->data, *size);
    if (!written) {
      call.needs_pool = true;
      return NtStatus::Success;
    }
    call.shared.loop_writes.took(start, LoopWrites::Clock::now());
    n = *written;
  } else {
    n = file.file->pwrite(req->offset, req->data);
  }
  if (!n) return n.error();
  if (write_through) {
    if (auto synced = file.file->flush(); !synced) return synced.error();
  }
  file.position = static_cast<uint32_t>(req->offset + *n);  // MS-CIFS 2.2.4.19.1
  smb1::WriteAndXResponse resp;
  resp.count = static_cast<uint32_t>(*n);
  resp.encode(call.out);
  return NtStatus::Success;
}

namespace {

// An open through which nothing can have been written has nothing of its own to flush (and an
// attributes-only open has no descriptor that could).
Result<void> flush_open(Smb1File& file) {
  if (!can_write(file.granted_access)) return {};
  return file.file->flush();
}

}  // namespace

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
