// SMB2 FLUSH (0x0007): MS-SMB2 2.2.17 request, 2.2.18 response.
#pragma once

#include <cstdint>

#include "smb2/header.h"

namespace smbkit::smb2 {

// MS-SMB2 2.2.17: StructureSize 24, Reserved1 (2), Reserved2 (4), FileId.
struct FlushRequest {
  static constexpr uint16_t kStructureSize = 24;

  FileId file_id;

  static Result<FlushRequest> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.18: StructureSize 4, Reserved (2).
struct FlushResponse {
  static constexpr uint16_t kStructureSize = 4;

  static Result<FlushResponse> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

}  // namespace smbkit::smb2
