#include "smb2/header.h"

#include <gtest/gtest.h>

#include <vector>

#include "smb2/codec_support.h"

namespace smbkit::smb2 {
namespace {

// MS-SMB2 2.2.1.2: a sync NEGOTIATE request header, as a client sends it first.
const std::vector<uint8_t> kSyncNegotiate = {
    0xFE, 'S', 'M', 'B', 64, 0,           // ProtocolId, StructureSize
    0, 0,                                 // CreditCharge
    0, 0, 0, 0,                           // Status / ChannelSequence
    0, 0,                                 // Command: NEGOTIATE
    31, 0,                                // CreditRequest
    0, 0, 0, 0,                           // Flags
    0, 0, 0, 0,                           // NextCommand
    1, 0, 0, 0, 0, 0, 0, 0,               // MessageId
    0xFF, 0xFE, 0, 0,                     // Reserved (ProcessId)
    5, 0, 0, 0,                           // TreeId
    0x11, 0x22, 0, 0, 0, 0, 0, 0,         // SessionId
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

TEST(Smb2Header, SyncRoundTrip) {
  auto h = Header::decode(kSyncNegotiate);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->command, 0);
  EXPECT_EQ(h->credits, 31);
  EXPECT_EQ(h->message_id, 1u);
  EXPECT_EQ(h->process_id, 0xFEFFu);
  EXPECT_EQ(h->tree_id, 5u);
  EXPECT_EQ(h->session_id, 0x2211u);
  EXPECT_FALSE(h->is_async());
  EXPECT_EQ(h->signature[15], 16);
  std::vector<uint8_t> out;
  ByteWriter w(out);
  h->encode(w);
  EXPECT_EQ(out, kSyncNegotiate);
}

TEST(Smb2Header, AsyncFormCarriesAsyncId) {
  auto bytes = kSyncNegotiate;
  bytes[16] = kFlagsAsyncCommand | kFlagsServerToRedir;
  auto h = Header::decode(bytes);
  ASSERT_TRUE(h);
  EXPECT_TRUE(h->is_async());
  EXPECT_TRUE(h->is_response());
  EXPECT_EQ(h->async_id, 0x000000050000FEFFull);
  std::vector<uint8_t> out;
  ByteWriter w(out);
  h->encode(w);
  EXPECT_EQ(out, bytes);
}

TEST(Smb2Header, RefusesWrongProtocolSizeOrShortBuffer) {
  auto bad = kSyncNegotiate;
  bad[0] = 0xFF;
  EXPECT_EQ(Header::decode(bad).error(), kBadRequest);
  bad = kSyncNegotiate;
  bad[4] = 65;
  EXPECT_FALSE(Header::decode(bad));
  std::vector<uint8_t> shortened(kSyncNegotiate.begin(), kSyncNegotiate.end() - 1);
  EXPECT_FALSE(Header::decode(shortened));
}

TEST(Smb2Header, CommandNames) {
  EXPECT_STREQ(command_name(0x0005), "SMB2_CREATE");
  EXPECT_STREQ(command_name(0x0012), "SMB2_OPLOCK_BREAK");
  EXPECT_STREQ(command_name(0x00AB), "SMB2_0x00AB");
}

TEST(Smb2CodecSupport, VariablePartBounds) {
  std::vector<uint8_t> msg(100, 0);
  EXPECT_EQ(variable_part(msg, 72, 28, 72)->size(), 28u);
  EXPECT_FALSE(variable_part(msg, 72, 29, 72));
  EXPECT_FALSE(variable_part(msg, 70, 2, 72));  // inside the fixed part
  EXPECT_FALSE(variable_part(msg, 0xFFFFFFFFull, 0xFFFFFFFFull, 72));
  EXPECT_TRUE(variable_part(msg, 0xFFFF, 0, 72));  // empty: any offset
}

TEST(Smb2CodecSupport, BodyReaderChecksStructureSize) {
  std::vector<uint8_t> msg(kHeaderSize, 0);
  msg.push_back(4);
  msg.push_back(0);
  msg.push_back(0);
  msg.push_back(0);
  EXPECT_TRUE(body_reader(msg, 4).ok());
  EXPECT_FALSE(body_reader(msg, 36).ok());
}

TEST(Smb2CodecSupport, Utf16Names) {
  const std::vector<uint8_t> name = {'a', 0, '\\', 0, 'b', 0};
  EXPECT_EQ(*utf16_to_utf8(name), "a\\b");
  EXPECT_EQ(utf16_to_utf8(Bytes(name).first(3)).error(), NtStatus::ObjectNameInvalid);
  const std::vector<uint8_t> lone_surrogate = {0x00, 0xD8};
  EXPECT_EQ(utf16_to_utf8(lone_surrogate).error(), NtStatus::ObjectNameInvalid);
}

}  // namespace
}  // namespace smbkit::smb2
