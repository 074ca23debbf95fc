// The keyed contexts' promise: after construction, signing and sealing allocate nothing inside
// OpenSSL (DESIGN.md "Performance design"). OpenSSL's allocations are counted through
// CRYPTO_set_mem_functions, which only works before OpenSSL's first allocation: it is installed
// here at static-initialisation time, before any test runs.
#include <gtest/gtest.h>
#include <openssl/crypto.h>

#include <atomic>
#include <cstdlib>
#include <vector>

#include "crypto/aead.h"
#include "crypto/signer.h"

namespace smbkit::crypto {
namespace {

std::atomic<long> g_allocations{0};

void* counting_malloc(size_t n, const char*, int) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n);
}
void* counting_realloc(void* p, size_t n, const char*, int) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::realloc(p, n);
}
void counting_free(void* p, const char*, int) { std::free(p); }

const bool g_counting =
    CRYPTO_set_mem_functions(counting_malloc, counting_realloc, counting_free) == 1;

// OpenSSL allocations made by `calls` runs of `f`, after one warm-up run.
template <class F>
long allocations(F&& f, int calls = 100) {
  f();
  const long before = g_allocations.load();
  for (int i = 0; i < calls; ++i) f();
  return g_allocations.load() - before;
}

TEST(NoAllocation, SignersAllocateNothingPerMessage) {
  if (!g_counting) GTEST_SKIP() << "OpenSSL allocated before the counter could be installed";
  std::vector<uint8_t> message(64 + 4096, 0x33);
  std::vector<uint8_t> tail(8192, 0x44);
  const std::vector<uint8_t> key(16, 7);
  auto cmac = make_signer(SigningAlgorithm::AesCmac, key);
  auto gmac = make_signer(SigningAlgorithm::AesGmac, key);
  auto hmac = make_signer(SigningAlgorithm::HmacSha256, key);
  EXPECT_EQ(allocations([&] { smb2_sign(*cmac, message, tail); }), 0);
  EXPECT_EQ(allocations([&] { smb2_verify(*cmac, message, tail); }), 0);
  EXPECT_EQ(allocations([&] { smb2_sign(*gmac, message, tail); }), 0);
  EXPECT_EQ(allocations([&] { smb2_verify(*gmac, message, tail); }), 0);
  // OpenSSL 3.0's HMAC restart duplicates its digest state: a constant two per message, not a
  // cost that grows with the message.
  EXPECT_LE(allocations([&] { smb2_sign(*hmac, message, tail); }, 100), 200);
}

TEST(NoAllocation, AeadAllocatesNothingPerMessage) {
  if (!g_counting) GTEST_SKIP() << "OpenSSL allocated before the counter could be installed";
  for (auto alg : {AeadAlgorithm::Aes128Ccm, AeadAlgorithm::Aes128Gcm, AeadAlgorithm::Aes256Ccm,
                   AeadAlgorithm::Aes256Gcm}) {
    Aead aead(alg, std::vector<uint8_t>(aead_key_size(alg), 9));
    std::vector<uint8_t> header(kSmb2TransformHeaderSize, 0);
    header[20] = 1;
    std::vector<uint8_t> message(65536, 0x55);
    EXPECT_EQ(allocations([&] {
                smb3_encrypt_message(aead, header, message);
                EXPECT_TRUE(smb3_decrypt_message(aead, header, message));
              }),
              0)
        << static_cast<int>(alg);
  }
}

}  // namespace
}  // namespace smbkit::crypto
