// SMB_COM_READ_ANDX (MS-CIFS 3.3.5.36, MS-SMB 3.3.5.2.2 for reads past 64 KiB), of a file or
// of a named pipe (core/pipes.h).
#include <algorithm>

#include "server/access.h"
#include "server/core/pipes.h"
#include "server/smb1/file_io.h"
#include "server/smb1/handler.h"
#include "smb1/read_write.h"

namespace smbkit::server {

// The largest read answered in one reply with CAP_LARGE_READX; MS-SMB 2.2.4.2.1 lets
// MaxCountHigh reach further, but replies stay under the 24-bit frame length.
constexpr uint32_t kMaxLargeRead = 0x00FF0000;
constexpr uint16_t kNotAPipe = 0xFFFF;  // MS-CIFS 2.2.4.42.2 Available for files

namespace {

// The reply bytes still to be read from a pipe, as Available says them (MS-CIFS 2.2.4.42.2).
uint16_t pipe_available(const PipeOpen& pipe) {
  return static_cast<uint16_t>(std::min<size_t>(pipe.available(), 0xFFFF));
}

// MS-CIFS 3.3.5.36 on a named pipe: the offset means nothing, and MaxCountHigh is a time-out
// there (MS-SMB 2.2.4.2.1), so at most 64 KiB - 1 are read: a message, or the part of it that
// fits with STATUS_BUFFER_OVERFLOW. With no message to return the read waits, answered later
// (as a blocking read of a Windows pipe), until a write produces one, NT_CANCEL
// (STATUS_CANCELLED) or a CLOSE (STATUS_PIPE_BROKEN).
NtStatus read_pipe(Smb1Call& call, Smb1File& file, const smb1::ReadAndXRequest& req) {
  if (!(file.granted_access & kFileReadData)) return NtStatus::AccessDenied;
  PipeOpen& pipe = *file.pipe;
  if (auto now = req.max_count == 0 ? std::optional(PipeData{}) : pipe.read(req.max_count)) {
    if (is_error(now->status)) return now->status;
    smb1::ReadAndXResponse resp;
    resp.available = pipe_available(pipe);
    resp.data = now->data;
    resp.encode(call.out);
    return now->status;
  }
  if (!call.state.reply_sink) return NtStatus::PipeEmpty;  // nowhere to answer later
  const smb1::Header& h = call.request_header;
  auto done = [request = h, sink = call.state.reply_sink, pipe = file.pipe](PipeData d) {
    auto body = [&d, &pipe](smb1::MessageWriter& out) {
      if (is_error(d.status)) return;
      smb1::ReadAndXResponse resp;
      resp.available = pipe_available(*pipe);
      resp.data = d.data;
      resp.encode(out);
    };
    sink(frame_late_reply(request, d.status, body));
  };
  pipe.wait(smb1_request_id(h.uid, h.pid(), h.mid), req.max_count, std::move(done));
  call.answer = Answer::Later;
  return NtStatus::Success;
}

}  // namespace

NtStatus handle_read_andx(Smb1Call& call) {
  auto req = smb1::ReadAndXRequest::decode(call.block);
  if (!req) return req.error();
  Smb1File& file = *call.file;
  if (file.is_pipe()) return read_pipe(call, file, *req);
  bool large = call.state.client_capabilities & smb1::kCapLargeReadX;
  uint32_t count = large ? std::min(req->large_max_count(), kMaxLargeRead) : req->max_count;
  auto size = check_file_io(call, file, {req->offset, count}, /*write=*/false);
  if (!size) return size.error();
  vfs::OpenFile& f = *file.file;
  uint64_t offset = req->offset;
  if (call.file_tail) {
    // Sent from the page cache by the connection (sendfile): no copy, no wait for storage.
    auto length = f.cached_length(offset, count, *size);
    if (!length) {
      call.needs_pool = true;
      return NtStatus::Success;
    }
    uint32_t n = static_cast<uint32_t>(*length);
    smb1::encode_read_andx_response_prefix(call.out, kNotAPipe, n);
    *call.file_tail = FileTail{file.file, offset, n};
    file.position = static_cast<uint32_t>(offset + n);  // MS-CIFS 2.2.4.19.1
    file.position_information = offset + n;
    return NtStatus::Success;
  }
  if (call.on_loop) {
    // Only what the page cache holds; otherwise the request is handled again on the worker pool.
    auto read_cached = [&](std::span<uint8_t> room) -> Result<size_t> {
      auto n = f.pread_cached(offset, room);
      if (!n) return fail(NtStatus::Pending);  // abandoned below
      return *n;
    };
    auto n = smb1::encode_read_andx_response_in_place(call.out, kNotAPipe, count, read_cached);
    if (!n && n.error() == NtStatus::Pending) {
      call.needs_pool = true;
      return NtStatus::Success;
    }
    if (!n) return n.error();
    file.position = static_cast<uint32_t>(offset + *n);  // MS-CIFS 2.2.4.19.1
    file.position_information = offset + *n;
    return NtStatus::Success;
  }
  auto read = [&](std::span<uint8_t> room) { return f.pread(offset, room); };
  auto n = smb1::encode_read_andx_response_in_place(call.out, kNotAPipe, count, read);
  if (!n) return n.error();
  file.position = static_cast<uint32_t>(offset + *n);
  file.position_information = offset + *n;
  return NtStatus::Success;
}

}  // namespace smbkit::server
