// SMB2 SET_INFO (0x0011): MS-SMB2 2.2.39 request, 2.2.40 response. The information set (MS-FSCC
// 2.4 / 2.5 classes, MS-DTYP security descriptors, quota entries) is carried as opaque bytes;
// src/fscc/set_info_classes.h decodes it.
#pragma once

#include <cstdint>

#include "smb2/header.h"
#include "smb2/query_info.h"  // InfoType, SecurityInformation

namespace smbkit::smb2 {

// MS-SMB2 2.2.39: StructureSize 33, InfoType (1), FileInfoClass (1), BufferLength,
// BufferOffset (2), Reserved (2), AdditionalInformation, FileId, Buffer. The buffer is checked
// to lie inside the message after the fixed part.
struct SetInfoRequest {
  static constexpr uint16_t kStructureSize = 33;
  static constexpr size_t kFixedSize = 32;
  static constexpr uint16_t kBufferOffset = kHeaderSize + kFixedSize;  // 0x60

  uint8_t info_type = kInfoFile;  // InfoType
  uint8_t file_info_class = 0;    // 0 for security and quota
  Bytes buffer;                   // at most 0xFFFFFFFF bytes
  uint32_t additional_information = 0;  // SecurityInformation for security, else 0
  FileId file_id;

  static Result<SetInfoRequest> decode(Bytes message);
  // Buffer at 0x60 (BufferOffset 0x60 even when empty, with one zero byte of Buffer then).
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.40: StructureSize 2.
struct SetInfoResponse {
  static constexpr uint16_t kStructureSize = 2;

  static Result<SetInfoResponse> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

}  // namespace smbkit::smb2
