#include <fmt/format.h>

#include "smbkit/client.h"

namespace smbkit::client {

std::string share_kind_name(uint32_t type) {
  switch (type & ShareInfo::kKindMask) {
    case ShareInfo::kDisk: return "Disk";
    case ShareInfo::kPrintQueue: return "Printer";
    case ShareInfo::kDevice: return "Device";
    case ShareInfo::kIpc: return "IPC";
  }
  return fmt::format("0x{:02X}", type & ShareInfo::kKindMask);
}

}  // namespace smbkit::client
