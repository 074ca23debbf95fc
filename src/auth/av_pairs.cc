#include "auth/av_pairs.h"

#include <algorithm>

#include "wire/byte_writer.h"
#include "wire/utf16.h"

namespace smbkit::auth {

Result<AvPairs> AvPairs::decode(Bytes data) {
  ByteReader r(data);
  AvPairs out;
  while (true) {
    auto id = static_cast<AvId>(r.u16());
    uint16_t len = r.u16();
    Bytes value = r.bytes(len);
    if (!r.ok()) return fail(NtStatus::InvalidParameter);
    if (id == AvId::Eol) return out;
    out.items.push_back({id, {value.begin(), value.end()}});
  }
}

std::vector<uint8_t> AvPairs::encode() const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  for (const auto& p : items) {
    if (p.id == AvId::Eol) continue;
    // AvLen is 16 bits: a longer value (only a caller's own, never a decoded one) is cut.
    Bytes value = Bytes(p.value).first(std::min<size_t>(p.value.size(), 0xFFFF));
    w.u16(static_cast<uint16_t>(p.id));
    w.u16(static_cast<uint16_t>(value.size()));
    w.bytes(value);
  }
  w.u16(static_cast<uint16_t>(AvId::Eol));
  w.u16(0);
  return out;
}

const AvPair* AvPairs::find(AvId id) const {
  for (const auto& p : items)
    if (p.id == id) return &p;
  return nullptr;
}

void AvPairs::set(AvId id, std::vector<uint8_t> value) {
  for (auto& p : items) {
    if (p.id == id) {
      p.value = std::move(value);
      return;
    }
  }
  items.push_back({id, std::move(value)});
}

void AvPairs::set_string(AvId id, std::string_view utf8) { set(id, utf8_to_utf16le(utf8)); }

std::optional<std::string> AvPairs::string(AvId id) const {
  const AvPair* p = find(id);
  if (!p) return std::nullopt;
  auto s = utf16le_to_utf8(p->value);
  if (!s) return std::nullopt;
  return *s;
}

std::optional<uint64_t> AvPairs::timestamp() const {
  const AvPair* p = find(AvId::Timestamp);
  if (!p || p->value.size() != 8) return std::nullopt;
  ByteReader r(p->value);
  return r.u64();
}

std::optional<uint32_t> AvPairs::flags() const {
  const AvPair* p = find(AvId::Flags);
  if (!p || p->value.size() != 4) return std::nullopt;
  ByteReader r(p->value);
  return r.u32();
}

}  // namespace smbkit::auth
