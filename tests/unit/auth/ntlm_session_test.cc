#include "auth/ntlm_session.h"

#include <gtest/gtest.h>

#include "auth/ntlm_client.h"
#include "auth/ntlm_server.h"
#include "auth/ntlmssp_flags.h"
#include "auth/spnego.h"
#include "auth_test_util.h"
#include "crypto/cipher.h"
#include "crypto/mac.h"
#include "ms_nlmp_vectors.h"

namespace smbkit::auth {
namespace {

using test::arr;
using test::hex;
using test::vec;

// MS-NLMP 4.2.x.4: "Plaintext" in UTF-16LE, sequence number 0.
const std::vector<uint8_t> kPlaintext =
    hex("50 00 6c 00 61 00 69 00 6e 00 74 00 65 00 78 00 74 00");

TEST(NtlmSession, KeysAndSealMatchMsNlmp4_2_4_4) {
  const uint32_t flags = 0xe28a8233;
  const SessionKey exported = arr<16>(spec::kRandomSessionKey);
  auto seal = ntlm_sealing_key(exported, flags, NtlmDirection::ClientToServer);
  auto sign = ntlm_signing_key(exported, NtlmDirection::ClientToServer);
  EXPECT_EQ(vec(seal), hex("59 f6 00 97 3c c4 96 0a 25 48 0a 7c 19 6e 4c 58"));
  EXPECT_EQ(vec(sign), hex("47 88 dc 86 1b 47 82 f3 5d 43 fd 98 fe 1a 2d 39"));

  // SEAL: the message, then the checksum, through one RC4 handle.
  const uint8_t seq[4] = {0, 0, 0, 0};
  auto mac = crypto::hmac_md5(sign, {seq, kPlaintext});
  std::vector<uint8_t> checksum(mac.begin(), mac.begin() + 8);
  EXPECT_EQ(checksum, hex("70 35 28 51 f2 56 43 09"));
  crypto::Rc4Stream handle(seal);
  auto sealed = kPlaintext;
  handle.apply(sealed);
  EXPECT_EQ(sealed, hex("54 e5 01 65 bf 19 36 dc 99 60 20 c1 81 1b 0f 06 fb 5f"));
  handle.apply(checksum);
  EXPECT_EQ(checksum, hex("7f b3 8e c5 c5 5d 49 76"));
}

TEST(NtlmSession, SignatureMatchesMsNlmp4_2_3_4With56BitKeysAndNoKeyExchange) {
  const uint32_t flags = 0x820a8233;  // extended session security, 56-bit, no KEY_EXCH
  const SessionKey exported = arr<16>(spec::kEssKeyExchangeKey);
  EXPECT_EQ(vec(ntlm_sealing_key(exported, flags, NtlmDirection::ClientToServer)),
            hex("04 dd 7f 01 4d 85 04 d2 65 a2 5c c8 6a 3a 7c 06"));
  EXPECT_EQ(vec(ntlm_signing_key(exported, NtlmDirection::ClientToServer)),
            hex("60 e7 99 be 5c 72 fc 92 92 2a e8 eb e9 61 fb 8d"));
  auto signer = NtlmSigner::create(exported, flags, NtlmDirection::ClientToServer);
  ASSERT_TRUE(signer);
  EXPECT_EQ(vec(signer->sign(kPlaintext)), hex("01 00 00 00 ff 2a eb 52 f6 81 79 3a 00 00 00 00"));
}

TEST(NtlmSession, GetMicWithKeyExchangeEncryptsTheChecksumAndCountsSequence) {
  const uint32_t flags = 0xe28a8233;
  const SessionKey exported = arr<16>(spec::kRandomSessionKey);
  auto signer = NtlmSigner::create(exported, flags, NtlmDirection::ServerToClient);
  ASSERT_TRUE(signer);
  auto sig0 = signer->sign(kPlaintext);
  // By hand: HMAC under the server's signing key, RC4 under a fresh server sealing handle.
  const uint8_t seq0[4] = {0, 0, 0, 0};
  auto mac = crypto::hmac_md5(ntlm_signing_key(exported, NtlmDirection::ServerToClient),
                              {seq0, kPlaintext});
  auto enc = crypto::rc4(ntlm_sealing_key(exported, flags, NtlmDirection::ServerToClient),
                         Bytes(mac).first(8));
  std::vector<uint8_t> expected = hex("01000000");
  expected.insert(expected.end(), enc.begin(), enc.end());
  expected.insert(expected.end(), {0, 0, 0, 0});
  EXPECT_EQ(vec(sig0), expected);
  auto sig1 = signer->sign(kPlaintext);
  EXPECT_EQ(vec(Bytes(sig1).subspan(12)), hex("01000000"));
  EXPECT_NE(sig0, sig1);
}

TEST(NtlmSession, VerifierFollowsTheSenderAndRejectsTampering) {
  const uint32_t flags = 0xe28a8233;
  const SessionKey exported = arr<16>("000102030405060708090a0b0c0d0e0f");
  auto sender = *NtlmSigner::create(exported, flags, NtlmDirection::ClientToServer);
  auto receiver = *NtlmSigner::create(exported, flags, NtlmDirection::ClientToServer);
  auto a = sender.sign(kPlaintext);
  auto b = sender.sign(kPlaintext);
  EXPECT_TRUE(receiver.verify(kPlaintext, a));
  auto tampered = b;
  tampered[5] ^= 1;
  EXPECT_FALSE(receiver.verify(kPlaintext, tampered));
  // The other direction's keys do not verify.
  auto other = *NtlmSigner::create(exported, flags, NtlmDirection::ServerToClient);
  EXPECT_FALSE(other.verify(kPlaintext, a));
}

TEST(NtlmSession, NeedsExtendedSessionSecurity) {
  EXPECT_EQ(NtlmSigner::create({}, kNegotiate128 | kNegotiateKeyExch, NtlmDirection::ClientToServer)
                .error(),
            NtStatus::NotSupported);
}

TEST(NtlmSession, SpnegoMechListMicAfterARealExchange) {
  UserDb db;
  db.add("alice", "secret");
  NtlmClientContext client("alice", "secret", "WORKGROUP", "WS01");
  NtlmServerContext server("SMBKIT", "WORKGROUP");
  auto init = std::get<NegTokenInit>(*decode_spnego(spnego_client_init(client.negotiate())));
  auto challenge = server.challenge(*init.mech_token);
  auto auth = client.authenticate(*challenge);
  auto outcome = server.authenticate(*auth, db, false);
  ASSERT_TRUE(outcome);

  auto mech_list = mech_type_list_der(init.mech_types);
  ASSERT_TRUE(mech_list);
  EXPECT_EQ(*mech_list, hex("30 0c 06 0a 2b 06 01 04 01 82 37 02 02 0a"));
  SessionKey key;
  std::copy(outcome->session_key.begin(), outcome->session_key.end(), key.begin());
  // Client -> server MIC, then server -> client MIC, each checked by the other side.
  auto client_mic =
      NtlmSigner::create(key, server.flags(), NtlmDirection::ClientToServer)->sign(*mech_list);
  EXPECT_TRUE(NtlmSigner::create(key, server.flags(), NtlmDirection::ClientToServer)
                  ->verify(*mech_list, client_mic));
  auto server_mic =
      NtlmSigner::create(key, server.flags(), NtlmDirection::ServerToClient)->sign(*mech_list);
  EXPECT_TRUE(NtlmSigner::create(key, server.flags(), NtlmDirection::ServerToClient)
                  ->verify(*mech_list, server_mic));
  EXPECT_NE(client_mic, server_mic);
}

}  // namespace
}  // namespace smbkit::auth
