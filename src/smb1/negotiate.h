// SMB_COM_NEGOTIATE (0x72): MS-CIFS 2.2.4.52, with the MS-SMB 2.2.4.5 extended-security reply.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "smb1/message.h"

namespace smbkit::smb1 {

inline constexpr char kDialectNtLm012[] = "NT LM 0.12";
// DialectIndex when none of the offered dialects is supported (MS-CIFS 3.3.5.42).
inline constexpr uint16_t kNoDialect = 0xFFFF;

// MS-CIFS 2.2.4.52.2 SecurityMode bits.
enum SecurityMode : uint8_t {
  kNegotiateUserSecurity = 0x01,
  kNegotiateEncryptPasswords = 0x02,
  kNegotiateSecuritySignaturesEnabled = 0x04,
  kNegotiateSecuritySignaturesRequired = 0x08,
};

// MS-CIFS 2.2.4.52.1: WordCount 0; the data is a list of dialect strings, each an OEM string
// after a 0x02 buffer-format byte.
struct NegotiateRequest {
  std::vector<std::string> dialects;

  static Result<NegotiateRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 3.3.5.42: the index of the last "NT LM 0.12" in the client's list (the server picks
// the last dialect it matches), or nullopt if the client does not offer it.
std::optional<uint16_t> pick_dialect(const std::vector<std::string>& dialects);

// MS-CIFS 2.2.4.52.2 NT LM 0.12 response (WordCount 17), in one of two data forms chosen by
// CAP_EXTENDED_SECURITY in Capabilities:
//  - non-extended (MS-CIFS 2.2.4.52.2 / MS-SMB 2.2.4.5.2.2): Challenge[ChallengeLength],
//    DomainName, ServerName; the strings are UTF-16LE when FLAGS2_UNICODE and are not aligned
//    (they follow the 8-byte challenge directly, as Windows sends them);
//  - extended (MS-SMB 2.2.4.5.2.1): ServerGUID (16 bytes), SecurityBlob (rest of the data).
// When dialect_index is kNoDialect the response is the Core Protocol form: WordCount 1 holding
// only DialectIndex (MS-CIFS 2.2.4.52.2), and every other field is ignored.
struct NegotiateResponse {
  uint16_t dialect_index = 0;
  uint8_t security_mode = 0;
  uint16_t max_mpx_count = 0;
  uint16_t max_number_vcs = 0;
  uint32_t max_buffer_size = 0;
  uint32_t max_raw_size = 0;
  uint32_t session_key = 0;
  uint32_t capabilities = 0;
  uint64_t system_time = 0;     // FILETIME
  int16_t server_time_zone = 0;  // minutes from UTC
  // Non-extended security.
  std::vector<uint8_t> challenge;  // 8 bytes in practice; its length is ChallengeLength
  std::string domain_name;
  std::string server_name;  // optional: present only if data remains after DomainName
  // Extended security.
  std::array<uint8_t, 16> server_guid{};
  std::vector<uint8_t> security_blob;

  bool extended_security() const { return capabilities & kCapExtendedSecurity; }

  static Result<NegotiateResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

}  // namespace smbkit::smb1
