// MS-FSCC 2.4 directory-enumeration classes (SMB2 QUERY_DIRECTORY; SMB1 FIND uses the same
// layouts for its NT levels): entries chained by NextEntryOffset, each aligned to 8 bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "fscc/file_info.h"
#include "fscc/info_classes.h"
#include "smbkit/status.h"
#include "wire/byte_reader.h"
#include "wire/byte_writer.h"

namespace smbkit::fscc {

// Directory, FullDirectory, BothDirectory, IdBothDirectory, IdFullDirectory or Names.
bool is_directory_class(FileInfoClass cls);
// Bytes before FileName in one entry of `cls` (MS-FSCC 2.4.10 FileDirectoryInformation: 64,
// 2.4.14 FileFullDirectoryInformation: 68, 2.4.8 FileBothDirectoryInformation: 94,
// FileIdBothDirectoryInformation: 104, FileIdFullDirectoryInformation: 80,
// 2.4.32 FileNamesInformation: 12); 0 for a class that is not a directory class.
size_t directory_entry_fixed_size(FileInfoClass cls);

// Appends one entry of a directory class with NextEntryOffset 0. The short name (Both and IdBoth
// classes) is always UTF-16 and cut to its 12 characters; the file name follows `coding`.
void encode_directory_entry(ByteWriter& w, FileInfoClass cls, const FileInfo& f,
                            NameCoding coding = NameCoding::kUtf16);

struct DirectoryListing {
  size_t count = 0;              // entries written
  size_t bytes = 0;              // bytes appended (no padding after the last entry)
  size_t last_entry_offset = 0;  // of the last entry, from the start of the list
};

// Appends `entries` to `out` as one list: each entry starts on an 8-byte boundary counted from
// where the list starts, and each NextEntryOffset points at the next. Entries are taken in order
// while the list stays within `max_size` bytes; the first that does not fit ends the list (the
// caller resumes there). InvalidInfoClass for a class that is not a directory class.
Result<DirectoryListing> encode_directory_list(FileInfoClass cls, std::span<const FileInfo> entries,
                                               size_t max_size, std::vector<uint8_t>& out,
                                               NameCoding coding = NameCoding::kUtf16);

// Client side: the entries of a list. Each NextEntryOffset must move forward and every entry,
// name included, must lie inside `data`; otherwise InvalidNetworkResponse.
Result<std::vector<FileInfo>> decode_directory_list(FileInfoClass cls, Bytes data,
                                                    NameCoding coding = NameCoding::kUtf16);

}  // namespace smbkit::fscc
