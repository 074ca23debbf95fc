#include "smb1/ea_lists.h"

#include "smb1/codec_support.h"
#include "wire/byte_writer.h"

namespace smbkit::smb1 {

size_t fea_size(const fscc::FullEa& ea) { return 4 + ea.name.size() + 1 + ea.value.size(); }

size_t fea_list_size(std::span<const fscc::FullEa> eas) {
  size_t size = 4;
  for (const fscc::FullEa& ea : eas) size += fea_size(ea);
  return size;
}

Result<std::vector<uint8_t>> encode_fea_list(std::span<const fscc::FullEa> eas) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u32(static_cast<uint32_t>(fea_list_size(eas)));  // SizeOfListInBytes
  for (const fscc::FullEa& ea : eas) {
    if (ea.name.size() > 0xFF || ea.value.size() > 0xFFFF) return fail(NtStatus::InvalidParameter);
    w.u8(ea.flags);
    w.u8(static_cast<uint8_t>(ea.name.size()));
    w.u16(static_cast<uint16_t>(ea.value.size()));
    w.ascii(ea.name);  // with its NUL
    w.bytes(ea.value);
  }
  return out;
}

Result<std::vector<fscc::FullEa>> decode_fea_list(Bytes data, NtStatus on_error) {
  if (data.empty()) return std::vector<fscc::FullEa>{};
  ByteReader r(data, on_error);
  uint32_t size = r.u32();
  if (!r.ok() || size < 4 || size > data.size()) return fail(on_error);
  return decode_fea_entries(data.subspan(4, size - 4), on_error);
}

Result<std::vector<fscc::FullEa>> decode_fea_entries(Bytes body, NtStatus on_error) {
  std::vector<fscc::FullEa> eas;
  ByteReader list(body, on_error);
  while (list.ok() && list.remaining() > 0) {
    fscc::FullEa ea;
    ea.flags = list.u8();
    uint8_t name_length = list.u8();
    uint16_t value_length = list.u16();
    Bytes name = list.bytes(name_length);
    if (list.u8() != 0) list.fail();
    Bytes value = list.bytes(value_length);
    if (!list.ok()) break;
    ea.name.assign(name.begin(), name.end());
    ea.value.assign(value.begin(), value.end());
    eas.push_back(std::move(ea));
  }
  if (!list.ok()) return fail(on_error);
  return eas;
}

Result<std::vector<std::string>> decode_gea_list(Bytes data) {
  ByteReader r(data, kBadRequest);
  uint32_t size = r.u32();
  if (size < 4 || size > data.size()) return fail(kBadRequest);
  ByteReader list(data.subspan(4, size - 4), kBadRequest);
  std::vector<std::string> names;
  while (list.ok() && list.remaining() > 0) {
    uint8_t length = list.u8();
    Bytes name = list.bytes(length);
    if (list.u8() != 0) list.fail();
    if (list.ok()) names.emplace_back(name.begin(), name.end());
  }
  if (!list.ok()) return fail(kBadRequest);
  return names;
}

Result<std::vector<uint8_t>> encode_gea_list(std::span<const std::string> names) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u32(0);  // SizeOfListInBytes, patched below
  for (const std::string& name : names) {
    if (name.size() > 0xFF) return fail(NtStatus::InvalidParameter);
    w.u8(static_cast<uint8_t>(name.size()));
    w.ascii(name);  // with its NUL
  }
  w.patch_u32(0, static_cast<uint32_t>(out.size()));
  return out;
}

}  // namespace smbkit::smb1
