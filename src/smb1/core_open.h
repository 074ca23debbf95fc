// The core protocol's opens and their end: SMB_COM_OPEN (0x02, MS-CIFS 2.2.4.3), SMB_COM_CREATE
// (0x03, 2.2.4.4), SMB_COM_CREATE_TEMPORARY (0x0E, 2.2.4.15), SMB_COM_CREATE_NEW (0x0F, 2.2.4.16)
// and SMB_COM_PROCESS_EXIT (0x11, 2.2.4.18). Names in requests follow a BufferFormat byte 0x04
// (MS-CIFS 2.2.1.1); the oplock a client wants is in the header's Flags (SMB_FLAGS_OPLOCK,
// SMB_FLAGS_OPBATCH), and the reply's Flags say whether it was granted.
#pragma once

#include <cstdint>
#include <string>

#include "smb1/empty_response.h"
#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.4.3.1 request: WordCount 2 (AccessMode as in OPEN_ANDX, SearchAttributes);
// BufferFormat 0x04, FileName.
struct CoreOpenRequest {
  uint16_t access_mode = 0;
  uint16_t search_attributes = 0;  // SMB_FILE_ATTRIBUTES
  std::string file_name;

  static Result<CoreOpenRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.3.2 response: WordCount 7 (FID, FileAttrs, LastModified as UTIME, FileSize,
// AccessMode granted), ByteCount 0.
struct CoreOpenResponse {
  uint16_t fid = 0;
  uint16_t file_attrs = 0;
  uint32_t last_modified = 0;
  uint32_t file_size = 0;
  uint16_t access_mode = 0;

  static Result<CoreOpenResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.4.1 (CREATE) and 2.2.4.16.1 (CREATE_NEW) request, one layout: WordCount 3
// (FileAttributes, CreationTime as UTIME); BufferFormat 0x04, FileName. `command` tells which
// (CREATE truncates an existing file, CREATE_NEW fails on one); decode takes it from the block.
struct CoreCreateRequest {
  Command command = Command::Create;
  uint16_t file_attributes = 0;  // SMB_FILE_ATTRIBUTES of a new file
  uint32_t creation_time = 0;
  std::string file_name;

  static Result<CoreCreateRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.4.2 / 2.2.4.16.2 response: WordCount 1 (FID), ByteCount 0.
struct CoreCreateResponse {
  Command command = Command::Create;
  uint16_t fid = 0;

  static Result<CoreCreateResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.15.1 request: WordCount 3 (FileAttributes, which the server ignores,
// CreationTime); BufferFormat 0x04, DirectoryName (where the server makes the file).
struct CreateTemporaryRequest {
  uint16_t file_attributes = 0;
  uint32_t creation_time = 0;
  std::string directory_name;

  static Result<CreateTemporaryRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.15.2 response: WordCount 1 (FID); TemporaryFileName, the name the server chose
// within the directory: a NUL-terminated ASCII string whatever FLAGS2_UNICODE says, and the
// only bytes of the data block (no BufferFormat: Windows sends none, and neither do Samba's
// server nor its client expect one).
struct CreateTemporaryResponse {
  uint16_t fid = 0;
  std::string file_name;

  static Result<CreateTemporaryResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.18.1 request and 2.2.4.18.2 response: WordCount 0, ByteCount 0. The process is
// the header's PID (PIDHigh and PIDLow). InvalidSmb for a request with words or bytes.
struct ProcessExitRequest {
  static Result<ProcessExitRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

using ProcessExitResponse = EmptyResponse<Command::ProcessExit>;

}  // namespace smbkit::smb1
