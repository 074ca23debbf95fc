// SMB2 CHANGE_NOTIFY (0x000F): MS-SMB2 2.2.35 request, 2.2.36 response. The response's output
// buffer holds MS-FSCC 2.7.1 FILE_NOTIFY_INFORMATION entries and is carried as opaque bytes.
#pragma once

#include <cstdint>

#include "smb2/header.h"

namespace smbkit::smb2 {

// MS-SMB2 2.2.35 Flags.
enum ChangeNotifyFlags : uint16_t {
  kWatchTree = 0x0001,  // SMB2_WATCH_TREE
};

// MS-SMB2 2.2.35 CompletionFilter.
enum CompletionFilter : uint32_t {
  kFileNotifyChangeFileName = 0x00000001,
  kFileNotifyChangeDirName = 0x00000002,
  kFileNotifyChangeAttributes = 0x00000004,
  kFileNotifyChangeSize = 0x00000008,
  kFileNotifyChangeLastWrite = 0x00000010,
  kFileNotifyChangeLastAccess = 0x00000020,
  kFileNotifyChangeCreation = 0x00000040,
  kFileNotifyChangeEa = 0x00000080,
  kFileNotifyChangeSecurity = 0x00000100,
  kFileNotifyChangeStreamName = 0x00000200,
  kFileNotifyChangeStreamSize = 0x00000400,
  kFileNotifyChangeStreamWrite = 0x00000800,
};

// MS-SMB2 2.2.35: StructureSize 32, Flags (2), OutputBufferLength, FileId, CompletionFilter,
// Reserved (4).
struct ChangeNotifyRequest {
  static constexpr uint16_t kStructureSize = 32;

  uint16_t flags = 0;  // ChangeNotifyFlags
  uint32_t output_buffer_length = 0;
  FileId file_id;
  uint32_t completion_filter = 0;  // CompletionFilter

  bool watch_tree() const { return flags & kWatchTree; }

  static Result<ChangeNotifyRequest> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.36: StructureSize 9, OutputBufferOffset (2), OutputBufferLength (4), Buffer.
struct ChangeNotifyResponse {
  static constexpr uint16_t kStructureSize = 9;
  static constexpr size_t kFixedSize = 8;
  static constexpr uint16_t kBufferOffset = kHeaderSize + kFixedSize;  // 0x48

  Bytes output;

  static Result<ChangeNotifyResponse> decode(Bytes message);
  // Output at 0x48 (one zero byte of Buffer when empty).
  void encode(ByteWriter& w, size_t header_start) const;

  // In place, as QueryDirectoryResponse::begin/finish: begin(), append the entries, finish().
  static void begin(ByteWriter& w);
  static void finish(ByteWriter& w, size_t header_start);
};

}  // namespace smbkit::smb2
