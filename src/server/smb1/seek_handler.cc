// SMB_COM_SEEK (MS-CIFS 3.3.5.21): moves and reports the handle's file pointer, which only SEEK
// reads (reads and writes carry their own offsets).
#include "server/smb1/handler.h"
#include "smb1/seek.h"

namespace smbkit::server {

NtStatus handle_seek(Smb1Call& call) {
  auto req = smb1::SeekRequest::decode(call.block);
  if (!req) return req.error();
  Smb1File& file = *call.file;
  // From the start and from the current position the pointer moves modulo 2^32, as Windows and
  // Samba do: Start -1 gives 0xFFFFFFFF, and 1000 past it gives 999 (smbtorture raw.seek).
  auto delta = static_cast<uint32_t>(req->offset);
  switch (static_cast<smb1::SeekMode>(req->mode)) {
    case smb1::SeekMode::Start:
      file.position = delta;
      break;
    case smb1::SeekMode::Current:
      file.position += delta;
      break;
    case smb1::SeekMode::End: {
      auto info = file.file->stat();
      if (!info) return info.error();
      // MS-CIFS 2.2.4.19.2: a seek before the start of the file leaves the pointer at 0; a
      // position past 4 GiB reports its low 32 bits.
      int64_t target = static_cast<int64_t>(info->end_of_file) + req->offset;
      file.position = target < 0 ? 0 : static_cast<uint32_t>(target);
      break;
    }
    default:
      return NtStatus::InvalidParameter;
  }
  smb1::SeekResponse{file.position}.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
