// The OplockLevel values of SMB2 CREATE and OPLOCK_BREAK (MS-SMB2 2.2.13, 2.2.14, 2.2.23.1,
// 2.2.24.1).
#pragma once

#include <cstdint>

namespace smbkit::smb2 {

// MS-SMB2 2.2.13 RequestedOplockLevel / 2.2.14 OplockLevel.
enum OplockLevel : uint8_t {
  kOplockLevelNone = 0x00,
  kOplockLevelII = 0x01,
  kOplockLevelExclusive = 0x08,
  kOplockLevelBatch = 0x09,
  kOplockLevelLease = 0xFF,  // with an RqLs create context; not 2.0.2
};

}  // namespace smbkit::smb2
