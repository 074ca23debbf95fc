#include "fscc/security_descriptor.h"

#include <fmt/format.h>

#include "wire/byte_writer.h"

namespace smbkit::fscc {
namespace {

constexpr NtStatus kBad = NtStatus::InvalidParameter;
constexpr uint8_t kSidRevision = 1;
constexpr uint8_t kDescriptorRevision = 1;
constexpr size_t kAclHeaderSize = 8;
constexpr size_t kAceHeaderSize = 4;
constexpr size_t kSidFixedSize = 8;

// The part of `bytes` an offset from the descriptor's start points at; nullopt for an offset
// into the header or past the end.
std::optional<Bytes> at_offset(Bytes bytes, uint32_t offset) {
  if (offset < SecurityDescriptor::kHeaderSize || offset >= bytes.size()) return std::nullopt;
  return bytes.subspan(offset);
}

}  // namespace

Result<Sid> Sid::decode(Bytes bytes) {
  ByteReader r(bytes);
  uint8_t revision = r.u8();
  uint8_t count = r.u8();
  Sid sid;
  sid.authority = uint64_t{r.u16be()} << 32 | r.u32be();
  if (!r.ok() || revision != kSidRevision || count > kMaxSubAuthorities) return fail(kBad);
  for (uint8_t i = 0; i < count; ++i) sid.sub_authorities.push_back(r.u32());
  if (!r.ok()) return fail(kBad);
  return sid;
}

void Sid::encode(std::vector<uint8_t>& out) const {
  ByteWriter w(out);
  w.u8(kSidRevision);
  w.u8(static_cast<uint8_t>(sub_authorities.size()));
  w.u16be(static_cast<uint16_t>(authority >> 32));
  w.u32be(static_cast<uint32_t>(authority));
  for (uint32_t s : sub_authorities) w.u32(s);
}

std::string Sid::to_string() const {
  std::string out = authority < (uint64_t{1} << 32) ? fmt::format("S-1-{}", authority)
                                                     : fmt::format("S-1-0x{:012X}", authority);
  for (uint32_t s : sub_authorities) out += fmt::format("-{}", s);
  return out;
}

size_t Ace::wire_size() const {
  return kAceHeaderSize + (has_mask_and_sid() ? 4 + sid.wire_size() : other_body.size());
}

size_t Acl::wire_size() const {
  size_t n = kAclHeaderSize;
  for (const Ace& ace : aces) n += ace.wire_size();
  return n;
}

Result<Acl> Acl::decode(Bytes bytes) {
  ByteReader r(bytes);
  Acl acl;
  acl.revision = r.u8();
  r.skip(1);  // Sbz1
  uint16_t size = r.u16();
  uint16_t count = r.u16();
  r.skip(2);  // Sbz2
  if (!r.ok() || acl.revision < kRevision || acl.revision > kRevisionDs ||
      size < kAclHeaderSize || size > bytes.size())
    return fail(kBad);
  Bytes body = bytes.subspan(kAclHeaderSize, size - kAclHeaderSize);
  size_t at = 0;
  for (uint16_t i = 0; i < count; ++i) {
    ByteReader h(body.subspan(at));
    Ace ace;
    ace.type = h.u8();
    ace.flags = h.u8();
    uint16_t ace_size = h.u16();
    if (!h.ok() || ace_size < kAceHeaderSize || ace_size % 4 != 0 ||
        ace_size > body.size() - at)
      return fail(kBad);
    Bytes ace_body = body.subspan(at + kAceHeaderSize, ace_size - kAceHeaderSize);
    if (ace.has_mask_and_sid()) {
      ByteReader m(ace_body);
      ace.mask = m.u32();
      if (!m.ok()) return fail(kBad);
      auto sid = Sid::decode(m.rest());
      if (!sid) return fail(sid.error());
      ace.sid = std::move(*sid);
    } else {
      ace.other_body.assign(ace_body.begin(), ace_body.end());
    }
    acl.aces.push_back(std::move(ace));
    at += ace_size;
  }
  return acl;
}

void Acl::encode(std::vector<uint8_t>& out) const {
  ByteWriter w(out);
  w.u8(revision);
  w.u8(0);  // Sbz1
  w.u16(static_cast<uint16_t>(wire_size()));
  w.u16(static_cast<uint16_t>(aces.size()));
  w.u16(0);  // Sbz2
  for (const Ace& ace : aces) {
    w.u8(ace.type);
    w.u8(ace.flags);
    w.u16(static_cast<uint16_t>(ace.wire_size()));
    if (ace.has_mask_and_sid()) {
      w.u32(ace.mask);
      ace.sid.encode(out);
    } else {
      w.bytes(ace.other_body);
    }
  }
}

size_t SecurityDescriptor::wire_size() const {
  return kHeaderSize + (owner ? owner->wire_size() : 0) + (group ? group->wire_size() : 0) +
         (sacl ? sacl->wire_size() : 0) + (dacl ? dacl->wire_size() : 0);
}

Result<SecurityDescriptor> SecurityDescriptor::decode(Bytes bytes) {
  ByteReader r(bytes);
  uint8_t revision = r.u8();
  r.skip(1);  // Sbz1
  uint16_t control = r.u16();
  uint32_t owner_at = r.u32();
  uint32_t group_at = r.u32();
  uint32_t sacl_at = r.u32();
  uint32_t dacl_at = r.u32();
  if (!r.ok() || revision != kDescriptorRevision || !(control & kSeSelfRelative))
    return fail(kBad);
  SecurityDescriptor sd;
  sd.control = control & ~uint16_t{kSeSelfRelative | kSeSaclPresent | kSeDaclPresent};
  auto read_sid = [&](uint32_t offset, std::optional<Sid>& out) -> Result<void> {
    if (offset == 0) return {};
    auto part = at_offset(bytes, offset);
    if (!part) return fail(kBad);
    auto sid = Sid::decode(*part);
    if (!sid) return fail(sid.error());
    out = std::move(*sid);
    return {};
  };
  auto read_acl = [&](uint32_t offset, std::optional<Acl>& out) -> Result<void> {
    auto part = at_offset(bytes, offset);
    if (!part) return fail(kBad);
    auto acl = Acl::decode(*part);
    if (!acl) return fail(acl.error());
    out = std::move(*acl);
    return {};
  };
  if (auto ok = read_sid(owner_at, sd.owner); !ok) return fail(ok.error());
  if (auto ok = read_sid(group_at, sd.group); !ok) return fail(ok.error());
  // A present SACL at offset 0 is a NULL SACL: nothing to audit, the same as none.
  if ((control & kSeSaclPresent) && sacl_at != 0) {
    if (auto ok = read_acl(sacl_at, sd.sacl); !ok) return fail(ok.error());
  }
  if (control & kSeDaclPresent) {
    if (dacl_at == 0) {
      sd.null_dacl = true;
    } else if (auto ok = read_acl(dacl_at, sd.dacl); !ok) {
      return fail(ok.error());
    }
  }
  return sd;
}

std::vector<uint8_t> SecurityDescriptor::encode() const {
  std::vector<uint8_t> out;
  out.reserve(wire_size());
  ByteWriter w(out);
  uint16_t flags = control | kSeSelfRelative;
  if (sacl) flags |= kSeSaclPresent;
  if (dacl || null_dacl) flags |= kSeDaclPresent;
  w.u8(kDescriptorRevision);
  w.u8(0);  // Sbz1
  w.u16(flags);
  w.zeros(16);  // the four offsets, patched below
  if (owner) {
    w.patch_u32(4, static_cast<uint32_t>(w.offset()));
    owner->encode(out);
  }
  if (group) {
    w.patch_u32(8, static_cast<uint32_t>(w.offset()));
    group->encode(out);
  }
  if (sacl) {
    w.patch_u32(12, static_cast<uint32_t>(w.offset()));
    sacl->encode(out);
  }
  if (dacl) {
    w.patch_u32(16, static_cast<uint32_t>(w.offset()));
    dacl->encode(out);
  }
  return out;
}

}  // namespace smbkit::fscc
