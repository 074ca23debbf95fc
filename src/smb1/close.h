// SMB_COM_CLOSE (0x04): MS-CIFS 2.2.4.5.
#pragma once

#include <cstdint>

#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.4.5.1 (WordCount 3): FID, LastTimeModified (UTIME: seconds since 1970-01-01 UTC;
// 0 or 0xFFFFFFFF leave the time as it is).
struct CloseRequest {
  uint16_t fid = 0;
  uint32_t last_time_modified = 0;

  static Result<CloseRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.5.2: WordCount 0, ByteCount 0.
struct CloseResponse {
  static Result<CloseResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

}  // namespace smbkit::smb1
