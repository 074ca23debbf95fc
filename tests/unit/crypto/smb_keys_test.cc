#include "crypto/smb_keys.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "crypto/kdf.h"
#include "ms_smb2_vectors.h"
#include "test_hex.h"

namespace smbkit::crypto {
namespace {

using test::hex;
using test::vec;
namespace ms = test::ms_smb2;

// Microsoft's posts print keys from the client's side: EncryptionKey is client-to-server.
void expect_keys(const SmbSessionKeys& k, const char* signing, const char* encryption,
                 const char* decryption, const char* application) {
  EXPECT_EQ(vec(k.signing), hex(signing));
  EXPECT_EQ(vec(k.client_to_server), hex(encryption));
  EXPECT_EQ(vec(k.server_to_client), hex(decryption));
  EXPECT_EQ(vec(k.application), hex(application));
}

// [ANATOMY] "Key derivation example for SMB 3.0 multichannel", dialect 0x0300.
TEST(SmbKeys, Smb30MatchesAnatomyExample) {
  namespace v = ms::anatomy30;
  expect_keys(derive_smb_session_keys(kSmbDialect300, hex(v::kSessionKey), {}), v::kSigningKey,
              v::kEncryptionKey, v::kDecryptionKey, v::kApplicationKey);
  EXPECT_EQ(vec(derive_smb_signing_key(kSmbDialect300, hex(v::kChannel2SessionKey), {})),
            hex(v::kChannel2SigningKey));
}

// 3.0.2 derives as 3.0 does.
TEST(SmbKeys, Smb302DerivesAsSmb30) {
  namespace v = ms::anatomy30;
  expect_keys(derive_smb_session_keys(kSmbDialect302, hex(v::kSessionKey), {}), v::kSigningKey,
              v::kEncryptionKey, v::kDecryptionKey, v::kApplicationKey);
}

// [ENC30] "Encryption in SMB 3.0: A protocol perspective".
TEST(SmbKeys, Smb30MatchesEncryptionExample) {
  namespace v = ms::enc30;
  expect_keys(derive_smb_session_keys(kSmbDialect300, hex(v::kSessionKey), {}), v::kSigningKey,
              v::kEncryptionKey, v::kDecryptionKey, v::kApplicationKey);
}

// [ANATOMY] "Key derivation example for SMB 3.1.1 multichannel", CipherId 0x0002.
TEST(SmbKeys, Smb311MatchesAnatomyExample) {
  namespace v = ms::anatomy311;
  expect_keys(derive_smb_session_keys(kSmbDialect311, hex(v::kSessionKey), hex(v::kPreauthHash)),
              v::kSigningKey, v::kEncryptionKey, v::kDecryptionKey, v::kApplicationKey);
  // The second channel: Channel.SigningKey from its own session key and preauth hash.
  EXPECT_EQ(vec(derive_smb_signing_key(kSmbDialect311, hex(v::kChannel2SessionKey),
                                       hex(v::kChannel2PreauthHash))),
            hex(v::kChannel2SigningKey));
}

// [ENC311] Appendix A.1 (AES-128-GCM) and A.2 (AES-128-CCM) key derivation.
TEST(SmbKeys, Smb311MatchesEncryptionExamples) {
  {
    namespace v = ms::enc311_gcm;
    expect_keys(
        derive_smb_session_keys(kSmbDialect311, hex(v::kSessionKey), hex(v::kPreauthHash), 16),
        v::kSigningKey, v::kEncryptionKey, v::kDecryptionKey, v::kApplicationKey);
  }
  {
    namespace v = ms::enc311_ccm;
    expect_keys(
        derive_smb_session_keys(kSmbDialect311, hex(v::kSessionKey), hex(v::kPreauthHash), 16),
        v::kSigningKey, v::kEncryptionKey, v::kDecryptionKey, v::kApplicationKey);
  }
}

TEST(SmbKeys, Smb2SignsWithTheSessionKeyAndHasNoOtherKey) {
  const auto gss = hex("00112233445566778899aabbccddeeff0102030405060708");
  for (uint16_t d : {kSmbDialect202, kSmbDialect210}) {
    const auto k = derive_smb_session_keys(d, gss, {});
    EXPECT_EQ(vec(k.signing), hex("00112233445566778899aabbccddeeff"));
    EXPECT_TRUE(k.client_to_server.empty());
    EXPECT_TRUE(k.server_to_client.empty());
    EXPECT_TRUE(k.application.empty());
  }
}

// MS-SMB2 3.2.1.3: the first 16 bytes, right-padded with zeros.
TEST(SmbKeys, SessionKeyIsTruncatedOrPaddedTo16Bytes) {
  EXPECT_EQ(vec(smb_session_key(hex("0102030405060708090a0b0c0d0e0f101112"))),
            hex("0102030405060708090a0b0c0d0e0f10"));
  EXPECT_EQ(vec(smb_session_key(hex("0102"))), hex("01020000000000000000000000000000"));
  // A short key derives as its padded form.
  EXPECT_EQ(
      vec(derive_smb_signing_key(kSmbDialect300, hex("0102"), {})),
      vec(derive_smb_signing_key(kSmbDialect300, hex("01020000000000000000000000000000"), {})));
}

// MS-SMB2 3.3.5.5.3: for AES-256-CCM/GCM the encryption keys are 256 bits (L = 256) from the whole
// GSS key; signing and application keys stay 128 bits from the first 16 bytes.
TEST(SmbKeys, Aes256CipherKeysComeFromTheFullKeyWithL256) {
  const auto full = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  const auto first16 = hex("000102030405060708090a0b0c0d0e0f");
  const auto preauth = hex(ms::anatomy311::kPreauthHash);
  const auto k = derive_smb_session_keys(kSmbDialect311, full, preauth, 32);
  auto label = [](const char* s) {
    std::vector<uint8_t> v(s, s + std::char_traits<char>::length(s) + 1);
    return v;
  };
  EXPECT_EQ(k.client_to_server.size(), 32u);
  EXPECT_EQ(vec(k.client_to_server),
            vec(kdf_sp800_108(full, label("SMBC2SCipherKey"), preauth, 256)));
  EXPECT_EQ(vec(k.server_to_client),
            vec(kdf_sp800_108(full, label("SMBS2CCipherKey"), preauth, 256)));
  EXPECT_EQ(vec(k.signing), vec(kdf_sp800_108(first16, label("SMBSigningKey"), preauth, 128)));
  EXPECT_EQ(vec(k.application), vec(kdf_sp800_108(first16, label("SMBAppKey"), preauth, 128)));
  // The same session with an AES-128 cipher: same signing key, other cipher keys.
  const auto k128 = derive_smb_session_keys(kSmbDialect311, full, preauth, 16);
  EXPECT_EQ(vec(k128.signing), vec(k.signing));
  EXPECT_EQ(vec(k128.client_to_server),
            vec(kdf_sp800_108(first16, label("SMBC2SCipherKey"), preauth, 128)));
}

TEST(SmbKeys, RejectsBadInputs) {
  const auto key = hex("0102030405060708090a0b0c0d0e0f10");
  const auto preauth = hex(ms::anatomy311::kPreauthHash);
  EXPECT_THROW(derive_smb_session_keys(0x02FF, key, {}), std::invalid_argument);
  EXPECT_THROW(derive_smb_session_keys(0x0311, {}, preauth), std::invalid_argument);
  EXPECT_THROW(derive_smb_session_keys(0x0311, key, {}), std::invalid_argument);
  EXPECT_THROW(derive_smb_session_keys(0x0311, key, hex("00")), std::invalid_argument);
  EXPECT_THROW(derive_smb_session_keys(0x0300, key, {}, 32), std::invalid_argument);
  EXPECT_THROW(derive_smb_session_keys(0x0311, key, preauth, 24), std::invalid_argument);
  EXPECT_THROW(derive_smb_signing_key(0x0311, key, {}), std::invalid_argument);
}

}  // namespace
}  // namespace smbkit::crypto
