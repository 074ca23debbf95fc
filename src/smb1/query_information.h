// The Core Protocol attribute commands: SMB_COM_QUERY_INFORMATION (0x08, MS-CIFS 2.2.4.9),
// SMB_COM_SET_INFORMATION (0x09, 2.2.4.10) and SMB_COM_QUERY_INFORMATION_DISK (0x80, 2.2.4.57).
// Times are UTIME (seconds since 1970-01-01 UTC, wire/filetime.h); attributes SMB_FILE_ATTRIBUTES.
#pragma once

#include <cstdint>
#include <string>

#include "fscc/file_info.h"
#include "smb1/empty_response.h"
#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.4.9.1 request: WordCount 0; BufferFormat 0x04, FileName.
struct QueryInformationRequest {
  std::string file_name;  // UTF-8, as sent; empty names the share root

  // InvalidSmb for a malformed block, a BufferFormat other than 0x04 or invalid UTF-16.
  static Result<QueryInformationRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.9.2 response: WordCount 10 (FileAttributes, LastWriteTime UTIME, FileSize,
// Reserved[5]), ByteCount 0.
struct QueryInformationResponse {
  uint16_t file_attributes = 0;  // SMB_FILE_ATTRIBUTES
  uint32_t last_write_time = 0;  // UTIME
  uint32_t file_size = 0;        // the low 32 bits of the size (MS-CIFS 3.3.5.11)

  static Result<QueryInformationResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.10.1 request: WordCount 8 (FileAttributes, LastWriteTime UTIME, Reserved[5]);
// BufferFormat 0x04, FileName. LastWriteTime 0 leaves the time as it is (MS-CIFS 3.3.5.12).
struct SetInformationRequest {
  uint16_t file_attributes = 0;
  uint32_t last_write_time = 0;
  std::string file_name;

  static Result<SetInformationRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};
// MS-CIFS 2.2.4.10.2
using SetInformationResponse = EmptyResponse<Command::SetInformation>;

// MS-CIFS 2.2.4.57.1 request: WordCount 0, ByteCount 0.
struct QueryInformationDiskRequest {
  static Result<QueryInformationDiskRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.57.2 response: WordCount 5 (TotalUnits, BlocksPerUnit, BlockSize, FreeUnits,
// Reserved), ByteCount 0. Every field is 16 bits.
struct QueryInformationDiskResponse {
  uint16_t total_units = 0;
  uint16_t blocks_per_unit = 0;
  uint16_t block_size = 0;  // bytes per block
  uint16_t free_units = 0;

  // The volume described in 16-bit fields: units are grown (by doubling blocks per unit) until
  // the total fits, and counts that still do not fit are clamped to 0xFFFF, so large volumes
  // read as "at least this big" (what such a client can represent).
  static QueryInformationDiskResponse from_fs_info(const FsInfo& fs);

  static Result<QueryInformationDiskResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

}  // namespace smbkit::smb1
