#include "smb2/output_buffer.h"

#include "smb2/codec_support.h"

namespace smbkit::smb2 {

Result<OutputBufferResponse> OutputBufferResponse::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  uint16_t offset = r.u16();
  uint32_t length = r.u32();
  if (!r.ok()) return fail(r.status());
  auto output = variable_part(message, offset, length, kBufferOffset);
  if (!output) return fail(output.error());
  return OutputBufferResponse{*output};
}

void OutputBufferResponse::begin(ByteWriter& w) {
  w.u16(kStructureSize);
  w.u16(kBufferOffset);
  w.u32(0);  // OutputBufferLength, set by finish()
}

void OutputBufferResponse::finish(ByteWriter& w, size_t header_start) {
  size_t length = w.offset() - (header_start + kBufferOffset);
  w.patch_u32(header_start + kHeaderSize + 4, static_cast<uint32_t>(length));
  if (length == 0) w.u8(0);  // Buffer: at least one byte
}

void OutputBufferResponse::encode(ByteWriter& w, size_t header_start) const {
  begin(w);
  w.bytes(output);
  finish(w, header_start);
}

}  // namespace smbkit::smb2
