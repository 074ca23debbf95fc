#include "smb1/codec_support.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"
#include "smb1/echo.h"

namespace smbkit::smb1 {
namespace {

using testing::make_header;

TEST(CodecSupport, UnicodeStringsAlignFromTheHeaderNotTheBuffer) {
  // Four bytes of transport framing in front of the header must not shift the alignment.
  std::vector<uint8_t> out = {0, 0, 0, 0};
  MessageWriter mw(out, make_header(Command::Echo, true, false));
  mw.begin_block(static_cast<uint8_t>(Command::Echo));
  mw.begin_data();  // data starts at header offset 35: odd
  EXPECT_TRUE(writer_unicode(mw));
  EXPECT_EQ(write_string(mw, "ab", true), 6u);
  mw.end_block();
  // Header offset 35 is a pad byte, the string starts at 36.
  ASSERT_EQ(out.size(), 4u + 36u + 6u);
  EXPECT_EQ(out[4 + 35], 0);
  EXPECT_EQ(out[4 + 36], 'a');
  EXPECT_EQ(out[4 + 38], 'b');

  auto m = parse_message(Bytes(out).subspan(4));
  ASSERT_TRUE(m);
  ByteReader r = m->blocks[0].data_reader();
  EXPECT_EQ(read_string(r, true), "ab");
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(CodecSupport, OemStringsAreNeverPadded) {
  std::vector<uint8_t> out;
  MessageWriter mw(out, make_header(Command::Echo, false, false));
  mw.begin_block(static_cast<uint8_t>(Command::Echo));
  mw.begin_data();
  EXPECT_FALSE(writer_unicode(mw));
  EXPECT_EQ(write_string(mw, "A:", false), 3u);
  mw.end_block();
  ASSERT_EQ(out.size(), 35u + 3u);
  EXPECT_EQ(out[35], 'A');
}

TEST(CodecSupport, MissingTerminatorFailsStrictReadButNotTrailingRead) {
  const std::vector<uint8_t> data = {'a', 0, 'b', 0};  // UTF-16 "ab" without terminator
  ByteReader strict(data);
  read_string(strict, true, false);
  EXPECT_FALSE(strict.ok());

  ByteReader lenient(data);
  EXPECT_EQ(read_trailing_string(lenient, true, false), "ab");
  EXPECT_TRUE(lenient.ok());
  EXPECT_EQ(read_trailing_string(lenient, true, false), "");  // nothing left
  EXPECT_TRUE(lenient.ok());
}

TEST(CodecSupport, TrailingStringDropsAnOddLastByte) {
  const std::vector<uint8_t> data = {'o', 0, 'k', 0, 'x'};
  ByteReader r(data);
  EXPECT_EQ(read_trailing_string(r, true, false), "ok");
}

TEST(CodecSupport, InvalidUtf16IsAnErrorForNamesAndEmptyForInformationalStrings) {
  const std::vector<uint8_t> lone_surrogate = {0x00, 0xD8, 0, 0};
  ByteReader r1(lone_surrogate);
  EXPECT_EQ(read_trailing_string(r1, true, false), "");
  ByteReader r2(lone_surrogate);
  auto name = read_trailing_name(r2, true);
  ASSERT_FALSE(name);
  EXPECT_EQ(name.error(), NtStatus::ObjectNameInvalid);
  ByteReader r3(lone_surrogate);
  read_string(r3, true, false);
  EXPECT_FALSE(r3.ok());
}

TEST(CodecSupport, ByteCountPastTheEndIsDetectedDespiteClamping) {
  // ECHO request claiming 10 data bytes with only 2 present.
  auto bytes = testing::raw_message(Command::Echo, false, false, {1, 1, 0, 10, 0, 'h', 'i'});
  auto m = parse_message(bytes);
  ASSERT_TRUE(m);
  const Block& b = m->blocks[0];
  EXPECT_EQ(b.byte_count, 2);  // parse_message clamped it
  EXPECT_EQ(sent_byte_count(b), 10);
  EXPECT_FALSE(block_fits(b, 1));
  auto echo = EchoRequest::decode(b);
  ASSERT_FALSE(echo);
  EXPECT_EQ(echo.error(), NtStatus::InvalidSmb);
}

TEST(CodecSupport, AndXWordsReaderSkipsTheAndXBlockAndFailsOnShortBlocks) {
  auto bytes = testing::raw_message(Command::LogoffAndX, false, false,
                                    {3, 0xFF, 0, 0, 0, 0x34, 0x12, 0, 0});
  auto m = parse_message(bytes);
  ASSERT_TRUE(m);
  ByteReader w = andx_words_reader(m->blocks[0]);
  EXPECT_EQ(w.u16(), 0x1234);
  EXPECT_TRUE(w.ok());

  auto none = testing::raw_message(Command::LogoffAndX, false, false, {0, 0, 0});
  auto m2 = parse_message(none);
  ASSERT_TRUE(m2);
  ByteReader w2 = andx_words_reader(m2->blocks[0]);
  EXPECT_FALSE(w2.ok());
}

}  // namespace
}  // namespace smbkit::smb1
