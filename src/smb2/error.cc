#include "smb2/error.h"

#include "smb2/codec_support.h"

namespace smbkit::smb2 {
namespace {

constexpr uint16_t kStructureSize = 9;  // MS-SMB2 2.2.2
constexpr size_t kFixedEnd = kHeaderSize + 8;
constexpr size_t kContextHeaderSize = 8;  // ErrorDataLength, ErrorId (2.2.2.1)

// MS-SMB2 2.2.2.1: `count` contexts in ErrorData, each starting 8-byte aligned. ErrorData starts
// at offset 72 of the message, itself a multiple of 8, so aligning within ErrorData aligns them
// relative to the start of the ERROR response as the spec wants.
Result<std::vector<ErrorContext>> decode_contexts(Bytes data, uint8_t count) {
  std::vector<ErrorContext> contexts;
  size_t pos = 0;
  for (uint8_t i = 0; i < count; ++i) {
    if (i > 0) pos = (pos + 7) & ~size_t{7};
    if (pos > data.size() || data.size() - pos < kContextHeaderSize) return fail(kBadRequest);
    ByteReader r(data.subspan(pos));
    uint32_t length = r.u32();
    ErrorContext c;
    c.error_id = r.u32();
    Bytes body = r.bytes(length);
    if (!r.ok()) return fail(kBadRequest);
    c.data.assign(body.begin(), body.end());
    contexts.push_back(std::move(c));
    pos += kContextHeaderSize + length;
  }
  return contexts;
}

}  // namespace

ErrorResponse ErrorResponse::buffer_too_small(uint32_t required_length) {
  ErrorResponse e;
  ByteWriter w(e.error_data);
  w.u32(required_length);
  return e;
}

std::optional<uint32_t> ErrorResponse::required_length() const {
  const std::vector<uint8_t>* data = &error_data;
  if (contexts.size() == 1 && contexts[0].error_id == kErrorIdDefault) data = &contexts[0].data;
  else if (!contexts.empty()) return std::nullopt;
  if (data->size() != 4) return std::nullopt;
  ByteReader r(*data);
  return r.u32();
}

Result<ErrorResponse> ErrorResponse::decode(Bytes message) {
  // MS-SMB2 2.2.2
  ByteReader r = body_reader(message, kStructureSize);
  uint8_t context_count = r.u8();
  r.skip(1);  // Reserved
  uint32_t byte_count = r.u32();
  if (!r.ok()) return fail(kBadRequest);
  ErrorResponse e;
  auto data = variable_part(message, kFixedEnd, byte_count, kFixedEnd);
  if (!data) return fail(data.error());
  if (context_count == 0) {
    e.error_data.assign(data->begin(), data->end());
    return e;
  }
  auto contexts = decode_contexts(*data, context_count);
  if (!contexts) return fail(contexts.error());
  e.contexts = std::move(*contexts);
  return e;
}

void ErrorResponse::encode(ByteWriter& w, size_t header_start) const {
  w.u16(kStructureSize);
  const bool with_contexts = !contexts.empty();
  const size_t count = contexts.size() < 255 ? contexts.size() : 255;
  w.u8(static_cast<uint8_t>(count));
  w.u8(0);  // Reserved
  size_t byte_count_at = w.offset();
  w.u32(0);  // ByteCount
  size_t data_start = w.offset();
  if (with_contexts) {
    for (size_t i = 0; i < count; ++i) {
      if (i > 0) pad8(w, header_start);
      w.u32(static_cast<uint32_t>(contexts[i].data.size()));
      w.u32(contexts[i].error_id);
      w.bytes(contexts[i].data);
    }
  } else {
    w.bytes(error_data);
  }
  size_t byte_count = w.offset() - data_start;
  w.patch_u32(byte_count_at, static_cast<uint32_t>(byte_count));
  if (byte_count == 0) w.u8(0);  // the one ErrorData byte StructureSize 9 counts
}

void encode_empty_error(ByteWriter& w) { ErrorResponse{}.encode(w, 0); }

bool is_error_response(uint16_t command, NtStatus status) {
  // MS-SMB2 3.3.4.4
  switch (status) {
    case NtStatus::Success:
      return false;
    case NtStatus::MoreProcessingRequired:
      return command != static_cast<uint16_t>(Command::SessionSetup);
    case NtStatus::BufferOverflow:
      return command != static_cast<uint16_t>(Command::QueryInfo) &&
             command != static_cast<uint16_t>(Command::Read) &&
             command != static_cast<uint16_t>(Command::Ioctl);
    case NtStatus::NotifyEnumDir:
      return command != static_cast<uint16_t>(Command::ChangeNotify);
    default:
      return true;
  }
}

}  // namespace smbkit::smb2
