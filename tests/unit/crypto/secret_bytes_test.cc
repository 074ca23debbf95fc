// SecretBytes: a secret's bytes are wiped whenever they go, and copies and moves behave.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "crypto/secure.h"

namespace smbkit::crypto {
namespace {

const std::array<uint8_t, 4> kKey = {0xA1, 0xB2, 0xC3, 0xD4};

bool holds(const SecretBytes& s, Bytes expected) { return constant_time_equal(s.view(), expected); }

TEST(SecretBytes, HoldsWhatItWasGiven) {
  SecretBytes s(kKey);
  EXPECT_EQ(s.size(), 4u);
  EXPECT_TRUE(holds(s, kKey));
  EXPECT_EQ(std::vector<uint8_t>(s.begin(), s.end()),
            std::vector<uint8_t>(kKey.begin(), kKey.end()));
  EXPECT_TRUE(SecretBytes().empty());
}

TEST(SecretBytes, ClearWipesTheStorageItKeeps) {
  SecretBytes s(kKey);
  // clear() keeps the allocation (assign() reuses it), so the old bytes can be inspected there.
  const uint8_t* storage = s.data();
  s.clear();
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(std::vector<uint8_t>(storage, storage + kKey.size()), std::vector<uint8_t>(4, 0));
}

TEST(SecretBytes, AssignWipesTheOldBytesBeforeReplacingThem) {
  SecretBytes s(kKey);
  const uint8_t* storage = s.data();
  const std::array<uint8_t, 2> shorter = {1, 2};
  s.assign(shorter);
  ASSERT_EQ(s.data(), storage);  // the same allocation, reused
  EXPECT_TRUE(holds(s, shorter));
  // The bytes past the new end were the old key's: they are zero now.
  EXPECT_EQ(storage[2], 0);
  EXPECT_EQ(storage[3], 0);
}

TEST(SecretBytes, CopiesAreIndependentAndMovesLeaveNothingBehind) {
  SecretBytes a(kKey);
  SecretBytes b = a;
  EXPECT_TRUE(holds(b, kKey));
  a.clear();
  EXPECT_TRUE(holds(b, kKey));

  SecretBytes c = std::move(b);
  EXPECT_TRUE(holds(c, kKey));
  EXPECT_TRUE(b.empty());  // NOLINT(bugprone-use-after-move): the point of the test

  SecretBytes d(std::array<uint8_t, 1>{9});
  d = std::move(c);
  EXPECT_TRUE(holds(d, kKey));
  SecretBytes e;
  e = d;
  EXPECT_TRUE(holds(e, kKey));
  e = e;  // self-assignment keeps the content
  EXPECT_TRUE(holds(e, kKey));
}

}  // namespace
}  // namespace smbkit::crypto
