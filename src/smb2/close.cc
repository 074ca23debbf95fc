#include "smb2/close.h"

#include "smb2/codec_support.h"

namespace smbkit::smb2 {

Result<CloseRequest> CloseRequest::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  CloseRequest req;
  req.flags = r.u16();
  r.skip(4);  // Reserved
  req.file_id = FileId::read(r);
  if (!r.ok()) return fail(r.status());
  return req;
}

void CloseRequest::encode(ByteWriter& w, size_t /*header_start*/) const {
  w.u16(kStructureSize);
  w.u16(flags);
  w.u32(0);  // Reserved
  file_id.write(w);
}

Result<CloseResponse> CloseResponse::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  CloseResponse resp;
  resp.flags = r.u16();
  r.skip(4);  // Reserved
  resp.creation_time = r.u64();
  resp.last_access_time = r.u64();
  resp.last_write_time = r.u64();
  resp.change_time = r.u64();
  resp.allocation_size = r.u64();
  resp.end_of_file = r.u64();
  resp.file_attributes = r.u32();
  if (!r.ok()) return fail(r.status());
  return resp;
}

void CloseResponse::encode(ByteWriter& w, size_t /*header_start*/) const {
  w.u16(kStructureSize);
  w.u16(flags);
  w.u32(0);  // Reserved
  w.u64(creation_time);
  w.u64(last_access_time);
  w.u64(last_write_time);
  w.u64(change_time);
  w.u64(allocation_size);
  w.u64(end_of_file);
  w.u32(file_attributes);
}

}  // namespace smbkit::smb2
