#include "smb2/echo.h"

#include "smb2/codec_support.h"

namespace smbkit::smb2 {
namespace {

constexpr uint16_t kStructureSize = 4;  // MS-SMB2 2.2.28, 2.2.29

bool decode_reserved_body(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  r.skip(2);  // Reserved
  return r.ok();
}

void encode_reserved_body(ByteWriter& w) {
  w.u16(kStructureSize);
  w.u16(0);  // Reserved
}

}  // namespace

Result<EchoRequest> EchoRequest::decode(Bytes message) {
  if (!decode_reserved_body(message)) return fail(kBadRequest);
  return EchoRequest{};
}

void EchoRequest::encode(ByteWriter& w, size_t) const { encode_reserved_body(w); }

Result<EchoResponse> EchoResponse::decode(Bytes message) {
  if (!decode_reserved_body(message)) return fail(kBadRequest);
  return EchoResponse{};
}

void EchoResponse::encode(ByteWriter& w, size_t) const { encode_reserved_body(w); }

}  // namespace smbkit::smb2
