// The core protocol's reads and writes: SMB_COM_READ (MS-CIFS 3.3.5.13), SMB_COM_WRITE
// (3.3.5.14) and SMB_COM_WRITE_AND_CLOSE (3.3.5.34). They check what READ_ANDX and WRITE_ANDX
// check (file_io.h) and leave the handle's file pointer after the bytes moved (2.2.4.19.1).
#include <algorithm>
#include <vector>

#include "server/smb1/file_io.h"
#include "server/smb1/handler.h"
#include "smb1/core_read_write.h"
#include "wire/filetime.h"

namespace smbkit::server {
namespace {

// Header (32), WordCount and five words (11), ByteCount (2), BufferFormat and length (3).
constexpr size_t kReadReplyOverhead = 48;

// Writes `data` at `offset`, or with no data truncates or extends the file to `offset` (MS-CIFS
// 2.2.4.12.1). Other opens' level II oplocks break to none first (MS-CIFS 3.3.4.2).
Result<size_t> write_or_truncate(Smb1Call& call, Smb1File& file, uint32_t offset, Bytes data) {
  ByteRange range{offset, data.size()};
  if (auto allowed = check_file_io(call, file, range, /*write=*/true); !allowed)
    return fail(allowed.error());
  call.shared.oplocks.break_level2(file.oplock);
  size_t written = 0;
  if (data.empty()) {
    if (auto cut = file.file->truncate(offset); !cut) return fail(cut.error());
  } else {
    auto n = file.file->pwrite(offset, data);
    if (!n) return fail(n.error());
    written = *n;
  }
  if (file.write_through) {
    if (auto synced = file.file->flush(); !synced) return fail(synced.error());
  }
  file.position = static_cast<uint32_t>(offset + written);
  return written;
}

}  // namespace

NtStatus handle_core_read(Smb1Call& call) {
  auto req = smb1::CoreReadRequest::decode(call.block);
  if (!req) return req.error();
  Smb1File& file = *call.file;
  // The reply must fit the client's buffer (MS-CIFS 3.3.5.13: fewer bytes may be returned).
  size_t room = call.state.client_max_buffer > kReadReplyOverhead
                    ? call.state.client_max_buffer - kReadReplyOverhead
                    : 0;
  size_t count = std::min<size_t>(req->count, room);
  ByteRange range{req->offset, count};
  if (auto allowed = check_file_io(call, file, range, /*write=*/false); !allowed)
    return allowed.error();
  std::vector<uint8_t> data(count);
  auto n = file.file->pread(req->offset, data);
  if (!n) return n.error();
  data.resize(*n);
  file.position = static_cast<uint32_t>(req->offset + *n);
  smb1::CoreReadResponse{Bytes(data)}.encode(call.out);
  return NtStatus::Success;
}

NtStatus handle_core_write(Smb1Call& call) {
  auto req = smb1::CoreWriteRequest::decode(call.block);
  if (!req) return req.error();
  // A count the data does not match is a bad parameter, as Windows and Samba answer
  // (smbtorture raw.write.bad-write: count 65535 with no data).
  if (req->count != req->data.size()) return NtStatus::InvalidParameter;
  auto n = write_or_truncate(call, *call.file, req->offset, req->data);
  if (!n) return n.error();
  smb1::CoreWriteResponse{smb1::Command::Write, static_cast<uint16_t>(*n)}.encode(call.out);
  return NtStatus::Success;
}

NtStatus handle_write_and_close(Smb1Call& call) {
  auto req = smb1::WriteAndCloseRequest::decode(call.block);
  if (!req) return req.error();
  Smb1File& file = *call.file;
  // A zero count writes nothing and keeps the handle open, as Windows and Samba answer
  // (smbtorture raw.write "write close": two zero writes on one handle both succeed).
  if (req->data.empty()) {
    smb1::CoreWriteResponse{smb1::Command::WriteAndClose, 0}.encode(call.out);
    return NtStatus::Success;
  }
  auto n = write_or_truncate(call, file, req->offset, req->data);
  if (!n) return n.error();
  if (req->last_write_time != 0 && req->last_write_time != 0xFFFFFFFF) {
    vfs::SetTimes times;
    times.last_write_time = filetime_from_utime(req->last_write_time);
    file.file->set_times(times);  // a time that cannot be set fails nothing (MS-CIFS 3.3.5.34)
  }
  close_fid(call, req->fid);
  smb1::CoreWriteResponse{smb1::Command::WriteAndClose, static_cast<uint16_t>(*n)}.encode(
      call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
