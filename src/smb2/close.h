// SMB2 CLOSE (0x0006): MS-SMB2 2.2.15 request, 2.2.16 response.
#pragma once

#include <cstdint>

#include "smb2/header.h"

namespace smbkit::smb2 {

// MS-SMB2 2.2.15 / 2.2.16 Flags.
enum CloseFlags : uint16_t {
  kCloseFlagPostqueryAttrib = 0x0001,  // SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB
};

// MS-SMB2 2.2.15: StructureSize 24, Flags, Reserved (4), FileId.
struct CloseRequest {
  static constexpr uint16_t kStructureSize = 24;

  uint16_t flags = 0;
  FileId file_id;

  bool postquery_attrib() const { return flags & kCloseFlagPostqueryAttrib; }

  static Result<CloseRequest> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.16: StructureSize 60, Flags, Reserved (4), the four FILETIMEs, AllocationSize,
// EndofFile, FileAttributes. The attribute fields count only when Flags has
// kCloseFlagPostqueryAttrib; otherwise the server sends them as zero.
struct CloseResponse {
  static constexpr uint16_t kStructureSize = 60;

  uint16_t flags = 0;
  uint64_t creation_time = 0;
  uint64_t last_access_time = 0;
  uint64_t last_write_time = 0;
  uint64_t change_time = 0;
  uint64_t allocation_size = 0;
  uint64_t end_of_file = 0;
  uint32_t file_attributes = 0;

  static Result<CloseResponse> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

}  // namespace smbkit::smb2
