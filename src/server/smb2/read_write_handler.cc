// SMB2 READ (MS-SMB2 3.3.5.12), WRITE (3.3.5.13) and FLUSH (3.3.5.11), through the core's file-I/O
// rules (core/file_io.h): a read from the page cache goes out by sendfile() when nothing must be
// signed, or is copied into the reply on the loop; a write goes into the page cache on the loop
// when no page must be read first; the rest runs on the worker pool. On a named pipe
// (core/pipes.h) a read returns a message (STATUS_BUFFER_OVERFLOW with the part that fits) or
// waits for one, answered later; a write hands the bytes to the pipe's RPC server.
#include <algorithm>

#include "server/access.h"
#include "server/core/file_io.h"
#include "server/smb2/handler.h"
#include "server/smb2/io_limits.h"
#include "smb2/flush.h"
#include "smb2/read.h"
#include "smb2/write.h"

namespace smbkit::server {
namespace {

using namespace smb2;

// The read's data read into `out` after its 16-byte body, which is patched to the count.
Result<size_t> read_into_reply(Smb2Call& call, vfs::OpenFile& file, uint64_t offset,
                               uint32_t length) {
  std::vector<uint8_t>& buffer = call.out.buffer();
  size_t body_at = buffer.size();
  encode_read_response_body(call.out, 0);
  size_t data_at = buffer.size();
  buffer.resize(data_at + length);
  std::span<uint8_t> room(buffer.data() + data_at, length);
  Result<size_t> n = 0;
  if (call.on_loop) {
    auto cached = file.pread_cached(offset, room);
    if (!cached) {
      buffer.resize(body_at);
      call.needs_pool = true;
      return fail(NtStatus::Pending);
    }
    n = *cached;
  } else {
    n = file.pread(offset, room);
  }
  if (!n) {
    buffer.resize(body_at);
    return n;
  }
  buffer.resize(data_at + *n);
  call.out.patch_u32(body_at + 4, static_cast<uint32_t>(*n));  // DataLength
  return n;
}

// MS-SMB2 3.3.5.12 on a named pipe: the offset means nothing; a read with no message to return
// waits (an interim STATUS_PENDING, then the final response through go_async), as Windows'
// blocking pipes do, until a write or a transceive produces one, a CANCEL, or a CLOSE
// (STATUS_PIPE_BROKEN).
NtStatus read_pipe(Smb2Call& call, Smb2Open& open, const ReadRequest& req) {
  if (!(open.granted_access & kFileReadData)) return NtStatus::AccessDenied;
  auto answer = [&call](const PipeData& d) {
    ReadResponse resp;
    resp.data = d.data;
    resp.encode(call.out, call.header_start);
    return d.status;
  };
  if (req.length == 0) return answer(PipeData{});
  if (auto now = open.pipe->read(req.length)) {
    if (is_error(now->status)) return now->status;
    return answer(*now);
  }
  if (!call.state.reply_sink) return NtStatus::PipeEmpty;  // nowhere to answer later
  auto async = call.go_async();
  if (!async) return async.error();
  open.pipe->wait(async->request, req.length, [reply = async->reply](PipeData d) {
    if (is_error(d.status)) return reply(d.status, {});
    ReadResponse resp;
    resp.data = d.data;
    reply(d.status, late_reply_body(resp));
  });
  return NtStatus::Pending;
}

}  // namespace

NtStatus handle_smb2_read(Smb2Call& call) {
  auto req = ReadRequest::decode(call.message);
  if (!req) return req.error();
  if (req->length > max_read_size(call.state.dialect)) return NtStatus::InvalidParameter;
  Smb2Open& open = *call.open;
  if (open.is_pipe()) return read_pipe(call, open, *req);
  // MS-SMB2 3.3.5.12: a handle opened for execute may read (what loading a program does).
  auto size = check_open_io(call.shared, open,
                            {{req->offset, req->length}, /*write=*/false, 0, true});
  if (!size) return size.error();
  vfs::OpenFile& file = *open.file;
  // At or past the end of the file, or fewer bytes than MinimumCount: STATUS_END_OF_FILE.
  uint64_t available = req->offset < *size ? *size - req->offset : 0;
  uint64_t count = std::min<uint64_t>(req->length, available);
  if ((count == 0 && req->length > 0) || count < req->minimum_count) return NtStatus::EndOfFile;
  if (call.file_tail && count > 0) {
    // From the page cache by sendfile (the connection sends it after the frame).
    auto cached = file.cached_length(req->offset, count, *size);
    if (!cached) {
      call.needs_pool = true;
      return NtStatus::Success;
    }
    encode_read_response_body(call.out, static_cast<uint32_t>(*cached));
    *call.file_tail = FileTail{open.file, req->offset, *cached};
    open.position_information = req->offset + *cached;
    return NtStatus::Success;
  }
  auto n = read_into_reply(call, file, req->offset, static_cast<uint32_t>(count));
  if (call.needs_pool) return NtStatus::Success;
  if (!n) return n.error();
  if (*n == 0 && req->length > 0) {
    call.out.buffer().resize(call.header_start + kHeaderSize);  // no body: an error response
    return NtStatus::EndOfFile;
  }
  open.position_information = req->offset + *n;
  return NtStatus::Success;
}

NtStatus handle_smb2_write(Smb2Call& call) {
  auto req = WriteRequest::decode(call.message);
  if (!req) return req.error();
  if (req->data.size() > max_write_size(call.state.dialect)) return NtStatus::InvalidParameter;
  // WRITE_THROUGH exists from 2.1 on (MS-SMB2 2.2.21).
  bool write_through =
      call.state.dialect >= kDialect210 && (req->flags & kWriteFlagWriteThrough);
  if (call.open->is_pipe()) {
    if (!can_write(call.open->granted_access)) return NtStatus::AccessDenied;
    auto n = call.open->pipe->write(req->data);
    if (!n) return n.error();
    WriteResponse resp;
    resp.count = static_cast<uint32_t>(*n);
    resp.encode(call.out, call.header_start);
    return NtStatus::Success;
  }
  auto n = write_open(call.shared, *call.open, req->offset, req->data, 0, write_through,
                      call.on_loop);
  if (!n && n.error() == kNeedsPool) {
    call.needs_pool = true;
    return NtStatus::Success;
  }
  if (!n) return n.error();
  WriteResponse resp;
  resp.count = static_cast<uint32_t>(*n);
  resp.encode(call.out, call.header_start);
  return NtStatus::Success;
}

NtStatus handle_smb2_flush(Smb2Call& call) {
  auto req = FlushRequest::decode(call.message);
  if (!req) return req.error();
  // MS-SMB2 3.3.5.11: a handle that cannot write cannot flush.
  if (!can_write(call.open->granted_access)) return NtStatus::AccessDenied;
  // A pipe's writes are taken by its server at once: nothing is left to flush.
  if (!call.open->is_pipe()) {
    if (auto r = flush_open(*call.open); !r) return r.error();
  }
  FlushResponse{}.encode(call.out, call.header_start);
  return NtStatus::Success;
}

}  // namespace smbkit::server
