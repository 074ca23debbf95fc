// SMB2 CHANGE_NOTIFY (0x000F): MS-SMB2 2.2.35 request, 2.2.36 response. The response's output
// buffer holds MS-FSCC 2.7.1 FILE_NOTIFY_INFORMATION entries (fscc/notify_information.h, which
// also names the CompletionFilter bits) and is carried as opaque bytes.
#pragma once

#include <cstdint>

#include "smb2/header.h"
#include "smb2/output_buffer.h"

namespace smbkit::smb2 {

// MS-SMB2 2.2.35 Flags.
enum ChangeNotifyFlags : uint16_t {
  kWatchTree = 0x0001,  // SMB2_WATCH_TREE
};

// MS-SMB2 2.2.35: StructureSize 32, Flags (2), OutputBufferLength, FileId, CompletionFilter,
// Reserved (4).
struct ChangeNotifyRequest {
  static constexpr uint16_t kStructureSize = 32;

  uint16_t flags = 0;  // ChangeNotifyFlags
  uint32_t output_buffer_length = 0;
  FileId file_id;
  uint32_t completion_filter = 0;  // fscc::FileNotifyChange bits

  bool watch_tree() const { return flags & kWatchTree; }

  static Result<ChangeNotifyRequest> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.36 (output_buffer.h).
using ChangeNotifyResponse = OutputBufferResponse;

}  // namespace smbkit::smb2
