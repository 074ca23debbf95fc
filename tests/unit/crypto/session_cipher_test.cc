#include "crypto/session_cipher.h"

#include <gtest/gtest.h>

#include <set>
#include <stdexcept>
#include <vector>

#include "ms_smb2_vectors.h"
#include "test_hex.h"

namespace smbkit::crypto {
namespace {

using test::hex;
namespace ms = test::ms_smb2;

uint64_t le64(const std::vector<uint8_t>& b, size_t at) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8; ++i) v |= uint64_t{b[at + i]} << (8 * i);
  return v;
}

std::vector<uint8_t> frame_for(const std::vector<uint8_t>& message) {
  std::vector<uint8_t> frame(kSmb2TransformHeaderSize);
  frame.insert(frame.end(), message.begin(), message.end());
  return frame;
}

// [ENC311] A.1: the server opens the client's published GCM READ request with the client's
// encryption key, and its session id (0x0000100000000031 in the post, in the header).
TEST(SessionCipher, OpensMicrosoftsPublishedRequest) {
  auto frame = hex(ms::enc311_gcm::kReadRequestTransformed);
  uint64_t session_id = le64(frame, 44);
  SessionCipher server(AeadAlgorithm::Aes128Gcm, hex(ms::enc311_gcm::kDecryptionKey),
                       hex(ms::enc311_gcm::kEncryptionKey), session_id);
  ASSERT_TRUE(server.open(frame));
  EXPECT_EQ(std::vector<uint8_t>(frame.begin() + 52, frame.end()),
            hex(ms::enc311_gcm::kReadRequest));
}

TEST(SessionCipher, SealsWhatThePeerOpensForEveryCipher) {
  for (auto algorithm : {AeadAlgorithm::Aes128Ccm, AeadAlgorithm::Aes128Gcm,
                         AeadAlgorithm::Aes256Ccm, AeadAlgorithm::Aes256Gcm}) {
    SCOPED_TRACE(static_cast<int>(algorithm));
    std::vector<uint8_t> s2c(aead_key_size(algorithm), 0x11), c2s(aead_key_size(algorithm), 0x22);
    SessionCipher server(algorithm, s2c, c2s, 0x1234);
    SessionCipher client(algorithm, c2s, s2c, 0x1234);
    std::vector<uint8_t> message(1000);
    for (size_t i = 0; i < message.size(); ++i) message[i] = static_cast<uint8_t>(i * 7);
    message[0] = 0xFE;

    auto frame = frame_for(message);
    server.seal(frame);
    EXPECT_EQ(std::vector<uint8_t>(frame.begin(), frame.begin() + 4),
              (std::vector<uint8_t>{0xFD, 'S', 'M', 'B'}));
    EXPECT_EQ(frame[36] | frame[37] << 8, 1000);   // OriginalMessageSize
    EXPECT_EQ(frame[42] | frame[43] << 8, 0x0001);  // Flags: encrypted
    EXPECT_EQ(le64(frame, 44), 0x1234u);
    // The nonce field past the cipher's nonce is zero (MS-SMB2 2.2.41).
    for (size_t i = 20 + smb_nonce_size(algorithm); i < 36; ++i) EXPECT_EQ(frame[i], 0) << i;
    EXPECT_NE(std::vector<uint8_t>(frame.begin() + 52, frame.end()), message);
    ASSERT_TRUE(client.open(frame));
    EXPECT_EQ(std::vector<uint8_t>(frame.begin() + 52, frame.end()), message);
    // The server does not open what it sealed itself: the directions have their own keys.
    auto again = frame_for(message);
    server.seal(again);
    EXPECT_FALSE(server.open(again));
  }
}

TEST(SessionCipher, NeverReusesANonce) {
  std::vector<uint8_t> key(16, 0x33);
  SessionCipher cipher(AeadAlgorithm::Aes128Gcm, key, key, 7);
  std::set<std::vector<uint8_t>> nonces;
  for (int i = 0; i < 1000; ++i) {
    auto frame = frame_for(std::vector<uint8_t>(64, 0xAB));
    cipher.seal(frame);
    nonces.insert(std::vector<uint8_t>(frame.begin() + 20, frame.begin() + 36));
  }
  EXPECT_EQ(nonces.size(), 1000u);
}

TEST(SessionCipher, RefusesWhatItMustNotOpen) {
  std::vector<uint8_t> c2s(16, 0x44), s2c(16, 0x55);
  SessionCipher client(AeadAlgorithm::Aes128Ccm, c2s, s2c, 9);
  SessionCipher server(AeadAlgorithm::Aes128Ccm, s2c, c2s, 9);
  SessionCipher other_session(AeadAlgorithm::Aes128Ccm, s2c, c2s, 10);
  std::vector<uint8_t> message(200, 0x5A);
  auto sealed = frame_for(message);
  client.seal(sealed);

  auto tampered = [&](auto change) {
    auto f = sealed;
    change(f);
    return server.open(f);
  };
  auto copy = sealed;
  EXPECT_FALSE(other_session.open(copy));  // names session 9
  EXPECT_FALSE(tampered([](auto& f) { f[100] ^= 1; }));                        // ciphertext
  EXPECT_FALSE(tampered([](auto& f) { f[5] ^= 1; }));                          // tag
  EXPECT_FALSE(tampered([](auto& f) { f[21] ^= 1; }));                         // nonce
  EXPECT_FALSE(tampered([](auto& f) { f[40] = 1; }));                          // Reserved (AAD)
  EXPECT_FALSE(tampered([](auto& f) { f[42] = 2; }));                          // Flags
  EXPECT_FALSE(tampered([](auto& f) { f[0] = 0xFE; }));                        // ProtocolId
  EXPECT_FALSE(tampered([](auto& f) { f.pop_back(); }));                       // size
  EXPECT_FALSE(tampered([](auto& f) { f.push_back(0); }));                     // size
  EXPECT_FALSE(tampered([](auto& f) { f.resize(52); }));                       // no message
  EXPECT_FALSE(tampered([](auto& f) { f.resize(20); }));                       // no header
  auto f = sealed;
  EXPECT_TRUE(server.open(f));
  EXPECT_EQ(std::vector<uint8_t>(f.begin() + 52, f.end()), message);
}

TEST(SessionCipher, RefusesToSealNothing) {
  std::vector<uint8_t> key(32, 1);
  SessionCipher cipher(AeadAlgorithm::Aes256Gcm, key, key, 1);
  std::vector<uint8_t> frame(52);
  EXPECT_THROW(cipher.seal(frame), std::invalid_argument);
  EXPECT_THROW(SessionCipher(AeadAlgorithm::Aes256Gcm, std::vector<uint8_t>(16), key, 1),
               std::invalid_argument);
}

}  // namespace
}  // namespace smbkit::crypto
