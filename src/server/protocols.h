// The dialect range a server serves, named as smb.conf names it ("server min protocol",
// "server max protocol"): NT1 (SMB1's NT LM 0.12), SMB2_02, SMB2_10, SMB3_00, SMB3_02, SMB3_11;
// SMB2 and SMB3 stand for the highest of their family, as in Samba.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace smbkit::server {

// In order: a dialect is in range when min <= it <= max.
enum class Protocol : uint8_t { Nt1, Smb2_02, Smb2_10, Smb3_00, Smb3_02, Smb3_11 };

// "NT1", "SMB2_02", ... (case-insensitive); "SMB2" is SMB2_10 and "SMB3" SMB3_11. nullopt for
// any other name.
std::optional<Protocol> parse_protocol(std::string_view name);

// The SMB2 DialectRevision of a protocol (0 for NT1), and back.
uint16_t dialect_of(Protocol protocol);
std::optional<Protocol> protocol_of_dialect(uint16_t dialect);

struct ProtocolRange {
  Protocol min = Protocol::Nt1;
  Protocol max = Protocol::Smb3_11;

  bool serves(Protocol p) const { return min <= p && p <= max; }
  bool serves_smb1() const { return serves(Protocol::Nt1); }
  bool serves_smb2() const { return max >= Protocol::Smb2_02; }
  // The SMB2 dialects served, lowest first.
  std::vector<uint16_t> smb2_dialects() const;
};

}  // namespace smbkit::server
