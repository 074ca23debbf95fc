// NT_TRANSACT_NOTIFY_CHANGE (MS-CIFS 2.2.7.4): the request's setup words, and the response's
// parameters, a chain of FILE_NOTIFY_INFORMATION entries (MS-FSCC 2.7.1). The request carries
// no parameters and no data; the response no data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "smb1/nt_transact.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.7.4.1 CompletionFilter (the MS-SMB2 2.2.35 values).
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

inline constexpr uint8_t kNotifyChangeSetupWords = 4;

// MS-CIFS 2.2.7.4.1 Setup: CompletionFilter (4 bytes), FID, WatchTree (1 byte), Reserved.
struct NotifyChangeSetup {
  uint32_t completion_filter = 0;
  uint16_t fid = 0;
  bool watch_tree = false;

  // InvalidSmb unless there are exactly four setup words.
  static Result<NotifyChangeSetup> decode(const std::vector<uint16_t>& setup);
  std::vector<uint16_t> encode() const;
};

// The whole request: MaxSetupCount 0, MaxDataCount 0, no parameters, no data; the server keeps
// up to `max_parameter_count` bytes of changes between requests (MS-CIFS 2.2.7.4).
NtTransactRequest make_notify_change_request(const NotifyChangeSetup& setup,
                                             uint32_t max_parameter_count);

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

}  // namespace smbkit::smb1
