#include "crypto/aead.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "crypto/secure.h"
#include "ms_smb2_vectors.h"
#include "test_hex.h"

namespace smbkit::crypto {
namespace {

using test::hex;
using test::vec;
namespace ms = test::ms_smb2;

struct Vector {
  const char* source;
  AeadAlgorithm algorithm;
  const char* key;
  const char* nonce;
  const char* aad;
  const char* plaintext;
  const char* ciphertext;
  const char* tag;
};

// Standard vectors, each encrypted and decrypted in place with one reused context.
const Vector kVectors[] = {
    // RFC 3610 section 8, packet vectors #1 and #2 (AES-128-CCM, 13-byte nonce, 8-byte tag).
    {"RFC 3610 #1", AeadAlgorithm::Aes128Ccm, "C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF",
     "00000003020100A0A1A2A3A4A5", "0001020304050607",
     "08090A0B0C0D0E0F101112131415161718191A1B1C1D1E",
     "588C979A61C663D2F066D0C2C0F989806D5F6B61DAC384", "17E8D12CFDF926E0"},
    {"RFC 3610 #2", AeadAlgorithm::Aes128Ccm, "C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF",
     "00000004030201A0A1A2A3A4A5", "0001020304050607",
     "08090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
     "72C91A36E135F8CF291CA894085C87E3CC15C439C9E43A3B", "A091D56E10400916"},
    // NIST SP 800-38C Appendix C, example 1 (7-byte nonce, 4-byte tag).
    {"SP 800-38C C.1", AeadAlgorithm::Aes128Ccm, "404142434445464748494a4b4c4d4e4f",
     "10111213141516", "0001020304050607", "20212223", "7162015b", "4dac255d"},
    // NIST CAVP CCM vectors (ccmtestvectors.zip, DVPT256.rsp): AES-256-CCM with 16-byte tags.
    {"CAVP DVPT256 7-byte nonce", AeadAlgorithm::Aes256Ccm,
     "705334e30f53dd2f92d190d2c1437c8772f940c55aa35e562214ed45bd458ffe", "a544218dadd3c1",
     "d3d5424e20fbec43ae495353ed830271515ab104f8860c988d15b6d36c038eab",
     "78c46e3249ca28e1ef0531d80fd37c124d9aecb7be6668e3",
     "3341168eb8c48468c414347fb08f71d2086f7c2d1bd581ce", "1ac68bd42f5ec7fa7e068cc0ecd79c2a"},
    {"CAVP DVPT256 13-byte nonce", AeadAlgorithm::Aes256Ccm,
     "314a202f836f9f257e22d8c11757832ae5131d357a72df88f3eff0ffcee0da4e",
     "a544218dadd3c10583db49cf39",
     "3c0e2815d37d844f7ac240ba9d6e3a0b2a86f706e885959e09a1005e024f6907",
     "e8de970f6ee8e80ede933581b5bcf4d837e2b72baa8b00c3",
     "8d34cdca37ce77be68f65baf3382e31efa693e63f914a781", "367f30f2eaad8c063ca50795acd90203"},
    // The GCM specification (McGrew & Viega; NIST SP 800-38D) test cases 2, 4, 13, 14 and 16.
    {"GCM TC2", AeadAlgorithm::Aes128Gcm, "00000000000000000000000000000000",
     "000000000000000000000000", "", "00000000000000000000000000000000",
     "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf"},
    {"GCM TC4", AeadAlgorithm::Aes128Gcm, "feffe9928665731c6d6a8f9467308308",
     "cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
     "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
     "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
     "5bc94fbc3221a5db94fae95ae7121a47"},
    {"GCM TC13", AeadAlgorithm::Aes256Gcm,
     "0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000",
     "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"},
    {"GCM TC14", AeadAlgorithm::Aes256Gcm,
     "0000000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000",
     "", "00000000000000000000000000000000", "cea7403d4d606b6e074ec5d3baf39d18",
     "d0d1c8a799996bf0265b98b5d48ab919"},
    {"GCM TC16", AeadAlgorithm::Aes256Gcm,
     "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308", "cafebabefacedbaddecaf888",
     "feedfacedeadbeeffeedfacedeadbeefabaddad2",
     "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
     "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
     "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
     "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
     "76fc6ece0f4e1768cddf8853bb2d551b"},
    // IEEE 802.1AE GCM-AES test vectors (bn-randall-test-vectors-0511-v1) 2.2.1, "60-byte packet
    // encryption using GCM-AES-128".
    {"802.1AE 2.2.1", AeadAlgorithm::Aes128Gcm, "AD7A2BD03EAC835A6F620FDCB506B345",
     "12153524C0895E81B2C28465", "D609B1F056637A0D46DF998D88E52E00B2C2846512153524C0895E81",
     "08000F101112131415161718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F303132333435363738393A"
     "0002",
     "701AFA1CC039C0D765128A665DAB69243899BF7318CCDC81C9931DA17FBE8EDD7D17CB8B4C26FC81E3284F2B7FBA"
     "713D",
     "4F8D55E7D3F06FD5A13C0C29B9D5B880"},
};

TEST(Aead, MatchesStandardVectors) {
  for (const Vector& v : kVectors) {
    SCOPED_TRACE(v.source);
    const auto nonce = hex(v.nonce), aad = hex(v.aad), tag = hex(v.tag);
    Aead aead(v.algorithm, hex(v.key), nonce.size(), tag.size());
    for (int round = 0; round < 2; ++round) {
      auto data = hex(v.plaintext);
      std::vector<uint8_t> got_tag(tag.size());
      aead.encrypt(nonce, aad, data, got_tag);
      EXPECT_EQ(data, hex(v.ciphertext));
      EXPECT_EQ(got_tag, tag);
      EXPECT_TRUE(aead.decrypt(nonce, aad, data, tag));
      EXPECT_EQ(data, hex(v.plaintext));
    }
  }
}

// Microsoft's SMB3 exchanges: the client encrypts requests under its EncryptionKey (client to
// server) and decrypts responses under its DecryptionKey; the server does the reverse, so each
// published message is checked both ways.
struct SmbCase {
  const char* source;
  AeadAlgorithm algorithm;
  const char* key;
  const char* plain;
  const char* transformed;
};

const SmbCase kSmbCases[] = {
    {"[ENC30] WRITE request", AeadAlgorithm::Aes128Ccm, ms::enc30::kEncryptionKey,
     ms::enc30::kWriteRequest, ms::enc30::kWriteRequestTransformed},
    {"[ENC30] WRITE response", AeadAlgorithm::Aes128Ccm, ms::enc30::kDecryptionKey,
     ms::enc30::kWriteResponse, ms::enc30::kWriteResponseTransformed},
    {"[ENC30] READ request", AeadAlgorithm::Aes128Ccm, ms::enc30::kEncryptionKey,
     ms::enc30::kReadRequest, ms::enc30::kReadRequestTransformed},
    {"[ENC30] READ response", AeadAlgorithm::Aes128Ccm, ms::enc30::kDecryptionKey,
     ms::enc30::kReadResponse, ms::enc30::kReadResponseTransformed},
    {"[ENC311] A.1 WRITE request", AeadAlgorithm::Aes128Gcm, ms::enc311_gcm::kEncryptionKey,
     ms::enc311_gcm::kWriteRequest, ms::enc311_gcm::kWriteRequestTransformed},
    {"[ENC311] A.1 WRITE response", AeadAlgorithm::Aes128Gcm, ms::enc311_gcm::kDecryptionKey,
     ms::enc311_gcm::kWriteResponse, ms::enc311_gcm::kWriteResponseTransformed},
    {"[ENC311] A.1 READ request", AeadAlgorithm::Aes128Gcm, ms::enc311_gcm::kEncryptionKey,
     ms::enc311_gcm::kReadRequest, ms::enc311_gcm::kReadRequestTransformed},
    {"[ENC311] A.1 READ response", AeadAlgorithm::Aes128Gcm, ms::enc311_gcm::kDecryptionKey,
     ms::enc311_gcm::kReadResponse, ms::enc311_gcm::kReadResponseTransformed},
    {"[ENC311] A.2 WRITE request", AeadAlgorithm::Aes128Ccm, ms::enc311_ccm::kEncryptionKey,
     ms::enc311_ccm::kWriteRequest, ms::enc311_ccm::kWriteRequestTransformed},
    {"[ENC311] A.2 WRITE response", AeadAlgorithm::Aes128Ccm, ms::enc311_ccm::kDecryptionKey,
     ms::enc311_ccm::kWriteResponse, ms::enc311_ccm::kWriteResponseTransformed},
    {"[ENC311] A.2 READ request", AeadAlgorithm::Aes128Ccm, ms::enc311_ccm::kEncryptionKey,
     ms::enc311_ccm::kReadRequest, ms::enc311_ccm::kReadRequestTransformed},
    {"[ENC311] A.2 READ response", AeadAlgorithm::Aes128Ccm, ms::enc311_ccm::kDecryptionKey,
     ms::enc311_ccm::kReadResponse, ms::enc311_ccm::kReadResponseTransformed},
};

TEST(Aead, MatchesMicrosoftSmb3Exchanges) {
  for (const SmbCase& c : kSmbCases) {
    SCOPED_TRACE(c.source);
    const auto transformed = hex(c.transformed);
    const auto plain = hex(c.plain);
    ASSERT_EQ(transformed.size(), kSmb2TransformHeaderSize + plain.size());
    Aead aead(c.algorithm, hex(c.key));

    // Encrypt: the header as the sender fills it, Signature left to smb3_encrypt_message.
    std::vector<uint8_t> header(transformed.begin(), transformed.begin() + 52);
    std::fill(header.begin() + 4, header.begin() + 20, 0);
    auto message = plain;
    smb3_encrypt_message(aead, header, message);
    EXPECT_EQ(vec(header), std::vector<uint8_t>(transformed.begin(), transformed.begin() + 52));
    EXPECT_EQ(message, std::vector<uint8_t>(transformed.begin() + 52, transformed.end()));

    // Decrypt what was published.
    std::vector<uint8_t> body(transformed.begin() + 52, transformed.end());
    EXPECT_TRUE(smb3_decrypt_message(aead, Bytes(transformed).first(52), body));
    EXPECT_EQ(body, plain);
  }
}

TEST(Aead, WrongTagAadNonceOrDataFailsAndWipes) {
  for (auto alg : {AeadAlgorithm::Aes128Ccm, AeadAlgorithm::Aes128Gcm, AeadAlgorithm::Aes256Ccm,
                   AeadAlgorithm::Aes256Gcm}) {
    SCOPED_TRACE(static_cast<int>(alg));
    const auto key = random_bytes(aead_key_size(alg));
    Aead aead(alg, key);
    const auto nonce = random_bytes(smb_nonce_size(alg));
    const auto aad = random_bytes(32);
    const auto plain = random_bytes(1000);
    auto sealed = plain;
    std::vector<uint8_t> tag(16);
    aead.encrypt(nonce, aad, sealed, tag);
    EXPECT_NE(sealed, plain);

    auto attempt = [&](Bytes n, Bytes a, std::vector<uint8_t> data, Bytes t) {
      const bool ok = aead.decrypt(n, a, data, t);
      if (!ok) {
        EXPECT_EQ(data, std::vector<uint8_t>(data.size(), 0));  // nothing left behind
      }
      return ok;
    };
    EXPECT_TRUE(attempt(nonce, aad, sealed, tag));
    auto bad_tag = tag;
    bad_tag[15] ^= 1;
    EXPECT_FALSE(attempt(nonce, aad, sealed, bad_tag));
    auto bad_aad = aad;
    bad_aad[0] ^= 1;
    EXPECT_FALSE(attempt(nonce, bad_aad, sealed, tag));
    auto bad_nonce = nonce;
    bad_nonce.back() ^= 1;
    EXPECT_FALSE(attempt(bad_nonce, aad, sealed, tag));
    auto bad_data = sealed;
    bad_data[999] ^= 0x40;
    EXPECT_FALSE(attempt(nonce, aad, bad_data, tag));
    EXPECT_FALSE(attempt(nonce, aad, std::vector<uint8_t>(sealed.begin(), sealed.end() - 1), tag));
    Aead other(alg, random_bytes(aead_key_size(alg)));
    auto data = sealed;
    EXPECT_FALSE(other.decrypt(nonce, aad, data, tag));
    // The context is still good after failures.
    EXPECT_TRUE(attempt(nonce, aad, sealed, tag));
  }
}

TEST(Aead, RoundTripsAllCiphersAndSizes) {
  for (auto alg : {AeadAlgorithm::Aes128Ccm, AeadAlgorithm::Aes128Gcm, AeadAlgorithm::Aes256Ccm,
                   AeadAlgorithm::Aes256Gcm}) {
    SCOPED_TRACE(static_cast<int>(alg));
    Aead sender(alg, std::vector<uint8_t>(aead_key_size(alg), 0x5a));
    Aead receiver(alg, std::vector<uint8_t>(aead_key_size(alg), 0x5a));
    EXPECT_EQ(sender.algorithm(), alg);
    EXPECT_EQ(sender.nonce_size(), smb_nonce_size(alg));
    EXPECT_EQ(sender.tag_size(), kAeadTagSize);
    uint64_t counter = 0;
    for (size_t size : {0, 1, 15, 16, 17, 64, 1000, 65536, 1 << 20}) {
      std::vector<uint8_t> nonce(sender.nonce_size(), 0);
      ++counter;
      for (int i = 0; i < 8; ++i) nonce[i] = static_cast<uint8_t>(counter >> (8 * i));
      const auto aad = random_bytes(size % 40);
      const auto plain = random_bytes(size);
      auto data = plain;
      std::vector<uint8_t> tag(16);
      sender.encrypt(nonce, aad, data, tag);
      if (size >= 16) {
        EXPECT_NE(data, plain);
      }
      // The receiver decrypts in place with its own context; the sender can decrypt too,
      // switching its context's direction.
      auto copy = data;
      EXPECT_TRUE(receiver.decrypt(nonce, aad, data, tag)) << size;
      EXPECT_EQ(data, plain);
      EXPECT_TRUE(sender.decrypt(nonce, aad, copy, tag)) << size;
      EXPECT_EQ(copy, plain);
    }
  }
}

TEST(Aead, MovesAndRejectsBadSizes) {
  EXPECT_EQ(aead_key_size(AeadAlgorithm::Aes128Ccm), 16u);
  EXPECT_EQ(aead_key_size(AeadAlgorithm::Aes256Gcm), 32u);
  EXPECT_EQ(smb_nonce_size(AeadAlgorithm::Aes256Ccm), kSmbCcmNonceSize);
  EXPECT_EQ(smb_nonce_size(AeadAlgorithm::Aes128Gcm), kSmbGcmNonceSize);
  EXPECT_THROW(aead_key_size(static_cast<AeadAlgorithm>(9)), std::invalid_argument);

  const std::vector<uint8_t> k16(16, 1), k32(32, 1);
  EXPECT_THROW(Aead(AeadAlgorithm::Aes128Gcm, k32), std::invalid_argument);
  EXPECT_THROW(Aead(AeadAlgorithm::Aes256Ccm, k16), std::invalid_argument);
  EXPECT_THROW(Aead(AeadAlgorithm::Aes128Ccm, k16, 6), std::invalid_argument);
  EXPECT_THROW(Aead(AeadAlgorithm::Aes128Ccm, k16, 14), std::invalid_argument);
  EXPECT_THROW(Aead(AeadAlgorithm::Aes128Ccm, k16, 11, 5), std::invalid_argument);
  EXPECT_THROW(Aead(AeadAlgorithm::Aes128Gcm, k16, 12, 8), std::invalid_argument);

  Aead a(AeadAlgorithm::Aes128Gcm, k16);
  std::vector<uint8_t> data(10), tag(16), nonce(12);
  EXPECT_THROW(a.encrypt(std::vector<uint8_t>(11), {}, data, tag), std::invalid_argument);
  std::vector<uint8_t> short_tag(15);
  EXPECT_THROW(a.encrypt(nonce, {}, data, short_tag), std::invalid_argument);
  EXPECT_THROW(a.decrypt(nonce, {}, data, std::vector<uint8_t>(17)), std::invalid_argument);

  Aead moved = std::move(a);
  moved.encrypt(nonce, {}, data, tag);
  EXPECT_TRUE(moved.decrypt(nonce, {}, data, tag));
  EXPECT_EQ(data, std::vector<uint8_t>(10, 0));

  // The SMB3 helpers want SMB3's sizes and a 52-byte header.
  Aead rfc(AeadAlgorithm::Aes128Ccm, k16, 13, 8);
  std::vector<uint8_t> header(52);
  EXPECT_THROW(smb3_encrypt_message(rfc, header, data), std::invalid_argument);
  Aead smb(AeadAlgorithm::Aes128Ccm, k16);
  std::vector<uint8_t> short_header(51);
  EXPECT_THROW(smb3_encrypt_message(smb, short_header, data), std::invalid_argument);
  EXPECT_FALSE(smb3_decrypt_message(smb, short_header, data));
}

}  // namespace
}  // namespace smbkit::crypto
