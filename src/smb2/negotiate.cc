#include "smb2/negotiate.h"

#include <algorithm>
#include <type_traits>

#include "smb2/codec_support.h"
#include "wire/utf16.h"

namespace smbkit::smb2 {
namespace {

constexpr uint16_t kRequestStructureSize = 36;   // MS-SMB2 2.2.3
constexpr uint16_t kResponseStructureSize = 65;  // MS-SMB2 2.2.4
constexpr size_t kResponseFixedEnd = kHeaderSize + 64;
constexpr size_t kContextHeaderSize = 8;  // ContextType, DataLength, Reserved (2.2.3.1)

std::vector<uint16_t> read_u16s(ByteReader& r, size_t count) {
  std::vector<uint16_t> out;
  if (count * 2 > r.remaining()) {
    r.fail();
    return out;
  }
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) out.push_back(r.u16());
  return out;
}

void write_u16s(ByteWriter& w, const std::vector<uint16_t>& v) {
  for (uint16_t x : v) w.u16(x);
}

// Each parser returns nullopt-like failure through the reader; a failed parse keeps the context raw.
template <class T>
bool parse_into(T& out, Bytes data);

template <>
bool parse_into(PreauthIntegrityCapabilities& out, Bytes data) {
  // MS-SMB2 2.2.3.1.1
  ByteReader r(data);
  uint16_t count = r.u16();
  uint16_t salt_length = r.u16();
  out.hash_algorithms = read_u16s(r, count);
  Bytes salt = r.bytes(salt_length);
  out.salt.assign(salt.begin(), salt.end());
  return r.ok();
}

template <>
bool parse_into(EncryptionCapabilities& out, Bytes data) {
  // MS-SMB2 2.2.3.1.2
  ByteReader r(data);
  uint16_t count = r.u16();
  out.ciphers = read_u16s(r, count);
  return r.ok();
}

template <>
bool parse_into(CompressionCapabilities& out, Bytes data) {
  // MS-SMB2 2.2.3.1.3
  ByteReader r(data);
  uint16_t count = r.u16();
  r.skip(2);  // Padding
  out.flags = r.u32();
  out.algorithms = read_u16s(r, count);
  return r.ok();
}

template <>
bool parse_into(NetnameContext& out, Bytes data) {
  // MS-SMB2 2.2.3.1.4: the whole Data is the UTF-16 name.
  auto name = utf16le_to_utf8(data);
  if (!name) return false;
  out.net_name = std::move(*name);
  return true;
}

template <>
bool parse_into(TransportCapabilities& out, Bytes data) {
  // MS-SMB2 2.2.3.1.5
  ByteReader r(data);
  out.flags = r.u32();
  return r.ok();
}

template <>
bool parse_into(RdmaTransformCapabilities& out, Bytes data) {
  // MS-SMB2 2.2.3.1.6
  ByteReader r(data);
  uint16_t count = r.u16();
  r.skip(2);  // Reserved1
  r.skip(4);  // Reserved2
  out.transform_ids = read_u16s(r, count);
  return r.ok();
}

template <>
bool parse_into(SigningCapabilities& out, Bytes data) {
  // MS-SMB2 2.2.3.1.7
  ByteReader r(data);
  uint16_t count = r.u16();
  out.algorithms = read_u16s(r, count);
  return r.ok();
}

template <class T>
NegotiateContext parse_or_raw(uint16_t type, Bytes data) {
  T parsed;
  if (parse_into(parsed, data)) return parsed;
  return RawNegotiateContext{type, std::vector<uint8_t>(data.begin(), data.end())};
}

void write_data(ByteWriter& w, const PreauthIntegrityCapabilities& c) {
  w.u16(static_cast<uint16_t>(c.hash_algorithms.size()));
  w.u16(static_cast<uint16_t>(c.salt.size()));
  write_u16s(w, c.hash_algorithms);
  w.bytes(c.salt);
}
void write_data(ByteWriter& w, const EncryptionCapabilities& c) {
  w.u16(static_cast<uint16_t>(c.ciphers.size()));
  write_u16s(w, c.ciphers);
}
void write_data(ByteWriter& w, const CompressionCapabilities& c) {
  w.u16(static_cast<uint16_t>(c.algorithms.size()));
  w.u16(0);  // Padding
  w.u32(c.flags);
  write_u16s(w, c.algorithms);
}
void write_data(ByteWriter& w, const NetnameContext& c) { w.utf16(c.net_name, false); }
void write_data(ByteWriter& w, const TransportCapabilities& c) { w.u32(c.flags); }
void write_data(ByteWriter& w, const RdmaTransformCapabilities& c) {
  w.u16(static_cast<uint16_t>(c.transform_ids.size()));
  w.u16(0);  // Reserved1
  w.u32(0);  // Reserved2
  write_u16s(w, c.transform_ids);
}
void write_data(ByteWriter& w, const SigningCapabilities& c) {
  w.u16(static_cast<uint16_t>(c.algorithms.size()));
  write_u16s(w, c.algorithms);
}
void write_data(ByteWriter& w, const RawNegotiateContext& c) { w.bytes(c.data); }

bool is_known_type(uint16_t type) {
  switch (type) {
    case kNegotiateContextPreauthIntegrity:
    case kNegotiateContextEncryption:
    case kNegotiateContextCompression:
    case kNegotiateContextNetname:
    case kNegotiateContextTransport:
    case kNegotiateContextRdmaTransform:
    case kNegotiateContextSigning:
      return true;
    default:
      return false;
  }
}

}  // namespace

uint16_t context_type(const NegotiateContext& context) {
  return std::visit(
      [](const auto& c) -> uint16_t {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, PreauthIntegrityCapabilities>)
          return kNegotiateContextPreauthIntegrity;
        else if constexpr (std::is_same_v<T, EncryptionCapabilities>)
          return kNegotiateContextEncryption;
        else if constexpr (std::is_same_v<T, CompressionCapabilities>)
          return kNegotiateContextCompression;
        else if constexpr (std::is_same_v<T, NetnameContext>)
          return kNegotiateContextNetname;
        else if constexpr (std::is_same_v<T, TransportCapabilities>)
          return kNegotiateContextTransport;
        else if constexpr (std::is_same_v<T, RdmaTransformCapabilities>)
          return kNegotiateContextRdmaTransform;
        else if constexpr (std::is_same_v<T, SigningCapabilities>)
          return kNegotiateContextSigning;
        else
          return c.type;
      },
      context);
}

bool is_malformed(const NegotiateContext& context) {
  const auto* raw = std::get_if<RawNegotiateContext>(&context);
  return raw && is_known_type(raw->type);
}

size_t count_contexts(const std::vector<NegotiateContext>& contexts, uint16_t type) {
  return static_cast<size_t>(std::count_if(contexts.begin(), contexts.end(),
                                           [&](const auto& c) { return context_type(c) == type; }));
}

NegotiateContext parse_negotiate_context(uint16_t type, Bytes data) {
  switch (type) {
    case kNegotiateContextPreauthIntegrity:
      return parse_or_raw<PreauthIntegrityCapabilities>(type, data);
    case kNegotiateContextEncryption:
      return parse_or_raw<EncryptionCapabilities>(type, data);
    case kNegotiateContextCompression:
      return parse_or_raw<CompressionCapabilities>(type, data);
    case kNegotiateContextNetname:
      return parse_or_raw<NetnameContext>(type, data);
    case kNegotiateContextTransport:
      return parse_or_raw<TransportCapabilities>(type, data);
    case kNegotiateContextRdmaTransform:
      return parse_or_raw<RdmaTransformCapabilities>(type, data);
    case kNegotiateContextSigning:
      return parse_or_raw<SigningCapabilities>(type, data);
    default:
      return RawNegotiateContext{type, std::vector<uint8_t>(data.begin(), data.end())};
  }
}

Result<std::vector<NegotiateContext>> decode_negotiate_contexts(Bytes message, uint64_t offset,
                                                                uint16_t count, size_t min_offset) {
  // MS-SMB2 2.2.3 / 2.2.4 NegotiateContextList: the first context at NegotiateContextOffset, each
  // later one at the first 8-byte aligned offset after the previous one (offsets count from the
  // SMB2 header, which is the start of `message`).
  std::vector<NegotiateContext> contexts;
  uint64_t pos = offset;
  const uint64_t size = message.size();
  for (uint16_t i = 0; i < count; ++i) {
    if (i > 0) pos = (pos + 7) & ~uint64_t{7};
    if (pos < min_offset || pos > size || size - pos < kContextHeaderSize) return fail(kBadRequest);
    ByteReader r(message.subspan(static_cast<size_t>(pos)));
    uint16_t type = r.u16();
    uint16_t data_length = r.u16();
    r.skip(4);  // Reserved
    Bytes data = r.bytes(data_length);
    if (!r.ok()) return fail(kBadRequest);  // DataLength runs past the end of the message
    contexts.push_back(parse_negotiate_context(type, data));
    pos += kContextHeaderSize + data_length;
  }
  return contexts;
}

void encode_negotiate_contexts(ByteWriter& w, size_t header_start,
                               const std::vector<NegotiateContext>& contexts) {
  for (const auto& c : contexts) {
    pad8(w, header_start);
    w.u16(context_type(c));
    size_t length_at = w.offset();
    w.u16(0);  // DataLength, patched
    w.u32(0);  // Reserved
    size_t data_start = w.offset();
    std::visit([&](const auto& v) { write_data(w, v); }, c);
    w.patch_u16(length_at, static_cast<uint16_t>(w.offset() - data_start));
  }
}

bool NegotiateRequest::offers(uint16_t dialect) const {
  return std::find(dialects.begin(), dialects.end(), dialect) != dialects.end();
}

Result<NegotiateRequest> NegotiateRequest::decode(Bytes message) {
  // MS-SMB2 2.2.3
  ByteReader r = body_reader(message, kRequestStructureSize);
  NegotiateRequest req;
  uint16_t dialect_count = r.u16();
  req.security_mode = r.u16();
  r.skip(2);  // Reserved
  req.capabilities = r.u32();
  Bytes guid = r.bytes(16);
  uint32_t context_offset = r.u32();  // or ClientStartTime, with the next 4 bytes
  uint16_t context_count = r.u16();
  r.skip(2);  // Reserved2
  if (!r.ok()) return fail(kBadRequest);
  std::copy(guid.begin(), guid.end(), req.client_guid.begin());
  // 3.3.5.4: "If the DialectCount of the SMB2 NEGOTIATE Request is 0, the server MUST fail the
  // request with STATUS_INVALID_PARAMETER."
  if (dialect_count == 0) return fail(kBadRequest);
  req.dialects = read_u16s(r, dialect_count);
  if (!r.ok()) return fail(kBadRequest);
  if (req.offers(kDialect311) && context_count > 0) {
    auto contexts =
        decode_negotiate_contexts(message, context_offset, context_count, r.offset());
    if (!contexts) return fail(contexts.error());
    req.contexts = std::move(*contexts);
  }
  return req;
}

void NegotiateRequest::encode(ByteWriter& w, size_t header_start) const {
  w.u16(kRequestStructureSize);
  w.u16(static_cast<uint16_t>(dialects.size()));
  w.u16(security_mode);
  w.u16(0);  // Reserved
  w.u32(capabilities);
  w.bytes(client_guid);
  size_t context_fields = w.offset();
  w.u32(0);  // NegotiateContextOffset (or ClientStartTime)
  w.u16(0);  // NegotiateContextCount
  w.u16(0);  // Reserved2
  write_u16s(w, dialects);
  if (offers(kDialect311) && !contexts.empty()) {
    pad8(w, header_start);
    w.patch_u32(context_fields, static_cast<uint32_t>(w.offset() - header_start));
    w.patch_u16(context_fields + 4, static_cast<uint16_t>(contexts.size()));
    encode_negotiate_contexts(w, header_start, contexts);
  }
}

Result<NegotiateResponse> NegotiateResponse::decode(Bytes message) {
  // MS-SMB2 2.2.4
  ByteReader r = body_reader(message, kResponseStructureSize);
  NegotiateResponse resp;
  resp.security_mode = r.u16();
  resp.dialect_revision = r.u16();
  uint16_t context_count = r.u16();
  Bytes guid = r.bytes(16);
  resp.capabilities = r.u32();
  resp.max_transact_size = r.u32();
  resp.max_read_size = r.u32();
  resp.max_write_size = r.u32();
  resp.system_time = r.u64();
  resp.server_start_time = r.u64();
  uint16_t buffer_offset = r.u16();
  uint16_t buffer_length = r.u16();
  uint32_t context_offset = r.u32();
  if (!r.ok()) return fail(kBadRequest);
  std::copy(guid.begin(), guid.end(), resp.server_guid.begin());
  auto buffer = variable_part(message, buffer_offset, buffer_length, kResponseFixedEnd);
  if (!buffer) return fail(buffer.error());
  resp.security_buffer.assign(buffer->begin(), buffer->end());
  if (resp.dialect_revision == kDialect311 && context_count > 0) {
    // The list follows the Buffer and its Padding (2.2.4).
    size_t min_offset = kResponseFixedEnd;
    if (buffer_length > 0) min_offset = size_t{buffer_offset} + buffer_length;
    auto contexts = decode_negotiate_contexts(message, context_offset, context_count, min_offset);
    if (!contexts) return fail(contexts.error());
    resp.contexts = std::move(*contexts);
  }
  return resp;
}

void NegotiateResponse::encode(ByteWriter& w, size_t header_start) const {
  const bool with_contexts = dialect_revision == kDialect311 && !contexts.empty();
  w.u16(kResponseStructureSize);
  w.u16(security_mode);
  w.u16(dialect_revision);
  w.u16(with_contexts ? static_cast<uint16_t>(contexts.size()) : 0);
  w.bytes(server_guid);
  w.u32(capabilities);
  w.u32(max_transact_size);
  w.u32(max_read_size);
  w.u32(max_write_size);
  w.u64(system_time);
  w.u64(server_start_time);
  size_t buffer_fields = w.offset();
  w.u16(0);  // SecurityBufferOffset
  w.u16(0);  // SecurityBufferLength
  w.u32(0);  // NegotiateContextOffset
  w.patch_u16(buffer_fields, static_cast<uint16_t>(w.offset() - header_start));
  w.patch_u16(buffer_fields + 2, static_cast<uint16_t>(security_buffer.size()));
  w.bytes(security_buffer);
  if (with_contexts) {
    pad8(w, header_start);
    w.patch_u32(buffer_fields + 4, static_cast<uint32_t>(w.offset() - header_start));
    encode_negotiate_contexts(w, header_start, contexts);
  } else if (security_buffer.empty()) {
    w.u8(0);  // StructureSize 65 counts one byte of Buffer (MS-SMB2 2.2)
  }
}

}  // namespace smbkit::smb2
