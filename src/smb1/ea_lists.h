// SMB1's OS/2-style extended attribute lists (MS-CIFS 2.2.1.2): SMB_FEA_LIST, the EAs with their
// values that TRANS2_OPEN2, TRANS2_CREATE_DIRECTORY, TRANS2_SET_*_INFORMATION at SMB_INFO_SET_EAS
// carry and that the query and find EA levels answer with, and SMB_GEA_LIST, the names a
// query or find asks for. Both are packed (no alignment), headed by SizeOfListInBytes, which
// counts its own four bytes. The EAs themselves are fscc::FullEa (MS-FSCC 2.4.15 describes the
// same name, value and flags).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "fscc/ea_information.h"
#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.1.2.2 SMB_FEA: ExtendedAttributeFlag (1), AttributeNameLengthInBytes (1),
// AttributeValueLengthInBytes (2), AttributeName with a NUL the length leaves out,
// AttributeValue.
size_t fea_size(const fscc::FullEa& ea);
// MS-CIFS 2.2.1.2.2.1 SMB_FEA_LIST: SizeOfListInBytes (4) and the SMB_FEAs; what the EA size
// levels report (MS-CIFS 2.2.8.3.2, 2.2.8.1.2): 4 for an empty list.
size_t fea_list_size(std::span<const fscc::FullEa> eas);

// The SMB_FEA_LIST of `eas`. Names over 255 bytes or values over 65535: InvalidParameter.
Result<std::vector<uint8_t>> encode_fea_list(std::span<const fscc::FullEa> eas);
// The SMB_FEAs of the SMB_FEA_LIST at the start of `data`: no data at all is an empty list; a
// SizeOfListInBytes under 4 or past the data, or an SMB_FEA running past the list or without
// its name's NUL, fails with `on_error`. Bytes after the list are not read.
Result<std::vector<fscc::FullEa>> decode_fea_list(Bytes data,
                                                  NtStatus on_error = NtStatus::InvalidParameter);
// The SMB_FEAs of a list's body (after its SizeOfListInBytes), with the same checks.
Result<std::vector<fscc::FullEa>> decode_fea_entries(Bytes body,
                                                     NtStatus on_error = NtStatus::InvalidParameter);

// MS-CIFS 2.2.1.2.1 SMB_GEA_LIST, the Trans2_Data of FIND_FIRST2/FIND_NEXT2 and of
// QUERY_*_INFORMATION at SMB_INFO_QUERY_EAS_FROM_LIST: SizeOfListInBytes (itself included),
// then per name AttributeNameLengthInBytes and the name with a NUL the length leaves out
// (2.2.1.2.1.1). InvalidSmb when SizeOfListInBytes is under 4 or past the data, or a name runs
// past the list or lacks its NUL. Names are taken byte for byte (OEM).
Result<std::vector<std::string>> decode_gea_list(Bytes data);
// Names longer than 255 bytes (AttributeNameLengthInBytes is one byte) give InvalidParameter.
Result<std::vector<uint8_t>> encode_gea_list(std::span<const std::string> names);

}  // namespace smbkit::smb1
