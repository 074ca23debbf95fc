#include "crypto/secure.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <pthread.h>

#include <atomic>
#include <climits>
#include <cstring>
#include <stdexcept>

#include "crypto/providers.h"

namespace smbkit::crypto {

namespace {

void rand_bytes(std::span<uint8_t> out) {
  ensure_providers();
  while (!out.empty()) {
    size_t n = out.size() > INT_MAX ? INT_MAX : out.size();
    if (RAND_bytes(out.data(), static_cast<int>(n)) != 1)
      throw std::runtime_error("smbkit: RAND_bytes failed");
    out = out.subspan(n);
  }
}

// Bumped in a forked child, so that no thread of it hands out bytes its parent may hand out too.
std::atomic<uint64_t> fork_generation{0};

// Small requests (a challenge, a salt, a GUID: several per logon) are served from a per-thread
// pool filled 512 bytes at a time: each RAND_bytes call costs about as much as 512 bytes of
// output (DRBG locking, reseed checks). Bytes leave the pool once and are wiped from it as they
// go; the rest is wiped when the thread ends.
class RandomPool {
 public:
  static constexpr size_t kSize = 512;
  static constexpr size_t kMaxServed = 64;  // larger requests go to RAND_bytes directly

  ~RandomPool() { OPENSSL_cleanse(bytes_, sizeof bytes_); }

  void take(std::span<uint8_t> out) {
    uint64_t generation = fork_generation.load(std::memory_order_relaxed);
    if (left_ < out.size() || generation != generation_) {
      OPENSSL_cleanse(bytes_, sizeof bytes_);
      left_ = 0;
      rand_bytes(std::span<uint8_t>(bytes_, kSize));
      left_ = kSize;
      generation_ = generation;
    }
    uint8_t* from = bytes_ + (kSize - left_);
    std::memcpy(out.data(), from, out.size());
    OPENSSL_cleanse(from, out.size());
    left_ -= out.size();
  }

 private:
  uint8_t bytes_[kSize];
  size_t left_ = 0;
  uint64_t generation_ = 0;
};

void note_fork() { fork_generation.fetch_add(1, std::memory_order_relaxed); }

}  // namespace

void random_fill(std::span<uint8_t> out) {
  if (out.empty()) return;  // an empty span may have no data pointer to copy to
  if (out.size() > RandomPool::kMaxServed) return rand_bytes(out);
  static const bool registered = pthread_atfork(nullptr, nullptr, note_fork) == 0;
  (void)registered;
  thread_local RandomPool pool;
  pool.take(out);
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
