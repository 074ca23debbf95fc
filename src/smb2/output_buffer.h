// The response layout QUERY_DIRECTORY (MS-SMB2 2.2.34), CHANGE_NOTIFY (2.2.36) and QUERY_INFO
// (2.2.38) share: StructureSize 9, OutputBufferOffset (2), OutputBufferLength (4), Buffer.
#pragma once

#include <cstdint>

#include "smb2/header.h"

namespace smbkit::smb2 {

struct OutputBufferResponse {
  static constexpr uint16_t kStructureSize = 9;
  static constexpr size_t kFixedSize = 8;
  static constexpr uint16_t kBufferOffset = kHeaderSize + kFixedSize;  // 0x48

  Bytes output;

  static Result<OutputBufferResponse> decode(Bytes message);
  // Output at 0x48 (one zero byte of Buffer when empty).
  void encode(ByteWriter& w, size_t header_start) const;

  // Building the output in place, without a copy: begin() writes the body with a zero
  // OutputBufferLength; the caller appends the output right after it; finish() sets the length
  // to what was appended (and adds the Buffer byte if nothing was).
  static void begin(ByteWriter& w);
  static void finish(ByteWriter& w, size_t header_start);
};

}  // namespace smbkit::smb2
