// SMB_COM_NT_CANCEL (0xA4): MS-CIFS 2.2.4.65. The request names the request it cancels by its
// header alone (the same UID, TID, PID and MID); there is no response of its own: the cancelled
// request is answered, typically with STATUS_CANCELLED (MS-CIFS 3.3.5.52).
#pragma once

#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.4.65.1: WordCount 0, ByteCount 0.
struct NtCancelRequest {
  // InvalidSmb unless the block is empty and fits the message.
  static Result<NtCancelRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

}  // namespace smbkit::smb1
