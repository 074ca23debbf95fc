#include "crypto/signer.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "crypto/mac.h"
#include "ms_smb2_vectors.h"
#include "test_hex.h"

namespace smbkit::crypto {
namespace {

using test::ascii;
using test::hex;
using test::vec;
namespace ms = test::ms_smb2;

std::vector<uint8_t> signature_of(Bytes message) {
  return {message.begin() + 48, message.begin() + 64};
}

// RFC 4493 section 4, examples 1-4 (AES-128-CMAC), each signed twice and in pieces with the same
// reused signer.
TEST(Signer, AesCmacMatchesRfc4493) {
  const auto key = hex("2b7e1516 28aed2a6 abf71588 09cf4f3c");
  const auto msg =
      hex("6bc1bee2 2e409f96 e93d7e11 7393172a ae2d8a57 1e03ac9c 9eb76fac 45af8e51"
          "30c81c46 a35ce411 e5fbc119 1a0a52ef f69f2445 df4f9b17 ad2b417b e66c3710");
  const Bytes m(msg);
  auto s = make_signer(SigningAlgorithm::AesCmac, key);
  EXPECT_EQ(s->algorithm(), SigningAlgorithm::AesCmac);
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(vec(s->sign({m.first(0)})), hex("bb1d6929 e9593728 7fa37d12 9b756746"));
    EXPECT_EQ(vec(s->sign({m.first(16)})), hex("070a16b4 6b4d4144 f79bdd9d d04a287c"));
    EXPECT_EQ(vec(s->sign({m.first(40)})), hex("dfa66747 de9ae630 30ca3261 1497c827"));
    EXPECT_EQ(vec(s->sign({m})), hex("51f0bebf 7e3b9d92 fc497417 79363cfe"));
    EXPECT_EQ(vec(s->sign({m.first(7), m.subspan(7, 0), m.subspan(7, 30), m.subspan(37)})),
              hex("51f0bebf 7e3b9d92 fc497417 79363cfe"));
  }
}

// RFC 4231 test cases 1, 2 and 6 (HMAC-SHA256), truncated to the 16 bytes SMB 2 signs with.
TEST(Signer, HmacSha256MatchesRfc4231Truncated) {
  auto s1 = make_signer(SigningAlgorithm::HmacSha256, std::vector<uint8_t>(20, 0x0b));
  EXPECT_EQ(s1->algorithm(), SigningAlgorithm::HmacSha256);
  EXPECT_EQ(vec(s1->sign({ascii("Hi There")})), hex("b0344c61d8db38535ca8afceaf0bf12b"));
  EXPECT_EQ(vec(s1->sign({ascii("Hi "), ascii("There")})), hex("b0344c61d8db38535ca8afceaf0bf12b"));
  auto s2 = make_signer(SigningAlgorithm::HmacSha256, ascii("Jefe"));
  EXPECT_EQ(vec(s2->sign({ascii("what do ya want for nothing?")})),
            hex("5bdcc146bf60754e6a042426089575c7"));
  auto s6 = make_signer(SigningAlgorithm::HmacSha256, std::vector<uint8_t>(131, 0xaa));
  EXPECT_EQ(vec(s6->sign({ascii("Test Using Larger Than Block-Size Key - Hash Key First")})),
            hex("60e431591ee0b67f0d8a26aacbf5b77f"));
  // Reuse gives the same answer as the one-shot HMAC.
  for (int i = 0; i < 3; ++i) {
    auto full = hmac_sha256(ascii("Jefe"), ascii("what do ya want for nothing?"));
    EXPECT_EQ(vec(s2->sign({ascii("what do ya want for nothing?")})),
              std::vector<uint8_t>(full.begin(), full.begin() + 16));
  }
}

// AES-128-GMAC (RFC 4543: GCM over additional data only). IEEE 802.1AE (MACsec) GCM-AES test
// vectors, bn-randall-test-vectors-0511-v1, 2.1.1 "54-byte packet authentication using
// GCM-AES-128"; and the GCM specification's test case 1 (McGrew & Viega; NIST SP 800-38D),
// where nothing at all is authenticated.
TEST(Signer, AesGmacMatchesIeee8021AeIntegrityVector) {
  auto s = make_signer(SigningAlgorithm::AesGmac, hex("AD7A2BD03EAC835A6F620FDCB506B345"));
  EXPECT_EQ(s->algorithm(), SigningAlgorithm::AesGmac);
  const auto packet = hex(
      "D609B1F056637A0D46DF998D88E5222AB2C2846512153524C0895E8108000F101112131415161718191A1B1C1D1E"
      "1F202122232425262728292A2B2C2D2E2F30313233340001");
  const auto nonce = hex("12153524C0895E81B2C28465");
  const Bytes p(packet);
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(vec(s->sign({p}, nonce)), hex("F09478A9B09007D06F46E9B6A1DA25DD"));
    EXPECT_EQ(vec(s->sign({p.first(5), p.subspan(5, 17), p.subspan(22)}, nonce)),
              hex("F09478A9B09007D06F46E9B6A1DA25DD"));
  }
  auto zero = make_signer(SigningAlgorithm::AesGmac, std::vector<uint8_t>(16, 0));
  EXPECT_EQ(vec(zero->sign({}, std::vector<uint8_t>(12, 0))),
            hex("58e2fccefa7e3061367f1d57a4e7455a"));
}

TEST(Signer, RejectsBadKeysAndNonces) {
  EXPECT_THROW(make_signer(SigningAlgorithm::AesCmac, std::vector<uint8_t>(32, 1)),
               std::invalid_argument);
  EXPECT_THROW(make_signer(SigningAlgorithm::AesGmac, std::vector<uint8_t>(15, 1)),
               std::invalid_argument);
  EXPECT_THROW(make_signer(static_cast<SigningAlgorithm>(7), std::vector<uint8_t>(16, 1)),
               std::invalid_argument);
  auto g = make_signer(SigningAlgorithm::AesGmac, std::vector<uint8_t>(16, 1));
  EXPECT_THROW(g->sign({ascii("x")}), std::invalid_argument);
  EXPECT_THROW(g->sign({ascii("x")}, std::vector<uint8_t>(11, 0)), std::invalid_argument);
  EXPECT_NO_THROW(make_signer(SigningAlgorithm::HmacSha256, {}));
}

// MS-SMB2 3.1.4.1: MessageId, then bit 0 = sent by the server, bit 1 = CANCEL request.
TEST(Signer, GmacNonceLayout) {
  EXPECT_EQ(vec(smb2_gmac_nonce(0x0102030405060708, false, false)),
            hex("0807060504030201 00000000"));
  EXPECT_EQ(vec(smb2_gmac_nonce(0x0102030405060708, true, false)),
            hex("0807060504030201 01000000"));
  EXPECT_EQ(vec(smb2_gmac_nonce(5, false, true)), hex("0500000000000000 02000000"));
  EXPECT_EQ(vec(smb2_gmac_nonce(~uint64_t{0}, true, true)), hex("ffffffffffffffff 03000000"));
}

// [ANATOMY], [ENC311]: the final SESSION_SETUP responses of 3.1.1 sessions are signed with
// AES-128-CMAC under Session.SigningKey.
TEST(Signer, VerifiesAndReproducesMicrosoftsSignedSessionSetupResponses) {
  struct Case {
    const char* key;
    const char* message;
  } cases[] = {
      {ms::anatomy311::kSigningKey, ms::anatomy311::kSessionSetupResponse2},
      {ms::enc311_gcm::kSigningKey, ms::enc311_gcm::kSessionSetupResponse2},
      {ms::enc311_ccm::kSigningKey, ms::enc311_ccm::kSessionSetupResponse2},
  };
  for (const Case& c : cases) {
    auto s = make_signer(SigningAlgorithm::AesCmac, hex(c.key));
    auto message = hex(c.message);
    const auto published = signature_of(message);
    EXPECT_TRUE(smb2_verify(*s, message)) << c.message;
    // Signing recomputes the same bytes (flags already carry SMB2_FLAGS_SIGNED).
    auto resigned = message;
    std::fill(resigned.begin() + 48, resigned.begin() + 64, 0xEE);
    smb2_sign(*s, resigned);
    EXPECT_EQ(resigned, message);
    EXPECT_EQ(signature_of(resigned), published);
  }
}

// [ANATOMY] 3.1.1 session binding on a second channel: the binding's requests and its interim
// response are signed with the session's SigningKey, the final response with the new channel's.
TEST(Signer, VerifiesMicrosoftsSessionBindingExchange) {
  namespace v = ms::anatomy311;
  auto session = make_signer(SigningAlgorithm::AesCmac, hex(v::kSigningKey));
  auto channel = make_signer(SigningAlgorithm::AesCmac, hex(v::kChannel2SigningKey));
  EXPECT_TRUE(smb2_verify(*session, hex(v::kChannel2SessionSetupRequest1)));
  EXPECT_TRUE(smb2_verify(*session, hex(v::kChannel2SessionSetupResponse1)));
  EXPECT_TRUE(smb2_verify(*channel, hex(v::kChannel2SessionSetupResponse2)));
  EXPECT_FALSE(smb2_verify(*session, hex(v::kChannel2SessionSetupResponse2)));
}

TEST(Signer, TamperingFailsVerification) {
  namespace v = ms::anatomy311;
  auto s = make_signer(SigningAlgorithm::AesCmac, hex(v::kSigningKey));
  const auto good = hex(v::kSessionSetupResponse2);
  ASSERT_TRUE(smb2_verify(*s, good));
  for (size_t i :
       {size_t{0}, size_t{16}, size_t{24}, size_t{48}, size_t{63}, size_t{64}, good.size() - 1}) {
    auto bad = good;
    bad[i] ^= 0x01;
    EXPECT_FALSE(smb2_verify(*s, bad)) << "byte " << i;
  }
  auto longer = good;
  longer.push_back(0);
  EXPECT_FALSE(smb2_verify(*s, longer));
  EXPECT_FALSE(smb2_verify(*s, Bytes(good).first(good.size() - 1)));
  EXPECT_FALSE(smb2_verify(*s, Bytes(good).first(63)));
  auto other = make_signer(SigningAlgorithm::AesCmac, hex(v::kChannel2SigningKey));
  EXPECT_FALSE(smb2_verify(*other, good));
}

std::vector<uint8_t> make_message(uint16_t command, uint32_t flags, uint64_t message_id,
                                  size_t size) {
  std::vector<uint8_t> m(size);
  for (size_t i = 0; i < size; ++i) m[i] = static_cast<uint8_t>(i * 7 + 3);
  const uint8_t proto[] = {0xFE, 'S', 'M', 'B'};
  std::copy(std::begin(proto), std::end(proto), m.begin());
  m[12] = static_cast<uint8_t>(command);
  m[13] = static_cast<uint8_t>(command >> 8);
  for (int i = 0; i < 4; ++i) m[16 + i] = static_cast<uint8_t>(flags >> (8 * i));
  for (int i = 0; i < 8; ++i) m[24 + i] = static_cast<uint8_t>(message_id >> (8 * i));
  return m;
}

// smb2_sign sets SMB2_FLAGS_SIGNED, zeroes the field, MACs the whole message; `tail` is MACed as
// if it followed the message in the buffer.
TEST(Signer, SignsWholeMessageAndTail) {
  for (auto alg :
       {SigningAlgorithm::HmacSha256, SigningAlgorithm::AesCmac, SigningAlgorithm::AesGmac}) {
    auto s = make_signer(alg, hex("000102030405060708090a0b0c0d0e0f"));
    auto whole = make_message(0x0008, 0x00000001, 42, 64 + 16 + 1000);
    auto head = std::vector<uint8_t>(whole.begin(), whole.begin() + 80);
    const std::vector<uint8_t> tail(whole.begin() + 80, whole.end());
    smb2_sign(*s, whole);
    smb2_sign(*s, head, tail);
    EXPECT_EQ(head, std::vector<uint8_t>(whole.begin(), whole.begin() + 80));
    EXPECT_EQ(whole[16], 0x09);  // SERVER_TO_REDIR | SIGNED
    EXPECT_TRUE(smb2_verify(*s, whole));
    EXPECT_TRUE(smb2_verify(*s, head, tail));
    auto bad_tail = tail;
    bad_tail[500] ^= 0x80;
    EXPECT_FALSE(smb2_verify(*s, head, bad_tail));

    // The signature is the MAC of the message with a zero Signature field.
    auto zeroed = whole;
    std::fill(zeroed.begin() + 48, zeroed.begin() + 64, 0);
    const auto nonce = smb2_gmac_nonce(42, true, false);
    EXPECT_EQ(vec(s->sign({zeroed}, nonce)), signature_of(whole));
  }
  std::vector<uint8_t> short_message(63);
  auto s = make_signer(SigningAlgorithm::AesCmac, std::vector<uint8_t>(16, 1));
  EXPECT_THROW(smb2_sign(*s, short_message), std::invalid_argument);
}

// The GMAC nonce comes from the header: MessageId, the direction flag, CANCEL requests.
TEST(Signer, GmacNonceIsTakenFromTheHeader) {
  auto s = make_signer(SigningAlgorithm::AesGmac, hex("000102030405060708090a0b0c0d0e0f"));
  struct Case {
    uint16_t command;
    uint32_t flags;
    bool from_server, cancel;
  } cases[] = {
      {0x0005, 0x00000000, false, false},  // CREATE request
      {0x0005, 0x00000001, true, false},   // CREATE response
      {0x000C, 0x00000000, false, true},   // CANCEL request
      {0x000C, 0x00000002, false, true},   // async CANCEL request
      {0x000C, 0x00000001, true, false},   // (a response to CANCEL does not exist; not a request)
  };
  for (const Case& c : cases) {
    auto m = make_message(c.command, c.flags, 0x1122334455667788, 64 + 24);
    smb2_sign(*s, m);
    auto zeroed = m;
    std::fill(zeroed.begin() + 48, zeroed.begin() + 64, 0);
    EXPECT_EQ(vec(s->sign({zeroed}, smb2_gmac_nonce(0x1122334455667788, c.from_server, c.cancel))),
              signature_of(m))
        << c.command << " " << c.flags;
    EXPECT_TRUE(smb2_verify(*s, m));
    // The same bytes under another MessageId, direction or cancel bit do not verify.
    EXPECT_NE(vec(s->sign({zeroed}, smb2_gmac_nonce(0x1122334455667789, c.from_server, c.cancel))),
              signature_of(m));
    EXPECT_NE(vec(s->sign({zeroed}, smb2_gmac_nonce(0x1122334455667788, !c.from_server, c.cancel))),
              signature_of(m));
    EXPECT_NE(vec(s->sign({zeroed}, smb2_gmac_nonce(0x1122334455667788, c.from_server, !c.cancel))),
              signature_of(m));
  }
}

// One signer reused for many messages of different sizes gives what a fresh one gives.
TEST(Signer, ReusedSignerMatchesFreshSigner) {
  for (auto alg :
       {SigningAlgorithm::HmacSha256, SigningAlgorithm::AesCmac, SigningAlgorithm::AesGmac}) {
    const auto key = hex("f0e1d2c3b4a5968778695a4b3c2d1e0f");
    auto reused = make_signer(alg, key);
    for (size_t size : {64, 65, 80, 127, 128, 4096, 65536 + 3}) {
      auto m = make_message(0x0009, 0, size, size);
      auto fresh_m = m;
      smb2_sign(*reused, m);
      smb2_sign(*make_signer(alg, key), fresh_m);
      EXPECT_EQ(m, fresh_m) << size;
    }
  }
}

}  // namespace
}  // namespace smbkit::crypto
