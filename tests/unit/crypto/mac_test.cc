#include "crypto/mac.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "test_hex.h"

namespace smbkit::crypto {
namespace {

using test::ascii;
using test::hex;
using test::vec;

const char kLargeKeyText[] = "Test Using Larger Than Block-Size Key - Hash Key First";

TEST(Mac, HmacMd5MatchesRfc2202) {
  EXPECT_EQ(vec(hmac_md5(std::vector<uint8_t>(16, 0x0b), ascii("Hi There"))),
            hex("9294727a3638bb1c13f48ef8158bfc9d"));
  EXPECT_EQ(vec(hmac_md5(ascii("Jefe"), ascii("what do ya want for nothing?"))),
            hex("750c783e6ab0b503eaa86e310a5db738"));
  EXPECT_EQ(vec(hmac_md5(std::vector<uint8_t>(16, 0xaa), std::vector<uint8_t>(50, 0xdd))),
            hex("56be34521d144c88dbb8c733f0e8b3f6"));
  EXPECT_EQ(vec(hmac_md5(std::vector<uint8_t>(80, 0xaa), ascii(kLargeKeyText))),
            hex("6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd"));
}

TEST(Mac, HmacMd5OfPartsEqualsWhole) {
  auto a = ascii("what do ya ");
  auto b = ascii("want for nothing?");
  EXPECT_EQ(vec(hmac_md5(ascii("Jefe"), {a, b})), hex("750c783e6ab0b503eaa86e310a5db738"));
}

TEST(Mac, HmacSha256MatchesRfc4231) {
  EXPECT_EQ(vec(hmac_sha256(std::vector<uint8_t>(20, 0x0b), ascii("Hi There"))),
            hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"));
  EXPECT_EQ(vec(hmac_sha256(ascii("Jefe"), ascii("what do ya want for nothing?"))),
            hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
  EXPECT_EQ(vec(hmac_sha256(std::vector<uint8_t>(20, 0xaa), std::vector<uint8_t>(50, 0xdd))),
            hex("773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"));
  EXPECT_EQ(vec(hmac_sha256(std::vector<uint8_t>(131, 0xaa), ascii(kLargeKeyText))),
            hex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"));
}

TEST(Mac, AesCmacMatchesRfc4493) {
  const auto key = hex("2b7e1516 28aed2a6 abf71588 09cf4f3c");
  const auto msg =
      hex("6bc1bee2 2e409f96 e93d7e11 7393172a ae2d8a57 1e03ac9c 9eb76fac 45af8e51"
          "30c81c46 a35ce411 e5fbc119 1a0a52ef f69f2445 df4f9b17 ad2b417b e66c3710");
  const Bytes m(msg);
  EXPECT_EQ(vec(aes_cmac_128(key, m.first(0))), hex("bb1d6929 e9593728 7fa37d12 9b756746"));
  EXPECT_EQ(vec(aes_cmac_128(key, m.first(16))), hex("070a16b4 6b4d4144 f79bdd9d d04a287c"));
  EXPECT_EQ(vec(aes_cmac_128(key, m.first(40))), hex("dfa66747 de9ae630 30ca3261 1497c827"));
  EXPECT_EQ(vec(aes_cmac_128(key, m)), hex("51f0bebf 7e3b9d92 fc497417 79363cfe"));
  EXPECT_EQ(aes_cmac_128(key, {m.first(7), m.subspan(7)}), aes_cmac_128(key, m));
}

TEST(Mac, AesCmacRejectsWrongKeySize) {
  EXPECT_THROW(aes_cmac_128(std::vector<uint8_t>(15, 1), ascii("x")), std::invalid_argument);
}

}  // namespace
}  // namespace smbkit::crypto
