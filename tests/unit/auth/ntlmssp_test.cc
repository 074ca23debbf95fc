#include "auth/ntlmssp.h"

#include <gtest/gtest.h>

#include "auth_test_util.h"
#include "ms_nlmp_vectors.h"

namespace smbkit::auth {
namespace {

using test::arr;
using test::hex;
using test::vec;

const Version kSpecClientVersion{5, 1, 2600, 15};

// --- AV pairs ---

TEST(AvPairs, EncodesInOrderWithTerminator) {
  AvPairs pairs;
  pairs.set_string(AvId::NbDomainName, "Domain");
  pairs.set_string(AvId::NbComputerName, "Server");
  EXPECT_EQ(pairs.encode(), hex("02 00 0c 00 44 00 6f 00 6d 00 61 00 69 00 6e 00"
                                "01 00 0c 00 53 00 65 00 72 00 76 00 65 00 72 00 00 00 00 00"));
}

TEST(AvPairs, DecodesTypedValues) {
  AvPairs pairs;
  pairs.set_string(AvId::DnsDomainName, "example.org");
  pairs.set(AvId::Timestamp, hex("0102030405060708"));
  pairs.set(AvId::Flags, hex("02000000"));
  auto decoded = AvPairs::decode(pairs.encode());
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, pairs);
  EXPECT_EQ(decoded->string(AvId::DnsDomainName), "example.org");
  EXPECT_EQ(decoded->timestamp(), 0x0807060504030201u);
  EXPECT_EQ(decoded->flags(), kAvFlagMicPresent);
  EXPECT_EQ(decoded->find(AvId::SingleHost), nullptr);
}

TEST(AvPairs, SetReplacesAnExistingPair) {
  AvPairs pairs;
  pairs.set(AvId::Flags, hex("01000000"));
  pairs.set(AvId::Flags, hex("03000000"));
  ASSERT_EQ(pairs.items.size(), 1u);
  EXPECT_EQ(pairs.flags(), 3u);
}

TEST(AvPairs, IgnoresBytesAfterEolAndRejectsMissingEolOrOverrun) {
  EXPECT_TRUE(AvPairs::decode(hex("00 00 00 00 00 00 00 00")));   // blob padding after EOL
  EXPECT_FALSE(AvPairs::decode(hex("02 00 02 00 41 00")));        // no EOL
  EXPECT_FALSE(AvPairs::decode(hex("02 00 08 00 41 00 00 00")));  // value runs past the end
  EXPECT_FALSE(AvPairs::decode({}));
}

TEST(AvPairs, WrongSizedTimestampOrFlagsAreIgnored) {
  AvPairs pairs;
  pairs.set(AvId::Timestamp, hex("0102"));
  pairs.set(AvId::Flags, hex("02"));
  EXPECT_FALSE(pairs.timestamp());
  EXPECT_FALSE(pairs.flags());
}

// --- NEGOTIATE ---

TEST(NegotiateMessage, RoundTripsWithOemNamesAndVersion) {
  NegotiateMessage m;
  m.flags = kNegotiateUnicode | kNegotiateNtlm | kNegotiateOemDomainSupplied |
            kNegotiateOemWorkstationSupplied | kNegotiateVersion;
  m.domain = "DOMAIN";
  m.workstation = "WS01";
  m.version = kLocalVersion;
  auto bytes = m.encode();
  ASSERT_TRUE(bytes);
  EXPECT_EQ(bytes->size(), 40u + 6 + 4);
  EXPECT_EQ(ntlmssp_message_type(*bytes), NtlmMessageType::Negotiate);
  auto d = NegotiateMessage::decode(*bytes);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->flags, m.flags);
  EXPECT_EQ(d->domain, "DOMAIN");
  EXPECT_EQ(d->workstation, "WS01");
  EXPECT_EQ(d->version, kLocalVersion);
}

TEST(NegotiateMessage, AcceptsTheShortestEarlyForm) {
  // Signature, type 1 and flags only (NTLM | OEM).
  auto d = NegotiateMessage::decode(hex("4e544c4d53535000 01000000 02020000"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->flags, 0x00000202u);
  EXPECT_TRUE(d->domain.empty());
  EXPECT_FALSE(d->version);
}

TEST(NegotiateMessage, RejectsBadSignatureWrongTypeAndLyingFields) {
  NegotiateMessage m;
  m.flags = kNegotiateNtlm | kNegotiateOemDomainSupplied;
  m.domain = "DOM";
  auto good = *m.encode();
  auto bad_sig = good;
  bad_sig[0] = 'X';
  EXPECT_FALSE(NegotiateMessage::decode(bad_sig));
  auto wrong_type = good;
  wrong_type[8] = 2;
  EXPECT_FALSE(NegotiateMessage::decode(wrong_type));
  auto past_end = good;
  past_end[16] = 0x40;  // domain length 64 in a 35-byte message
  EXPECT_FALSE(NegotiateMessage::decode(past_end));
  auto into_header = good;
  into_header[20] = 8;  // domain offset inside the fixed header
  EXPECT_FALSE(NegotiateMessage::decode(into_header));
}

// --- CHALLENGE ---

TEST(ChallengeMessage, DecodesAndReencodes4_2_4_3ByteForByte) {
  auto bytes = hex(spec::kV2ChallengeMessage);
  auto m = ChallengeMessage::decode(bytes);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->flags, 0xe28a8233u);
  EXPECT_EQ(m->target_name, "Server");
  EXPECT_EQ(vec(m->server_challenge), hex(spec::kServerChallenge));
  EXPECT_EQ(m->target_info.string(AvId::NbDomainName), "Domain");
  EXPECT_EQ(m->target_info.string(AvId::NbComputerName), "Server");
  EXPECT_EQ(m->version, (Version{6, 0, 6000, 15}));
  EXPECT_EQ(m->encode(), bytes);
}

TEST(ChallengeMessage, Decodes4_2_3_3WithoutTargetInfo) {
  auto m = ChallengeMessage::decode(hex(spec::kEssChallengeMessage));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->flags, 0x820a8233u);
  EXPECT_EQ(m->target_name, "Server");
  EXPECT_TRUE(m->target_info.items.empty());
  EXPECT_EQ(m->version, (Version{6, 0, 6000, 15}));
}

TEST(ChallengeMessage, RefusesThe4_2_2_3MessageWhoseTargetNamePointsPastItsEnd) {
  EXPECT_EQ(ChallengeMessage::decode(hex(spec::kV1ChallengeMessage)).error(),
            NtStatus::InvalidParameter);
}

TEST(ChallengeMessage, EveryTruncationFailsCleanly) {
  auto bytes = hex(spec::kV2ChallengeMessage);
  for (size_t n = 0; n < bytes.size(); ++n)
    EXPECT_FALSE(ChallengeMessage::decode(Bytes(bytes).first(n))) << "length " << n;
}

TEST(ChallengeMessage, OemTargetNameWithoutUnicode) {
  ChallengeMessage m;
  m.flags = kNegotiateOem | kNegotiateNtlm;
  m.target_name = "WORKGROUP";
  auto bytes = *m.encode();
  EXPECT_EQ(bytes.size(), 48u + 9);
  EXPECT_EQ(ChallengeMessage::decode(bytes)->target_name, "WORKGROUP");
}

// --- AUTHENTICATE ---

AuthenticateMessage spec_authenticate(uint32_t flags, std::string_view lm, std::string_view nt,
                                      std::string_view session_key) {
  AuthenticateMessage m;
  m.flags = flags;
  m.domain = spec::kDomain;
  m.user = spec::kUser;
  m.workstation = spec::kWorkstation;
  m.lm_response = hex(lm);
  m.nt_response = hex(nt);
  m.encrypted_random_session_key = hex(session_key);
  m.version = kSpecClientVersion;
  return m;
}

TEST(AuthenticateMessage, Reproduces4_2_2_3) {
  auto m = spec_authenticate(0xe2808235, spec::kV1LmResponse, spec::kV1NtResponse,
                             spec::kV1EncryptedSessionKey);
  EXPECT_EQ(m.encode(), hex(spec::kV1AuthenticateMessage));
}

TEST(AuthenticateMessage, Reproduces4_2_3_3) {
  auto m = spec_authenticate(0x82088235, spec::kEssLmResponse, spec::kEssNtResponse, "");
  EXPECT_EQ(m.encode(), hex(spec::kEssAuthenticateMessage));
}

TEST(AuthenticateMessage, Reproduces4_2_4_3FromComputedResponses) {
  auto key = ntowf_v2(nt_hash(spec::kPassword), spec::kUser, spec::kDomain);
  const Challenge sc = arr<8>(spec::kServerChallenge);
  const Challenge cc = arr<8>(spec::kClientChallenge);
  AvPairs info;
  info.set_string(AvId::NbDomainName, spec::kDomain);
  info.set_string(AvId::NbComputerName, spec::kServerName);
  auto blob = ntlmv2_client_blob(0, cc, info.encode());
  auto proof = ntlmv2_proof(key, sc, blob);
  auto base = ntlmv2_session_base_key(key, proof);
  auto lm = lmv2_response(key, sc, cc);

  AuthenticateMessage m;
  m.flags = 0xe2888235;
  m.domain = spec::kDomain;
  m.user = spec::kUser;
  m.workstation = spec::kWorkstation;
  m.lm_response = vec(lm);
  m.nt_response = ntlmv2_response(key, sc, blob);
  m.encrypted_random_session_key = vec(rc4_session_key(base, arr<16>(spec::kRandomSessionKey)));
  m.version = kSpecClientVersion;
  EXPECT_EQ(m.encode(), hex(spec::kV2AuthenticateMessage));
}

TEST(AuthenticateMessage, Decodes4_2_4_3) {
  auto m = AuthenticateMessage::decode(hex(spec::kV2AuthenticateMessage));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->flags, 0xe2888235u);
  EXPECT_EQ(m->domain, "Domain");
  EXPECT_EQ(m->user, "User");
  EXPECT_EQ(m->workstation, "COMPUTER");
  EXPECT_EQ(m->lm_response, hex(spec::kV2LmResponse));
  EXPECT_EQ(m->nt_response.size(), 0x54u);
  EXPECT_EQ(Bytes(m->nt_response).first(16).size(), 16u);
  EXPECT_EQ(vec(Bytes(m->nt_response).first(16)), hex(spec::kV2NtProofStr));
  EXPECT_EQ(m->encrypted_random_session_key, hex(spec::kV2EncryptedSessionKey));
  EXPECT_EQ(m->version, kSpecClientVersion);
  EXPECT_FALSE(m->mic);  // the example's payload starts at 0x48: no room for a MIC
}

TEST(AuthenticateMessage, RoundTripsWithMic) {
  AuthenticateMessage m;
  m.flags = kNegotiateUnicode | kNegotiateNtlm | kNegotiateVersion;
  m.user = "alice";
  m.domain = "WORKGROUP";
  m.lm_response.assign(24, 0);
  m.nt_response = hex("00112233445566778899aabbccddeeff0101");
  m.version = kLocalVersion;
  m.mic = arr<16>("f0e1d2c3b4a5968778695a4b3c2d1e0f");
  auto bytes = m.encode();
  ASSERT_TRUE(bytes);
  EXPECT_EQ(vec(Bytes(*bytes).subspan(AuthenticateMessage::kMicOffset, 16)),
            hex("f0e1d2c3b4a5968778695a4b3c2d1e0f"));
  auto d = AuthenticateMessage::decode(*bytes);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->mic, m.mic);
  EXPECT_EQ(d->user, "alice");
  EXPECT_EQ(d->domain, "WORKGROUP");
  EXPECT_EQ(d->nt_response, m.nt_response);
  EXPECT_EQ(d->version, kLocalVersion);
}

TEST(AuthenticateMessage, OemStringsWithoutUnicode) {
  auto m = spec_authenticate(kNegotiateNtlm | kNegotiateOem, "", "", "");
  m.version.reset();
  auto bytes = *m.encode();
  EXPECT_EQ(bytes.size(), 64u + 6 + 4 + 8);
  auto d = AuthenticateMessage::decode(bytes);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->user, "User");
  EXPECT_EQ(d->workstation, "COMPUTER");
}

TEST(AuthenticateMessage, EveryTruncationFailsCleanly) {
  auto bytes = hex(spec::kV2AuthenticateMessage);
  for (size_t n = 0; n < bytes.size(); ++n)
    EXPECT_FALSE(AuthenticateMessage::decode(Bytes(bytes).first(n))) << "length " << n;
}

TEST(AuthenticateMessage, RejectsLyingFieldsAndOddUnicode) {
  auto bytes = hex(spec::kV2AuthenticateMessage);
  auto huge_offset = bytes;
  huge_offset[20] = 0xff;  // NT response offset 0xff84 (message is 232 bytes)
  huge_offset[21] = 0xff;
  EXPECT_FALSE(AuthenticateMessage::decode(huge_offset));
  auto wrapping = bytes;
  wrapping[16] = 0xff;  // NT response Len 0xff54 from offset 0x84
  wrapping[17] = 0xff;
  EXPECT_FALSE(AuthenticateMessage::decode(wrapping));
  auto offset_in_header = bytes;
  offset_in_header[32] = 0x10;  // domain offset 0x10, inside the 64-byte header
  EXPECT_FALSE(AuthenticateMessage::decode(offset_in_header));
  auto odd_user = bytes;
  odd_user[36] = 7;  // user Len 7: not UTF-16
  EXPECT_FALSE(AuthenticateMessage::decode(odd_user));
}

TEST(AuthenticateMessage, EncodeRefusesFieldsTooLongForTheirLength) {
  AuthenticateMessage m;
  m.flags = kNegotiateUnicode;
  m.nt_response.assign(0x10000, 1);
  EXPECT_EQ(m.encode().error(), NtStatus::InvalidParameter);
}

TEST(NtlmsspMessageType, NeedsSignatureAndKnownType) {
  EXPECT_EQ(ntlmssp_message_type(hex(spec::kV2AuthenticateMessage)), NtlmMessageType::Authenticate);
  EXPECT_FALSE(ntlmssp_message_type(hex("4e544c4d53535000 04000000")));
  EXPECT_FALSE(ntlmssp_message_type(hex("4e544c4d53535000 0100")));
}

}  // namespace
}  // namespace smbkit::auth
