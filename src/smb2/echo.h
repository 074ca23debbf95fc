// SMB2 ECHO request (MS-SMB2 2.2.28) and response (2.2.29).
#pragma once

#include "smb2/header.h"

namespace smbkit::smb2 {

// MS-SMB2 2.2.28 (StructureSize 4): Reserved.
struct EchoRequest {
  static Result<EchoRequest> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.29 (StructureSize 4): Reserved.
struct EchoResponse {
  static Result<EchoResponse> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

}  // namespace smbkit::smb2
