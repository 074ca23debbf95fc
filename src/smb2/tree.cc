#include "smb2/tree.h"

#include "smb2/codec_support.h"

namespace smbkit::smb2 {
namespace {

constexpr uint16_t kConnectRequestSize = 9;     // MS-SMB2 2.2.9
constexpr uint16_t kConnectResponseSize = 16;   // MS-SMB2 2.2.10
constexpr uint16_t kDisconnectSize = 4;         // MS-SMB2 2.2.11, 2.2.12
constexpr size_t kConnectFixedEnd = kHeaderSize + 8;
constexpr size_t kExtensionSize = 16;  // 2.2.9.1: offset, count, 10 reserved bytes

bool decode_reserved_body(Bytes message) {
  ByteReader r = body_reader(message, kDisconnectSize);
  r.skip(2);  // Reserved
  return r.ok();
}

}  // namespace

Result<TreeConnectRequest> TreeConnectRequest::decode(Bytes message, uint16_t dialect) {
  // MS-SMB2 2.2.9
  ByteReader r = body_reader(message, kConnectRequestSize);
  TreeConnectRequest req;
  req.flags = r.u16();
  uint16_t path_offset = r.u16();
  uint16_t path_length = r.u16();
  if (!r.ok()) return fail(kBadRequest);
  size_t path_min = kConnectFixedEnd;
  if (dialect == kDialect311 && (req.flags & kTreeConnectFlagExtensionPresent)) {
    // MS-SMB2 2.2.9.1, at the start of Buffer.
    req.extension = true;
    uint32_t context_offset = r.u32();
    req.context_count = r.u16();
    r.skip(10);  // Reserved
    if (!r.ok()) return fail(kBadRequest);
    path_min = kConnectFixedEnd + kExtensionSize;
    if (req.context_count > 0) {
      if (context_offset > message.size()) return fail(kBadRequest);
      Bytes contexts = message.subspan(context_offset);
      req.contexts.assign(contexts.begin(), contexts.end());
    }
  }
  auto path = variable_part(message, path_offset, path_length, path_min);
  if (!path) return fail(path.error());
  auto utf8 = utf16_to_utf8(*path);
  if (!utf8) return fail(kBadRequest);  // 3.3.5.7: not the format of 2.2.9
  req.path = std::move(*utf8);
  return req;
}

void TreeConnectRequest::encode(ByteWriter& w, size_t header_start) const {
  w.u16(kConnectRequestSize);
  w.u16(extension ? static_cast<uint16_t>(flags | kTreeConnectFlagExtensionPresent) : flags);
  size_t path_fields = w.offset();
  w.u16(0);  // PathOffset
  w.u16(0);  // PathLength
  size_t context_offset_at = 0;
  if (extension) {
    context_offset_at = w.offset();
    w.u32(0);  // TreeConnectContextOffset
    w.u16(context_count);
    w.zeros(10);  // Reserved
  }
  size_t path_start = w.offset();
  w.utf16(path, false);
  size_t path_bytes = w.offset() - path_start;
  w.patch_u16(path_fields, static_cast<uint16_t>(path_start - header_start));
  w.patch_u16(path_fields + 2, static_cast<uint16_t>(path_bytes));
  if (extension && (context_count > 0 || !contexts.empty())) {
    pad8(w, header_start);
    w.patch_u32(context_offset_at, static_cast<uint32_t>(w.offset() - header_start));
    w.bytes(contexts);
  } else if (path_bytes == 0 && !extension) {
    w.u8(0);  // StructureSize 9 counts one byte of Buffer (MS-SMB2 2.2)
  }
}

Result<TreeConnectResponse> TreeConnectResponse::decode(Bytes message) {
  // MS-SMB2 2.2.10
  ByteReader r = body_reader(message, kConnectResponseSize);
  TreeConnectResponse resp;
  resp.share_type = r.u8();
  r.skip(1);  // Reserved
  resp.share_flags = r.u32();
  resp.capabilities = r.u32();
  resp.maximal_access = r.u32();
  if (!r.ok()) return fail(kBadRequest);
  return resp;
}

void TreeConnectResponse::encode(ByteWriter& w, size_t) const {
  w.u16(kConnectResponseSize);
  w.u8(share_type);
  w.u8(0);  // Reserved
  w.u32(share_flags);
  w.u32(capabilities);
  w.u32(maximal_access);
}

Result<TreeDisconnectRequest> TreeDisconnectRequest::decode(Bytes message) {
  if (!decode_reserved_body(message)) return fail(kBadRequest);
  return TreeDisconnectRequest{};
}

void TreeDisconnectRequest::encode(ByteWriter& w, size_t) const {
  w.u16(kDisconnectSize);
  w.u16(0);  // Reserved
}

Result<TreeDisconnectResponse> TreeDisconnectResponse::decode(Bytes message) {
  if (!decode_reserved_body(message)) return fail(kBadRequest);
  return TreeDisconnectResponse{};
}

void TreeDisconnectResponse::encode(ByteWriter& w, size_t) const {
  w.u16(kDisconnectSize);
  w.u16(0);  // Reserved
}

}  // namespace smbkit::smb2
