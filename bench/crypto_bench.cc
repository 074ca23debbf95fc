// Microbenchmarks of src/crypto: SMB2/3 signing and sealing with reused keyed contexts, what a
// context made per message would cost instead, and the one-shot MACs of mac.h that NTLM uses.
// Not part of any CMake build; build it by hand against a build directory's libraries:
//
//   cmake --build /tmp/b-crypto --target smbkit_crypto
//   g++ -O2 -std=c++20 -I src -I include bench/crypto_bench.cc
//       /tmp/b-crypto/libsmbkit_crypto.a /tmp/b-crypto/libsmbkit_wire.a
//       -lbenchmark -lcrypto -lfmt -lpthread -o /tmp/crypto_bench      (one line)
//   /tmp/crypto_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//
// Compare the 1 MiB figures with `openssl speed -evp aes-128-gcm` (and aes-128-ccm,
// aes-256-gcm) on the same machine: a reused context should come close to OpenSSL's own loop.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "crypto/aead.h"
#include "crypto/mac.h"
#include "crypto/signer.h"
#include "crypto/smb_keys.h"

namespace {

using namespace smbkit;
using namespace smbkit::crypto;

std::vector<uint8_t> smb2_message(size_t size) {
  std::vector<uint8_t> m(size, 0xA5);
  const uint8_t proto[] = {0xFE, 'S', 'M', 'B'};
  std::copy(std::begin(proto), std::end(proto), m.begin());
  m[16] = 0x01;  // a response
  return m;
}

void BM_Smb2SignReused(benchmark::State& state, SigningAlgorithm alg) {
  auto signer = make_signer(alg, std::vector<uint8_t>(16, 0x11));
  auto message = smb2_message(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    smb2_sign(*signer, message);
    benchmark::DoNotOptimize(message.data());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_Smb2SignFreshContext(benchmark::State& state, SigningAlgorithm alg) {
  auto message = smb2_message(static_cast<size_t>(state.range(0)));
  const std::vector<uint8_t> key(16, 0x11);
  for (auto _ : state) {
    auto signer = make_signer(alg, key);
    smb2_sign(*signer, message);
    benchmark::DoNotOptimize(message.data());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_Smb3EncryptReused(benchmark::State& state, AeadAlgorithm alg) {
  Aead aead(alg, std::vector<uint8_t>(aead_key_size(alg), 0x22));
  std::vector<uint8_t> header(kSmb2TransformHeaderSize, 0);
  auto message = smb2_message(static_cast<size_t>(state.range(0)));
  uint64_t nonce = 0;
  for (auto _ : state) {
    ++nonce;
    for (int i = 0; i < 8; ++i) header[20 + i] = static_cast<uint8_t>(nonce >> (8 * i));
    smb3_encrypt_message(aead, header, message);
    benchmark::DoNotOptimize(message.data());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_Smb3DecryptReused(benchmark::State& state, AeadAlgorithm alg) {
  Aead aead(alg, std::vector<uint8_t>(aead_key_size(alg), 0x22));
  std::vector<uint8_t> header(kSmb2TransformHeaderSize, 0);
  const auto plain = smb2_message(static_cast<size_t>(state.range(0)));
  auto sealed = plain;
  smb3_encrypt_message(aead, header, sealed);
  std::vector<uint8_t> work(sealed.size());
  for (auto _ : state) {
    state.PauseTiming();
    work = sealed;
    state.ResumeTiming();
    if (!smb3_decrypt_message(aead, header, work)) state.SkipWithError("decrypt failed");
    benchmark::DoNotOptimize(work.data());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_HmacMd5OneShot(benchmark::State& state) {
  const std::vector<uint8_t> key(16, 1), data(static_cast<size_t>(state.range(0)), 2);
  for (auto _ : state) benchmark::DoNotOptimize(hmac_md5(key, data));
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
void BM_HmacSha256OneShot(benchmark::State& state) {
  const std::vector<uint8_t> key(16, 1), data(static_cast<size_t>(state.range(0)), 2);
  for (auto _ : state) benchmark::DoNotOptimize(hmac_sha256(key, data));
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
void BM_AesCmacOneShot(benchmark::State& state) {
  const std::vector<uint8_t> key(16, 1), data(static_cast<size_t>(state.range(0)), 2);
  for (auto _ : state) benchmark::DoNotOptimize(aes_cmac_128(key, data));
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_DeriveSmb311Keys(benchmark::State& state) {
  const std::vector<uint8_t> gss(16, 3), preauth(64, 4);
  for (auto _ : state)
    benchmark::DoNotOptimize(derive_smb_session_keys(kSmbDialect311, gss, preauth, 16));
}

constexpr int64_t kMiB = 1 << 20;

}  // namespace

BENCHMARK_CAPTURE(BM_Smb2SignReused, hmac_sha256, SigningAlgorithm::HmacSha256)
    ->Arg(4096)
    ->Arg(kMiB);
BENCHMARK_CAPTURE(BM_Smb2SignReused, aes_cmac, SigningAlgorithm::AesCmac)->Arg(4096)->Arg(kMiB);
BENCHMARK_CAPTURE(BM_Smb2SignReused, aes_gmac, SigningAlgorithm::AesGmac)->Arg(4096)->Arg(kMiB);
BENCHMARK_CAPTURE(BM_Smb2SignFreshContext, hmac_sha256, SigningAlgorithm::HmacSha256)->Arg(4096);
BENCHMARK_CAPTURE(BM_Smb2SignFreshContext, aes_cmac, SigningAlgorithm::AesCmac)->Arg(4096);
BENCHMARK_CAPTURE(BM_Smb2SignFreshContext, aes_gmac, SigningAlgorithm::AesGmac)->Arg(4096);
BENCHMARK_CAPTURE(BM_Smb3EncryptReused, aes128_ccm, AeadAlgorithm::Aes128Ccm)->Arg(4096)->Arg(kMiB);
BENCHMARK_CAPTURE(BM_Smb3EncryptReused, aes128_gcm, AeadAlgorithm::Aes128Gcm)->Arg(4096)->Arg(kMiB);
BENCHMARK_CAPTURE(BM_Smb3EncryptReused, aes256_ccm, AeadAlgorithm::Aes256Ccm)->Arg(kMiB);
BENCHMARK_CAPTURE(BM_Smb3EncryptReused, aes256_gcm, AeadAlgorithm::Aes256Gcm)->Arg(kMiB);
BENCHMARK_CAPTURE(BM_Smb3DecryptReused, aes128_gcm, AeadAlgorithm::Aes128Gcm)->Arg(kMiB);
BENCHMARK_CAPTURE(BM_Smb3DecryptReused, aes128_ccm, AeadAlgorithm::Aes128Ccm)->Arg(kMiB);
BENCHMARK(BM_HmacMd5OneShot)->Arg(64)->Arg(1024);
BENCHMARK(BM_HmacSha256OneShot)->Arg(64)->Arg(1024);
BENCHMARK(BM_AesCmacOneShot)->Arg(64)->Arg(1024);
BENCHMARK(BM_DeriveSmb311Keys);

BENCHMARK_MAIN();
