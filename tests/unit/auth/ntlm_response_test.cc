#include "auth/ntlm_response.h"

#include <gtest/gtest.h>

#include "auth/av_pairs.h"
#include "auth/ntlmssp_flags.h"
#include "auth_test_util.h"
#include "ms_nlmp_vectors.h"

namespace smbkit::auth {
namespace {

using test::arr;
using test::hex;
using test::vec;

const Challenge kServerChallenge = arr<8>(spec::kServerChallenge);
const Challenge kClientChallenge = arr<8>(spec::kClientChallenge);
const SessionKey kRandomSessionKey = arr<16>(spec::kRandomSessionKey);

// MS-NLMP 4.2.4.1.3: the target info of the examples, NetBIOS domain then server name.
std::vector<uint8_t> spec_target_info() {
  AvPairs pairs;
  pairs.set_string(AvId::NbDomainName, spec::kDomain);
  pairs.set_string(AvId::NbComputerName, spec::kServerName);
  return pairs.encode();
}

// --- 4.2.2 NTLMv1 ---

TEST(NtlmV1, SessionBaseKeyMatches4_2_2_1_3) {
  EXPECT_EQ(vec(ntlmv1_session_base_key(nt_hash(spec::kPassword))), hex(spec::kV1SessionBaseKey));
}

TEST(NtlmV1, NtResponseMatches4_2_2_2_1) {
  EXPECT_EQ(vec(ntlmv1_response(nt_hash(spec::kPassword), kServerChallenge)),
            hex(spec::kV1NtResponse));
}

TEST(NtlmV1, LmResponseMatches4_2_2_2_2) {
  EXPECT_EQ(vec(lmv1_response(*lm_hash(spec::kPassword), kServerChallenge)),
            hex(spec::kV1LmResponse));
}

TEST(NtlmV1, EncryptedSessionKeyMatches4_2_2_2_3) {
  // Neither extended session security nor LM_KEY: KeyExchangeKey is the SessionBaseKey.
  const uint32_t flags = 0xe2028233;
  auto base = ntlmv1_session_base_key(nt_hash(spec::kPassword));
  auto kx = kxkey_ntlmv1(base, flags, kServerChallenge, hex(spec::kV1LmResponse));
  EXPECT_EQ(kx, base);
  EXPECT_TRUE(uses_key_exchange(flags));
  EXPECT_EQ(vec(rc4_session_key(kx, kRandomSessionKey)), hex(spec::kV1EncryptedSessionKey));
  EXPECT_EQ(rc4_session_key(kx, arr<16>(spec::kV1EncryptedSessionKey)), kRandomSessionKey);
}

// --- 4.2.3 NTLMv1 with client challenge ---

TEST(NtlmV1Ess, ResponsesMatch4_2_3_2) {
  EXPECT_EQ(vec(lmv1_ess_response(kClientChallenge)), hex(spec::kEssLmResponse));
  EXPECT_EQ(vec(ntlmv1_ess_response(nt_hash(spec::kPassword), kServerChallenge, kClientChallenge)),
            hex(spec::kEssNtResponse));
}

TEST(NtlmV1Ess, KeyExchangeKeyMatches4_2_3_1_3) {
  const uint32_t flags = 0x820a8233;
  auto base = ntlmv1_session_base_key(nt_hash(spec::kPassword));
  EXPECT_EQ(vec(base), hex(spec::kV1SessionBaseKey));
  EXPECT_EQ(vec(kxkey_ntlmv1(base, flags, kServerChallenge, hex(spec::kEssLmResponse))),
            hex(spec::kEssKeyExchangeKey));
  EXPECT_FALSE(uses_key_exchange(flags));
}

// --- 4.2.4 NTLMv2 ---

TEST(NtlmV2, ClientBlobMatchesTemp4_2_4_1_3) {
  EXPECT_EQ(ntlmv2_client_blob(0, kClientChallenge, spec_target_info()), hex(spec::kV2Temp));
}

TEST(NtlmV2, ProofResponseAndSessionKeyMatch4_2_4) {
  auto key = ntowf_v2(nt_hash(spec::kPassword), spec::kUser, spec::kDomain);
  auto blob = hex(spec::kV2Temp);
  auto proof = ntlmv2_proof(key, kServerChallenge, blob);
  EXPECT_EQ(vec(proof), hex(spec::kV2NtProofStr));
  auto expected_response = hex(spec::kV2NtProofStr);
  expected_response.insert(expected_response.end(), blob.begin(), blob.end());
  EXPECT_EQ(ntlmv2_response(key, kServerChallenge, blob), expected_response);
  EXPECT_EQ(vec(ntlmv2_session_base_key(key, proof)), hex(spec::kV2SessionBaseKey));
}

TEST(NtlmV2, LmV2ResponseMatches4_2_4_2_1) {
  auto key = ntowf_v2(nt_hash(spec::kPassword), spec::kUser, spec::kDomain);
  EXPECT_EQ(vec(lmv2_response(key, kServerChallenge, kClientChallenge)), hex(spec::kV2LmResponse));
}

TEST(NtlmV2, EncryptedSessionKeyMatches4_2_4_2_3) {
  auto base = arr<16>(spec::kV2SessionBaseKey);
  EXPECT_EQ(vec(rc4_session_key(base, kRandomSessionKey)), hex(spec::kV2EncryptedSessionKey));
}

TEST(KeyExchange, NeedsSignOrSealBesideKeyExch) {
  EXPECT_FALSE(uses_key_exchange(kNegotiateKeyExch));
  EXPECT_TRUE(uses_key_exchange(kNegotiateKeyExch | kNegotiateSign));
  EXPECT_TRUE(uses_key_exchange(kNegotiateKeyExch | kNegotiateSeal));
  EXPECT_FALSE(uses_key_exchange(kNegotiateSign | kNegotiateSeal));
}

}  // namespace
}  // namespace smbkit::auth
