// SMB2 QUERY_DIRECTORY (0x000E): MS-SMB2 2.2.33 request, 2.2.34 response. The response's output
// buffer holds MS-FSCC 2.4 directory entries (fscc/directory_info.h) and is carried here as
// opaque bytes.
#pragma once

#include <cstdint>
#include <string>

#include "smb2/header.h"
#include "smb2/output_buffer.h"

namespace smbkit::smb2 {

// MS-SMB2 2.2.33 Flags.
enum QueryDirectoryFlags : uint8_t {
  kRestartScans = 0x01,       // SMB2_RESTART_SCANS
  kReturnSingleEntry = 0x02,  // SMB2_RETURN_SINGLE_ENTRY
  kIndexSpecified = 0x04,     // SMB2_INDEX_SPECIFIED
  kReopen = 0x10,             // SMB2_REOPEN
};

// MS-SMB2 2.2.33: StructureSize 33, FileInformationClass (1), Flags (1), FileIndex, FileId,
// FileNameOffset (2), FileNameLength (2), OutputBufferLength, Buffer (the UTF-16LE search
// pattern). The pattern is checked to lie inside the message after the fixed part; invalid
// UTF-16 in it fails with STATUS_OBJECT_NAME_INVALID.
struct QueryDirectoryRequest {
  static constexpr uint16_t kStructureSize = 33;
  static constexpr size_t kFixedSize = 32;
  static constexpr uint16_t kBufferOffset = kHeaderSize + kFixedSize;  // 0x60

  uint8_t file_information_class = 0;  // fscc::FileInfoClass values
  uint8_t flags = 0;                   // QueryDirectoryFlags
  uint32_t file_index = 0;
  FileId file_id;
  std::string file_name;  // the pattern, UTF-8; empty: none given (offset and length 0)
  uint32_t output_buffer_length = 0;

  static Result<QueryDirectoryRequest> decode(Bytes message);
  // The pattern at 0x60; without one, FileNameOffset 0 and one zero byte of Buffer. The pattern
  // must fit 0xFFFF bytes of UTF-16.
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.34 (output_buffer.h).
using QueryDirectoryResponse = OutputBufferResponse;

}  // namespace smbkit::smb2
