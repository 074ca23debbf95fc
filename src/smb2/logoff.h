// SMB2 LOGOFF request (MS-SMB2 2.2.7) and response (2.2.8).
#pragma once

#include "smb2/header.h"

namespace smbkit::smb2 {

// MS-SMB2 2.2.7 (StructureSize 4): Reserved. The session is the header's SessionId.
struct LogoffRequest {
  static Result<LogoffRequest> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.8 (StructureSize 4): Reserved.
struct LogoffResponse {
  static Result<LogoffResponse> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

}  // namespace smbkit::smb2
