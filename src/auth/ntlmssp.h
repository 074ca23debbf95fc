// NTLMSSP messages (MS-NLMP 2.2.1): NEGOTIATE, CHALLENGE and AUTHENTICATE, with VERSION
// (2.2.2.10). Every payload field (Len, MaxLen, BufferOffset) is checked against the message;
// MaxLen is ignored on receipt as the spec says. Strings are UTF-16LE when the message's flags
// carry NTLMSSP_NEGOTIATE_UNICODE, else OEM bytes passed through unchanged.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "auth/av_pairs.h"
#include "auth/ntlm_response.h"
#include "auth/ntlmssp_flags.h"
#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::auth {

enum class NtlmMessageType : uint32_t { Negotiate = 1, Challenge = 2, Authenticate = 3 };

// The type of an NTLMSSP message after checking its "NTLMSSP\0" signature.
Result<NtlmMessageType> ntlmssp_message_type(Bytes message);

// MS-NLMP 2.2.2.10 VERSION.
struct Version {
  uint8_t major = 0;
  uint8_t minor = 0;
  uint16_t build = 0;
  uint8_t revision = 0x0F;  // NTLMSSP_REVISION_W2K3
  bool operator==(const Version&) const = default;
};

// What smbkit puts in the VERSION field (informational only; "10.0", NTLMSSP revision 15).
inline constexpr Version kLocalVersion{10, 0, 0, 0x0F};

// MS-NLMP 2.2.1.1 NEGOTIATE_MESSAGE.
struct NegotiateMessage {
  uint32_t flags = 0;
  std::string domain;       // OEM; sent with NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED
  std::string workstation;  // OEM; sent with NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED
  std::optional<Version> version;

  static Result<NegotiateMessage> decode(Bytes message);
  Result<std::vector<uint8_t>> encode() const;
};

// MS-NLMP 2.2.1.2 CHALLENGE_MESSAGE.
struct ChallengeMessage {
  uint32_t flags = 0;
  std::string target_name;
  Challenge server_challenge{};
  AvPairs target_info;  // sent when flags carry NTLMSSP_NEGOTIATE_TARGET_INFO
  std::optional<Version> version;

  static Result<ChallengeMessage> decode(Bytes message);
  Result<std::vector<uint8_t>> encode() const;
};

// MS-NLMP 2.2.1.3 AUTHENTICATE_MESSAGE.
struct AuthenticateMessage {
  static constexpr size_t kMicOffset = 72;  // after the 64-byte header and the VERSION

  uint32_t flags = 0;
  std::vector<uint8_t> lm_response;
  std::vector<uint8_t> nt_response;
  std::string domain;
  std::string user;
  std::string workstation;
  std::vector<uint8_t> encrypted_random_session_key;
  std::optional<Version> version;
  // Present on decode when the payload starts at or after offset 88, the room a MIC takes; on
  // encode it is written (after a VERSION, zero if none) when set.
  std::optional<std::array<uint8_t, 16>> mic;

  static Result<AuthenticateMessage> decode(Bytes message);
  // Payload order: domain, user, workstation, LM, NT, session key (as in MS-NLMP 4.2).
  Result<std::vector<uint8_t>> encode() const;
};

}  // namespace smbkit::auth
