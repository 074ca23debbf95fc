#include "smb2/change_notify.h"

#include "smb2/codec_support.h"

namespace smbkit::smb2 {

Result<ChangeNotifyRequest> ChangeNotifyRequest::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  ChangeNotifyRequest req;
  req.flags = r.u16();
  req.output_buffer_length = r.u32();
  req.file_id = FileId::read(r);
  req.completion_filter = r.u32();
  r.skip(4);  // Reserved
  if (!r.ok()) return fail(r.status());
  return req;
}

void ChangeNotifyRequest::encode(ByteWriter& w, size_t /*header_start*/) const {
  w.u16(kStructureSize);
  w.u16(flags);
  w.u32(output_buffer_length);
  file_id.write(w);
  w.u32(completion_filter);
  w.u32(0);  // Reserved
}

}  // namespace smbkit::smb2
