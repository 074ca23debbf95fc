#include "auth/ntlm_hash.h"

#include <gtest/gtest.h>

#include "auth_test_util.h"
#include "ms_nlmp_vectors.h"

namespace smbkit::auth {
namespace {

using test::hex;
using test::vec;

TEST(NtlmHash, NtowfV1MatchesMsNlmp4_2_2_1_2) {
  EXPECT_EQ(vec(nt_hash(spec::kPassword)), hex(spec::kV1Ntowf));
}

TEST(NtlmHash, NtHashOfEmptyPasswordIsMd4OfNothing) {
  EXPECT_EQ(vec(nt_hash("")), hex("31d6cfe0d16ae931b73c59d7e0c089c0"));
}

TEST(NtlmHash, LmowfV1MatchesMsNlmp4_2_2_1_1) {
  auto lm = lm_hash(spec::kPassword);
  ASSERT_TRUE(lm);
  EXPECT_EQ(vec(*lm), hex(spec::kV1Lmowf));
  // Case-insensitive, and the empty password has the well-known constant hash.
  EXPECT_EQ(*lm_hash("PASSWORD"), *lm);
  EXPECT_EQ(vec(*lm_hash("")), hex("aad3b435b51404eeaad3b435b51404ee"));
}

TEST(NtlmHash, LmHashIsUndefinedForLongOrNonAsciiPasswords) {
  EXPECT_TRUE(lm_hash("12345678901234"));
  EXPECT_EQ(lm_hash("123456789012345").error(), NtStatus::InvalidParameter);
  EXPECT_EQ(lm_hash("p\xc3\xa4ss").error(), NtStatus::InvalidParameter);
}

TEST(NtlmHash, NtowfV2MatchesMsNlmp4_2_4_1_1) {
  EXPECT_EQ(vec(ntowf_v2(nt_hash(spec::kPassword), spec::kUser, spec::kDomain)),
            hex(spec::kV2Ntowf));
}

TEST(NtlmHash, NtowfV2UppercasesTheUserButNotTheDomain) {
  auto h = nt_hash(spec::kPassword);
  EXPECT_EQ(ntowf_v2(h, "user", "Domain"), ntowf_v2(h, "USER", "Domain"));
  EXPECT_NE(ntowf_v2(h, "User", "domain"), ntowf_v2(h, "User", "Domain"));
}

}  // namespace
}  // namespace smbkit::auth
