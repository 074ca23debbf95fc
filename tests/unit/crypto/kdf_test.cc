#include "crypto/kdf.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "crypto/mac.h"
#include "ms_smb2_vectors.h"
#include "test_hex.h"

namespace smbkit::crypto {
namespace {

using test::hex;
using test::vec;

std::vector<uint8_t> with_nul(const char* text) {
  std::vector<uint8_t> out(text, text + std::char_traits<char>::length(text));
  out.push_back(0);
  return out;
}

// [ANATOMY] SMB 3.0: SigningKey = KDF(SessionKey, "SMB2AESCMAC\0", "SmbSign\0"), L = 128.
TEST(Kdf, MatchesMicrosoftSmb30SigningKey) {
  namespace v = test::ms_smb2::anatomy30;
  const auto out =
      kdf_sp800_108(hex(v::kSessionKey), with_nul("SMB2AESCMAC"), with_nul("SmbSign"), 128);
  EXPECT_EQ(vec(out), hex(v::kSigningKey));
}

// [ANATOMY] SMB 3.1.1: the preauth hash as context.
TEST(Kdf, MatchesMicrosoftSmb311SigningKey) {
  namespace v = test::ms_smb2::anatomy311;
  std::array<uint8_t, 16> out{};
  kdf_sp800_108(hex(v::kSessionKey), with_nul("SMBSigningKey"), hex(v::kPreauthHash), out);
  EXPECT_EQ(vec(out), hex(v::kSigningKey));
}

// SP 800-108 5.1 as MS-SMB2 3.1.4.2 parameterises it, spelled out with HMAC calls:
// K(i) = HMAC-SHA256(KI, [i]_32 || Label || 0x00 || Context || [L]_32), output K(1) || K(2) ...
// truncated to L bits. L = 512 takes two PRF blocks, L = 200 a partial one.
TEST(Kdf, IsCounterModeHmacSha256WithSeparatorAndLength) {
  const auto key = hex("000102030405060708090a0b0c0d0e0f");
  const auto label = with_nul("SMBC2SCipherKey");
  const auto context = hex("aabbccdd");
  const uint8_t zero[] = {0};
  const uint8_t one[] = {0, 0, 0, 1}, two[] = {0, 0, 0, 2};
  const uint8_t l512[] = {0, 0, 0x02, 0x00}, l200[] = {0, 0, 0, 200}, l256[] = {0, 0, 1, 0};

  auto k1 = hmac_sha256(key, {one, label, zero, context, l512});
  auto k2 = hmac_sha256(key, {two, label, zero, context, l512});
  std::vector<uint8_t> want(k1.begin(), k1.end());
  want.insert(want.end(), k2.begin(), k2.end());
  EXPECT_EQ(vec(kdf_sp800_108(key, label, context, 512)), want);

  auto p = hmac_sha256(key, {one, label, zero, context, l200});
  EXPECT_EQ(vec(kdf_sp800_108(key, label, context, 200)),
            std::vector<uint8_t>(p.begin(), p.begin() + 25));

  auto k256 = hmac_sha256(key, {one, label, zero, context, l256});
  EXPECT_EQ(vec(kdf_sp800_108(key, label, context, 256)), vec(k256));
}

TEST(Kdf, EmptyLabelAndContextAreAllowed) {
  const auto key = hex("0102");
  const uint8_t one[] = {0, 0, 0, 1}, zero[] = {0}, l128[] = {0, 0, 0, 0x80};
  auto k = hmac_sha256(key, {one, zero, l128});
  EXPECT_EQ(vec(kdf_sp800_108(key, {}, {}, 128)), std::vector<uint8_t>(k.begin(), k.begin() + 16));
}

TEST(Kdf, RejectsBadArguments) {
  const auto key = hex("0102030405060708090a0b0c0d0e0f10");
  EXPECT_THROW(kdf_sp800_108({}, {}, {}, 128), std::invalid_argument);
  EXPECT_THROW(kdf_sp800_108(key, {}, {}, 0), std::invalid_argument);
  EXPECT_THROW(kdf_sp800_108(key, {}, {}, 12), std::invalid_argument);
  std::vector<uint8_t> none;
  EXPECT_THROW(kdf_sp800_108(key, {}, {}, std::span<uint8_t>(none)), std::invalid_argument);
}

}  // namespace
}  // namespace smbkit::crypto
