// SMB2 CREATE (0x0005): MS-SMB2 2.2.13 request, 2.2.14 response, and the create context list
// (2.2.13.2 / 2.2.14.2) with the typed contexts a server without leases or durable handles
// answers: MxAc (2.2.13.2.5 / 2.2.14.2.5), QFid (2.2.13.2.9 / 2.2.14.2.9) and AlSi (2.2.13.2.6).
//
// The access mask, share access, disposition, option, action and impersonation values are the
// NtCreateFile vocabulary both dialects share: fscc/access.h (kGenericRead, kFileShareRead,
// kFileOpenIf, kFileDirectoryFile, kFileCreated, kSecurityImpersonation...). File attributes:
// fscc/file_info.h.
//
// Create contexts are views (`Bytes`): after decode they point into the message; before encode
// into buffers (or string literals) the caller keeps alive.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fscc/access.h"
#include "smb2/header.h"
#include "smb2/oplock_levels.h"

namespace smbkit::smb2 {


// MS-SMB2 2.2.13 CreateOptions bits fscc/access.h does not name (SHOULD be 0, ignored).
inline constexpr uint32_t kFileOpenRemoteInstance = 0x00000400;
inline constexpr uint32_t kFileOpenRequiringOplock = 0x00010000;
inline constexpr uint32_t kFileDisallowExclusive = 0x00020000;

// MS-SMB2 2.2.14 Flags (SMB 3.x).
enum CreateResponseFlags : uint8_t {
  kCreateFlagReparsepoint = 0x01,  // SMB2_CREATE_FLAG_REPARSEPOINT
};

// MS-SMB2 2.2.13.2 / 2.2.14.2 create context names, as their bytes on the wire ("in network byte
// order": 0x4d784163 is 'M' 'x' 'A' 'c').
inline constexpr std::string_view kCreateEaBuffer = "ExtA";                // 2.2.13.2.1
inline constexpr std::string_view kCreateSdBuffer = "SecD";                // 2.2.13.2.2
inline constexpr std::string_view kCreateDurableHandleRequest = "DHnQ";    // 2.2.13.2.3
inline constexpr std::string_view kCreateDurableHandleReconnect = "DHnC";  // 2.2.13.2.4
inline constexpr std::string_view kCreateQueryMaximalAccess = "MxAc";      // 2.2.13.2.5
inline constexpr std::string_view kCreateAllocationSize = "AlSi";          // 2.2.13.2.6
inline constexpr std::string_view kCreateTimewarpToken = "TWrp";           // 2.2.13.2.7
inline constexpr std::string_view kCreateRequestLease = "RqLs";            // 2.2.13.2.8 / .10
inline constexpr std::string_view kCreateQueryOnDiskId = "QFid";           // 2.2.13.2.9
inline constexpr std::string_view kCreateDurableHandleRequestV2 = "DH2Q";  // 2.2.13.2.11
inline constexpr std::string_view kCreateDurableHandleReconnectV2 = "DH2C";  // 2.2.13.2.12
// 2.2.13.2.13, .15 and .14 are 16-byte names.
inline constexpr std::string_view kCreateAppInstanceId{
    "\x45\xBC\xA6\x6A\xEF\xA7\xF7\x4A\x90\x08\xFA\x46\x2E\x14\x4D\x74", 16};
inline constexpr std::string_view kCreateAppInstanceVersion{
    "\xB9\x82\xD0\xB7\x3B\x56\x07\x4F\xA0\x7B\x52\x4A\x81\x16\xA0\x10", 16};
inline constexpr std::string_view kSvhdxOpenDeviceContext{
    "\x9C\xCB\xCF\x9E\x04\xC1\xE6\x43\x98\x0E\x15\x8D\xA1\xF6\xEC\x83", 16};
// Apple's extension (macOS clients; not in MS-SMB2).
inline constexpr std::string_view kCreateAapl = "AAPL";

// The bytes of a name constant (or any string that outlives the span).
inline Bytes context_name(std::string_view name) {
  return Bytes(reinterpret_cast<const uint8_t*>(name.data()), name.size());
}

// One SMB2_CREATE_CONTEXT (MS-SMB2 2.2.13.2): Next (4), NameOffset (2), NameLength (2),
// Reserved (2), DataOffset (2), DataLength (4), Buffer.
struct CreateContext {
  Bytes name;
  Bytes data;

  bool is(std::string_view n) const {
    return name.size() == n.size() && std::equal(name.begin(), name.end(), n.begin(),
                                                 [](uint8_t a, char b) { return a == uint8_t(b); });
  }
};

// Decodes a create context chain (the CreateContextsOffset/Length bytes). Each context must start
// 8-byte aligned from the previous one (Next a multiple of 8, at least the 16-byte header, inside
// the chain; 0 ends it, so the chain can neither loop nor overlap); its name (at least 4 bytes)
// and data must lie inside that context, after its header, and not overlap each other. A context
// with data must leave room for its DataOffset in 16 bits when laid out again (a name of at most
// kMaxCreateContextNameWithData bytes). Else kBadRequest.
Result<std::vector<CreateContext>> decode_create_contexts(Bytes chain);
inline constexpr size_t kMaxCreateContextNameWithData = 0xFFF8 - 16;
// Appends `contexts` as a chain, the first at w's current offset (which must be 8-byte aligned
// from the message header): each header, its name at offset 16, its data 8-byte aligned after
// the name, the next context 8-byte aligned after the data.
void encode_create_contexts(ByteWriter& w, std::span<const CreateContext> contexts);
// The first context named `name`, or nullptr.
const CreateContext* find_create_context(std::span<const CreateContext> contexts,
                                         std::string_view name);

// MS-SMB2 2.2.13: StructureSize 57, SecurityFlags (1), RequestedOplockLevel (1),
// ImpersonationLevel, SmbCreateFlags (8), Reserved (8), DesiredAccess, FileAttributes,
// ShareAccess, CreateDisposition, CreateOptions, NameOffset (2), NameLength (2),
// CreateContextsOffset, CreateContextsLength, Buffer. The name and the context list are each
// checked to lie inside the message after the fixed part, and not to overlap; invalid UTF-16 in
// the name fails with STATUS_OBJECT_NAME_INVALID (after every structural check).
struct CreateRequest {
  static constexpr uint16_t kStructureSize = 57;
  static constexpr size_t kFixedSize = 56;
  static constexpr uint16_t kBufferOffset = kHeaderSize + kFixedSize;  // 0x78

  uint8_t security_flags = 0;  // reserved: MUST be 0, ignored
  uint8_t requested_oplock_level = kOplockLevelNone;
  uint32_t impersonation_level = kSecurityImpersonation;
  uint32_t desired_access = 0;     // AccessMask
  uint32_t file_attributes = 0;    // fscc::FileAttributes
  uint32_t share_access = 0;       // ShareAccess
  uint32_t create_disposition = 0;  // CreateDisposition
  uint32_t create_options = 0;     // CreateOptions
  std::string name;  // UTF-8, relative to the share; empty: the share's root
  std::vector<CreateContext> contexts;

  static Result<CreateRequest> decode(Bytes message);
  // The name at 0x78 (NameOffset 0x78 even for an empty name), the contexts 8-byte aligned after
  // it (CreateContextsOffset 0 without any); one zero byte of Buffer when both are empty. The
  // name must fit 0xFFFF bytes of UTF-16.
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.14: StructureSize 89, OplockLevel (1), Flags (1), CreateAction, CreationTime,
// LastAccessTime, LastWriteTime, ChangeTime, AllocationSize, EndofFile, FileAttributes,
// Reserved2 (4), FileId, CreateContextsOffset, CreateContextsLength, Buffer.
struct CreateResponse {
  static constexpr uint16_t kStructureSize = 89;
  static constexpr size_t kFixedSize = 88;
  static constexpr uint32_t kBufferOffset = kHeaderSize + kFixedSize;  // 0x98

  uint8_t oplock_level = kOplockLevelNone;
  uint8_t flags = 0;  // CreateResponseFlags
  uint32_t create_action = 0;  // CreateAction
  uint64_t creation_time = 0;
  uint64_t last_access_time = 0;
  uint64_t last_write_time = 0;
  uint64_t change_time = 0;
  uint64_t allocation_size = 0;
  uint64_t end_of_file = 0;
  uint32_t file_attributes = 0;
  FileId file_id;
  std::vector<CreateContext> contexts;

  static Result<CreateResponse> decode(Bytes message);
  // The contexts at 0x98 (CreateContextsOffset 0 without any, and one zero byte of Buffer).
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.13.2.5 SMB2_CREATE_QUERY_MAXIMAL_ACCESS_REQUEST data: empty, or an 8-byte
// Timestamp (FILETIME). 1 to 7 bytes are kBadRequest; bytes after the Timestamp are ignored.
struct MaximalAccessRequest {
  std::optional<uint64_t> timestamp;

  static Result<MaximalAccessRequest> decode(Bytes data);
  void encode(ByteWriter& w) const;
};

// MS-SMB2 2.2.14.2.5 SMB2_CREATE_QUERY_MAXIMAL_ACCESS_RESPONSE data: QueryStatus, MaximalAccess
// (valid only when QueryStatus is STATUS_SUCCESS). Trailing bytes are ignored.
struct MaximalAccessResponse {
  static constexpr size_t kSize = 8;

  NtStatus query_status = NtStatus::Success;
  uint32_t maximal_access = 0;  // AccessMask

  static Result<MaximalAccessResponse> decode(Bytes data);
  void encode(ByteWriter& w) const;
};

// MS-SMB2 2.2.14.2.9 SMB2_CREATE_QUERY_ON_DISK_ID response data: DiskFileId (8: the 64-bit
// MS-FSCC 2.1.9 file id), VolumeId (8), Reserved (16, zero): 32 bytes. (The request's data,
// 2.2.13.2.9, is empty.) Trailing bytes are ignored.
struct QueryOnDiskIdResponse {
  static constexpr size_t kSize = 32;

  uint64_t disk_file_id = 0;
  uint64_t volume_id = 0;

  static Result<QueryOnDiskIdResponse> decode(Bytes data);
  void encode(ByteWriter& w) const;
};

// MS-SMB2 2.2.13.2.6 SMB2_CREATE_ALLOCATION_SIZE data: AllocationSize (8). Trailing bytes are
// ignored; fewer than 8 is kBadRequest.
Result<uint64_t> decode_allocation_size(Bytes data);

}  // namespace smbkit::smb2
