// SMB_COM_OPEN_ANDX (0x2D): MS-CIFS 2.2.4.41, with the MS-SMB 2.2.4.1 extended response.
#pragma once

#include <cstdint>
#include <string>

#include "smb1/file_types.h"
#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.4.41.1 / MS-SMB 2.2.4.1.1 request Flags.
enum OpenAndXFlags : uint16_t {
  kOpenRequestAttributes = 0x0001,  // REQ_ATTRIB: fill in the attribute fields of the reply
  kOpenRequestOplock = 0x0002,
  kOpenRequestOplockBatch = 0x0004,
  kOpenExtendedResponse = 0x0010,  // SMB_OPEN_EXTENDED_RESPONSE (MS-SMB)
};

// MS-CIFS 2.2.4.41.1 AccessMode (the encoding of MS-CIFS 2.2.4.3.1): four fields in one word.
enum OpenAccessMode : uint16_t {
  kAccessModeMask = 0x0007,
  kAccessRead = 0x0000,
  kAccessWrite = 0x0001,
  kAccessReadWrite = 0x0002,
  kAccessExecute = 0x0003,
  kSharingModeMask = 0x0070,
  kSharingCompatibility = 0x0000,
  kSharingDenyReadWriteExecute = 0x0010,
  kSharingDenyWrite = 0x0020,
  kSharingDenyReadExecute = 0x0030,
  kSharingDenyNone = 0x0040,
  kReferenceLocalityMask = 0x0700,
  kLocalityUnknown = 0x0000,
  kLocalitySequential = 0x0100,
  kLocalityRandom = 0x0200,
  kLocalityRandomWithLocality = 0x0300,
  kCacheModeNoCache = 0x1000,  // CacheMode: do not cache this file
  kWritethroughMode = 0x4000,
};

// MS-CIFS 2.2.4.41.1 OpenMode: what to do if the file exists, and whether to create it if not.
enum OpenMode : uint16_t {
  kFileExistsOptsMask = 0x0003,
  kFileExistsFail = 0x0000,
  kFileExistsOpen = 0x0001,  // open (append)
  kFileExistsTruncate = 0x0002,
  kCreateFileMask = 0x0010,
  kCreateFileFail = 0x0000,
  kCreateFileCreate = 0x0010,
};

// MS-CIFS 2.2.4.41.2 OpenResults.
enum OpenResults : uint16_t {
  kOpenResultMask = 0x0003,
  kOpenResultOpened = 0x0001,
  kOpenResultCreated = 0x0002,
  kOpenResultTruncated = 0x0003,
  kOpenResultOplockGranted = 0x8000,  // LockStatus
};

// MS-CIFS 2.2.4.41.1 request (WordCount 15); data FileName (SMB_STRING).
struct OpenAndXRequest {
  uint16_t flags = 0;
  uint16_t access_mode = 0;
  uint16_t search_attrs = 0;   // SmbFileAttributes
  uint16_t file_attrs = 0;     // SmbFileAttributes, for a created file
  uint32_t creation_time = 0;  // UTIME
  uint16_t open_mode = 0;
  uint32_t allocation_size = 0;
  uint32_t timeout = 0;
  std::string file_name;

  static Result<OpenAndXRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.41.2 response (WordCount 15), or with `extended` the MS-SMB 2.2.4.1.2 response
// (WordCount 19) that adds the maximal access masks; the server sends that one when the
// request has kOpenExtendedResponse. No data.
struct OpenAndXResponse {
  uint16_t fid = 0;
  uint16_t file_attrs = 0;
  uint32_t last_write_time = 0;  // UTIME
  uint32_t file_data_size = 0;
  uint16_t access_rights = 0;  // kAccessRead ... kAccessExecute
  uint16_t resource_type = kFileTypeDisk;
  uint16_t nm_pipe_status = 0;
  uint16_t open_results = 0;
  uint32_t server_fid = 0;
  bool extended = false;
  uint32_t maximal_access_rights = 0;
  uint32_t guest_maximal_access_rights = 0;

  static Result<OpenAndXResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

}  // namespace smbkit::smb1
