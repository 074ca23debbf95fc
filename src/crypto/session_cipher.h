// One SMB 3.x session's encryption (MS-SMB2 3.1.4.3), both directions, for server and client
// alike: the TRANSFORM_HEADER written and the message encrypted in place on the way out, the
// header checked and the message decrypted in place on the way in.
//
// Each direction has its keyed Aead, made once here, and its own lock, so a reply being sealed
// on one thread does not wait for a request being opened on another. Outgoing nonces come from a
// counter (and a random suffix fixed per session), so none repeats under the key.
//
// "Encryption key" is the one this side sends with (the server's Session.EncryptionKey is the
// server-to-client key of smb_keys.h, the client's the client-to-server one).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>

#include "crypto/aead.h"

namespace smbkit::crypto {

class SessionCipher {
 public:
  // Throws as Aead's constructor for keys of the wrong size.
  SessionCipher(AeadAlgorithm algorithm, Bytes encryption_key, Bytes decryption_key,
                uint64_t session_id);

  AeadAlgorithm algorithm() const { return algorithm_; }
  uint64_t session_id() const { return session_id_; }

  // `frame` is kSmb2TransformHeaderSize bytes of room, then the SMB2 message (a compound chain
  // is one message here). Writes the whole TRANSFORM_HEADER (ProtocolId 0xFD 'SMB', a fresh
  // nonce, OriginalMessageSize, Flags 0x0001, SessionId, the tag) and encrypts the message in
  // place. Thread-safe. Throws std::invalid_argument if `frame` holds no message or more than
  // 4 GiB.
  void seal(std::span<uint8_t> frame);

  // `frame` as received: the TRANSFORM_HEADER, then the ciphertext. True when the header
  // names this session, says Flags 0x0001 and OriginalMessageSize bytes follow, and the tag
  // authenticates it all: the message after the header is then the plaintext. False
  // otherwise (the receiver disconnects: MS-SMB2 3.3.5.2.1.1, 3.2.5.1.1.1). Thread-safe.
  bool open(std::span<uint8_t> frame);

 private:
  AeadAlgorithm algorithm_;
  uint64_t session_id_;
  std::mutex seal_mu_;
  Aead sealer_;
  uint64_t next_nonce_ = 1;
  std::array<uint8_t, 4> nonce_suffix_{};  // the nonce's bytes after the counter
  std::mutex open_mu_;
  Aead opener_;
};

}  // namespace smbkit::crypto
