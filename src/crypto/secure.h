// Randomness, constant-time comparison and wiping of secrets (OpenSSL's RAND_bytes,
// CRYPTO_memcmp, OPENSSL_cleanse), and a byte buffer for secrets that wipes itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "wire/byte_reader.h"

namespace smbkit::crypto {

// Cryptographically strong random bytes (OpenSSL's DRBG; requests of up to 64 bytes are served from a
// per-thread pool it refills 512 bytes at a time); throws std::runtime_error if the generator fails.
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

// A secret of variable length (a session key) that wipes its bytes whenever they go: when it is
// destroyed, cleared, assigned or moved over. It never grows in place, so no reallocation leaves
// an unwiped copy behind. There is no operator==: compare with constant_time_equal(a.view(), b).
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(Bytes bytes) : bytes_(bytes.begin(), bytes.end()) {}
  SecretBytes(const SecretBytes& other) : bytes_(other.bytes_) {}
  SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) {}
  SecretBytes& operator=(const SecretBytes& other) {
    if (this != &other) assign(other.view());
    return *this;
  }
  SecretBytes& operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
      clear();
      bytes_ = std::move(other.bytes_);
    }
    return *this;
  }
  ~SecretBytes() { secure_wipe(bytes_); }

  // Replaces the content; the old bytes are wiped first. `bytes` must not point into this buffer.
  void assign(Bytes bytes) {
    clear();
    bytes_.assign(bytes.begin(), bytes.end());
  }
  // Wipes and empties; the storage is kept (and reused by the next assign()).
  void clear() {
    secure_wipe(bytes_);
    bytes_.clear();
  }

  Bytes view() const { return bytes_; }
  const uint8_t* data() const { return bytes_.data(); }
  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  auto begin() const { return bytes_.cbegin(); }
  auto end() const { return bytes_.cend(); }

 private:
  std::vector<uint8_t> bytes_;
};

}  // namespace smbkit::crypto
