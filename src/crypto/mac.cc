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

// `param_name` selects the underlying algorithm ("digest" for HMAC, "cipher" for CMAC).
template <size_t N>
std::array<uint8_t, N> compute(EVP_MAC* mac, const char* param_name, const char* algorithm,
                               Bytes key, std::initializer_list<Bytes> parts) {
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_new(mac),
                                                                EVP_MAC_CTX_free);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(param_name, const_cast<char*>(algorithm), 0),
      OSSL_PARAM_construct_end()};
  // OpenSSL refuses a NULL key pointer even for an empty key.
  static const uint8_t kNoKey = 0;
  const uint8_t* key_ptr = key.empty() ? &kNoKey : key.data();
  std::array<uint8_t, N> out{};
  size_t len = 0;
  bool ok = ctx && EVP_MAC_init(ctx.get(), key_ptr, key.size(), params) == 1;
  for (Bytes part : parts) ok = ok && EVP_MAC_update(ctx.get(), part.data(), part.size()) == 1;
  ok = ok && EVP_MAC_final(ctx.get(), out.data(), &len, out.size()) == 1 && len == N;
  if (!ok) throw std::runtime_error(std::string("smbkit: OpenSSL MAC failed for ") + algorithm);
  return out;
}

}  // namespace

HmacMd5 hmac_md5(Bytes key, Bytes data) {
  return compute<16>(hmac(), OSSL_MAC_PARAM_DIGEST, "MD5", key, {data});
}
HmacMd5 hmac_md5(Bytes key, std::initializer_list<Bytes> parts) {
  return compute<16>(hmac(), OSSL_MAC_PARAM_DIGEST, "MD5", key, parts);
}

HmacSha256 hmac_sha256(Bytes key, Bytes data) {
  return compute<32>(hmac(), OSSL_MAC_PARAM_DIGEST, "SHA256", key, {data});
}
HmacSha256 hmac_sha256(Bytes key, std::initializer_list<Bytes> parts) {
  return compute<32>(hmac(), OSSL_MAC_PARAM_DIGEST, "SHA256", key, parts);
}

AesCmac aes_cmac_128(Bytes key, std::initializer_list<Bytes> parts) {
  if (key.size() != 16) throw std::invalid_argument("smbkit: AES-128-CMAC needs a 16-byte key");
  return compute<16>(cmac(), OSSL_MAC_PARAM_CIPHER, "AES-128-CBC", key, parts);
}
AesCmac aes_cmac_128(Bytes key, Bytes data) {
  return aes_cmac_128(key, std::initializer_list<Bytes>{data});
}

}  // namespace smbkit::crypto
