// SMB_COM_SESSION_SETUP_ANDX (0x73): MS-CIFS 2.2.4.53 for NT LM 0.12, and the MS-SMB 2.2.4.6
// extended-security forms. The request's form is told by its WordCount (13 or 12), the
// response's by its WordCount (3 or 4).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.4.53.2 / MS-SMB 2.2.4.6.2 Action bits.
enum SessionSetupAction : uint16_t {
  kSetupGuest = 0x0001,
  kSetupUseLanmanKey = 0x0002,
};

// MS-CIFS 2.2.4.53.1 request (WordCount 13). The passwords are the LM/NTLM challenge
// responses (or plaintext); the strings are UTF-16LE when FLAGS2_UNICODE, and the Pad before
// AccountName aligns it to 2 bytes from the header start.
struct SessionSetupRequest {
  uint16_t max_buffer_size = 0;
  uint16_t max_mpx_count = 0;
  uint16_t vc_number = 0;
  uint32_t session_key = 0;
  uint32_t capabilities = 0;
  std::vector<uint8_t> oem_password;
  std::vector<uint8_t> unicode_password;
  std::string account_name;
  std::string primary_domain;
  std::string native_os;
  std::string native_lan_man;

  static Result<SessionSetupRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-SMB 2.2.4.6.1 extended-security request (WordCount 12): SecurityBlob, NativeOS,
// NativeLanMan.
struct SessionSetupExtRequest {
  uint16_t max_buffer_size = 0;
  uint16_t max_mpx_count = 0;
  uint16_t vc_number = 0;
  uint32_t session_key = 0;
  uint32_t capabilities = 0;
  std::vector<uint8_t> security_blob;
  std::string native_os;
  std::string native_lan_man;

  static Result<SessionSetupExtRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// WordCount tells the two request forms apart.
inline constexpr uint8_t kSessionSetupWordCount = 13;
inline constexpr uint8_t kSessionSetupExtWordCount = 12;

// MS-CIFS 2.2.4.53.2 response (WordCount 3): Action; data Pad, NativeOS, NativeLanMan,
// PrimaryDomain.
struct SessionSetupResponse {
  uint16_t action = 0;
  std::string native_os;
  std::string native_lan_man;
  std::string primary_domain;

  static Result<SessionSetupResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-SMB 2.2.4.6.2 extended-security response (WordCount 4): Action, SecurityBlobLength; data
// SecurityBlob, Pad, NativeOS, NativeLanMan. MS-SMB omits PrimaryDomain here but Samba sends
// it: it is decoded when present and written only when not empty.
struct SessionSetupExtResponse {
  uint16_t action = 0;
  std::vector<uint8_t> security_blob;
  std::string native_os;
  std::string native_lan_man;
  std::string primary_domain;

  static Result<SessionSetupExtResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

}  // namespace smbkit::smb1
