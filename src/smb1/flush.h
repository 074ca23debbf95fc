// SMB_COM_FLUSH (0x05): MS-CIFS 2.2.4.6.
#pragma once

#include <cstdint>

#include "smb1/empty_response.h"
#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.4.6.1: FID 0xFFFF asks for every file the process opened to be flushed.
inline constexpr uint16_t kFlushAllFids = 0xFFFF;

// MS-CIFS 2.2.4.6.1 request: WordCount 1 (FID), ByteCount 0.
struct FlushRequest {
  uint16_t fid = 0;

  static Result<FlushRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.6.2
using FlushResponse = EmptyResponse<Command::Flush>;

}  // namespace smbkit::smb1
