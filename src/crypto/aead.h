// SMB 3.x encryption (MS-SMB2 3.1.4.3): AES-128/256 in CCM or GCM mode, with keyed contexts made
// once and reused, encrypting and decrypting in place.
//
// An Aead is built once per key (per session and direction: the 3.x client-to-server and
// server-to-client keys of smb_keys.h): the cipher fetch and the key schedule happen in the
// constructor, and encrypt()/decrypt() allocate nothing afterwards.
//
// Thread-compatible, not thread-safe: one thread at a time per Aead; distinct Aeads may run on
// different threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "wire/byte_reader.h"

namespace smbkit::crypto {

// MS-SMB2 2.2.3.1.2 cipher ids.
enum class AeadAlgorithm : uint16_t {
  Aes128Ccm = 0x0001,
  Aes128Gcm = 0x0002,
  Aes256Ccm = 0x0003,
  Aes256Gcm = 0x0004,
};

// SMB3 nonce sizes (MS-SMB2 2.2.41: the first 11 or 12 bytes of the transform header's 16-byte
// Nonce field; the rest is zero) and the tag size (the transform header's Signature).
inline constexpr size_t kSmbCcmNonceSize = 11;
inline constexpr size_t kSmbGcmNonceSize = 12;
inline constexpr size_t kAeadTagSize = 16;

// 16 for the AES-128 ciphers, 32 for the AES-256 ones.
size_t aead_key_size(AeadAlgorithm algorithm);
// kSmbCcmNonceSize or kSmbGcmNonceSize.
size_t smb_nonce_size(AeadAlgorithm algorithm);

class Aead {
 public:
  // `key` must be aead_key_size(algorithm) bytes. The nonce and tag sizes default to SMB3's;
  // others exist for standard test vectors: CCM takes nonces of 7 to 13 bytes and even tag sizes
  // of 4 to 16, GCM nonces of 1 to 128 bytes and tags of 12 to 16. Throws std::invalid_argument
  // for a bad size, std::runtime_error if OpenSSL cannot set the key.
  Aead(AeadAlgorithm algorithm, Bytes key, size_t nonce_size = 0 /* SMB3's */,
       size_t tag_size = kAeadTagSize);
  ~Aead();
  Aead(Aead&&) noexcept;
  Aead& operator=(Aead&&) noexcept;

  AeadAlgorithm algorithm() const noexcept;
  size_t nonce_size() const noexcept;
  size_t tag_size() const noexcept;

  // Encrypts `data` in place and writes the authentication tag over `data` and `aad`.
  // `nonce` must be nonce_size() bytes and `tag` tag_size() bytes; `data` and `aad` at most
  // INT_MAX bytes (std::invalid_argument otherwise). Never reuse a nonce under one key.
  void encrypt(Bytes nonce, Bytes aad, std::span<uint8_t> data, std::span<uint8_t> tag);

  // Decrypts `data` in place if `tag` authenticates it and `aad`: true. False if it does not
  // (a wrong tag, key, nonce or AAD, or tampered data); `data` is then zeroed, so no
  // unauthenticated plaintext is left behind. Size errors throw as for encrypt().
  bool decrypt(Bytes nonce, Bytes aad, std::span<uint8_t> data, Bytes tag);

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

// The SMB2 TRANSFORM_HEADER (MS-SMB2 2.2.41) is 52 bytes: ProtocolId (4), Signature (16),
// Nonce (16), OriginalMessageSize (4), Reserved (2), Flags/EncryptionAlgorithm (2), SessionId (8).
// Encryption takes the nonce from the first nonce_size() bytes of Nonce, authenticates the 32
// bytes from Nonce to the end as AAD (MS-SMB2 3.1.4.3) and puts the tag in Signature.
inline constexpr size_t kSmb2TransformHeaderSize = 52;

// Encrypts `message` (the SMB2 message that follows the header) in place and writes the
// Signature field of `transform_header`, whose other fields the caller has filled in. Throws
// std::invalid_argument if the header is not 52 bytes or the Aead's sizes are not SMB3's.
void smb3_encrypt_message(Aead& aead, std::span<uint8_t> transform_header,
                          std::span<uint8_t> message);

// Decrypts `message` in place if the header's Signature authenticates it: true; false otherwise
// (message zeroed), or if the header is not 52 bytes.
bool smb3_decrypt_message(Aead& aead, Bytes transform_header, std::span<uint8_t> message);

}  // namespace smbkit::crypto
