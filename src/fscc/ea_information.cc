#include "fscc/ea_information.h"

namespace smbkit::fscc {
namespace {

constexpr NtStatus kInconsistent = NtStatus::EaListInconsistent;

size_t padding_to_4(size_t n) { return (4 - n % 4) % 4; }

// Walks a list of 4-byte aligned entries chained by NextEntryOffset (MS-FSCC 2.4.15 and
// 2.4.15.1), calling `entry` with each entry's bytes: up to the next entry, or to the end of the
// buffer for the last. False when an offset is not a multiple of 4, stays in place, or points
// past the buffer, or when `entry` refuses its bytes.
template <class F>
bool walk_entries(Bytes data, F&& entry) {
  size_t at = 0;
  while (at < data.size()) {
    if (data.size() - at < 4) return false;
    ByteReader r(data.subspan(at, 4));
    uint32_t next = r.u32();
    if (next != 0 && (next % 4 != 0 || next > data.size() - at)) return false;
    Bytes bytes = next == 0 ? data.subspan(at) : data.subspan(at, next);
    if (!entry(bytes)) return false;
    if (next == 0) return true;
    at += next;
  }
  return true;
}

}  // namespace

size_t full_ea_entry_size(const FullEa& ea) { return 8 + ea.name.size() + 1 + ea.value.size(); }

Result<void> encode_full_ea_list(ByteWriter& w, std::span<const FullEa> eas) {
  for (const FullEa& ea : eas) {
    if (ea.name.size() > 0xFF || ea.value.size() > 0xFFFF) return fail(NtStatus::InvalidParameter);
  }
  for (size_t i = 0; i < eas.size(); ++i) {
    const FullEa& ea = eas[i];
    size_t size = full_ea_entry_size(ea);
    bool last = i + 1 == eas.size();
    size_t pad = last ? 0 : padding_to_4(size);
    w.u32(last ? 0 : static_cast<uint32_t>(size + pad));  // NextEntryOffset
    w.u8(ea.flags);
    w.u8(static_cast<uint8_t>(ea.name.size()));
    w.u16(static_cast<uint16_t>(ea.value.size()));
    w.ascii(ea.name);  // with its NUL, which EaNameLength leaves out
    w.bytes(ea.value);
    w.zeros(pad);
  }
  return {};
}

Result<std::vector<FullEa>> decode_full_ea_list(Bytes data) {
  std::vector<FullEa> eas;
  bool ok = walk_entries(data, [&](Bytes bytes) {
    ByteReader r(bytes);
    r.skip(4);  // NextEntryOffset, read by walk_entries
    FullEa ea;
    ea.flags = r.u8();
    uint8_t name_length = r.u8();
    uint16_t value_length = r.u16();
    Bytes name = r.bytes(name_length);
    if (r.u8() != 0) return false;  // the name's NUL
    Bytes value = r.bytes(value_length);
    if (!r.ok()) return false;
    ea.name.assign(name.begin(), name.end());
    ea.value.assign(value.begin(), value.end());
    eas.push_back(std::move(ea));
    return true;
  });
  if (!ok) return fail(kInconsistent);
  return eas;
}

Result<std::vector<std::string>> decode_get_ea_list(Bytes data) {
  std::vector<std::string> names;
  bool ok = walk_entries(data, [&](Bytes bytes) {
    ByteReader r(bytes);
    r.skip(4);
    uint8_t name_length = r.u8();
    Bytes name = r.bytes(name_length);
    if (r.u8() != 0 || !r.ok()) return false;
    names.emplace_back(name.begin(), name.end());
    return true;
  });
  if (!ok) return fail(kInconsistent);
  return names;
}

Result<void> encode_get_ea_list(ByteWriter& w, std::span<const std::string> names) {
  for (const std::string& name : names) {
    if (name.size() > 0xFF) return fail(NtStatus::InvalidParameter);
  }
  for (size_t i = 0; i < names.size(); ++i) {
    size_t size = 4 + 1 + names[i].size() + 1;
    bool last = i + 1 == names.size();
    size_t pad = last ? 0 : padding_to_4(size);
    w.u32(last ? 0 : static_cast<uint32_t>(size + pad));
    w.u8(static_cast<uint8_t>(names[i].size()));
    w.ascii(names[i]);
    w.zeros(pad);
  }
  return {};
}

}  // namespace smbkit::fscc
