// NTLM one-way functions of the password (MS-NLMP 3.3.1 and 3.3.2).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "smbkit/status.h"

namespace smbkit::auth {

using NtHash = std::array<uint8_t, 16>;
using LmHash = std::array<uint8_t, 16>;
using ResponseKey = std::array<uint8_t, 16>;

// NTOWFv1: MD4(UTF-16LE(password)) (MS-NLMP 3.3.1). The UTF-16 copy of the password is wiped.
NtHash nt_hash(std::string_view password);

// LMOWFv1 (MS-NLMP 3.3.1): DES("KGS!@#$%") under each half of the upper-cased password, padded to
// 14 bytes. Fails with InvalidParameter for a password that has no LM hash: longer than 14
// characters or not ASCII (the OEM code page is not known here).
Result<LmHash> lm_hash(std::string_view password);

// NTOWFv2 (MS-NLMP 3.3.2): HMAC_MD5(nt_hash, UTF-16LE(Uppercase(user) + domain)); also LMOWFv2.
ResponseKey ntowf_v2(const NtHash& nt_hash, std::string_view user, std::string_view domain);

}  // namespace smbkit::auth
