#include "smb2/set_info.h"

#include "smb2/codec_support.h"

namespace smbkit::smb2 {

Result<SetInfoRequest> SetInfoRequest::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  SetInfoRequest req;
  req.info_type = r.u8();
  req.file_info_class = r.u8();
  uint32_t length = r.u32();
  uint16_t offset = r.u16();
  r.skip(2);  // Reserved
  req.additional_information = r.u32();
  req.file_id = FileId::read(r);
  if (!r.ok()) return fail(r.status());
  auto buffer = variable_part(message, offset, length, kBufferOffset);
  if (!buffer) return fail(buffer.error());
  req.buffer = *buffer;
  return req;
}

void SetInfoRequest::encode(ByteWriter& w, size_t /*header_start*/) const {
  w.u16(kStructureSize);
  w.u8(info_type);
  w.u8(file_info_class);
  w.u32(static_cast<uint32_t>(buffer.size()));
  w.u16(kBufferOffset);
  w.u16(0);  // Reserved
  w.u32(additional_information);
  file_id.write(w);
  if (buffer.empty())
    w.u8(0);  // Buffer: at least one byte
  else
    w.bytes(buffer);
}

Result<SetInfoResponse> SetInfoResponse::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  if (!r.ok()) return fail(r.status());
  return SetInfoResponse{};
}

void SetInfoResponse::encode(ByteWriter& w, size_t /*header_start*/) const {
  w.u16(kStructureSize);
}

}  // namespace smbkit::smb2
