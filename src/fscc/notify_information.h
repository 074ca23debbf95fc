// MS-FSCC 2.7.1 FILE_NOTIFY_INFORMATION and the change-notify vocabulary (the CompletionFilter
// of MS-SMB2 2.2.35 / MS-CIFS 2.2.7.4.1, the actions), shared by SMB1's NT_TRANSACT_NOTIFY_CHANGE
// and SMB2's CHANGE_NOTIFY.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::fscc {

// MS-SMB2 2.2.35 / MS-CIFS 2.2.7.4.1 CompletionFilter.
enum FileNotifyChange : uint32_t {
  kFileNotifyChangeFileName = 0x00000001,
  kFileNotifyChangeDirName = 0x00000002,
  kFileNotifyChangeName = 0x00000003,
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

// MS-FSCC 2.7.1 Action.
enum FileAction : uint32_t {
  kFileActionAdded = 0x00000001,
  kFileActionRemoved = 0x00000002,
  kFileActionModified = 0x00000003,
  kFileActionRenamedOldName = 0x00000004,
  kFileActionRenamedNewName = 0x00000005,
  kFileActionAddedStream = 0x00000006,
  kFileActionRemovedStream = 0x00000007,
  kFileActionModifiedStream = 0x00000008,
};

// MS-FSCC 2.7.1 FILE_NOTIFY_INFORMATION, without its NextEntryOffset. The name is relative to
// the watched directory, backslash-separated, UTF-8 here (UTF-16LE on the wire).
struct FileNotifyEntry {
  uint32_t action = 0;
  std::string name;

  bool operator==(const FileNotifyEntry&) const = default;
};

// Decodes a chain of entries. Each entry and its name must lie inside `bytes`, the name must be
// whole UTF-16 code units, and each NextEntryOffset must pass its entry's name; otherwise
// `on_error`. An empty buffer is no entries (the server could not say what changed).
Result<std::vector<FileNotifyEntry>> decode_notify_entries(
    Bytes bytes, NtStatus on_error = NtStatus::InvalidNetworkResponse);
// Each entry padded to 4 bytes, the last one's NextEntryOffset 0.
std::vector<uint8_t> encode_notify_entries(const std::vector<FileNotifyEntry>& entries);

}  // namespace smbkit::fscc
