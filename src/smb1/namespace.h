// The name-space commands of SMB1: SMB_COM_CREATE_DIRECTORY (0x00, MS-CIFS 2.2.4.1),
// SMB_COM_DELETE_DIRECTORY (0x01, 2.2.4.2), SMB_COM_DELETE (0x06, 2.2.4.7), SMB_COM_RENAME (0x07,
// 2.2.4.8), SMB_COM_CHECK_DIRECTORY (0x10, 2.2.4.17) and SMB_COM_NT_RENAME (0xA5, 2.2.4.66).
//
// Every name is an SMB_STRING after a BufferFormat byte 0x04 (MS-CIFS 2.2.1.1): UTF-16LE when the
// message has FLAGS2_UNICODE, then aligned to 2 bytes from the header start (a pad byte before
// the second name of a RENAME). All of them answer success with an empty block.
#pragma once

#include <cstdint>
#include <string>

#include "smb1/empty_response.h"
#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.1.1 / 2.2.4.x: the buffer format byte before an SMB_STRING in these requests.
inline constexpr uint8_t kBufferFormatSmbString = 0x04;

// MS-CIFS 2.2.4.1.1 request: WordCount 0; BufferFormat, DirectoryName.
struct CreateDirectoryRequest {
  std::string directory_name;  // UTF-8, as sent (backslashes)

  // InvalidSmb when WordCount or ByteCount is off, BufferFormat is not 0x04 or a name that must
  // be terminated is not; ObjectNameInvalid for a name that is not valid UTF-16. The request
  // decoders below fail the same way.
  static Result<CreateDirectoryRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};
// MS-CIFS 2.2.4.1.2
using CreateDirectoryResponse = EmptyResponse<Command::CreateDirectory>;

// MS-CIFS 2.2.4.2.1 request: WordCount 0; BufferFormat, DirectoryName.
struct DeleteDirectoryRequest {
  std::string directory_name;

  static Result<DeleteDirectoryRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};
// MS-CIFS 2.2.4.2.2
using DeleteDirectoryResponse = EmptyResponse<Command::DeleteDirectory>;

// MS-CIFS 2.2.4.17.1 request: WordCount 0; BufferFormat, DirectoryName.
struct CheckDirectoryRequest {
  std::string directory_name;

  static Result<CheckDirectoryRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};
// MS-CIFS 2.2.4.17.2
using CheckDirectoryResponse = EmptyResponse<Command::CheckDirectory>;

// MS-CIFS 2.2.4.7.1 request: WordCount 1 (SearchAttributes, SMB_FILE_ATTRIBUTES); BufferFormat,
// FileName, whose last component may hold wildcards.
struct DeleteRequest {
  uint16_t search_attributes = 0;  // hidden / system files match only with these bits
  std::string file_name;

  static Result<DeleteRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};
// MS-CIFS 2.2.4.7.2
using DeleteResponse = EmptyResponse<Command::Delete>;

// MS-CIFS 2.2.4.8.1 request: WordCount 1 (SearchAttributes); BufferFormat1, OldFileName,
// BufferFormat2, NewFileName.
struct RenameRequest {
  uint16_t search_attributes = 0;
  std::string old_file_name;
  std::string new_file_name;

  static Result<RenameRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};
// MS-CIFS 2.2.4.8.2
using RenameResponse = EmptyResponse<Command::Rename>;

// MS-CIFS 2.2.4.66.1 InformationLevel values.
enum NtRenameLevel : uint16_t {
  kNtRenameSetLinkInfo = 0x0103,  // create a hard link
  kNtRenameRenameFile = 0x0104,   // in-place rename
  kNtRenameMoveFile = 0x0105,     // obsolete: clients MUST NOT send it
};

// MS-CIFS 2.2.4.66.1 request: WordCount 4 (SearchAttributes, InformationLevel, Reserved ULONG);
// BufferFormat1, OldFileName, BufferFormat2, NewFileName.
struct NtRenameRequest {
  uint16_t search_attributes = 0;
  uint16_t information_level = kNtRenameRenameFile;
  uint32_t reserved = 0;  // ClusterCount in older texts; ignored by the server
  std::string old_file_name;
  std::string new_file_name;

  static Result<NtRenameRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};
// MS-CIFS 2.2.4.66.2
using NtRenameResponse = EmptyResponse<Command::NtRename>;

}  // namespace smbkit::smb1
