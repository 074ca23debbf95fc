// Message digests over OpenSSL 3: MD4 (NT hash; legacy provider), MD5 (NTLMv1 extended session
// security), SHA-256 and SHA-512 (SMB 3.1.1 pre-authentication integrity).
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>

#include "wire/byte_reader.h"

namespace smbkit::crypto {

using Md4Digest = std::array<uint8_t, 16>;
using Md5Digest = std::array<uint8_t, 16>;
using Sha256Digest = std::array<uint8_t, 32>;
using Sha512Digest = std::array<uint8_t, 64>;

Md4Digest md4(Bytes data);
Md5Digest md5(Bytes data);
// The digest of the concatenation of `parts`, without building it.
Md5Digest md5(std::initializer_list<Bytes> parts);
Sha256Digest sha256(Bytes data);
Sha512Digest sha512(Bytes data);
Sha512Digest sha512(std::initializer_list<Bytes> parts);

// The SMB 3.1.1 pre-authentication integrity hash (MS-SMB2 3.2.5.2 and 3.3.5.4, SHA-512 being the
// one hash algorithm defined): it starts as H0 = 64 zero bytes, and each NEGOTIATE or SESSION_SETUP
// message m, taken whole from its SMB2 header on, moves it to Hi = SHA-512(Hi-1 || m).
// A connection keeps one; a session in setup starts from a copy of the connection's (after the
// NEGOTIATE exchange) and goes on alone. A plain value: copy it, compare value(); not secret.
class PreauthHash {
 public:
  PreauthHash() = default;  // H0
  explicit PreauthHash(const Sha512Digest& start) : value_(start) {}

  // Hi = SHA-512(Hi-1 || message).
  void update(Bytes message);
  // The same for a message given in pieces (header, body, ...), as if they were concatenated.
  void update(std::initializer_list<Bytes> message_parts);
  // Back to H0.
  void reset() { value_.fill(0); }

  const Sha512Digest& value() const { return value_; }

 private:
  Sha512Digest value_{};
};

}  // namespace smbkit::crypto
