// Randomness, constant-time comparison and wiping of secrets (OpenSSL's RAND_bytes,
// CRYPTO_memcmp, OPENSSL_cleanse).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "wire/byte_reader.h"

namespace smbkit::crypto {

// Cryptographically strong random bytes; throws std::runtime_error if the generator fails.
void random_fill(std::span<uint8_t> out);
std::vector<uint8_t> random_bytes(size_t n);

// True if both spans have the same length and content; the time taken depends only on the length.
bool constant_time_equal(Bytes a, Bytes b);

// Overwrites `secret` with zeros in a way the compiler may not optimise away.
void secure_wipe(std::span<uint8_t> secret);

// Wipes a buffer when the scope ends, whatever path leaves it: for keys held in locals.
class ScopedWipe {
 public:
  explicit ScopedWipe(std::span<uint8_t> secret) : secret_(secret) {}
  ~ScopedWipe() { secure_wipe(secret_); }
  ScopedWipe(const ScopedWipe&) = delete;
  ScopedWipe& operator=(const ScopedWipe&) = delete;

 private:
  std::span<uint8_t> secret_;
};

}  // namespace smbkit::crypto
