// SMB_COM_READ_ANDX (MS-CIFS 3.3.5.36, MS-SMB 3.3.5.2.2 for reads past 64 KiB).
#include <algorithm>

#include "server/access.h"
#include "server/smb1/handler.h"
#include "smb1/read_write.h"

namespace smbkit::server {

// The largest read answered in one reply with CAP_LARGE_READX; MS-SMB 2.2.4.2.1 lets
// MaxCountHigh reach further, but replies stay under the 24-bit frame length.
constexpr uint32_t kMaxLargeRead = 0x00FF0000;

NtStatus handle_read_andx(Smb1Call& call) {
  auto req = smb1::ReadAndXRequest::decode(call.block);
  if (!req) return req.error();
  Smb1File& file = *call.file;
  if (file.file->is_directory()) return NtStatus::InvalidDeviceRequest;
  if (!can_read(file.granted_access)) return NtStatus::AccessDenied;
  // The handle's rights were fixed at open; the file's own permission may have been taken away
  // since (MS-CIFS scenario: access changed between open and read).
  if (auto still = file.file->check_access(/*read=*/true, /*write=*/false); !still)
    return still.error();

  bool large = call.state.client_capabilities & smb1::kCapLargeReadX;
  uint32_t count = large ? std::min(req->large_max_count(), kMaxLargeRead) : req->max_count;
  std::vector<uint8_t> data(count);
  auto n = file.file->pread(req->offset, data);
  if (!n) return n.error();
  data.resize(*n);
  smb1::ReadAndXResponse resp;
  resp.available = 0xFFFF;  // MS-CIFS 2.2.4.42.2: not a pipe
  resp.data = data;
  resp.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
