// NT_TRANSACT_RENAME (MS-CIFS 2.2.7.4): a rename by handle that Windows accepts and ignores.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.7.4.1 NT_Trans_Parameters: FID, RenameFlags, NewName (SMB_STRING, unaligned in
// the parameters). The response has no parameters and no data.
struct NtTransactRenameRequest {
  uint16_t fid = 0;
  uint16_t rename_flags = 0;
  std::string new_name;

  static Result<NtTransactRenameRequest> decode(Bytes parameters, bool unicode);
  std::vector<uint8_t> encode(bool unicode) const;
};

}  // namespace smbkit::smb1
