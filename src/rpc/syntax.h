// UUIDs and presentation syntax identifiers of DCE/RPC (C706 appendix A, 12.6.3.1 p_syntax_id_t),
// and the syntaxes smbkit knows: the NDR 2.0 and NDR64 transfer syntaxes, the bind time feature
// negotiation pseudo-syntax (MS-RPCE 3.3.1.5.3) and the srvsvc / wkssvc interfaces.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wire/byte_reader.h"
#include "wire/byte_writer.h"

namespace smbkit::rpc {

// A UUID in its NDR little-endian wire order (C706 appendix A): time_low (4 bytes LE), time_mid
// (2 LE), time_hi_and_version (2 LE), clock_seq_hi_and_reserved, clock_seq_low, node[6].
struct Uuid {
  std::array<uint8_t, 16> bytes{};

  // "4b324fc8-1670-01d3-1278-5a47bf6ee188" (any case); nullopt unless exactly that form.
  static constexpr std::optional<Uuid> parse(std::string_view text);
  std::string to_string() const;  // lower case, the form parse() takes
  bool is_nil() const { return bytes == std::array<uint8_t, 16>{}; }

  bool operator==(const Uuid&) const = default;
};

// p_syntax_id_t (C706 12.6.3.1): if_uuid, then if_version, a u32 holding the major version in its
// low 16 bits and the minor version in its high 16 bits.
struct SyntaxId {
  Uuid uuid;
  uint16_t major = 0;
  uint16_t minor = 0;

  static constexpr size_t kSize = 20;
  static SyntaxId decode(ByteReader& r);
  void encode(ByteWriter& w) const;
  bool operator==(const SyntaxId&) const = default;
};

namespace detail {
constexpr int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace detail

constexpr std::optional<Uuid> Uuid::parse(std::string_view text) {
  if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-')
    return std::nullopt;
  // The 16 bytes in text order (big-endian fields), then the first three fields byte-swapped.
  std::array<uint8_t, 16> be{};
  size_t n = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) continue;
    int hi = detail::hex_digit(text[i]);
    int lo = detail::hex_digit(text[++i]);
    if (hi < 0 || lo < 0) return std::nullopt;
    be[n++] = static_cast<uint8_t>(hi << 4 | lo);
  }
  Uuid u;
  constexpr size_t kOrder[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
  for (size_t i = 0; i < 16; ++i) u.bytes[i] = be[kOrder[i]];
  return u;
}

// For constants: a malformed literal fails to compile.
consteval Uuid uuid(std::string_view text) { return *Uuid::parse(text); }

// NDR 2.0 transfer syntax (C706 appendix I; version 2.0 per MS-RPCE 2.2.4.12):
// 8a885d04-1ceb-11c9-9fe8-08002b104860 v2.0.
inline constexpr SyntaxId kNdrSyntax{uuid("8a885d04-1ceb-11c9-9fe8-08002b104860"), 2, 0};
// NDR64 transfer syntax (MS-RPCE, NDR64): 71710533-beba-4937-8319-b5dbef9ccc36 v1.0. Not supported:
// a context offering only NDR64 is rejected with reason 2.
inline constexpr SyntaxId kNdr64Syntax{uuid("71710533-beba-4937-8319-b5dbef9ccc36"), 1, 0};
// srvsvc (MS-SRVS 1.9): 4b324fc8-1670-01d3-1278-5a47bf6ee188 v3.0.
inline constexpr SyntaxId kSrvsvcSyntax{uuid("4b324fc8-1670-01d3-1278-5a47bf6ee188"), 3, 0};
// wkssvc (MS-WKST 1.9): 6bffd098-a112-3610-9833-46c3f87e345a v1.0.
inline constexpr SyntaxId kWkssvcSyntax{uuid("6bffd098-a112-3610-9833-46c3f87e345a"), 1, 0};

// MS-RPCE 2.2.2.14 BindTimeFeatureNegotiationBitmask bits.
inline constexpr uint16_t kFeatureSecurityContextMultiplexing = 0x0001;
inline constexpr uint16_t kFeatureKeepConnectionOnOrphan = 0x0002;

// MS-RPCE 3.3.1.5.3: a transfer syntax whose UUID starts 6CB71C2C-9812-4540 (time_low, time_mid,
// time_hi) with version 1.0 marks bind time feature negotiation; the eight octets after the prefix
// are the bitmask (2.2.2.14). The bitmask's first octet, or nullopt for any other syntax.
std::optional<uint8_t> bind_time_features(const SyntaxId& transfer_syntax);
// The transfer syntax a client offers to negotiate `features`.
SyntaxId bind_time_feature_syntax(uint8_t features);

}  // namespace smbkit::rpc
