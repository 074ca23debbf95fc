#include "rpc/syntax.h"

#include <algorithm>

namespace smbkit::rpc {
namespace {

// MS-RPCE 3.3.1.5.3: 6CB71C2C-9812-4540 in wire order (time_low, time_mid, time_hi, LE).
constexpr std::array<uint8_t, 8> kFeaturePrefix = {0x2C, 0x1C, 0xB7, 0x6C, 0x12, 0x98, 0x40, 0x45};

}  // namespace

std::string Uuid::to_string() const {
  static constexpr char kHex[] = "0123456789abcdef";
  constexpr size_t kOrder[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    uint8_t b = bytes[kOrder[i]];
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
  }
  return out;
}

SyntaxId SyntaxId::decode(ByteReader& r) {
  SyntaxId s;
  Bytes b = r.bytes(16);
  if (b.size() == 16) std::copy(b.begin(), b.end(), s.uuid.bytes.begin());
  s.major = r.u16();  // if_version: major in the low 16 bits (C706 12.6.3.1)
  s.minor = r.u16();
  return s;
}

void SyntaxId::encode(ByteWriter& w) const {
  w.bytes(uuid.bytes);
  w.u16(major);
  w.u16(minor);
}

std::optional<uint8_t> bind_time_features(const SyntaxId& s) {
  if (s.major != 1 || s.minor != 0) return std::nullopt;
  if (!std::equal(kFeaturePrefix.begin(), kFeaturePrefix.end(), s.uuid.bytes.begin()))
    return std::nullopt;
  return s.uuid.bytes[8];
}

SyntaxId bind_time_feature_syntax(uint8_t features) {
  SyntaxId s;
  std::copy(kFeaturePrefix.begin(), kFeaturePrefix.end(), s.uuid.bytes.begin());
  s.uuid.bytes[8] = features;
  s.major = 1;
  return s;
}

}  // namespace smbkit::rpc
