#include "smb2/flush.h"

#include "smb2/codec_support.h"

namespace smbkit::smb2 {

Result<FlushRequest> FlushRequest::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  r.skip(2 + 4);  // Reserved1, Reserved2
  FlushRequest req;
  req.file_id = FileId::read(r);
  if (!r.ok()) return fail(r.status());
  return req;
}

void FlushRequest::encode(ByteWriter& w, size_t /*header_start*/) const {
  w.u16(kStructureSize);
  w.u16(0);  // Reserved1
  w.u32(0);  // Reserved2
  file_id.write(w);
}

Result<FlushResponse> FlushResponse::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  r.skip(2);  // Reserved
  if (!r.ok()) return fail(r.status());
  return FlushResponse{};
}

void FlushResponse::encode(ByteWriter& w, size_t /*header_start*/) const {
  w.u16(kStructureSize);
  w.u16(0);  // Reserved
}

}  // namespace smbkit::smb2
