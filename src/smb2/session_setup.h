// SMB2 SESSION_SETUP request (MS-SMB2 2.2.5) and response (2.2.6).
#pragma once

#include <cstdint>
#include <vector>

#include "smb2/header.h"

namespace smbkit::smb2 {

// MS-SMB2 2.2.5 Flags.
inline constexpr uint8_t kSessionFlagBinding = 0x01;
// MS-SMB2 2.2.6 SessionFlags.
inline constexpr uint16_t kSessionFlagIsGuest = 0x0001;
inline constexpr uint16_t kSessionFlagIsNull = 0x0002;
inline constexpr uint16_t kSessionFlagEncryptData = 0x0004;

// MS-SMB2 2.2.5 (StructureSize 25): Flags (1 byte), SecurityMode (1 byte: the
// kNegotiateSigning* values of negotiate.h), Capabilities (only SMB2_GLOBAL_CAP_DFS is defined
// here), Channel (reserved), SecurityBufferOffset/Length, PreviousSessionId, Buffer.
struct SessionSetupRequest {
  uint8_t flags = 0;
  uint8_t security_mode = 0;
  uint32_t capabilities = 0;
  uint32_t channel = 0;  // reserved: clients send 0, the server ignores it
  uint64_t previous_session_id = 0;
  std::vector<uint8_t> security_buffer;  // the GSS token

  bool binding() const { return flags & kSessionFlagBinding; }

  static Result<SessionSetupRequest> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.6 (StructureSize 9): SessionFlags, SecurityBufferOffset/Length, Buffer. Sent with
// STATUS_MORE_PROCESSING_REQUIRED while the exchange goes on, and with STATUS_SUCCESS at its end.
struct SessionSetupResponse {
  uint16_t session_flags = 0;
  std::vector<uint8_t> security_buffer;

  bool is_guest() const { return session_flags & kSessionFlagIsGuest; }
  bool is_null() const { return session_flags & kSessionFlagIsNull; }
  bool encrypt_data() const { return session_flags & kSessionFlagEncryptData; }

  static Result<SessionSetupResponse> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

}  // namespace smbkit::smb2
