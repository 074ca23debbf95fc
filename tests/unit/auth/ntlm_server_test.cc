#include "auth/ntlm_server.h"

#include <gtest/gtest.h>

#include "auth/ntlm_client.h"
#include "auth/ntlmssp.h"
#include "auth_test_util.h"
#include "ms_nlmp_vectors.h"

namespace smbkit::auth {
namespace {

using test::arr;
using test::hex;
using test::vec;

const Challenge kChallenge = arr<8>(spec::kServerChallenge);

UserDb spec_db() {
  UserDb db;
  db.add(spec::kUser, std::string(spec::kPassword));
  return db;
}

std::vector<uint8_t> negotiate_with(uint32_t flags) {
  NegotiateMessage m;
  m.flags = flags;
  return *m.encode();
}

// --- the CHALLENGE_MESSAGE ---

TEST(NtlmServerChallenge, AnswersTheClientsFlagsAndDescribesTheServer) {
  NtlmServerContext server("SMBKIT", "WORKGROUP");
  auto bytes = server.challenge(
      negotiate_with(kNegotiateUnicode | kNegotiateOem | kNegotiateNtlm | kNegotiateSign |
                     kNegotiateExtendedSessionSecurity | kNegotiate128 | kNegotiateKeyExch |
                     kNegotiateVersion | kNegotiateLmKey | kNegotiateDatagram),
      kChallenge, 0x01d0000000000000);
  ASSERT_TRUE(bytes);
  auto m = ChallengeMessage::decode(*bytes);
  ASSERT_TRUE(m);
  const uint32_t expected = kNegotiateUnicode | kNegotiateNtlm | kNegotiateSign |
                            kNegotiateExtendedSessionSecurity | kNegotiate128 | kNegotiateKeyExch |
                            kNegotiateVersion | kNegotiateTargetInfo | kRequestTarget |
                            kTargetTypeDomain;
  EXPECT_EQ(m->flags, expected);  // no OEM beside Unicode, no LM_KEY, no datagram
  EXPECT_EQ(server.flags(), expected);
  EXPECT_EQ(m->server_challenge, kChallenge);
  EXPECT_EQ(m->target_name, "WORKGROUP");
  EXPECT_EQ(m->version, kLocalVersion);
  ASSERT_EQ(m->target_info.items.size(), 5u);
  EXPECT_EQ(m->target_info.items[0].id, AvId::NbDomainName);
  EXPECT_EQ(m->target_info.string(AvId::NbDomainName), "WORKGROUP");
  EXPECT_EQ(m->target_info.string(AvId::NbComputerName), "SMBKIT");
  EXPECT_EQ(m->target_info.string(AvId::DnsDomainName), "workgroup");
  EXPECT_EQ(m->target_info.string(AvId::DnsComputerName), "smbkit");
  EXPECT_EQ(m->target_info.timestamp(), 0x01d0000000000000u);
}

TEST(NtlmServerChallenge, OemClientGetsOemStrings) {
  NtlmServerContext server("SMBKIT", "WORKGROUP");
  auto m =
      ChallengeMessage::decode(*server.challenge(negotiate_with(kNegotiateOem | kNegotiateNtlm)));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->flags & (kNegotiateUnicode | kNegotiateOem), kNegotiateOem);
  EXPECT_EQ(m->target_name, "WORKGROUP");
  EXPECT_FALSE(m->version);
}

TEST(NtlmServerChallenge, RandomChallengesDiffer) {
  NtlmServerContext a("S", "D"), b("S", "D");
  auto ma = ChallengeMessage::decode(*a.challenge(negotiate_with(kNegotiateUnicode)));
  auto mb = ChallengeMessage::decode(*b.challenge(negotiate_with(kNegotiateUnicode)));
  EXPECT_NE(ma->server_challenge, mb->server_challenge);
}

TEST(NtlmServerChallenge, RejectsAMalformedNegotiate) {
  NtlmServerContext server("S", "D");
  EXPECT_EQ(server.challenge(hex("4e544c4d53535000 02000000 00000000")).error(),
            NtStatus::InvalidParameter);
}

// --- the MS-NLMP 4.2 AUTHENTICATE messages, checked by the server ---

TEST(NtlmServerAuthenticate, AcceptsTheNtlmV2ExampleAndRecoversTheRandomSessionKey) {
  NtlmServerContext server("Server", "Domain");
  ASSERT_TRUE(server.challenge(negotiate_with(0xe2888235), kChallenge, 0));
  auto outcome = server.authenticate(hex(spec::kV2AuthenticateMessage), spec_db(), false);
  ASSERT_TRUE(outcome) << status_name(outcome.error());
  EXPECT_EQ(outcome->user, "User");
  EXPECT_EQ(outcome->domain, "Domain");
  EXPECT_EQ(outcome->workstation, "COMPUTER");
  EXPECT_EQ(vec(outcome->session_key), hex(spec::kRandomSessionKey));
  EXPECT_FALSE(outcome->is_anonymous);
  EXPECT_FALSE(outcome->is_guest);
}

TEST(NtlmServerAuthenticate, NtlmV1ExampleOnlyWhenAllowed) {
  for (bool allow : {false, true}) {
    NtlmServerContext server("Server", "Domain");
    ASSERT_TRUE(server.challenge(negotiate_with(0xe2808235), kChallenge, 0));
    auto outcome = server.authenticate(hex(spec::kV1AuthenticateMessage), spec_db(), allow);
    if (!allow) {
      EXPECT_EQ(outcome.error(), NtStatus::LogonFailure);
      continue;
    }
    ASSERT_TRUE(outcome) << status_name(outcome.error());
    EXPECT_EQ(vec(outcome->session_key), hex(spec::kRandomSessionKey));  // RC4 under the base key
  }
}

TEST(NtlmServerAuthenticate, NtlmV1WithClientChallengeExampleYieldsItsKeyExchangeKey) {
  NtlmServerContext server("Server", "Domain");
  ASSERT_TRUE(server.challenge(negotiate_with(0x82088235), kChallenge, 0));
  auto outcome = server.authenticate(hex(spec::kEssAuthenticateMessage), spec_db(), true);
  ASSERT_TRUE(outcome) << status_name(outcome.error());
  // No key exchange in 4.2.3: the exported session key is the KeyExchangeKey.
  EXPECT_EQ(vec(outcome->session_key), hex(spec::kEssKeyExchangeKey));
}

TEST(NtlmServerAuthenticate, WrongChallengeFails) {
  NtlmServerContext server("Server", "Domain");
  ASSERT_TRUE(server.challenge(negotiate_with(0xe2888235), arr<8>("0000000000000001"), 0));
  EXPECT_EQ(server.authenticate(hex(spec::kV2AuthenticateMessage), spec_db(), false).error(),
            NtStatus::LogonFailure);
}

TEST(NtlmServerAuthenticate, RefusesUseOutOfOrderAndMalformedMessages) {
  NtlmServerContext server("Server", "Domain");
  EXPECT_EQ(server.authenticate(hex(spec::kV2AuthenticateMessage), spec_db(), false).error(),
            NtStatus::InvalidParameter);  // no challenge yet
  ASSERT_TRUE(server.challenge(negotiate_with(0xe2888235), kChallenge, 0));
  auto truncated = hex(spec::kV2AuthenticateMessage);
  truncated.resize(100);
  EXPECT_EQ(server.authenticate(truncated, spec_db(), false).error(), NtStatus::InvalidParameter);
  // The challenge was used up by that attempt.
  EXPECT_EQ(server.authenticate(hex(spec::kV2AuthenticateMessage), spec_db(), false).error(),
            NtStatus::InvalidParameter);
}

TEST(NtlmServerAuthenticate, KeyExchangeWithoutAKeyIsRefused) {
  NtlmServerContext server("Server", "Domain");
  ASSERT_TRUE(server.challenge(negotiate_with(0xe2888235), kChallenge, 0));
  auto m = *AuthenticateMessage::decode(hex(spec::kV2AuthenticateMessage));
  m.encrypted_random_session_key.clear();
  EXPECT_EQ(server.authenticate(*m.encode(), spec_db(), false).error(), NtStatus::InvalidParameter);
}

// --- the raw (non-extended SMB1) check ---

UserDb alice_db() {
  UserDb db;
  db.add("alice", "secret");
  Account disabled;
  disabled.name = "dave";
  disabled.nt_hash = nt_hash("secret");
  disabled.disabled = true;
  db.add(disabled);
  Account guest;
  guest.name = "guest";
  guest.no_password_required = true;
  db.add(guest);
  Account locked;  // no hash and no 'N': cannot log on
  locked.name = "nopass";
  db.add(locked);
  return db;
}

TEST(RawChallengeResponse, NtlmV2AndLmV2AreAccepted) {
  auto db = alice_db();
  auto r = ntlmv2_responses_for_raw_challenge("alice", "secret", "WORKGROUP", kChallenge);
  EXPECT_EQ(r.lm_response.size(), 24u);
  auto outcome = verify_challenge_response(db, "ALICE", "WORKGROUP", kChallenge, r.lm_response,
                                           r.nt_response, false);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->user, "alice");
  EXPECT_EQ(vec(outcome->session_key), r.session_key);
  // LMv2 alone (an empty NT response) also proves the password.
  auto lm_only =
      verify_challenge_response(db, "alice", "WORKGROUP", kChallenge, r.lm_response, {}, false);
  ASSERT_TRUE(lm_only);
  EXPECT_EQ(lm_only->session_key.size(), 16u);
}

TEST(RawChallengeResponse, TriesTheEmptyAndUppercasedDomain) {
  auto db = alice_db();
  auto empty = ntlmv2_responses_for_raw_challenge("alice", "secret", "", kChallenge);
  EXPECT_TRUE(verify_challenge_response(db, "alice", "WORKGROUP", kChallenge, empty.lm_response,
                                        empty.nt_response, false));
  auto upper = ntlmv2_responses_for_raw_challenge("alice", "secret", "WORKGROUP", kChallenge);
  EXPECT_TRUE(verify_challenge_response(db, "alice", "workgroup", kChallenge, upper.lm_response,
                                        upper.nt_response, false));
  auto other = ntlmv2_responses_for_raw_challenge("alice", "secret", "ELSEWHERE", kChallenge);
  EXPECT_EQ(verify_challenge_response(db, "alice", "WORKGROUP", kChallenge, other.lm_response,
                                      other.nt_response, false)
                .error(),
            NtStatus::LogonFailure);
}

TEST(RawChallengeResponse, WrongPasswordAndUnknownUserGiveTheSameStatus) {
  auto db = alice_db();
  auto wrong = ntlmv2_responses_for_raw_challenge("alice", "guess", "W", kChallenge);
  EXPECT_EQ(verify_challenge_response(db, "alice", "W", kChallenge, wrong.lm_response,
                                      wrong.nt_response, true)
                .error(),
            NtStatus::LogonFailure);
  auto unknown = ntlmv2_responses_for_raw_challenge("mallory", "secret", "W", kChallenge);
  EXPECT_EQ(verify_challenge_response(db, "mallory", "W", kChallenge, unknown.lm_response,
                                      unknown.nt_response, true)
                .error(),
            NtStatus::LogonFailure);
}

// smb.conf's "map to guest = bad user": an unknown name is a guest; a known one with a wrong
// password still fails.
TEST(RawChallengeResponse, UnknownUsersAreGuestsWhenMappedSo) {
  auto db = alice_db();
  db.set_unknown_users_are_guests(true);
  auto unknown = ntlmv2_responses_for_raw_challenge("mallory", "anything", "W", kChallenge);
  auto guest = verify_challenge_response(db, "mallory", "W", kChallenge, unknown.lm_response,
                                         unknown.nt_response, false);
  ASSERT_TRUE(guest);
  EXPECT_TRUE(guest->is_guest);
  EXPECT_EQ(guest->user, "mallory");
  EXPECT_TRUE(guest->session_key.empty());
  auto wrong = ntlmv2_responses_for_raw_challenge("alice", "guess", "W", kChallenge);
  EXPECT_EQ(verify_challenge_response(db, "alice", "W", kChallenge, wrong.lm_response,
                                      wrong.nt_response, false)
                .error(),
            NtStatus::LogonFailure);
}

TEST(NtlmServerAuthenticate, UnknownUserIsAGuestWhenMappedSo) {
  NtlmServerContext server("Server", "Domain");
  ASSERT_TRUE(server.challenge(negotiate_with(0xe2888235), kChallenge, 0));
  UserDb nobody_known;
  nobody_known.set_unknown_users_are_guests(true);
  auto outcome = server.authenticate(hex(spec::kV2AuthenticateMessage), nobody_known, false);
  ASSERT_TRUE(outcome);
  EXPECT_TRUE(outcome->is_guest);
  EXPECT_EQ(outcome->user, "User");
  EXPECT_TRUE(outcome->session_key.empty());
}

TEST(RawChallengeResponse, DisabledAccountIsReportedOnlyWithTheRightPassword) {
  auto db = alice_db();
  auto right = ntlmv2_responses_for_raw_challenge("dave", "secret", "W", kChallenge);
  EXPECT_EQ(verify_challenge_response(db, "dave", "W", kChallenge, right.lm_response,
                                      right.nt_response, false)
                .error(),
            NtStatus::AccountDisabled);
  auto wrong = ntlmv2_responses_for_raw_challenge("dave", "guess", "W", kChallenge);
  EXPECT_EQ(verify_challenge_response(db, "dave", "W", kChallenge, wrong.lm_response,
                                      wrong.nt_response, false)
                .error(),
            NtStatus::LogonFailure);
}

TEST(RawChallengeResponse, NtlmV1OnlyWhenAllowed) {
  auto db = alice_db();
  auto nt = ntlmv1_response(nt_hash("secret"), kChallenge);
  EXPECT_EQ(verify_challenge_response(db, "alice", "W", kChallenge, nt, nt, false).error(),
            NtStatus::LogonFailure);
  auto outcome = verify_challenge_response(db, "alice", "W", kChallenge, nt, nt, true);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(vec(outcome->session_key), vec(ntlmv1_session_base_key(nt_hash("secret"))));
  auto wrong = ntlmv1_response(nt_hash("guess"), kChallenge);
  EXPECT_EQ(verify_challenge_response(db, "alice", "W", kChallenge, wrong, wrong, true).error(),
            NtStatus::LogonFailure);
}

TEST(RawChallengeResponse, AnonymousIsReportedAsSuch) {
  auto db = alice_db();
  auto anon = verify_challenge_response(db, "", "", kChallenge, {}, {}, false);
  ASSERT_TRUE(anon);
  EXPECT_TRUE(anon->is_anonymous);
  EXPECT_TRUE(anon->user.empty());
  EXPECT_TRUE(anon->session_key.empty());
  const uint8_t zero[] = {0};
  EXPECT_TRUE(verify_challenge_response(db, "", "", kChallenge, zero, {}, false)->is_anonymous);
  auto raw = ntlmv2_responses_for_raw_challenge("", "", "", kChallenge);
  EXPECT_TRUE(raw.lm_response.empty() && raw.nt_response.empty() && raw.session_key.empty());
  // An empty user name with responses is not anonymous, nor anyone else.
  auto some = ntlmv2_responses_for_raw_challenge("alice", "secret", "", kChallenge);
  EXPECT_EQ(
      verify_challenge_response(db, "", "", kChallenge, some.lm_response, some.nt_response, false)
          .error(),
      NtStatus::LogonFailure);
}

TEST(RawChallengeResponse, PasswordlessAccountsAreGuestsOnlyWithTheNFlag) {
  auto db = alice_db();
  auto guest = verify_challenge_response(db, "guest", "", kChallenge, {}, {}, false);
  ASSERT_TRUE(guest);
  EXPECT_TRUE(guest->is_guest);
  EXPECT_FALSE(guest->is_anonymous);
  EXPECT_TRUE(guest->session_key.empty());
  EXPECT_EQ(verify_challenge_response(db, "nopass", "", kChallenge, {}, {}, false).error(),
            NtStatus::LogonFailure);
}

}  // namespace
}  // namespace smbkit::auth
