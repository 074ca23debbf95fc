#include "smb2/create.h"

#include "smb2/codec_support.h"

namespace smbkit::smb2 {
namespace {

constexpr size_t kContextHeaderSize = 16;
constexpr size_t kMinContextNameLength = 4;  // MS-SMB2 2.2.13.2: "four or more octets"

size_t align8(size_t n) { return (n + 7) & ~size_t{7}; }

// Whether [a, a + a_len) and [b, b + b_len) share a byte (both non-empty).
bool overlap(uint64_t a, uint64_t a_len, uint64_t b, uint64_t b_len) {
  return a_len && b_len && a < b + b_len && b < a + a_len;
}

// The name, then the contexts; used by both directions.
Result<std::vector<CreateContext>> contexts_at(Bytes message, uint32_t offset, uint32_t length,
                                               size_t fixed_end) {
  auto chain = variable_part(message, offset, length, fixed_end);
  if (!chain) return fail(chain.error());
  if (chain->empty()) return std::vector<CreateContext>{};
  return decode_create_contexts(*chain);
}

}  // namespace

Result<std::vector<CreateContext>> decode_create_contexts(Bytes chain) {
  std::vector<CreateContext> contexts;
  size_t pos = 0;
  for (;;) {
    if (chain.size() - pos < kContextHeaderSize) return fail(kBadRequest);
    ByteReader r(chain.subspan(pos), kBadRequest);
    uint32_t next = r.u32();
    uint16_t name_offset = r.u16();
    uint16_t name_length = r.u16();
    r.skip(2);  // Reserved
    uint16_t data_offset = r.u16();
    uint32_t data_length = r.u32();
    // The context runs to the next one, or to the end of the chain for the last.
    if (next != 0 && (next < kContextHeaderSize || next % 8 || next > chain.size() - pos))
      return fail(kBadRequest);
    Bytes context = chain.subspan(pos, next ? next : chain.size() - pos);
    if (name_length < kMinContextNameLength || name_offset < kContextHeaderSize ||
        size_t{name_offset} + name_length > context.size())
      return fail(kBadRequest);
    CreateContext c;
    c.name = context.subspan(name_offset, name_length);
    if (data_length != 0) {
      if (data_offset < kContextHeaderSize || data_length > context.size() ||
          data_offset > context.size() - data_length ||
          overlap(name_offset, name_length, data_offset, data_length) ||
          name_length > kMaxCreateContextNameWithData)
        return fail(kBadRequest);
      c.data = context.subspan(data_offset, data_length);
    }
    contexts.push_back(c);
    if (next == 0) return contexts;
    pos += next;  // at least 16: the chain only moves forward
  }
}

void encode_create_contexts(ByteWriter& w, std::span<const CreateContext> contexts) {
  for (size_t i = 0; i < contexts.size(); ++i) {
    const CreateContext& c = contexts[i];
    size_t start = w.offset();
    w.u32(0);  // Next, patched below
    w.u16(kContextHeaderSize);
    w.u16(static_cast<uint16_t>(c.name.size()));
    w.u16(0);  // Reserved
    w.u16(c.data.empty() ? 0 : static_cast<uint16_t>(align8(kContextHeaderSize + c.name.size())));
    w.u32(static_cast<uint32_t>(c.data.size()));
    w.bytes(c.name);
    if (!c.data.empty()) {
      w.align(8, start);
      w.bytes(c.data);
    }
    if (i + 1 < contexts.size()) {
      w.align(8, start);
      w.patch_u32(start, static_cast<uint32_t>(w.offset() - start));
    }
  }
}

const CreateContext* find_create_context(std::span<const CreateContext> contexts,
                                         std::string_view name) {
  for (const CreateContext& c : contexts)
    if (c.is(name)) return &c;
  return nullptr;
}

Result<CreateRequest> CreateRequest::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  CreateRequest req;
  req.security_flags = r.u8();
  req.requested_oplock_level = r.u8();
  req.impersonation_level = r.u32();
  r.skip(8 + 8);  // SmbCreateFlags, Reserved
  req.desired_access = r.u32();
  req.file_attributes = r.u32();
  req.share_access = r.u32();
  req.create_disposition = r.u32();
  req.create_options = r.u32();
  uint16_t name_offset = r.u16();
  uint16_t name_length = r.u16();
  uint32_t contexts_offset = r.u32();
  uint32_t contexts_length = r.u32();
  if (!r.ok()) return fail(r.status());
  auto name = variable_part(message, name_offset, name_length, kBufferOffset);
  if (!name) return fail(name.error());
  if (overlap(name_offset, name_length, contexts_offset, contexts_length))
    return fail(kBadRequest);
  auto contexts = contexts_at(message, contexts_offset, contexts_length, kBufferOffset);
  if (!contexts) return fail(contexts.error());
  req.contexts = std::move(*contexts);
  auto utf8 = utf16_to_utf8(*name);
  if (!utf8) return fail(utf8.error());
  req.name = std::move(*utf8);
  return req;
}

void CreateRequest::encode(ByteWriter& w, size_t header_start) const {
  w.u16(kStructureSize);
  w.u8(security_flags);
  w.u8(requested_oplock_level);
  w.u32(impersonation_level);
  w.u64(0);  // SmbCreateFlags
  w.u64(0);  // Reserved
  w.u32(desired_access);
  w.u32(file_attributes);
  w.u32(share_access);
  w.u32(create_disposition);
  w.u32(create_options);
  w.u16(kBufferOffset);  // NameOffset
  size_t lengths_at = w.offset();
  w.u16(0);  // NameLength, patched below
  w.u32(0);  // CreateContextsOffset, patched below
  w.u32(0);  // CreateContextsLength, patched below
  size_t name_length = w.utf16(name, false);
  w.patch_u16(lengths_at, static_cast<uint16_t>(name_length));
  if (!contexts.empty()) {
    pad8(w, header_start);
    size_t start = w.offset();
    encode_create_contexts(w, contexts);
    w.patch_u32(lengths_at + 2, static_cast<uint32_t>(start - header_start));
    w.patch_u32(lengths_at + 6, static_cast<uint32_t>(w.offset() - start));
  } else if (name_length == 0) {
    w.u8(0);  // Buffer: at least one byte
  }
}

Result<CreateResponse> CreateResponse::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  CreateResponse resp;
  resp.oplock_level = r.u8();
  resp.flags = r.u8();
  resp.create_action = r.u32();
  resp.creation_time = r.u64();
  resp.last_access_time = r.u64();
  resp.last_write_time = r.u64();
  resp.change_time = r.u64();
  resp.allocation_size = r.u64();
  resp.end_of_file = r.u64();
  resp.file_attributes = r.u32();
  r.skip(4);  // Reserved2
  resp.file_id = FileId::read(r);
  uint32_t contexts_offset = r.u32();
  uint32_t contexts_length = r.u32();
  if (!r.ok()) return fail(r.status());
  auto contexts = contexts_at(message, contexts_offset, contexts_length, kBufferOffset);
  if (!contexts) return fail(contexts.error());
  resp.contexts = std::move(*contexts);
  return resp;
}

void CreateResponse::encode(ByteWriter& w, size_t header_start) const {
  w.u16(kStructureSize);
  w.u8(oplock_level);
  w.u8(flags);
  w.u32(create_action);
  w.u64(creation_time);
  w.u64(last_access_time);
  w.u64(last_write_time);
  w.u64(change_time);
  w.u64(allocation_size);
  w.u64(end_of_file);
  w.u32(file_attributes);
  w.u32(0);  // Reserved2
  file_id.write(w);
  if (contexts.empty()) {
    w.u32(0);  // CreateContextsOffset
    w.u32(0);  // CreateContextsLength
    w.u8(0);   // Buffer: at least one byte
    return;
  }
  size_t lengths_at = w.offset();
  w.u32(0);
  w.u32(0);
  pad8(w, header_start);  // already aligned at 0x98 when the header is
  size_t start = w.offset();
  encode_create_contexts(w, contexts);
  w.patch_u32(lengths_at, static_cast<uint32_t>(start - header_start));
  w.patch_u32(lengths_at + 4, static_cast<uint32_t>(w.offset() - start));
}

Result<MaximalAccessRequest> MaximalAccessRequest::decode(Bytes data) {
  if (data.empty()) return MaximalAccessRequest{};
  ByteReader r(data, kBadRequest);
  uint64_t timestamp = r.u64();
  if (!r.ok()) return fail(r.status());
  return MaximalAccessRequest{timestamp};
}

void MaximalAccessRequest::encode(ByteWriter& w) const {
  if (timestamp) w.u64(*timestamp);
}

Result<MaximalAccessResponse> MaximalAccessResponse::decode(Bytes data) {
  ByteReader r(data, kBadRequest);
  MaximalAccessResponse resp;
  resp.query_status = static_cast<NtStatus>(r.u32());
  resp.maximal_access = r.u32();
  if (!r.ok()) return fail(r.status());
  return resp;
}

void MaximalAccessResponse::encode(ByteWriter& w) const {
  w.u32(static_cast<uint32_t>(query_status));
  w.u32(maximal_access);
}

Result<QueryOnDiskIdResponse> QueryOnDiskIdResponse::decode(Bytes data) {
  ByteReader r(data, kBadRequest);
  QueryOnDiskIdResponse resp;
  resp.disk_file_id = r.u64();
  resp.volume_id = r.u64();
  r.skip(16);  // Reserved
  if (!r.ok()) return fail(r.status());
  return resp;
}

void QueryOnDiskIdResponse::encode(ByteWriter& w) const {
  w.u64(disk_file_id);
  w.u64(volume_id);
  w.zeros(16);  // Reserved
}

Result<uint64_t> decode_allocation_size(Bytes data) {
  ByteReader r(data, kBadRequest);
  uint64_t size = r.u64();
  if (!r.ok()) return fail(r.status());
  return size;
}

}  // namespace smbkit::smb2
