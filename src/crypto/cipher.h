// Legacy ciphers NTLM needs, over OpenSSL 3's legacy provider: single DES (LM hash, NTLMv1
// responses) and RC4 (NTLMSSP key exchange).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "wire/byte_reader.h"

namespace smbkit::crypto {

using DesBlock = std::array<uint8_t, 8>;

// Spreads a 7-byte (56-bit) key over 8 bytes, 7 key bits each, with odd parity in the low bit
// (MS-NLMP 6, the DES helper used by LMOWFv1 and DESL).
std::array<uint8_t, 8> des_expand_key(const std::array<uint8_t, 7>& key7);

// DES-ECB encryption of one 8-byte block under a 7-byte key expanded as above.
DesBlock des_encrypt_block(const std::array<uint8_t, 7>& key7, const DesBlock& block);

// RC4 of `data` under `key` from a fresh key schedule (encryption and decryption are the same).
std::vector<uint8_t> rc4(Bytes key, Bytes data);

// An RC4 key stream that continues across calls: NTLM session security keeps one per direction
// ("the RC4 handle" of MS-NLMP 3.4). Key: 1 to 256 bytes, else std::invalid_argument.
class Rc4Stream {
 public:
  explicit Rc4Stream(Bytes key);
  ~Rc4Stream();
  Rc4Stream(Rc4Stream&&) noexcept;
  Rc4Stream& operator=(Rc4Stream&&) noexcept;

  // XORs the next data.size() key-stream bytes into `data`.
  void apply(std::span<uint8_t> data);

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

}  // namespace smbkit::crypto
