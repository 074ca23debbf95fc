#include "smb2/session_setup.h"

#include "smb2/codec_support.h"

namespace smbkit::smb2 {
namespace {

constexpr uint16_t kRequestStructureSize = 25;   // MS-SMB2 2.2.5
constexpr uint16_t kResponseStructureSize = 9;   // MS-SMB2 2.2.6
constexpr size_t kRequestFixedEnd = kHeaderSize + 24;
constexpr size_t kResponseFixedEnd = kHeaderSize + 8;

// Writes Buffer at the current offset and patches its offset/length fields at `fields`. An empty
// Buffer is sent as one 0 byte: the odd StructureSize counts one byte of it (MS-SMB2 2.2).
void write_buffer(ByteWriter& w, size_t header_start, size_t fields, const std::vector<uint8_t>& b) {
  w.patch_u16(fields, static_cast<uint16_t>(w.offset() - header_start));
  w.patch_u16(fields + 2, static_cast<uint16_t>(b.size()));
  if (b.empty())
    w.u8(0);
  else
    w.bytes(b);
}

}  // namespace

Result<SessionSetupRequest> SessionSetupRequest::decode(Bytes message) {
  // MS-SMB2 2.2.5
  ByteReader r = body_reader(message, kRequestStructureSize);
  SessionSetupRequest req;
  req.flags = r.u8();
  req.security_mode = r.u8();
  req.capabilities = r.u32();
  req.channel = r.u32();
  uint16_t buffer_offset = r.u16();
  uint16_t buffer_length = r.u16();
  req.previous_session_id = r.u64();
  if (!r.ok()) return fail(kBadRequest);
  auto buffer = variable_part(message, buffer_offset, buffer_length, kRequestFixedEnd);
  if (!buffer) return fail(buffer.error());
  req.security_buffer.assign(buffer->begin(), buffer->end());
  return req;
}

void SessionSetupRequest::encode(ByteWriter& w, size_t header_start) const {
  w.u16(kRequestStructureSize);
  w.u8(flags);
  w.u8(security_mode);
  w.u32(capabilities);
  w.u32(channel);
  size_t fields = w.offset();
  w.u16(0);  // SecurityBufferOffset
  w.u16(0);  // SecurityBufferLength
  w.u64(previous_session_id);
  write_buffer(w, header_start, fields, security_buffer);
}

Result<SessionSetupResponse> SessionSetupResponse::decode(Bytes message) {
  // MS-SMB2 2.2.6
  ByteReader r = body_reader(message, kResponseStructureSize);
  SessionSetupResponse resp;
  resp.session_flags = r.u16();
  uint16_t buffer_offset = r.u16();
  uint16_t buffer_length = r.u16();
  if (!r.ok()) return fail(kBadRequest);
  auto buffer = variable_part(message, buffer_offset, buffer_length, kResponseFixedEnd);
  if (!buffer) return fail(buffer.error());
  resp.security_buffer.assign(buffer->begin(), buffer->end());
  return resp;
}

void SessionSetupResponse::encode(ByteWriter& w, size_t header_start) const {
  w.u16(kResponseStructureSize);
  w.u16(session_flags);
  size_t fields = w.offset();
  w.u16(0);  // SecurityBufferOffset
  w.u16(0);  // SecurityBufferLength
  write_buffer(w, header_start, fields, security_buffer);
}

}  // namespace smbkit::smb2
