#include "crypto/secure.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "crypto/providers.h"

namespace smbkit::crypto {
namespace {

TEST(Secure, ProvidersLoad) { EXPECT_NO_THROW(ensure_providers()); }

TEST(Secure, RandomBytesHaveTheRequestedLengthAndDiffer) {
  auto a = random_bytes(32);
  auto b = random_bytes(32);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);  // 2^-256 chance of a false failure
  EXPECT_TRUE(random_bytes(0).empty());
}

TEST(Secure, ConstantTimeEqualComparesLengthAndContent) {
  const std::vector<uint8_t> a = {1, 2, 3};
  const std::vector<uint8_t> b = {1, 2, 3};
  const std::vector<uint8_t> c = {1, 2, 4};
  const std::vector<uint8_t> d = {1, 2};
  EXPECT_TRUE(constant_time_equal(a, b));
  EXPECT_FALSE(constant_time_equal(a, c));
  EXPECT_FALSE(constant_time_equal(a, d));
  EXPECT_TRUE(constant_time_equal(Bytes{}, Bytes{}));
}

TEST(Secure, WipeZeroesAndScopedWipeWipesOnExit) {
  std::array<uint8_t, 4> key = {9, 9, 9, 9};
  secure_wipe(key);
  EXPECT_EQ(key, (std::array<uint8_t, 4>{}));
  key = {7, 7, 7, 7};
  { ScopedWipe wipe(key); }
  EXPECT_EQ(key, (std::array<uint8_t, 4>{}));
}

}  // namespace
}  // namespace smbkit::crypto
