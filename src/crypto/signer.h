// SMB 2/3 message signing (MS-SMB2 3.1.4.1 signing an outgoing message, 3.1.5.1 verifying an
// incoming one) with keyed contexts made once and reused.
//
// A Signer is built once per key (per session, or per channel, and direction): every OpenSSL
// fetch and key schedule happens in make_signer(). sign() then runs with no allocation of its
// own; inside OpenSSL the CMAC and GMAC signers allocate nothing either, while OpenSSL 3.0's HMAC
// re-initialisation duplicates its digest state (two small blocks a message; only the 2.0.2/2.1
// dialects sign with HMAC).
//
// Thread-compatible, not thread-safe: one thread at a time may use a Signer (it holds the MAC's
// running state); distinct Signers may be used from different threads at once. Keep one per
// session and direction, or guard it where the connection's strand already does.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>

#include "wire/byte_reader.h"

namespace smbkit::crypto {

// MS-SMB2 2.2.3.1.7 SigningAlgorithmId values. HMAC-SHA256 is the 2.0.2/2.1 algorithm, AES-CMAC
// the 3.x one, AES-GMAC the 3.1.1 one chosen through SMB2_SIGNING_CAPABILITIES.
enum class SigningAlgorithm : uint16_t {
  HmacSha256 = 0x0000,
  AesCmac = 0x0001,
  AesGmac = 0x0002,
};

inline constexpr size_t kSmb2SignatureSize = 16;
inline constexpr size_t kGmacNonceSize = 12;
using Smb2Signature = std::array<uint8_t, kSmb2SignatureSize>;
using GmacNonce = std::array<uint8_t, kGmacNonceSize>;

class Signer {
 public:
  virtual ~Signer() = default;
  Signer(const Signer&) = delete;
  Signer& operator=(const Signer&) = delete;

  virtual SigningAlgorithm algorithm() const noexcept = 0;

  // The 16-byte signature of the concatenation of `parts`, which are not copied together:
  // HMAC-SHA256 truncated to its first 16 bytes, AES-128-CMAC (RFC 4493), or AES-128-GMAC
  // (RFC 4543: GCM with the data as additional authenticated data and nothing encrypted) under
  // `nonce`, which GMAC requires to be 12 bytes (std::invalid_argument otherwise) and the others
  // ignore. Throws std::runtime_error if OpenSSL fails.
  Smb2Signature sign(std::span<const Bytes> parts, Bytes nonce = {}) {
    return do_sign(parts, nonce);
  }
  Smb2Signature sign(std::initializer_list<Bytes> parts, Bytes nonce = {}) {
    return do_sign(std::span<const Bytes>(parts.begin(), parts.size()), nonce);
  }

 protected:
  Signer() = default;
  virtual Smb2Signature do_sign(std::span<const Bytes> parts, Bytes nonce) = 0;
};

// A keyed Signer. AES-CMAC and AES-GMAC take a 16-byte key (the 3.x SigningKey); HMAC-SHA256
// takes any key (the 2.x SessionKey). Throws std::invalid_argument for a wrong key size,
// std::runtime_error if OpenSSL cannot set it up.
std::unique_ptr<Signer> make_signer(SigningAlgorithm algorithm, Bytes key);

// The AES-GMAC nonce of an SMB2 message (MS-SMB2 3.1.4.1): MessageId (8 bytes, little-endian),
// then a 32-bit little-endian field whose least significant bit (bit 0) is set when the sender
// is the server and whose next bit (bit 1, the spec's "penultimate bit" next to the last one)
// is set for an SMB2 CANCEL request; the other 30 bits are zero.
GmacNonce smb2_gmac_nonce(uint64_t message_id, bool from_server, bool cancel_request);

// Signs one SMB2 message in place as MS-SMB2 3.1.4.1 says: sets SMB2_FLAGS_SIGNED, zeroes the
// 16-byte Signature field, computes the signature over the whole message and writes it there.
// `message` is the SMB2 header and body in memory, including the padding up to the next message
// of a compound chain; `tail` is more of the same message kept elsewhere (a READ response's data
// after its header and body), MACed after `message` without being copied. The GMAC nonce comes
// from the header: MessageId, SMB2_FLAGS_SERVER_TO_REDIR for the direction, and Command = CANCEL
// on a request. Throws std::invalid_argument if `message` is shorter than the 64-byte header.
void smb2_sign(Signer& signer, std::span<uint8_t> message, Bytes tail = {});

// Checks a received SMB2 message's signature (MS-SMB2 3.1.5.1), comparing in constant time. The
// message is not modified: the Signature field is read as zeros for the computation. False if
// the message is shorter than the header or the signature does not match.
bool smb2_verify(Signer& signer, Bytes message, Bytes tail = {});

}  // namespace smbkit::crypto
