#include "crypto/signer.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <string>

#include "crypto/providers.h"
#include "crypto/secure.h"

namespace smbkit::crypto {
namespace {

// The SMB2 header fields signing reads (MS-SMB2 2.2.1.1 / 2.2.1.2; src/smb2/header.h owns the
// header, which this layer may not include).
constexpr size_t kHeaderSize = 64;
constexpr size_t kCommandOffset = 12;    // 2 bytes
constexpr size_t kFlagsOffset = 16;      // 4 bytes
constexpr size_t kMessageIdOffset = 24;  // 8 bytes, in the sync and the async header alike
constexpr size_t kSignatureOffset = 48;  // 16 bytes
constexpr uint32_t kFlagsServerToRedir = 0x00000001;
constexpr uint32_t kFlagsSigned = 0x00000008;
constexpr uint16_t kCommandCancel = 0x000C;

uint64_t load_le(const uint8_t* p, size_t n) {
  uint64_t v = 0;
  for (size_t i = n; i-- > 0;) v = v << 8 | p[i];
  return v;
}

[[noreturn]] void openssl_failure(const char* what) {
  throw std::runtime_error(std::string("smbkit: OpenSSL ") + what + " failed");
}

// Fetched once per process; EVP_MAC and EVP_CIPHER objects are immutable and thread-safe.
EVP_MAC* fetch_mac(const char* name) {
  ensure_providers();
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, name, nullptr);
  if (!mac) throw std::runtime_error(std::string("smbkit: OpenSSL has no MAC ") + name);
  return mac;
}
EVP_MAC* hmac() {
  static EVP_MAC* mac = fetch_mac("HMAC");
  return mac;
}
EVP_MAC* cmac() {
  static EVP_MAC* mac = fetch_mac("CMAC");
  return mac;
}
const EVP_CIPHER* aes_128_gcm() {
  static const EVP_CIPHER* cipher = [] {
    ensure_providers();
    EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr);
    if (!c) throw std::runtime_error("smbkit: OpenSSL has no cipher AES-128-GCM");
    return c;
  }();
  return cipher;
}

using MacCtx = std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)>;
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// A MAC context with its digest or cipher set and keyed with zeros (OpenSSL cannot copy a CMAC
// context that has no key yet), made once per process and only ever copied afterwards
// (EVP_MAC_CTX_dup reads it), which is safe from several threads at once.
EVP_MAC_CTX* make_template(EVP_MAC* mac, const char* param, const char* algorithm) {
  static const uint8_t kZeros[16] = {};
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(param, const_cast<char*>(algorithm), 0),
                         OSSL_PARAM_construct_end()};
  if (!ctx || EVP_MAC_init(ctx, kZeros, sizeof kZeros, params) != 1) {
    EVP_MAC_CTX_free(ctx);
    openssl_failure("MAC template set-up");
  }
  return ctx;
}
const EVP_MAC_CTX* hmac_template() {
  static EVP_MAC_CTX* ctx = make_template(hmac(), OSSL_MAC_PARAM_DIGEST, "SHA256");
  return ctx;
}
const EVP_MAC_CTX* cmac_template() {
  static EVP_MAC_CTX* ctx = make_template(cmac(), OSSL_MAC_PARAM_CIPHER, "AES-128-CBC");
  return ctx;
}

// An EVP_MAC signer: the context is keyed once; each message re-initialises it with no key,
// which restarts from the keyed state without redoing the key schedule.
class MacSigner final : public Signer {
 public:
  MacSigner(SigningAlgorithm algorithm, Bytes key) : algorithm_(algorithm) {
    const bool is_hmac = algorithm == SigningAlgorithm::HmacSha256;
    // A copy of a context whose digest or cipher was named once per process: naming it here
    // made OpenSSL fetch it by name for every session.
    ctx_.reset(EVP_MAC_CTX_dup(is_hmac ? hmac_template() : cmac_template()));
    // OpenSSL refuses a NULL key pointer even for an empty key.
    static const uint8_t kNoKey = 0;
    if (!ctx_ ||
        EVP_MAC_init(ctx_.get(), key.empty() ? &kNoKey : key.data(), key.size(), nullptr) != 1)
      openssl_failure(is_hmac ? "HMAC-SHA256 set-up" : "AES-CMAC set-up");
  }

  SigningAlgorithm algorithm() const noexcept override { return algorithm_; }

 protected:
  Smb2Signature do_sign(std::span<const Bytes> parts, Bytes) override {
    bool ok = EVP_MAC_init(ctx_.get(), nullptr, 0, nullptr) == 1;
    for (Bytes part : parts)
      if (!part.empty()) ok = ok && EVP_MAC_update(ctx_.get(), part.data(), part.size()) == 1;
    std::array<uint8_t, 32> mac{};  // HMAC-SHA256's 32 bytes; CMAC gives 16
    size_t len = 0;
    ok = ok && EVP_MAC_final(ctx_.get(), mac.data(), &len, mac.size()) == 1 &&
         len >= kSmb2SignatureSize;
    if (!ok) openssl_failure("MAC");
    Smb2Signature out;
    std::copy_n(mac.begin(), out.size(), out.begin());
    return out;
  }

 private:
  SigningAlgorithm algorithm_;
  MacCtx ctx_{nullptr, EVP_MAC_CTX_free};
};

// AES-128-GMAC as AES-128-GCM with the message as additional authenticated data only: the key
// schedule and GHASH tables are set up once; each message sets the nonce and runs GHASH.
class GmacSigner final : public Signer {
 public:
  explicit GmacSigner(Bytes key) {
    if (!ctx_ || EVP_EncryptInit_ex2(ctx_.get(), aes_128_gcm(), key.data(), nullptr, nullptr) != 1)
      openssl_failure("AES-GMAC set-up");
  }

  SigningAlgorithm algorithm() const noexcept override { return SigningAlgorithm::AesGmac; }

 protected:
  Smb2Signature do_sign(std::span<const Bytes> parts, Bytes nonce) override {
    if (nonce.size() != kGmacNonceSize)
      throw std::invalid_argument("smbkit: AES-GMAC signing needs a 12-byte nonce");
    EVP_CIPHER_CTX* ctx = ctx_.get();
    int len = 0;
    bool ok = EVP_EncryptInit_ex2(ctx, nullptr, nullptr, nonce.data(), nullptr) == 1;
    for (Bytes part : parts) {
      while (ok && !part.empty()) {  // EVP takes int lengths
        const size_t n = std::min<size_t>(part.size(), INT_MAX);
        ok = EVP_EncryptUpdate(ctx, nullptr, &len, part.data(), static_cast<int>(n)) == 1;
        part = part.subspan(n);
      }
    }
    uint8_t none[16];
    Smb2Signature out;
    ok = ok && EVP_EncryptFinal_ex(ctx, none, &len) == 1 &&
         EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(out.size()),
                             out.data()) == 1;
    if (!ok) openssl_failure("AES-GMAC");
    return out;
  }

 private:
  CipherCtx ctx_{EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free};
};

}  // namespace

std::unique_ptr<Signer> make_signer(SigningAlgorithm algorithm, Bytes key) {
  switch (algorithm) {
    case SigningAlgorithm::HmacSha256:
      return std::make_unique<MacSigner>(algorithm, key);
    case SigningAlgorithm::AesCmac:
    case SigningAlgorithm::AesGmac:
      if (key.size() != 16)
        throw std::invalid_argument("smbkit: AES-CMAC/GMAC signing needs a 16-byte key");
      if (algorithm == SigningAlgorithm::AesCmac)
        return std::make_unique<MacSigner>(algorithm, key);
      return std::make_unique<GmacSigner>(key);
  }
  throw std::invalid_argument("smbkit: unknown SMB2 signing algorithm");
}

GmacNonce smb2_gmac_nonce(uint64_t message_id, bool from_server, bool cancel_request) {
  GmacNonce nonce{};
  for (size_t i = 0; i < 8; ++i) nonce[i] = static_cast<uint8_t>(message_id >> (8 * i));
  nonce[8] = static_cast<uint8_t>((from_server ? 0x01 : 0) | (cancel_request ? 0x02 : 0));
  return nonce;
}

namespace {

GmacNonce nonce_from_header(Bytes header) {
  const uint32_t flags = static_cast<uint32_t>(load_le(header.data() + kFlagsOffset, 4));
  const uint16_t command = static_cast<uint16_t>(load_le(header.data() + kCommandOffset, 2));
  const bool from_server = (flags & kFlagsServerToRedir) != 0;
  return smb2_gmac_nonce(load_le(header.data() + kMessageIdOffset, 8), from_server,
                         command == kCommandCancel && !from_server);
}

Smb2Signature sign_parts(Signer& signer, Bytes header, std::span<const Bytes> parts) {
  if (signer.algorithm() != SigningAlgorithm::AesGmac) return signer.sign(parts);
  const GmacNonce nonce = nonce_from_header(header);
  return signer.sign(parts, nonce);
}

}  // namespace

void smb2_sign(Signer& signer, std::span<uint8_t> message, Bytes tail) {
  if (message.size() < kHeaderSize)
    throw std::invalid_argument("smbkit: an SMB2 message to sign is shorter than its header");
  message[kFlagsOffset] |= kFlagsSigned;  // the low byte of the little-endian Flags
  std::fill_n(message.begin() + kSignatureOffset, kSmb2SignatureSize, 0);
  const Bytes parts[] = {message, tail};
  const Smb2Signature sig = sign_parts(signer, message, parts);
  std::copy(sig.begin(), sig.end(), message.begin() + kSignatureOffset);
}

bool smb2_verify(Signer& signer, Bytes message, Bytes tail) {
  if (message.size() < kHeaderSize) return false;
  static constexpr uint8_t kZeros[kSmb2SignatureSize] = {};
  const Bytes parts[] = {message.first(kSignatureOffset), kZeros,
                         message.subspan(kSignatureOffset + kSmb2SignatureSize), tail};
  const Smb2Signature sig = sign_parts(signer, message, parts);
  return constant_time_equal(sig, message.subspan(kSignatureOffset, kSmb2SignatureSize));
}

}  // namespace smbkit::crypto
