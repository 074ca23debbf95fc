#include "crypto/kdf.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

#include "crypto/mac.h"

namespace smbkit::crypto {
namespace {

void put_be32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}

}  // namespace

// SP 800-108 counter mode with HMAC-SHA256 as PRF and r = 32, as OpenSSL's KBKDF computes it by
// default: K(i) = HMAC-SHA256(key, [i]_32 || Label || 0x00 || Context || [L]_32), i = 1, 2, ...,
// the output the first L bits of K(1) || K(2) || .... Written on hmac_sha256() rather than
// EVP_KDF: each EVP_KDF_derive made a KDF context and fetched HMAC and SHA256 by name (a method
// store look-up and a dozen allocations), 4 times per SMB 3.x logon; hmac_sha256() reuses this
// thread's keyed-once context.
void kdf_sp800_108(Bytes key, Bytes label, Bytes context, std::span<uint8_t> out) {
  if (key.empty()) throw std::invalid_argument("smbkit: SP 800-108 KDF needs a key");
  if (out.empty() || out.size() >= (size_t{1} << 29))
    throw std::invalid_argument("smbkit: SP 800-108 KDF output length out of range");
  static const uint8_t kSeparator = 0;
  uint8_t counter[4];
  uint8_t length[4];
  put_be32(length, static_cast<uint32_t>(out.size() * 8));
  size_t done = 0;
  for (uint32_t i = 1; done < out.size(); ++i) {
    put_be32(counter, i);
    HmacSha256 block = hmac_sha256(
        key, {Bytes(counter), label, Bytes(&kSeparator, 1), context, Bytes(length)});
    size_t n = std::min(block.size(), out.size() - done);
    std::copy_n(block.begin(), n, out.begin() + static_cast<ptrdiff_t>(done));
    secure_wipe(block);
    done += n;
  }
}

SecretBytes kdf_sp800_108(Bytes key, Bytes label, Bytes context, size_t out_bits) {
  if (out_bits == 0 || out_bits % 8 != 0 || out_bits / 8 >= (size_t{1} << 29))
    throw std::invalid_argument("smbkit: SP 800-108 KDF output length out of range");
  std::vector<uint8_t> out(out_bits / 8);
  ScopedWipe wipe(out);
  kdf_sp800_108(key, label, context, out);
  return SecretBytes(out);
}

}  // namespace smbkit::crypto
