// Helpers every SMB2 command codec uses: the body's StructureSize check, and the variable parts
// of a body named by an offset (from the SMB2 header start) and a length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "smb2/header.h"

namespace smbkit::smb2 {

// A reader over the body of `message` (which starts with its SMB2 header), positioned after a
// StructureSize that must equal `structure_size`; fails (sticky) otherwise. StructureSize counts
// the fixed part plus one byte when the body has a variable part (MS-SMB2 2.2).
ByteReader body_reader(Bytes message, uint16_t structure_size);

// The `length` bytes at `offset` of `message`: they must lie after the fixed part of the body
// (`fixed_end`: kHeaderSize + the fixed size) and inside `message`. A zero length is always
// fine, whatever the offset (clients leave it 0 or point anywhere). Else kBadRequest.
Result<Bytes> variable_part(Bytes message, uint64_t offset, uint64_t length, size_t fixed_end);

// UTF-16LE bytes of a name or path to UTF-8; an odd length or invalid UTF-16 is
// STATUS_OBJECT_NAME_INVALID (MS-SMB2 3.3.5.9: the server fails a malformed name).
Result<std::string> utf16_to_utf8(Bytes utf16);

// Pads `w` with zeros to a multiple of 8 from `header_start` (compound members and many buffers
// start 8-byte aligned).
inline void pad8(ByteWriter& w, size_t header_start) { w.align(8, header_start); }

}  // namespace smbkit::smb2
