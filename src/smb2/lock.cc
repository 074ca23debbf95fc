#include "smb2/lock.h"

#include "smb2/codec_support.h"

namespace smbkit::smb2 {

Result<LockRequest> LockRequest::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  uint16_t count = r.u16();
  LockRequest req;
  req.lock_sequence = r.u32();
  req.file_id = FileId::read(r);
  if (!r.ok()) return fail(r.status());
  // MS-SMB2 2.2.26: "The lock count MUST be greater than or equal to 1". 65535 elements of
  // 24 bytes cannot overflow a size_t, and the reader refuses any that run past the message.
  if (count == 0 || r.remaining() < size_t{count} * LockElement::kSize) return fail(kBadRequest);
  req.locks.resize(count);
  for (LockElement& e : req.locks) {
    e.offset = r.u64();
    e.length = r.u64();
    e.flags = r.u32();
    r.skip(4);  // Reserved
  }
  if (!r.ok()) return fail(r.status());
  return req;
}

void LockRequest::encode(ByteWriter& w, size_t /*header_start*/) const {
  w.u16(kStructureSize);
  w.u16(static_cast<uint16_t>(locks.size()));
  w.u32(lock_sequence);
  file_id.write(w);
  for (const LockElement& e : locks) {
    w.u64(e.offset);
    w.u64(e.length);
    w.u32(e.flags);
    w.u32(0);  // Reserved
  }
}

Result<LockResponse> LockResponse::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  r.skip(2);  // Reserved
  if (!r.ok()) return fail(r.status());
  return LockResponse{};
}

void LockResponse::encode(ByteWriter& w, size_t /*header_start*/) const {
  w.u16(kStructureSize);
  w.u16(0);  // Reserved
}

}  // namespace smbkit::smb2
