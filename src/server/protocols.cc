#include "server/protocols.h"

#include <strings.h>

#include <string>

namespace smbkit::server {
namespace {

struct Named {
  const char* name;
  Protocol protocol;
  uint16_t dialect;
};

constexpr Named kNames[] = {
    {"NT1", Protocol::Nt1, 0},          {"SMB2_02", Protocol::Smb2_02, 0x0202},
    {"SMB2_10", Protocol::Smb2_10, 0x0210}, {"SMB3_00", Protocol::Smb3_00, 0x0300},
    {"SMB3_02", Protocol::Smb3_02, 0x0302}, {"SMB3_11", Protocol::Smb3_11, 0x0311},
};

}  // namespace

std::optional<Protocol> parse_protocol(std::string_view name) {
  std::string n(name);
  if (strcasecmp(n.c_str(), "SMB2") == 0) return Protocol::Smb2_10;
  if (strcasecmp(n.c_str(), "SMB3") == 0) return Protocol::Smb3_11;
  for (const Named& named : kNames)
    if (strcasecmp(n.c_str(), named.name) == 0) return named.protocol;
  return std::nullopt;
}

uint16_t dialect_of(Protocol protocol) {
  for (const Named& named : kNames)
    if (named.protocol == protocol) return named.dialect;
  return 0;
}

std::optional<Protocol> protocol_of_dialect(uint16_t dialect) {
  for (const Named& named : kNames)
    if (named.dialect == dialect && dialect != 0) return named.protocol;
  return std::nullopt;
}

std::vector<uint16_t> ProtocolRange::smb2_dialects() const {
  std::vector<uint16_t> out;
  for (const Named& named : kNames)
    if (named.dialect != 0 && serves(named.protocol)) out.push_back(named.dialect);
  return out;
}

}  // namespace smbkit::server
