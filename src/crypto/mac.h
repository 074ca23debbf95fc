// Message authentication codes over OpenSSL 3: HMAC-MD5 (NTLM), HMAC-SHA256 (SMB 2 signing) and
// AES-128-CMAC (SMB 3 signing, RFC 4493).
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>

#include "wire/byte_reader.h"

namespace smbkit::crypto {

using HmacMd5 = std::array<uint8_t, 16>;
using HmacSha256 = std::array<uint8_t, 32>;
using AesCmac = std::array<uint8_t, 16>;

HmacMd5 hmac_md5(Bytes key, Bytes data);
// The MAC of the concatenation of `parts`, without building it.
HmacMd5 hmac_md5(Bytes key, std::initializer_list<Bytes> parts);
HmacSha256 hmac_sha256(Bytes key, Bytes data);
HmacSha256 hmac_sha256(Bytes key, std::initializer_list<Bytes> parts);
// `key` must be 16 bytes; throws std::invalid_argument otherwise.
AesCmac aes_cmac_128(Bytes key, Bytes data);
AesCmac aes_cmac_128(Bytes key, std::initializer_list<Bytes> parts);

}  // namespace smbkit::crypto
