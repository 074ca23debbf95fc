// AV_PAIR lists (MS-NLMP 2.2.2.1): the CHALLENGE_MESSAGE TargetInfo and the AV pairs inside an
// NTLMv2 client blob.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::auth {

enum class AvId : uint16_t {
  Eol = 0x0000,
  NbComputerName = 0x0001,
  NbDomainName = 0x0002,
  DnsComputerName = 0x0003,
  DnsDomainName = 0x0004,
  DnsTreeName = 0x0005,
  Flags = 0x0006,
  Timestamp = 0x0007,
  SingleHost = 0x0008,
  TargetName = 0x0009,
  ChannelBindings = 0x000A,
};

// MsvAvFlags bits.
inline constexpr uint32_t kAvFlagConstrained = 0x00000001;
inline constexpr uint32_t kAvFlagMicPresent = 0x00000002;
inline constexpr uint32_t kAvFlagUntrustedSpn = 0x00000004;

struct AvPair {
  AvId id = AvId::Eol;
  std::vector<uint8_t> value;
  bool operator==(const AvPair&) const = default;
};

// MS-NLMP 2.2.2.1: a sequence of AV_PAIRs terminated by MsvAvEOL. `items` never holds the EOL.
struct AvPairs {
  std::vector<AvPair> items;

  // Reads pairs up to MsvAvEOL, which must be present; bytes after it are ignored (an NTLMv2
  // blob carries padding there). A pair whose length runs past the buffer fails.
  static Result<AvPairs> decode(Bytes data);
  // The pairs in order, then MsvAvEOL.
  std::vector<uint8_t> encode() const;

  const AvPair* find(AvId id) const;
  // Replaces the first pair with this id, or appends one.
  void set(AvId id, std::vector<uint8_t> value);
  // Name-valued pairs are UTF-16LE on the wire; UTF-8 here.
  void set_string(AvId id, std::string_view utf8);
  std::optional<std::string> string(AvId id) const;
  // MsvAvTimestamp (a FILETIME) and MsvAvFlags, when present with the right size.
  std::optional<uint64_t> timestamp() const;
  std::optional<uint32_t> flags() const;
  bool operator==(const AvPairs&) const = default;
};

}  // namespace smbkit::auth
