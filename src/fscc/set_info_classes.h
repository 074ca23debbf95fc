// MS-FSCC 2.4 file information classes a client sends to change a file (the set side): SMB1's
// pass-through SET levels (MS-SMB 2.2.2.3.5) and, later, SMB2 SET_INFO carry these buffers.
// Decoders are for the server: a buffer shorter than the class's fixed part is
// InfoLengthMismatch (what NtSetInformationFile answers); a name that does not fit the buffer
// or is not UTF-16 is InvalidParameter (MS-FSCC 2.4.41's error table). Encoders are for clients.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "fscc/info_classes.h"

#include "smbkit/status.h"
#include "wire/byte_reader.h"
#include "wire/byte_writer.h"

namespace smbkit::fscc {

// MS-FSCC 2.4.7 FileBasicInformation as a change: a time of 0 leaves that time as it is, and
// -1 (kKeepTimeFixed) also stops the server updating it through this handle; attributes 0
// leave the attributes as they are (FILE_ATTRIBUTE_NORMAL clears them all).
struct FileBasicInformation {
  static constexpr size_t kSize = 40;
  static constexpr uint64_t kKeepTimeFixed = ~uint64_t{0};

  uint64_t creation_time = 0;
  uint64_t last_access_time = 0;
  uint64_t last_write_time = 0;
  uint64_t change_time = 0;
  uint32_t file_attributes = 0;

  static Result<FileBasicInformation> decode(Bytes data);
  void encode(ByteWriter& w) const;
};

// MS-FSCC 2.4.11 FileDispositionInformation: DeletePending (BOOLEAN, 1 byte).
struct FileDispositionInformation {
  static constexpr size_t kSize = 1;

  bool delete_pending = false;

  static Result<FileDispositionInformation> decode(Bytes data);
  void encode(ByteWriter& w) const;
};

// MS-FSCC 2.4.4 FileAllocationInformation: AllocationSize (8 bytes).
struct FileAllocationInformation {
  static constexpr size_t kSize = 8;

  uint64_t allocation_size = 0;

  static Result<FileAllocationInformation> decode(Bytes data);
  void encode(ByteWriter& w) const;
};

// MS-FSCC 2.4.13 FileEndOfFileInformation: EndOfFile (8 bytes).
struct FileEndOfFileInformation {
  static constexpr size_t kSize = 8;

  uint64_t end_of_file = 0;

  static Result<FileEndOfFileInformation> decode(Bytes data);
  void encode(ByteWriter& w) const;
};

// MS-FSCC 2.4.35 FilePositionInformation: CurrentByteOffset (8 bytes).
struct FilePositionInformation {
  static constexpr size_t kSize = 8;

  uint64_t current_byte_offset = 0;

  static Result<FilePositionInformation> decode(Bytes data);
  void encode(ByteWriter& w) const;
};

// Which of the two layouts of FileRenameInformation / FileLinkInformation a protocol uses.
enum class NameInfoForm : uint8_t {
  kSmb,   // TYPE_1 (MS-FSCC 2.4.41.1, 2.4.27.1): ReplaceIfExists, Reserved[3], RootDirectory (4)
  kSmb2,  // TYPE_2 (MS-FSCC 2.4.41.2, 2.4.27.2): ReplaceIfExists, Reserved[7], RootDirectory (8)
};

// MS-FSCC 2.4.41 FileRenameInformation (and 2.4.27 FileLinkInformation, the same layout):
// ReplaceIfExists, Reserved, RootDirectory, FileNameLength, FileName (UTF-16LE, no terminator).
// A name without a separator is a new name in the file's own directory; one with separators is
// a path from the share root (MS-FSA 2.1.5.15.12 / MS-SMB2 3.3.5.21.1).
struct FileRenameInformation {
  bool replace_if_exists = false;
  uint64_t root_directory = 0;  // MUST be 0 over the network
  std::string file_name;        // UTF-8

  static size_t fixed_size(NameInfoForm form) { return form == NameInfoForm::kSmb ? 12 : 20; }

  static Result<FileRenameInformation> decode(Bytes data, NameInfoForm form);
  void encode(ByteWriter& w, NameInfoForm form) const;
};

// MS-FSCC 2.4.27 FileLinkInformation: makes a hard link named file_name to the file.
struct FileLinkInformation : FileRenameInformation {
  static Result<FileLinkInformation> decode(Bytes data, NameInfoForm form);
};

// What one set-information request asks for, whichever class (or SMB1 level) carried it.
using SetInformation =
    std::variant<FileBasicInformation, FileDispositionInformation, FileAllocationInformation,
                 FileEndOfFileInformation, FileRenameInformation, FileLinkInformation,
                 FilePositionInformation>;

// Whether `cls` is one of the classes SetInformation holds (Basic 4, Rename 10, Link 11,
// Disposition 13, Position 14, Allocation 19, EndOfFile 20).
bool is_served_set_class(FileInfoClass cls);
// The buffer of class `cls` as a SetInformation; InvalidInfoClass for a class not served, else
// the class decoder's error. Names come in `form`.
Result<SetInformation> decode_set_information(FileInfoClass cls, Bytes data, NameInfoForm form);
// Whether `info` is the kind of information class `cls` carries.
bool holds_class(const SetInformation& info, FileInfoClass cls);
// The buffer of `info` (names in `form`).
void encode_set_information(ByteWriter& w, const SetInformation& info, NameInfoForm form);

}  // namespace smbkit::fscc
