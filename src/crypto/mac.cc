#include "crypto/mac.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "crypto/providers.h"

namespace smbkit::crypto {
namespace {

// The one-shot functions below used to make a fresh EVP_MAC_CTX and name its digest or cipher on
// every call, so OpenSSL fetched that algorithm again each time (a name lookup in its method
// store) and allocated a dozen times. Now each thread keeps one context per MAC whose algorithm
// was set once; a call sets the key, computes, and sets a zero key again so that no key state
// outlives the call (secrets are wiped after use). The EVP_MAC objects are fetched once per
// process (immutable, shared); the contexts are per thread, so no lock is taken on this path.

EVP_MAC* fetch(const char* name) {
  ensure_providers();
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, name, nullptr);
  if (!mac) throw std::runtime_error(std::string("smbkit: OpenSSL has no MAC ") + name);
  return mac;
}

EVP_MAC* hmac() {
  static EVP_MAC* mac = fetch("HMAC");
  return mac;
}
EVP_MAC* cmac() {
  static EVP_MAC* mac = fetch("CMAC");
  return mac;
}

enum Kind { kHmacMd5, kHmacSha256, kCmacAes128, kKinds };

struct KindInfo {
  EVP_MAC* (*mac)();
  const char* param_name;  // "digest" for HMAC, "cipher" for CMAC
  const char* algorithm;
};

const KindInfo kKindInfo[kKinds] = {
    {hmac, OSSL_MAC_PARAM_DIGEST, "MD5"},
    {hmac, OSSL_MAC_PARAM_DIGEST, "SHA256"},
    {cmac, OSSL_MAC_PARAM_CIPHER, "AES-128-CBC"},
};

// This thread's context for `kind`, made on first use and freed when the thread ends (OpenSSL
// wipes the key it held).
EVP_MAC_CTX* thread_context(Kind kind) {
  struct Contexts {
    EVP_MAC_CTX* ctx[kKinds] = {};
    ~Contexts() {
      for (EVP_MAC_CTX* c : ctx) EVP_MAC_CTX_free(c);
    }
  };
  thread_local Contexts contexts;
  EVP_MAC_CTX*& ctx = contexts.ctx[kind];
  if (!ctx) {
    const KindInfo& info = kKindInfo[kind];
    std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> made(EVP_MAC_CTX_new(info.mac()),
                                                                   EVP_MAC_CTX_free);
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(info.param_name, const_cast<char*>(info.algorithm), 0),
        OSSL_PARAM_construct_end()};
    if (!made || EVP_MAC_CTX_set_params(made.get(), params) != 1)
      throw std::runtime_error(std::string("smbkit: OpenSSL MAC set-up failed for ") +
                               info.algorithm);
    ctx = made.release();
  }
  return ctx;
}

// On every way out of compute(), replaces the context's key state with a zero key's.
class ScrubKey {
 public:
  ScrubKey(EVP_MAC_CTX* ctx, Kind kind) : ctx_(ctx), kind_(kind) {}
  ~ScrubKey() {
    static const uint8_t kZeros[16] = {};
    // CMAC needs a whole AES key; HMAC takes an empty one.
    EVP_MAC_init(ctx_, kZeros, kind_ == kCmacAes128 ? sizeof kZeros : 0, nullptr);
  }
  ScrubKey(const ScrubKey&) = delete;
  ScrubKey& operator=(const ScrubKey&) = delete;

 private:
  EVP_MAC_CTX* ctx_;
  Kind kind_;
};

template <size_t N>
std::array<uint8_t, N> compute(Kind kind, Bytes key, std::initializer_list<Bytes> parts) {
  EVP_MAC_CTX* ctx = thread_context(kind);
  ScrubKey scrub(ctx, kind);
  // OpenSSL refuses a NULL key pointer even for an empty key.
  static const uint8_t kNoKey = 0;
  const uint8_t* key_ptr = key.empty() ? &kNoKey : key.data();
  std::array<uint8_t, N> out{};
  size_t len = 0;
  // Setting the key restarts the MAC, whatever an earlier (possibly failed) call left behind.
  bool ok = EVP_MAC_init(ctx, key_ptr, key.size(), nullptr) == 1;
  for (Bytes part : parts) ok = ok && EVP_MAC_update(ctx, part.data(), part.size()) == 1;
  ok = ok && EVP_MAC_final(ctx, out.data(), &len, out.size()) == 1 && len == N;
  if (!ok)
    throw std::runtime_error(std::string("smbkit: OpenSSL MAC failed for ") +
                             kKindInfo[kind].algorithm);
  return out;
}

}  // namespace

HmacMd5 hmac_md5(Bytes key, Bytes data) { return compute<16>(kHmacMd5, key, {data}); }
HmacMd5 hmac_md5(Bytes key, std::initializer_list<Bytes> parts) {
  return compute<16>(kHmacMd5, key, parts);
}

HmacSha256 hmac_sha256(Bytes key, Bytes data) { return compute<32>(kHmacSha256, key, {data}); }
HmacSha256 hmac_sha256(Bytes key, std::initializer_list<Bytes> parts) {
  return compute<32>(kHmacSha256, key, parts);
}

AesCmac aes_cmac_128(Bytes key, std::initializer_list<Bytes> parts) {
  if (key.size() != 16) throw std::invalid_argument("smbkit: AES-128-CMAC needs a 16-byte key");
  return compute<16>(kCmacAes128, key, parts);
}
AesCmac aes_cmac_128(Bytes key, Bytes data) {
  return aes_cmac_128(key, std::initializer_list<Bytes>{data});
}

}  // namespace smbkit::crypto
