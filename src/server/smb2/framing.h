// The last step of every SMB2 message the server sends (responses, late replies, oplock
// breaks): encrypted into one TRANSFORM_HEADER message when it is to be (MS-SMB2 3.3.4.1.4,
// 3.1.4.3), then given its 4-byte transport header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "crypto/session_cipher.h"
#include "wire/netbios.h"

namespace smbkit::server {

// Where the SMB2 message starts in a frame being built: after the transport header, and after
// room for the TRANSFORM_HEADER when it is to be encrypted.
inline size_t smb2_message_offset(bool sealed) {
  return netbios::kHeaderSize + (sealed ? crypto::kSmb2TransformHeaderSize : 0);
}

// `frame` holds smb2_message_offset(seal != nullptr) bytes of room, then the message (a
// compound chain counts as one). Encrypts it in place with `seal`, if given, and writes the
// transport header, whose length also counts `tail_length` bytes sent after the frame (READ data
// by sendfile; never with `seal`).
std::vector<uint8_t> frame_smb2(std::vector<uint8_t> frame, crypto::SessionCipher* seal,
                                uint64_t tail_length = 0);

}  // namespace smbkit::server
