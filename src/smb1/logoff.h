// SMB_COM_LOGOFF_ANDX (0x74): MS-CIFS 2.2.4.54. Both directions carry only the AndX block.
#pragma once

#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.4.54.1: WordCount 2 (the AndX block), ByteCount 0.
struct LogoffRequest {
  static Result<LogoffRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.54.2: WordCount 2 (the AndX block), ByteCount 0.
struct LogoffResponse {
  static Result<LogoffResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

}  // namespace smbkit::smb1
