#include "crypto/secure.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <climits>
#include <stdexcept>

#include "crypto/providers.h"

namespace smbkit::crypto {

void random_fill(std::span<uint8_t> out) {
  ensure_providers();
  while (!out.empty()) {
    size_t n = out.size() > INT_MAX ? INT_MAX : out.size();
    if (RAND_bytes(out.data(), static_cast<int>(n)) != 1)
      throw std::runtime_error("smbkit: RAND_bytes failed");
    out = out.subspan(n);
  }
}

std::vector<uint8_t> random_bytes(size_t n) {
  std::vector<uint8_t> out(n);
  random_fill(out);
  return out;
}

bool constant_time_equal(Bytes a, Bytes b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void secure_wipe(std::span<uint8_t> secret) {
  if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
}

}  // namespace smbkit::crypto
