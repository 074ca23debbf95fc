// NT_TRANSACT_CREATE (MS-CIFS 2.2.7.1): NT_CREATE_ANDX's open carried in an NT_TRANSACT, with
// room for a security descriptor and extended attributes in NT_Trans_Data. The request's fields
// and the response's are NT_CREATE_ANDX's (nt_create.h), laid out as NT_Trans_Parameters.
#pragma once

#include <cstdint>
#include <vector>

#include "smb1/nt_create.h"
#include "wire/byte_reader.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.7.1.1 NT_Trans_Parameters: Flags, RootDirectoryFID, DesiredAccess, AllocationSize,
// ExtFileAttributes, ShareAccess, CreateDisposition, CreateOptions, SecurityDescriptorLength,
// EALength, NameLength, ImpersonationLevel, SecurityFlags, Name[NameLength]. A Unicode name is
// 2-byte aligned from the SMB header: clients put a pad byte before it (counted in NameLength,
// which is then odd), as parameters start 4-byte aligned and the name at offset 53. Trailing
// NULs of the name are dropped.
struct NtTransactCreateRequest {
  static constexpr size_t kFixedSize = 53;  // before Name

  NtCreateAndXRequest create;  // the open's fields (its ByteCount-era NameLength aside)
  uint32_t security_descriptor_length = 0;  // bytes of NT_Trans_Data before the EAs
  uint32_t ea_length = 0;

  static Result<NtTransactCreateRequest> decode(Bytes parameters, bool unicode);
  // Writes the pad byte before a Unicode name, as clients do.
  std::vector<uint8_t> encode(bool unicode) const;
};

// MS-CIFS 2.2.7.1.2 NT_Trans_Parameters: OpLockLevel, Reserved, FID, CreateAction, EAErrorOffset,
// CreationTime, LastAccessTime, LastWriteTime, LastChangeTime, ExtFileAttributes,
// AllocationSize, EndOfFile, ResourceType, NMPipeStatus, Directory. No NT_Trans_Data. Only the
// basic (non-extended) fields of `resp` are used.
inline constexpr size_t kNtTransactCreateResponseSize = 69;
std::vector<uint8_t> encode_nt_transact_create_response(const NtCreateAndXResponse& resp);
Result<NtCreateAndXResponse> decode_nt_transact_create_response(Bytes parameters);

}  // namespace smbkit::smb1
