// SMB_COM_SET_INFORMATION2 (0x22, MS-CIFS 2.2.4.22) and SMB_COM_QUERY_INFORMATION2 (0x23,
// 2.2.4.23): an open file's times as SMB_DATE / SMB_TIME pairs (trans2_dos_time.h), and for the
// query its sizes and attributes.
#pragma once

#include <cstdint>

#include "smb1/empty_response.h"
#include "smb1/message.h"
#include "smb1/trans2_dos_time.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.4.22.1 request: WordCount 7 (FID, then CreateDate, CreationTime, LastAccessDate,
// LastAccessTime, LastWriteDate, LastWriteTime), ByteCount 0. A date and time of 0 leave that
// time as it is.
struct SetInformation2Request {
  uint16_t fid = 0;
  DosDateTime creation;
  DosDateTime last_access;
  DosDateTime last_write;

  static Result<SetInformation2Request> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.22.2 response: WordCount 0, ByteCount 0.
using SetInformation2Response = EmptyResponse<Command::SetInformation2>;

// MS-CIFS 2.2.4.23.1 request: WordCount 1 (FID), ByteCount 0.
struct QueryInformation2Request {
  uint16_t fid = 0;

  static Result<QueryInformation2Request> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.23.2 response: WordCount 11 (CreateDate, CreationTime, LastAccessDate,
// LastAccessTime, LastWriteDate, LastWriteTime, FileDataSize, FileAllocationSize,
// FileAttributes), ByteCount 0.
struct QueryInformation2Response {
  DosDateTime creation;
  DosDateTime last_access;
  DosDateTime last_write;
  uint32_t file_data_size = 0;
  uint32_t file_allocation_size = 0;
  uint16_t file_attributes = 0;  // SMB_FILE_ATTRIBUTES

  static Result<QueryInformation2Response> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

}  // namespace smbkit::smb1
