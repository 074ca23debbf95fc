// SMB2 QUERY_INFO (0x0010): MS-SMB2 2.2.37 request (with 2.2.37.1 SMB2_QUERY_QUOTA_INFO), 2.2.38
// response. The information itself (MS-FSCC 2.4 file classes, 2.5 file-system classes, MS-DTYP
// security descriptors, quota entries) is carried as opaque bytes; src/fscc/ encodes it.
#pragma once

#include <cstdint>

#include "smb2/header.h"
#include "smb2/output_buffer.h"

namespace smbkit::smb2 {

// MS-SMB2 2.2.37 / 2.2.39 InfoType.
enum InfoType : uint8_t {
  kInfoFile = 0x01,        // SMB2_0_INFO_FILE
  kInfoFilesystem = 0x02,  // SMB2_0_INFO_FILESYSTEM
  kInfoSecurity = 0x03,    // SMB2_0_INFO_SECURITY
  kInfoQuota = 0x04,       // SMB2_0_INFO_QUOTA
};

// MS-SMB2 2.2.37 / 2.2.39 AdditionalInformation for security information.
enum SecurityInformation : uint32_t {
  kOwnerSecurityInformation = 0x00000001,
  kGroupSecurityInformation = 0x00000002,
  kDaclSecurityInformation = 0x00000004,
  kSaclSecurityInformation = 0x00000008,
  kLabelSecurityInformation = 0x00000010,
  kAttributeSecurityInformation = 0x00000020,
  kScopeSecurityInformation = 0x00000040,
  kBackupSecurityInformation = 0x00010000,
};

// MS-SMB2 2.2.37 Flags (FileFullEaInformation queries).
enum QueryInfoFlags : uint32_t {
  kSlRestartScan = 0x00000001,
  kSlReturnSingleEntry = 0x00000002,
  kSlIndexSpecified = 0x00000004,
};

// MS-SMB2 2.2.37: StructureSize 41, InfoType (1), FileInfoClass (1), OutputBufferLength,
// InputBufferOffset (2), Reserved (2), InputBufferLength, AdditionalInformation, Flags, FileId,
// Buffer. The input buffer (quota queries: SMB2_QUERY_QUOTA_INFO; FileFullEaInformation:
// FILE_GET_EA_INFORMATION list) is checked to lie inside the message after the fixed part.
struct QueryInfoRequest {
  static constexpr uint16_t kStructureSize = 41;
  static constexpr size_t kFixedSize = 40;
  static constexpr uint16_t kBufferOffset = kHeaderSize + kFixedSize;  // 0x68

  uint8_t info_type = kInfoFile;  // InfoType
  uint8_t file_info_class = 0;    // fscc::FileInfoClass / FS class; 0 for security and quota
  uint32_t output_buffer_length = 0;
  Bytes input;  // at most 0xFFFFFFFF bytes
  uint32_t additional_information = 0;
  uint32_t flags = 0;  // QueryInfoFlags
  FileId file_id;

  static Result<QueryInfoRequest> decode(Bytes message);
  // Input at 0x68; without input, InputBufferOffset 0 and one zero byte of Buffer.
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.37.1 SMB2_QUERY_QUOTA_INFO: ReturnSingle (1), RestartScan (1), Reserved (2),
// SidListLength, StartSidLength, StartSidOffset, SidBuffer. The SidBuffer holds either a list of
// FILE_GET_QUOTA_INFORMATION (SidListLength bytes) or one SID (StartSidLength bytes at
// StartSidOffset into it), never both.
struct QueryQuotaInfo {
  static constexpr size_t kFixedSize = 16;

  bool return_single = false;
  bool restart_scan = false;
  Bytes sid_list;   // format 1
  Bytes start_sid;  // format 2

  // Fails with kBadRequest if the lists run past `input` or both are given.
  static Result<QueryQuotaInfo> decode(Bytes input);
  // The SID list, or the start SID at StartSidOffset 0 (sid_list wins if both are set).
  void encode(ByteWriter& w) const;
};

// MS-SMB2 2.2.38 (output_buffer.h).
using QueryInfoResponse = OutputBufferResponse;

}  // namespace smbkit::smb2
