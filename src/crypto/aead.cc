#include "crypto/aead.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <climits>
#include <stdexcept>
#include <string>

#include "crypto/providers.h"
#include "crypto/secure.h"

namespace smbkit::crypto {
namespace {

bool is_ccm(AeadAlgorithm a) {
  return a == AeadAlgorithm::Aes128Ccm || a == AeadAlgorithm::Aes256Ccm;
}

const char* cipher_name(AeadAlgorithm a) {
  switch (a) {
    case AeadAlgorithm::Aes128Ccm:
      return "AES-128-CCM";
    case AeadAlgorithm::Aes128Gcm:
      return "AES-128-GCM";
    case AeadAlgorithm::Aes256Ccm:
      return "AES-256-CCM";
    case AeadAlgorithm::Aes256Gcm:
      return "AES-256-GCM";
  }
  throw std::invalid_argument("smbkit: unknown SMB cipher");
}

// Fetched once per algorithm; EVP_CIPHER objects are immutable and thread-safe.
const EVP_CIPHER* cipher(AeadAlgorithm a) {
  auto fetch = [](AeadAlgorithm alg) {
    ensure_providers();
    EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, cipher_name(alg), nullptr);
    if (!c)
      throw std::runtime_error(std::string("smbkit: OpenSSL has no cipher ") + cipher_name(alg));
    return c;
  };
  switch (a) {
    case AeadAlgorithm::Aes128Ccm: {
      static const EVP_CIPHER* c = fetch(a);
      return c;
    }
    case AeadAlgorithm::Aes128Gcm: {
      static const EVP_CIPHER* c = fetch(a);
      return c;
    }
    case AeadAlgorithm::Aes256Ccm: {
      static const EVP_CIPHER* c = fetch(a);
      return c;
    }
    case AeadAlgorithm::Aes256Gcm: {
      static const EVP_CIPHER* c = fetch(a);
      return c;
    }
  }
  throw std::invalid_argument("smbkit: unknown SMB cipher");
}

[[noreturn]] void openssl_failure(AeadAlgorithm a, const char* what) {
  throw std::runtime_error(std::string("smbkit: OpenSSL ") + cipher_name(a) + " " + what +
                           " failed");
}

// OpenSSL's CCM tells "set the message length" (NULL in, NULL out) from "process data" by the
// pointers, so an empty span must still point somewhere.
uint8_t g_empty_byte;
uint8_t* ptr(std::span<uint8_t> s) { return s.empty() ? &g_empty_byte : s.data(); }

}  // namespace

size_t aead_key_size(AeadAlgorithm a) {
  cipher_name(a);  // validates
  return a == AeadAlgorithm::Aes256Ccm || a == AeadAlgorithm::Aes256Gcm ? 32 : 16;
}

size_t smb_nonce_size(AeadAlgorithm a) {
  cipher_name(a);
  return is_ccm(a) ? kSmbCcmNonceSize : kSmbGcmNonceSize;
}

// One OpenSSL context per direction: OpenSSL's CCM picks its encrypting or decrypting routine
// (and fixes the nonce and tag lengths) when the key is set, so a context keyed for one
// direction cannot simply be turned around.
struct Aead::Ctx {
  using EvpCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;
  AeadAlgorithm algorithm;
  bool ccm;
  size_t nonce_size;
  size_t tag_size;
  EvpCtx enc{EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free};
  EvpCtx dec{EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free};
};

Aead::Aead(AeadAlgorithm algorithm, Bytes key, size_t nonce_size, size_t tag_size) {
  const size_t key_size = aead_key_size(algorithm);
  const bool ccm = is_ccm(algorithm);
  if (nonce_size == 0) nonce_size = smb_nonce_size(algorithm);
  if (key.size() != key_size)
    throw std::invalid_argument(std::string("smbkit: wrong key size for ") +
                                cipher_name(algorithm));
  const bool sizes_ok =
      ccm ? nonce_size >= 7 && nonce_size <= 13 && tag_size >= 4 && tag_size <= 16 &&
                tag_size % 2 == 0
          : nonce_size >= 1 && nonce_size <= 128 && tag_size >= 12 && tag_size <= 16;
  if (!sizes_ok)
    throw std::invalid_argument(std::string("smbkit: bad nonce or tag size for ") +
                                cipher_name(algorithm));

  ctx_ = std::make_unique<Ctx>(Ctx{algorithm, ccm, nonce_size, tag_size});
  // The nonce length (and CCM's tag length, part of its first block) first, then the key.
  size_t ivlen = nonce_size;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &ivlen),
      ccm ? OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, nullptr, tag_size)
          : OSSL_PARAM_construct_end(),
      OSSL_PARAM_construct_end()};
  for (int enc : {1, 0}) {
    EVP_CIPHER_CTX* c = enc ? ctx_->enc.get() : ctx_->dec.get();
    if (!c || EVP_CipherInit_ex2(c, cipher(algorithm), nullptr, nullptr, enc, params) != 1 ||
        EVP_CipherInit_ex2(c, nullptr, key.data(), nullptr, enc, nullptr) != 1)
      openssl_failure(algorithm, "set-up");
  }
}

Aead::~Aead() = default;
Aead::Aead(Aead&&) noexcept = default;
Aead& Aead::operator=(Aead&&) noexcept = default;

AeadAlgorithm Aead::algorithm() const noexcept { return ctx_->algorithm; }
size_t Aead::nonce_size() const noexcept { return ctx_->nonce_size; }
size_t Aead::tag_size() const noexcept { return ctx_->tag_size; }

namespace {

void check_sizes(size_t nonce_size, size_t tag_size, Bytes nonce, Bytes aad, size_t data_size,
                 size_t tag) {
  if (nonce.size() != nonce_size) throw std::invalid_argument("smbkit: AEAD nonce of wrong size");
  if (tag != tag_size) throw std::invalid_argument("smbkit: AEAD tag of wrong size");
  if (aad.size() > INT_MAX || data_size > INT_MAX)
    throw std::invalid_argument("smbkit: AEAD input too large");
}

}  // namespace

void Aead::encrypt(Bytes nonce, Bytes aad, std::span<uint8_t> data, std::span<uint8_t> tag) {
  Ctx& x = *ctx_;
  check_sizes(x.nonce_size, x.tag_size, nonce, aad, data.size(), tag.size());
  EVP_CIPHER_CTX* c = x.enc.get();
  const int n = static_cast<int>(data.size());
  int len = 0;
  // The key stays: only the nonce is set. CCM needs the message length before the AAD.
  bool ok = EVP_EncryptInit_ex2(c, nullptr, nullptr, nonce.data(), nullptr) == 1;
  if (x.ccm) ok = ok && EVP_EncryptUpdate(c, nullptr, &len, nullptr, n) == 1;
  if (!aad.empty())
    ok = ok && EVP_EncryptUpdate(c, nullptr, &len, aad.data(), static_cast<int>(aad.size())) == 1;
  ok = ok && EVP_EncryptUpdate(c, ptr(data), &len, ptr(data), n) == 1 && len == n;
  uint8_t none[16];
  ok = ok && EVP_EncryptFinal_ex(c, none, &len) == 1 &&
       EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(tag.size()), tag.data()) == 1;
  if (!ok) openssl_failure(x.algorithm, "encryption");
}

bool Aead::decrypt(Bytes nonce, Bytes aad, std::span<uint8_t> data, Bytes tag) {
  Ctx& x = *ctx_;
  check_sizes(x.nonce_size, x.tag_size, nonce, aad, data.size(), tag.size());
  EVP_CIPHER_CTX* c = x.dec.get();
  const int n = static_cast<int>(data.size());
  void* expected_tag = const_cast<uint8_t*>(tag.data());
  int len = 0;
  bool ok = EVP_DecryptInit_ex2(c, nullptr, nullptr, nonce.data(), nullptr) == 1;
  if (x.ccm) {
    // CCM: the tag and the length before anything else; the data update checks the tag.
    ok = ok &&
         EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag.size()),
                             expected_tag) == 1 &&
         EVP_DecryptUpdate(c, nullptr, &len, nullptr, n) == 1;
    if (!aad.empty())
      ok = ok && EVP_DecryptUpdate(c, nullptr, &len, aad.data(), static_cast<int>(aad.size())) == 1;
    ok = ok && EVP_DecryptUpdate(c, ptr(data), &len, ptr(data), n) == 1;
  } else {
    // GCM: decrypt, then Final checks the tag.
    if (!aad.empty())
      ok = ok && EVP_DecryptUpdate(c, nullptr, &len, aad.data(), static_cast<int>(aad.size())) == 1;
    ok = ok && EVP_DecryptUpdate(c, ptr(data), &len, ptr(data), n) == 1 && len == n &&
         EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag.size()),
                             expected_tag) == 1;
    uint8_t none[16];
    ok = ok && EVP_DecryptFinal_ex(c, none, &len) == 1;
  }
  if (!ok) {
    secure_wipe(data);
    ERR_clear_error();  // a failed check may leave an entry on this thread's error queue
  }
  return ok;
}

void smb3_encrypt_message(Aead& aead, std::span<uint8_t> transform_header,
                          std::span<uint8_t> message) {
  if (transform_header.size() != kSmb2TransformHeaderSize)
    throw std::invalid_argument("smbkit: an SMB2 TRANSFORM_HEADER is 52 bytes");
  if (aead.nonce_size() != smb_nonce_size(aead.algorithm()) || aead.tag_size() != kAeadTagSize)
    throw std::invalid_argument("smbkit: SMB3 encryption needs SMB3's nonce and tag sizes");
  const Bytes header = transform_header;
  aead.encrypt(header.subspan(20, aead.nonce_size()), header.subspan(20), message,
               transform_header.subspan(4, kAeadTagSize));
}

bool smb3_decrypt_message(Aead& aead, Bytes transform_header, std::span<uint8_t> message) {
  if (transform_header.size() != kSmb2TransformHeaderSize ||
      aead.nonce_size() != smb_nonce_size(aead.algorithm()) || aead.tag_size() != kAeadTagSize)
    return false;
  return aead.decrypt(transform_header.subspan(20, aead.nonce_size()), transform_header.subspan(20),
                      message, transform_header.subspan(4, kAeadTagSize));
}

}  // namespace smbkit::crypto
