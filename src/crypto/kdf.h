// The SP 800-108 key-derivation function in counter mode with HMAC-SHA256, as SMB 3.x uses it
// (MS-SMB2 3.1.4.2), computed with crypto::hmac_sha256 (mac.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "crypto/secure.h"
#include "wire/byte_reader.h"

namespace smbkit::crypto {

// KDF in Counter Mode (NIST SP 800-108 section 5.1), PRF = HMAC-SHA256, r = 32: block i is
//   HMAC-SHA256(key, [i]_32 || label || 0x00 || context || [L]_32),  i = 1, 2, ...
// (counters and L big-endian), and the output is the first L bits of the blocks, L = 8 *
// out.size(). `label` and `context` are taken as given: SMB's labels carry their own terminating
// NUL, so the fixed input holds two zero bytes between label and context (MS-SMB2 3.1.4.2 counts
// the NUL in the label's length; the separator is SP 800-108's). Throws std::invalid_argument if
// `key` or `out` is empty or out.size() >= 2^29 (L must fit 32 bits), std::runtime_error if OpenSSL
// fails.
void kdf_sp800_108(Bytes key, Bytes label, Bytes context, std::span<uint8_t> out);

// The same, returning out_bits / 8 bytes in a buffer that wipes itself. `out_bits` must be a
// positive multiple of 8 (std::invalid_argument otherwise).
SecretBytes kdf_sp800_108(Bytes key, Bytes label, Bytes context, size_t out_bits);

}  // namespace smbkit::crypto
