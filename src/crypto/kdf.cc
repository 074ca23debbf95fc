#include "crypto/kdf.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "crypto/providers.h"

namespace smbkit::crypto {
namespace {

// Fetched once; EVP_KDF objects are immutable and shared between threads.
EVP_KDF* kbkdf() {
  static EVP_KDF* kdf = [] {
    ensure_providers();
    EVP_KDF* k = EVP_KDF_fetch(nullptr, "KBKDF", nullptr);
    if (!k) throw std::runtime_error("smbkit: OpenSSL has no KBKDF");
    return k;
  }();
  return kdf;
}

// OpenSSL reads octet-string parameters through their pointer even when empty.
void* param_data(Bytes b) {
  static const uint8_t kNone = 0;
  return const_cast<uint8_t*>(b.empty() ? &kNone : b.data());
}

}  // namespace

void kdf_sp800_108(Bytes key, Bytes label, Bytes context, std::span<uint8_t> out) {
  if (key.empty()) throw std::invalid_argument("smbkit: SP 800-108 KDF needs a key");
  if (out.empty() || out.size() >= (size_t{1} << 29))
    throw std::invalid_argument("smbkit: SP 800-108 KDF output length out of range");
  std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(EVP_KDF_CTX_new(kbkdf()),
                                                                EVP_KDF_CTX_free);
  // KBKDF's defaults are the ones wanted: a 32-bit counter before the fixed input, the 0x00
  // separator after the label ("salt") and [L]_32 after the context ("info").
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_MODE, const_cast<char*>("COUNTER"), 0),
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_MAC, const_cast<char*>("HMAC"), 0),
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, param_data(key), key.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, param_data(label), label.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, param_data(context), context.size()),
      OSSL_PARAM_construct_end()};
  if (!ctx || EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) {
    secure_wipe(out);
    throw std::runtime_error("smbkit: OpenSSL SP 800-108 KDF failed");
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
