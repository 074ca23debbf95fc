#include "auth/ntlm_client.h"

#include <gtest/gtest.h>

#include "auth/ntlm_server.h"
#include "auth/ntlmssp.h"
#include "auth/spnego.h"
#include "auth_test_util.h"
#include "ms_nlmp_vectors.h"

namespace smbkit::auth {
namespace {

using test::arr;
using test::hex;
using test::vec;

UserDb make_db() {
  UserDb db;
  db.add("alice", "secret");
  Account dave;
  dave.name = "dave";
  dave.nt_hash = nt_hash("secret");
  dave.disabled = true;
  db.add(dave);
  return db;
}

struct Exchange {
  std::vector<uint8_t> negotiate, challenge, authenticate;
};

Exchange run(NtlmClientContext& client, NtlmServerContext& server) {
  Exchange e;
  e.negotiate = client.negotiate();
  auto challenge = server.challenge(e.negotiate);
  EXPECT_TRUE(challenge);
  if (challenge) e.challenge = *challenge;
  auto auth = client.authenticate(e.challenge);
  EXPECT_TRUE(auth);
  if (auth) e.authenticate = *auth;
  return e;
}

TEST(NtlmClient, NegotiateOffersWhatSmbNeeds) {
  NtlmClientContext client("alice", "secret", "WORKGROUP", "WS");
  auto m = NegotiateMessage::decode(client.negotiate());
  ASSERT_TRUE(m);
  for (uint32_t f : {kNegotiateUnicode, kNegotiateNtlm, kNegotiateExtendedSessionSecurity,
                     kNegotiate128, kNegotiateKeyExch, kNegotiateSign, kNegotiateVersion})
    EXPECT_TRUE(m->flags & f) << std::hex << f;
  EXPECT_FALSE(m->flags & kNegotiateLmKey);
  EXPECT_EQ(m->version, kLocalVersion);
}

TEST(NtlmClient, ComputesTheMsNlmp4_2_4ResponsesFromTheExampleChallenge) {
  NtlmClientContext client("User", "Password", "Domain", "COMPUTER");
  client.negotiate();
  ClientNonces nonces;
  nonces.client_challenge = arr<8>(spec::kClientChallenge);
  nonces.random_session_key = arr<16>(spec::kRandomSessionKey);
  nonces.timestamp = 0;
  auto bytes = client.authenticate(hex(spec::kV2ChallengeMessage), nonces);
  ASSERT_TRUE(bytes);
  auto m = AuthenticateMessage::decode(*bytes);
  ASSERT_TRUE(m);
  // No timestamp in the example's target info: LMv2 is sent, no MIC, and the blob is "temp".
  EXPECT_EQ(m->lm_response, hex(spec::kV2LmResponse));
  auto nt = hex(spec::kV2NtProofStr);
  auto temp = hex(spec::kV2Temp);
  nt.insert(nt.end(), temp.begin(), temp.end());
  EXPECT_EQ(m->nt_response, nt);
  EXPECT_EQ(m->encrypted_random_session_key, hex(spec::kV2EncryptedSessionKey));
  EXPECT_FALSE(m->mic);
  EXPECT_EQ(client.session_key(), hex(spec::kRandomSessionKey));
}

TEST(NtlmClient, AuthenticateNeedsNegotiateFirstAndAValidChallenge) {
  NtlmClientContext client("alice", "secret", "", "");
  EXPECT_EQ(client.authenticate(hex(spec::kV2ChallengeMessage)).error(),
            NtStatus::InvalidParameter);
  client.negotiate();
  EXPECT_EQ(client.authenticate(hex(spec::kV1ChallengeMessage)).error(),
            NtStatus::InvalidParameter);
}

// --- client <-> server ---

TEST(NtlmRoundTrip, RightPasswordGivesEqualSessionKeysAndAVerifiedMic) {
  auto db = make_db();
  NtlmClientContext client("ALICE", "secret", "WORKGROUP", "WS01");
  NtlmServerContext server("SMBKIT", "WORKGROUP");
  auto e = run(client, server);
  auto auth = AuthenticateMessage::decode(e.authenticate);
  ASSERT_TRUE(auth);
  ASSERT_TRUE(auth->mic);                                     // the server sent a timestamp
  EXPECT_EQ(auth->lm_response, std::vector<uint8_t>(24, 0));  // so LMv2 is zeroed
  EXPECT_FALSE(auth->encrypted_random_session_key.empty());   // and keys are exchanged

  auto outcome = server.authenticate(e.authenticate, db, false);
  ASSERT_TRUE(outcome) << status_name(outcome.error());
  EXPECT_EQ(outcome->user, "alice");
  EXPECT_EQ(outcome->domain, "WORKGROUP");
  EXPECT_EQ(outcome->workstation, "WS01");
  EXPECT_EQ(outcome->session_key.size(), 16u);
  EXPECT_EQ(vec(outcome->session_key), client.session_key());
  EXPECT_TRUE(server.flags() & kNegotiateKeyExch);
}

TEST(NtlmRoundTrip, InsideSpnego) {
  auto db = make_db();
  NtlmClientContext client("alice", "secret", "WORKGROUP", "WS01");
  NtlmServerContext server("SMBKIT", "WORKGROUP");
  auto init = decode_spnego(spnego_client_init(client.negotiate()));
  ASSERT_TRUE(init);
  auto challenge = server.challenge(*std::get<NegTokenInit>(*init).mech_token);
  ASSERT_TRUE(challenge);
  auto resp = decode_spnego(spnego_response(NegState::AcceptIncomplete, *challenge, true));
  ASSERT_TRUE(resp);
  EXPECT_EQ(std::get<NegTokenResp>(*resp).supported_mech, std::string(kOidNtlmssp));
  auto auth = client.authenticate(*std::get<NegTokenResp>(*resp).response_token);
  ASSERT_TRUE(auth);
  auto final_token = decode_spnego(spnego_response(std::nullopt, *auth, false));
  ASSERT_TRUE(final_token);
  auto outcome =
      server.authenticate(*std::get<NegTokenResp>(*final_token).response_token, db, false);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(vec(outcome->session_key), client.session_key());
}

TEST(NtlmRoundTrip, WrongPasswordAndUnknownUserAreLogonFailure) {
  auto db = make_db();
  for (auto [user, password] : {std::pair{"alice", "guess"}, std::pair{"mallory", "secret"}}) {
    NtlmClientContext client(user, password, "WORKGROUP", "WS01");
    NtlmServerContext server("SMBKIT", "WORKGROUP");
    auto e = run(client, server);
    EXPECT_EQ(server.authenticate(e.authenticate, db, true).error(), NtStatus::LogonFailure)
        << user;
  }
}

TEST(NtlmRoundTrip, DisabledAccountIsAccountDisabled) {
  auto db = make_db();
  NtlmClientContext client("dave", "secret", "WORKGROUP", "WS01");
  NtlmServerContext server("SMBKIT", "WORKGROUP");
  auto e = run(client, server);
  EXPECT_EQ(server.authenticate(e.authenticate, db, false).error(), NtStatus::AccountDisabled);
}

TEST(NtlmRoundTrip, TamperedMicIsRefused) {
  auto db = make_db();
  NtlmClientContext client("alice", "secret", "WORKGROUP", "WS01");
  NtlmServerContext server("SMBKIT", "WORKGROUP");
  auto e = run(client, server);
  e.authenticate[AuthenticateMessage::kMicOffset + 3] ^= 0x01;
  EXPECT_EQ(server.authenticate(e.authenticate, db, false).error(), NtStatus::LogonFailure);
}

TEST(NtlmRoundTrip, MessageChangedUnderTheMicIsRefused) {
  auto db = make_db();
  NtlmClientContext client("alice", "secret", "WORKGROUP", "WS01");
  NtlmServerContext server("SMBKIT", "WORKGROUP");
  auto e = run(client, server);
  auto m = *AuthenticateMessage::decode(e.authenticate);
  ASSERT_EQ(*m.encode(), e.authenticate);  // re-encoding alone changes nothing
  m.workstation = "EVIL";                  // not covered by the NTLMv2 proof, only by the MIC
  EXPECT_EQ(server.authenticate(*m.encode(), db, false).error(), NtStatus::LogonFailure);
}

TEST(NtlmRoundTrip, StrippedMicIsRefused) {
  auto db = make_db();
  NtlmClientContext client("alice", "secret", "WORKGROUP", "WS01");
  NtlmServerContext server("SMBKIT", "WORKGROUP");
  auto e = run(client, server);
  auto m = *AuthenticateMessage::decode(e.authenticate);
  m.mic.reset();
  m.version.reset();
  EXPECT_EQ(server.authenticate(*m.encode(), db, false).error(), NtStatus::LogonFailure);
}

TEST(NtlmRoundTrip, AnonymousLogon) {
  auto db = make_db();
  NtlmClientContext client("", "", "", "WS01");
  EXPECT_TRUE(client.is_anonymous());
  NtlmServerContext server("SMBKIT", "WORKGROUP");
  auto e = run(client, server);
  auto m = AuthenticateMessage::decode(e.authenticate);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->flags & kNegotiateAnonymous);
  EXPECT_EQ(m->lm_response, std::vector<uint8_t>{0});
  EXPECT_TRUE(m->nt_response.empty());
  auto outcome = server.authenticate(e.authenticate, db, false);
  ASSERT_TRUE(outcome);
  EXPECT_TRUE(outcome->is_anonymous);
  EXPECT_TRUE(outcome->session_key.empty());
  EXPECT_TRUE(client.session_key().empty());
}

// An NTLMv1 AUTHENTICATE with extended session security, as an old client would send.
std::vector<uint8_t> ntlmv1_authenticate(Bytes challenge_msg, std::string_view password,
                                         SessionKey* exported) {
  auto challenge = *ChallengeMessage::decode(challenge_msg);
  const Challenge cc = arr<8>("1122334455667788");
  auto hash = nt_hash(password);
  AuthenticateMessage m;
  m.flags = kNegotiateUnicode | kNegotiateNtlm | kNegotiateExtendedSessionSecurity |
            kNegotiateSign | kNegotiateKeyExch | kNegotiate128;
  m.user = "alice";
  m.domain = "WORKGROUP";
  m.lm_response = vec(lmv1_ess_response(cc));
  m.nt_response = vec(ntlmv1_ess_response(hash, challenge.server_challenge, cc));
  auto kx = kxkey_ntlmv1(ntlmv1_session_base_key(hash), m.flags, challenge.server_challenge,
                         m.lm_response);
  *exported = arr<16>("000102030405060708090a0b0c0d0e0f");
  m.encrypted_random_session_key = vec(rc4_session_key(kx, *exported));
  return *m.encode();
}

TEST(NtlmRoundTrip, NtlmV1RefusedUnlessAllowed) {
  auto db = make_db();
  NegotiateMessage negotiate;
  negotiate.flags = kNegotiateUnicode | kNegotiateNtlm | kNegotiateExtendedSessionSecurity |
                    kNegotiateSign | kNegotiateKeyExch | kNegotiate128;
  for (bool allow : {false, true}) {
    NtlmServerContext server("SMBKIT", "WORKGROUP");
    auto challenge = server.challenge(*negotiate.encode());
    ASSERT_TRUE(challenge);
    SessionKey exported{};
    auto auth = ntlmv1_authenticate(*challenge, "secret", &exported);
    auto outcome = server.authenticate(auth, db, allow);
    if (!allow) {
      EXPECT_EQ(outcome.error(), NtStatus::LogonFailure);
      continue;
    }
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->user, "alice");
    EXPECT_EQ(vec(outcome->session_key), vec(exported));
  }
}

TEST(NtlmRoundTrip, NtlmV1WrongPasswordFailsEvenWhenAllowed) {
  auto db = make_db();
  NegotiateMessage negotiate;
  negotiate.flags = kNegotiateUnicode | kNegotiateNtlm | kNegotiateExtendedSessionSecurity;
  NtlmServerContext server("SMBKIT", "WORKGROUP");
  auto challenge = server.challenge(*negotiate.encode());
  SessionKey exported{};
  EXPECT_EQ(
      server.authenticate(ntlmv1_authenticate(*challenge, "guess", &exported), db, true).error(),
      NtStatus::LogonFailure);
}

TEST(NtlmRoundTrip, RawResponsesCarryTheTargetInfo) {
  AvPairs info;
  info.set_string(AvId::NbDomainName, "WORKGROUP");
  const Challenge sc = arr<8>("0102030405060708");
  auto r = ntlmv2_responses_for_raw_challenge("alice", "secret", "WORKGROUP", sc, info);
  auto pairs = AvPairs::decode(Bytes(r.nt_response).subspan(16 + kBlobAvPairsOffset));
  ASSERT_TRUE(pairs);
  EXPECT_EQ(pairs->string(AvId::NbDomainName), "WORKGROUP");
  auto db = make_db();
  auto outcome =
      verify_challenge_response(db, "alice", "WORKGROUP", sc, r.lm_response, r.nt_response, false);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(vec(outcome->session_key), r.session_key);
}

}  // namespace
}  // namespace smbkit::auth
