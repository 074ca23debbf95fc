// The minimal DER (ITU-T X.690) that SPNEGO needs: a tree parser with bounded depth and an
// encoder for tag-length-value elements and object identifiers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::auth::der {

inline constexpr uint8_t kBitString = 0x03;
inline constexpr uint8_t kOctetString = 0x04;
inline constexpr uint8_t kOid = 0x06;
inline constexpr uint8_t kEnumerated = 0x0A;
inline constexpr uint8_t kGeneralString = 0x1B;
inline constexpr uint8_t kSequence = 0x30;
inline constexpr uint8_t kApplication0 = 0x60;  // [APPLICATION 0], constructed
// [n] as an explicit, constructed context-specific tag.
constexpr uint8_t context(uint8_t n) { return static_cast<uint8_t>(0xA0 | n); }

inline constexpr int kMaxDepth = 16;
inline constexpr size_t kMaxLengthOctets = 4;

// One parsed element. `content` points into the parsed buffer; a constructed element (tag bit
// 0x20) also has its content parsed into `children`.
struct Node {
  uint8_t tag = 0;
  Bytes content;
  std::vector<Node> children;
};

// Parses one element that must fill `data` exactly. Fails with InvalidParameter on a truncated
// element, a length past its enclosing buffer, an indefinite length (0x80), a length of more than
// kMaxLengthOctets octets, a multi-byte tag number, or nesting deeper than `max_depth`.
Result<Node> parse(Bytes data, int max_depth = kMaxDepth);

// Tag, length (short or long form as DER requires) and content.
std::vector<uint8_t> tlv(uint8_t tag, Bytes content);
// The concatenation of already encoded elements, for SEQUENCE contents.
std::vector<uint8_t> concat(std::initializer_list<Bytes> parts);

// OBJECT IDENTIFIER content octets <-> dotted text ("1.3.6.1.5.5.2"). Encoding a malformed
// dotted string fails with InvalidParameter, as does decoding malformed content.
Result<std::vector<uint8_t>> oid_content(std::string_view dotted);
Result<std::string> oid_text(Bytes content);

}  // namespace smbkit::auth::der
