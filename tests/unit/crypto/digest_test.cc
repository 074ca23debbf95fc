#include "crypto/digest.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "test_hex.h"

namespace smbkit::crypto {
namespace {

using test::ascii;
using test::hex;
using test::vec;

const std::pair<const char*, const char*> kRfc1320[] = {
    {"", "31d6cfe0d16ae931b73c59d7e0c089c0"},
    {"a", "bde52cb31de33e46245e05fbdbd6fb24"},
    {"abc", "a448017aaf21d8525fc10ae87aa6729d"},
    {"message digest", "d9130a8164549fe818874806e1c7014b"},
    {"abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9"},
    {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
     "043f8582f241db351ce627e153e7f0e4"},
    {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
     "e33b4ddc9c38f2199c3e7b164fcc0536"},
};

const std::pair<const char*, const char*> kRfc1321[] = {
    {"", "d41d8cd98f00b204e9800998ecf8427e"},
    {"a", "0cc175b9c0f1b6a831c399e269772661"},
    {"abc", "900150983cd24fb0d6963f7d28e17f72"},
    {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
    {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
    {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
     "d174ab98d277d9f5a5611c2c9f419d9f"},
    {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
     "57edf4a22be3c955ac49da2e2107b67a"},
};

TEST(Digest, Md4MatchesRfc1320TestSuite) {
  for (const auto& [input, expected] : kRfc1320) {
    EXPECT_EQ(vec(md4(ascii(input))), hex(expected)) << "MD4(\"" << input << "\")";
  }
}

TEST(Digest, Md5MatchesRfc1321TestSuite) {
  for (const auto& [input, expected] : kRfc1321) {
    EXPECT_EQ(vec(md5(ascii(input))), hex(expected)) << "MD5(\"" << input << "\")";
  }
}

TEST(Digest, Md5OfPartsEqualsMd5OfConcatenation) {
  auto a = ascii("message ");
  auto b = ascii("digest");
  EXPECT_EQ(vec(md5({a, b})), hex("f96b697d7cb7938d525a2f31aaf161d0"));
}

TEST(Digest, Sha256AndSha512OfAbc) {
  // FIPS 180-2 appendix examples.
  EXPECT_EQ(vec(sha256(ascii("abc"))),
            hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  EXPECT_EQ(vec(sha512(ascii("abc"))),
            hex("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"));
  auto a = ascii("a");
  auto bc = ascii("bc");
  EXPECT_EQ(sha512({a, bc}), sha512(ascii("abc")));
}

}  // namespace
}  // namespace smbkit::crypto
