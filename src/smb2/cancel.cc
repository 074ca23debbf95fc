#include "smb2/cancel.h"

#include "smb2/codec_support.h"

namespace smbkit::smb2 {

Result<CancelRequest> CancelRequest::decode(Bytes message) {
  // MS-SMB2 2.2.30
  ByteReader r = body_reader(message, 4);
  r.skip(2);  // Reserved
  if (!r.ok()) return fail(kBadRequest);
  return CancelRequest{};
}

void CancelRequest::encode(ByteWriter& w, size_t) const {
  w.u16(4);  // StructureSize
  w.u16(0);  // Reserved
}

}  // namespace smbkit::smb2
