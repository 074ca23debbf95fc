// Message digests over OpenSSL 3: MD4 (NT hash; legacy provider), MD5 (NTLMv1 extended session
// security), SHA-256 and SHA-512 (SMB 3.1.1 pre-authentication integrity).
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>

#include "wire/byte_reader.h"

namespace smbkit::crypto {

using Md4Digest = std::array<uint8_t, 16>;
using Md5Digest = std::array<uint8_t, 16>;
using Sha256Digest = std::array<uint8_t, 32>;
using Sha512Digest = std::array<uint8_t, 64>;

Md4Digest md4(Bytes data);
Md5Digest md5(Bytes data);
// The digest of the concatenation of `parts`, without building it.
Md5Digest md5(std::initializer_list<Bytes> parts);
Sha256Digest sha256(Bytes data);
Sha512Digest sha512(Bytes data);
Sha512Digest sha512(std::initializer_list<Bytes> parts);

}  // namespace smbkit::crypto
