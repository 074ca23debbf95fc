// SMB2 CANCEL request (MS-SMB2 2.2.30). It has no response: the cancelled request completes
// (usually with STATUS_CANCELLED). The request to cancel is named by the header: MessageId for a
// sync request, AsyncId (SMB2_FLAGS_ASYNC_COMMAND set) for one that got an interim response.
#pragma once

#include "smb2/header.h"

namespace smbkit::smb2 {

// MS-SMB2 2.2.30 (StructureSize 4): Reserved.
struct CancelRequest {
  static Result<CancelRequest> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

}  // namespace smbkit::smb2
