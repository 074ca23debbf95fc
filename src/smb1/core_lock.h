// The core protocol's byte-range locks: SMB_COM_LOCK_BYTE_RANGE (0x0C, MS-CIFS 2.2.4.13) and
// SMB_COM_UNLOCK_BYTE_RANGE (0x0D, 2.2.4.14). One range of 32-bit offset and count per request;
// the lock's owner is the header's PID.
#pragma once

#include <cstdint>

#include "smb1/empty_response.h"
#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.4.13.1 / 2.2.4.14.1 request, one layout: WordCount 5 (FID, CountOfBytesToLock,
// LockOffsetInBytes), ByteCount 0. `command` tells lock from unlock; decode takes it from the
// block.
struct ByteRangeLockRequest {
  Command command = Command::LockByteRange;
  uint16_t fid = 0;
  uint32_t count = 0;
  uint32_t offset = 0;

  static Result<ByteRangeLockRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.13.2 / 2.2.4.14.2 responses: WordCount 0, ByteCount 0.
using LockByteRangeResponse = EmptyResponse<Command::LockByteRange>;
using UnlockByteRangeResponse = EmptyResponse<Command::UnlockByteRange>;

}  // namespace smbkit::smb1
