// Extended attributes (EAs) on the wire, MS-FSCC 2.4.15: the FILE_FULL_EA_INFORMATION list that
// SMB2 QUERY_INFO/SET_INFO FileFullEaInformation, SMB2's "ExtA" create context (MS-SMB2
// 2.2.13.2.1) and NT_TRANSACT_CREATE (MS-CIFS 2.2.7.1.1) carry, and the FILE_GET_EA_INFORMATION
// list (2.4.15.1) that names the EAs a query wants. SMB1's own OS/2 lists (SMB_FEA_LIST,
// SMB_GEA_LIST) are in smb1/ea_lists.h. The codecs are pure; what an EA name may hold and how
// EAs are stored is vfs/extended_attributes.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "smbkit/status.h"
#include "wire/byte_reader.h"
#include "wire/byte_writer.h"

namespace smbkit::fscc {

// MS-FSCC 2.4.15 Flags: the only flag defined.
inline constexpr uint8_t kFileNeedEa = 0x80;

// One extended attribute: its name (OEM bytes, as sent), value, and flags. An empty value in a
// set request removes the EA (MS-FSA 2.1.5.15.5).
struct FullEa {
  uint8_t flags = 0;
  std::string name;
  std::vector<uint8_t> value;
  friend bool operator==(const FullEa&, const FullEa&) = default;
};

// The bytes one FILE_FULL_EA_INFORMATION entry takes without the padding after it:
// NextEntryOffset (4), Flags (1), EaNameLength (1), EaValueLength (2), EaName with its NUL,
// EaValue.
size_t full_ea_entry_size(const FullEa& ea);

// MS-FSCC 2.4.15: the entries in order, each but the last padded with zeros to a 4-byte
// boundary and chained by NextEntryOffset (0 in the last). Names over 255 bytes or values over
// 65535 bytes do not fit their length fields: InvalidParameter (nothing is appended).
Result<void> encode_full_ea_list(ByteWriter& w, std::span<const FullEa> eas);

// The entries of a FILE_FULL_EA_INFORMATION list filling `data`. Each entry must lie inside the
// buffer (its name's NUL included), a NextEntryOffset must be a multiple of 4 that steps past
// its entry, and an empty buffer is an empty list: anything else is STATUS_EA_LIST_INCONSISTENT
// (what NtSetEaFile answers for a malformed list).
Result<std::vector<FullEa>> decode_full_ea_list(Bytes data);

// MS-FSCC 2.4.15.1 FILE_GET_EA_INFORMATION list: NextEntryOffset (4), EaNameLength (1), EaName
// with its NUL; entries 4-byte aligned as above. Errors as decode_full_ea_list.
Result<std::vector<std::string>> decode_get_ea_list(Bytes data);
// Names over 255 bytes: InvalidParameter.
Result<void> encode_get_ea_list(ByteWriter& w, std::span<const std::string> names);

}  // namespace smbkit::fscc
