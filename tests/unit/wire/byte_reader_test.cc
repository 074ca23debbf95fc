#include "wire/byte_reader.h"

#include <gtest/gtest.h>

#include <vector>

#include "wire/byte_writer.h"

namespace smbkit {
namespace {

TEST(ByteReader, ReadsLittleEndianFields) {
  const std::vector<uint8_t> data = {0x01, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12};
  ByteReader r(data);
  EXPECT_EQ(r.u8(), 0x01);
  EXPECT_EQ(r.u16(), 0x1234);
  EXPECT_EQ(r.u32(), 0x12345678u);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(ByteReader, FailsStickyPastTheEnd) {
  const std::vector<uint8_t> data = {0xAA, 0xBB, 0xCC};
  ByteReader r(data, NtStatus::InvalidSmb);
  EXPECT_EQ(r.u16(), 0xBBAA);
  EXPECT_EQ(r.u16(), 0);  // only one byte left
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status(), NtStatus::InvalidSmb);
  EXPECT_EQ(r.u8(), 0);  // stays failed even though a byte was left
  EXPECT_TRUE(r.bytes(1).empty());
}

TEST(ByteReader, HugeLengthDoesNotWrap) {
  const std::vector<uint8_t> data(8, 0);
  ByteReader r(data);
  r.u8();
  EXPECT_TRUE(r.bytes(SIZE_MAX).empty());
  EXPECT_FALSE(r.ok());
}

TEST(ByteReader, SeekOutsideFails) {
  const std::vector<uint8_t> data(4, 0);
  ByteReader r(data);
  r.seek(4);
  EXPECT_TRUE(r.ok());
  r.seek(5);
  EXPECT_FALSE(r.ok());
}

TEST(ByteReader, Utf16StringsRoundTrip) {
  std::vector<uint8_t> buf;
  ByteWriter w(buf);
  w.utf16("d\xC3\xA9j\xC3\xA0 \xF0\x9F\x98\x80");  // "déjà 😀"
  w.ascii("NT LM 0.12");
  ByteReader r(buf);
  EXPECT_EQ(r.utf16z(), "d\xC3\xA9j\xC3\xA0 \xF0\x9F\x98\x80");
  EXPECT_EQ(r.cstring(), "NT LM 0.12");
  EXPECT_TRUE(r.ok());
}

TEST(ByteReader, UnpairedSurrogateIsInvalid) {
  const std::vector<uint8_t> data = {0x00, 0xD8, 0x41, 0x00, 0x00, 0x00};
  ByteReader r(data);
  r.utf16z();
  EXPECT_FALSE(r.ok());
}

TEST(ByteReader, MissingTerminatorIsAnError) {
  const std::vector<uint8_t> data = {'a', 'b'};
  ByteReader r(data);
  r.cstring();
  EXPECT_FALSE(r.ok());
}

TEST(ByteWriter, PatchesEarlierFields) {
  std::vector<uint8_t> buf;
  ByteWriter w(buf);
  w.u16(0);
  w.u32be(0x01020304);
  w.patch_u16(0, 0xBEEF);
  EXPECT_EQ(buf, (std::vector<uint8_t>{0xEF, 0xBE, 1, 2, 3, 4}));
}

}  // namespace
}  // namespace smbkit
