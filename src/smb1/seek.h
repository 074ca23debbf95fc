// SMB_COM_SEEK (0x12): MS-CIFS 2.2.4.19.
#pragma once

#include <cstdint>

#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.4.19.1 Mode: where Offset counts from.
enum class SeekMode : uint16_t { Start = 0, Current = 1, End = 2 };

// MS-CIFS 2.2.4.19.1 request: WordCount 4 (FID, Mode, Offset as a signed 32-bit value),
// ByteCount 0. Mode is kept as sent: the server judges a value outside 0-2.
struct SeekRequest {
  uint16_t fid = 0;
  uint16_t mode = 0;
  int32_t offset = 0;

  static Result<SeekRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.19.2 response: WordCount 2 (the new absolute Offset, low 32 bits), ByteCount 0.
struct SeekResponse {
  uint32_t offset = 0;

  static Result<SeekResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

}  // namespace smbkit::smb1
