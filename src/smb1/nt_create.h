// SMB_COM_NT_CREATE_ANDX (0xA2): MS-CIFS 2.2.4.64, with the MS-SMB 2.2.4.9 extended response.
// The access, share, disposition, option and attribute values come from fscc/access.h.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "fscc/access.h"
#include "smb1/file_types.h"
#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.4.64.1 / MS-SMB 2.2.4.9.1 request Flags.
enum NtCreateFlags : uint32_t {
  kNtCreateRequestOplock = 0x00000002,
  kNtCreateRequestOpbatch = 0x00000004,
  kNtCreateOpenTargetDir = 0x00000008,
  kNtCreateRequestExtendedResponse = 0x00000010,
};

// MS-CIFS 2.2.4.64.1 SecurityFlags.
enum NtCreateSecurityFlags : uint8_t {
  kSecurityContextTracking = 0x01,
  kSecurityEffectiveOnly = 0x02,
};

// MS-CIFS 2.2.4.64.2 OplockLevel.
enum OplockLevel : uint8_t {
  kOplockNone = 0x00,
  kOplockExclusive = 0x01,
  kOplockBatch = 0x02,
  kOplockLevelII = 0x03,
};

// MS-SMB 2.2.4.9.2 FileStatusFlags, which replace NMPipeStatus for disk files in the extended
// response.
enum FileStatusFlags : uint16_t {
  kNoEas = 0x0001,
  kNoSubstreams = 0x0002,
  kNoReparseTag = 0x0004,
};

// MS-CIFS 2.2.4.64.1 request (WordCount 24); data Pad (to 2 bytes from the header when
// Unicode), FileName[NameLength]. NameLength is written with the terminator counted; on
// decode trailing NULs are dropped, whichever way the client counted.
struct NtCreateAndXRequest {
  uint32_t flags = 0;
  uint32_t root_directory_fid = 0;
  uint32_t desired_access = 0;  // AccessMask
  uint64_t allocation_size = 0;
  uint32_t ext_file_attributes = 0;  // FileAttributes
  uint32_t share_access = 0;         // ShareAccess
  uint32_t create_disposition = 0;   // CreateDisposition
  uint32_t create_options = 0;       // CreateOptions
  uint32_t impersonation_level = kSecurityImpersonation;
  uint8_t security_flags = 0;
  std::string file_name;

  static Result<NtCreateAndXRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.64.2 response (WordCount 34), or with `extended` the MS-SMB 2.2.4.9.2 response
// (sent when the request has kNtCreateRequestExtendedResponse) that adds VolumeGUID, FileId and
// the maximal access masks: 50 words of parameters. Windows (and Samba, for Windows clients)
// write WordCount 0x2A (42) in front of those 50 words, MS-SMB's "SHOULD be 0x2A", and the
// ByteCount (0) follows the 50th word; clients that know the command read 50 words. The
// encoder does the same so that those clients find what they expect, and the decoder takes
// WordCount 42 or 50 as the extended form.
struct NtCreateAndXResponse {
  uint8_t oplock_level = kOplockNone;
  uint16_t fid = 0;
  uint32_t create_disposition = 0;  // the action taken: CreateAction
  uint64_t create_time = 0;         // FILETIME
  uint64_t last_access_time = 0;
  uint64_t last_write_time = 0;
  uint64_t last_change_time = 0;
  uint32_t ext_file_attributes = 0;
  uint64_t allocation_size = 0;
  uint64_t end_of_file = 0;
  uint16_t resource_type = kFileTypeDisk;
  uint16_t nm_pipe_status = 0;  // FileStatusFlags for disk files in the extended form
  uint8_t directory = 0;
  bool extended = false;
  std::array<uint8_t, 16> volume_guid{};
  uint64_t file_id = 0;
  uint32_t maximal_access_rights = 0;
  uint32_t guest_maximal_access_rights = 0;

  static Result<NtCreateAndXResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

}  // namespace smbkit::smb1
