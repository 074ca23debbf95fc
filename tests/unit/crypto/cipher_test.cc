#include "crypto/cipher.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "test_hex.h"

namespace smbkit::crypto {
namespace {

using test::ascii;
using test::hex;
using test::vec;

TEST(Cipher, DesKeyExpansionSetsOddParity) {
  // The classic DES example key 13 34 57 79 9B BC DF F1 carries these 56 bits.
  const std::array<uint8_t, 7> key7 = {0x12, 0x69, 0x5b, 0xc9, 0xb7, 0xb7, 0xf8};
  EXPECT_EQ(vec(des_expand_key(key7)), hex("13 34 57 79 9b bc df f1"));
}

TEST(Cipher, DesEncryptsTheClassicExampleBlock) {
  const std::array<uint8_t, 7> key7 = {0x12, 0x69, 0x5b, 0xc9, 0xb7, 0xb7, 0xf8};
  const DesBlock plain = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
  EXPECT_EQ(vec(des_encrypt_block(key7, plain)), hex("85 e8 13 54 0f 0a b4 05"));
}

TEST(Cipher, DesOfLmMagicUnderZeroKeyIsTheEmptyLmHashHalf) {
  // LMOWFv1("") = DES(Z(7), "KGS!@#$%") twice: aad3b435b51404ee per half.
  const std::array<uint8_t, 7> zero{};
  const DesBlock magic = {'K', 'G', 'S', '!', '@', '#', '$', '%'};
  EXPECT_EQ(vec(des_encrypt_block(zero, magic)), hex("aad3b435b51404ee"));
}

TEST(Cipher, Rc4MatchesKnownKeystreams) {
  // RFC 6229, 40-bit key 0102030405: first 16 keystream bytes.
  EXPECT_EQ(rc4(hex("0102030405"), std::vector<uint8_t>(16, 0)),
            hex("b2396305f03dc027ccc3524a0a1118a8"));
  // The well-known "Key" / "Plaintext" example.
  EXPECT_EQ(rc4(ascii("Key"), ascii("Plaintext")), hex("bbf316e8d940af0ad3"));
  // Decryption is encryption.
  EXPECT_EQ(rc4(ascii("Key"), hex("bbf316e8d940af0ad3")), ascii("Plaintext"));
}

TEST(Cipher, Rc4StreamContinuesAcrossCalls) {
  // RFC 6229, key 0102030405: key stream bytes 0..15 and 16..31, taken in odd-sized pieces.
  Rc4Stream stream(hex("0102030405"));
  std::vector<uint8_t> ks(32, 0);
  std::span<uint8_t> s(ks);
  stream.apply(s.first(5));
  stream.apply(s.subspan(5, 20));
  stream.apply(s.subspan(25));
  EXPECT_EQ(ks, hex("b2396305f03dc027ccc3524a0a1118a8 6982944f18fc82d589c403a47a0d0919"));
  EXPECT_THROW(Rc4Stream(Bytes{}), std::invalid_argument);
}

}  // namespace
}  // namespace smbkit::crypto
