// TRANS2_OPEN2 (MS-CIFS 2.2.6.1) and TRANS2_CREATE_DIRECTORY (MS-CIFS 2.2.6.14): their
// Trans2_Parameters. Their Trans2_Data is an SMB_FEA_LIST (MS-CIFS 2.2.1.2.2) of extended
// attributes to set on what they create: smb1/ea_lists.h decode_fea_list.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.6.1.1 Flags.
enum Open2Flags : uint16_t {
  kOpen2ReturnAdditionalInfo = 0x0001,  // REQ_ATTRIB
  kOpen2RequestOplock = 0x0002,         // REQ_OPLOCK
  kOpen2RequestOpbatch = 0x0004,        // REQ_OPBATCH
  kOpen2ReturnTotalEaLength = 0x0008,   // REQ_EASIZE
};

// MS-CIFS 2.2.6.1.1 request Trans2_Parameters: Flags, AccessMode, Reserved1, FileAttributes,
// CreationTime (UTIME), OpenMode, AllocationSize, Reserved[5], FileName. AccessMode and OpenMode
// are OPEN_ANDX's (open.h).
struct Open2Request {
  static constexpr size_t kFixedSize = 28;  // before FileName

  uint16_t flags = 0;
  uint16_t access_mode = 0;
  uint16_t file_attributes = 0;  // SMB_FILE_ATTRIBUTES
  uint32_t creation_time = 0;    // UTIME
  uint16_t open_mode = 0;
  uint32_t allocation_size = 0;
  std::string file_name;

  static Result<Open2Request> decode(Bytes parameters, bool unicode);
  std::vector<uint8_t> encode(bool unicode) const;
};

// MS-CIFS 2.2.6.1.2 response Trans2_Parameters: FID, FileAttributes, CreationTime, FileDataSize,
// AccessMode, ResourceType, NMPipeStatus, ActionTaken, Reserved (4), ExtendedAttributeErrorOffset,
// ExtendedAttributeLength. No Trans2_Data.
struct Open2ResponseParameters {
  static constexpr size_t kSize = 30;

  uint16_t fid = 0;
  uint16_t file_attributes = 0;
  uint32_t creation_time = 0;  // UTIME
  uint32_t file_data_size = 0;
  uint16_t access_mode = 0;
  uint16_t resource_type = 0;   // 0: a file or directory
  uint16_t nm_pipe_status = 0;
  uint16_t action_taken = 0;    // OPEN_ANDX's OpenResults (open.h)
  uint16_t ea_error_offset = 0;
  uint32_t ea_length = 0;

  static Result<Open2ResponseParameters> decode(Bytes parameters);
  std::vector<uint8_t> encode() const;
};

// MS-CIFS 2.2.6.14.1 request Trans2_Parameters: Reserved (4), DirectoryName. The response's
// parameters are an EaErrorOffset, QueryInformationResponseParameters' layout (trans2_query.h).
struct CreateDirectory2Request {
  std::string directory_name;

  static Result<CreateDirectory2Request> decode(Bytes parameters, bool unicode);
  std::vector<uint8_t> encode(bool unicode) const;
};

}  // namespace smbkit::smb1
