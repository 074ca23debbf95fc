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

Result<ChangeNotifyResponse> ChangeNotifyResponse::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  uint16_t offset = r.u16();
  uint32_t length = r.u32();
  if (!r.ok()) return fail(r.status());
  auto output = variable_part(message, offset, length, kBufferOffset);
  if (!output) return fail(output.error());
  return ChangeNotifyResponse{*output};
}

void ChangeNotifyResponse::begin(ByteWriter& w) {
  w.u16(kStructureSize);
  w.u16(kBufferOffset);
  w.u32(0);  // OutputBufferLength, set by finish()
}

void ChangeNotifyResponse::finish(ByteWriter& w, size_t header_start) {
  size_t length = w.offset() - (header_start + kBufferOffset);
  w.patch_u32(header_start + kHeaderSize + 4, static_cast<uint32_t>(length));
  if (length == 0) w.u8(0);  // Buffer: at least one byte
}

void ChangeNotifyResponse::encode(ByteWriter& w, size_t header_start) const {
  begin(w);
  w.bytes(output);
  finish(w, header_start);
}

}  // namespace smbkit::smb2
