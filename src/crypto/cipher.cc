#include "crypto/cipher.h"

#include <openssl/evp.h>

#include <algorithm>
#include <bit>
#include <climits>
#include <memory>
#include <stdexcept>
#include <string>

#include "crypto/providers.h"
#include "crypto/secure.h"

namespace smbkit::crypto {
namespace {

const EVP_CIPHER* fetch(const char* name) {
  ensure_providers();
  EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, name, nullptr);
  if (!c) throw std::runtime_error(std::string("smbkit: OpenSSL has no cipher ") + name);
  return c;
}

const EVP_CIPHER* des_ecb() {
  static const EVP_CIPHER* c = fetch("DES-ECB");
  return c;
}
const EVP_CIPHER* rc4_cipher() {
  static const EVP_CIPHER* c = fetch("RC4");
  return c;
}

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

[[noreturn]] void cipher_failure(const char* name) {
  throw std::runtime_error(std::string("smbkit: OpenSSL ") + name + " failed");
}

}  // namespace

std::array<uint8_t, 8> des_expand_key(const std::array<uint8_t, 7>& k) {
  std::array<uint8_t, 8> out = {
      static_cast<uint8_t>(k[0]),
      static_cast<uint8_t>((k[0] << 7) | (k[1] >> 1)),
      static_cast<uint8_t>((k[1] << 6) | (k[2] >> 2)),
      static_cast<uint8_t>((k[2] << 5) | (k[3] >> 3)),
      static_cast<uint8_t>((k[3] << 4) | (k[4] >> 4)),
      static_cast<uint8_t>((k[4] << 3) | (k[5] >> 5)),
      static_cast<uint8_t>((k[5] << 2) | (k[6] >> 6)),
      static_cast<uint8_t>(k[6] << 1),
  };
  for (auto& b : out) {
    b &= 0xFE;
    if (std::popcount(static_cast<unsigned>(b)) % 2 == 0) b |= 1;  // odd parity
  }
  return out;
}

DesBlock des_encrypt_block(const std::array<uint8_t, 7>& key7, const DesBlock& block) {
  auto key = des_expand_key(key7);
  ScopedWipe wipe_key(key);
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  DesBlock out{};
  int len = 0;
  bool ok = ctx && EVP_EncryptInit_ex2(ctx.get(), des_ecb(), key.data(), nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_set_padding(ctx.get(), 0) == 1 &&
            EVP_EncryptUpdate(ctx.get(), out.data(), &len, block.data(), 8) == 1 && len == 8;
  if (!ok) cipher_failure("DES");
  return out;
}

std::vector<uint8_t> rc4(Bytes key, Bytes data) {
  std::vector<uint8_t> out(data.begin(), data.end());
  Rc4Stream(key).apply(out);
  return out;
}

struct Rc4Stream::Ctx {
  CipherCtx cipher{EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free};
};

Rc4Stream::Rc4Stream(Bytes key) : ctx_(std::make_unique<Ctx>()) {
  if (key.empty() || key.size() > 256) throw std::invalid_argument("smbkit: bad RC4 key length");
  EVP_CIPHER_CTX* c = ctx_->cipher.get();
  // The key length must be set before the key: RC4's default is 16 bytes.
  bool ok = c && EVP_EncryptInit_ex2(c, rc4_cipher(), nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_set_key_length(c, static_cast<int>(key.size())) == 1 &&
            EVP_EncryptInit_ex2(c, nullptr, key.data(), nullptr, nullptr) == 1;
  if (!ok) cipher_failure("RC4");
}

Rc4Stream::~Rc4Stream() = default;
Rc4Stream::Rc4Stream(Rc4Stream&&) noexcept = default;
Rc4Stream& Rc4Stream::operator=(Rc4Stream&&) noexcept = default;

void Rc4Stream::apply(std::span<uint8_t> data) {
  while (!data.empty()) {
    int n = static_cast<int>(std::min<size_t>(data.size(), INT_MAX));
    int len = 0;
    if (EVP_EncryptUpdate(ctx_->cipher.get(), data.data(), &len, data.data(), n) != 1 || len != n)
      cipher_failure("RC4");
    data = data.subspan(static_cast<size_t>(n));
  }
}

}  // namespace smbkit::crypto
