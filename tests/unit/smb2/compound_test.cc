#include "smb2/compound.h"

#include <gtest/gtest.h>

#include <vector>

namespace smbkit::smb2 {
namespace {

// An ECHO request (MS-SMB2 2.2.28): a 64-byte header and a 4-byte body, 68 bytes in all.
std::vector<uint8_t> echo(uint64_t message_id, uint32_t next_command = 0) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  Header h;
  h.command = static_cast<uint16_t>(Command::Echo);
  h.message_id = message_id;
  h.next_command = next_command;
  h.encode(w);
  w.u16(4);
  w.u16(0);
  return out;
}

void set_next(std::vector<uint8_t>& frame, size_t message_start, uint32_t next) {
  ByteWriter w(frame);
  w.patch_u32(message_start + kNextCommandOffset, next);
}

// Three ECHO requests chained by hand: NextCommand 72 (68 padded to 8), 72, 0.
std::vector<uint8_t> three_echoes() {
  std::vector<uint8_t> frame;
  for (uint64_t id = 1; id <= 3; ++id) {
    auto m = echo(id, id < 3 ? 72 : 0);
    frame.insert(frame.end(), m.begin(), m.end());
    if (id < 3) frame.insert(frame.end(), 4, 0);
  }
  return frame;
}

TEST(Smb2Compound, SplitsByNextCommand) {
  auto frame = three_echoes();
  auto messages = split_compound(frame);
  ASSERT_TRUE(messages);
  ASSERT_EQ(messages->size(), 3u);
  EXPECT_EQ((*messages)[0].size(), 72u);  // padding included: the signature covers it
  EXPECT_EQ((*messages)[1].size(), 72u);
  EXPECT_EQ((*messages)[2].size(), 68u);  // the last one need not be padded
  EXPECT_EQ((*messages)[1].data(), frame.data() + 72);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(Header::decode((*messages)[i])->message_id, i + 1);
}

TEST(Smb2Compound, SingleMessage) {
  auto frame = echo(5);
  auto messages = split_compound(frame);
  ASSERT_TRUE(messages);
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ((*messages)[0].size(), frame.size());
}

TEST(Smb2Compound, HeaderOnlyMembersAreAllowed) {
  // NextCommand exactly 64: a member that is only a header (its body checks come later).
  auto frame = echo(1);
  frame.resize(kHeaderSize);
  set_next(frame, 0, kHeaderSize);
  auto second = echo(2);
  frame.insert(frame.end(), second.begin(), second.end());
  auto messages = split_compound(frame);
  ASSERT_TRUE(messages);
  EXPECT_EQ(messages->size(), 2u);
}

CompoundError::Reason error_of(const std::vector<uint8_t>& frame, size_t* index = nullptr,
                               size_t max = SIZE_MAX) {
  auto r = split_compound(frame, max);
  EXPECT_FALSE(r);
  if (r) return CompoundError::kTooManyMessages;
  if (index) *index = r.error().index;
  EXPECT_EQ(r.error().status(), NtStatus::InvalidParameter);
  EXPECT_NE(std::string(r.error().what()), "");
  return r.error().reason;
}

TEST(Smb2Compound, MisalignedNextCommand) {
  // 68 is the unpadded length: not a multiple of 8 (2.2.1.2, 3.3.5.2.7).
  auto frame = three_echoes();
  set_next(frame, 0, 68);
  size_t index = 99;
  EXPECT_EQ(error_of(frame, &index), CompoundError::kMisaligned);
  EXPECT_EQ(index, 0u);
  frame = three_echoes();
  set_next(frame, 72, 76);
  EXPECT_EQ(error_of(frame, &index), CompoundError::kMisaligned);
  EXPECT_EQ(index, 1u);
}

TEST(Smb2Compound, NextCommandSmallerThanAHeader) {
  auto frame = three_echoes();
  set_next(frame, 0, 8);
  EXPECT_EQ(error_of(frame), CompoundError::kNextTooSmall);
  set_next(frame, 0, 56);
  EXPECT_EQ(error_of(frame), CompoundError::kNextTooSmall);
}

TEST(Smb2Compound, NextCommandPastTheEnd) {
  auto frame = three_echoes();
  set_next(frame, 72, 72 + 72);  // the third message would start at the end of the frame
  EXPECT_EQ(error_of(frame), CompoundError::kNextPastEnd);
  set_next(frame, 72, 0xFFFFFFF8u);  // no overflow
  EXPECT_EQ(error_of(frame), CompoundError::kNextPastEnd);
  // A last message that claims a successor.
  frame = three_echoes();
  set_next(frame, 144, 72);
  size_t index = 0;
  EXPECT_EQ(error_of(frame, &index), CompoundError::kNextPastEnd);
  EXPECT_EQ(index, 2u);
}

TEST(Smb2Compound, MemberTooShortOrNotSmb2) {
  // The next member is shorter than a header.
  auto frame = three_echoes();
  frame.resize(144 + 63);
  size_t index = 0;
  EXPECT_EQ(error_of(frame, &index), CompoundError::kTooShort);
  EXPECT_EQ(index, 2u);
  // An empty frame, a frame shorter than one header.
  EXPECT_EQ(error_of({}), CompoundError::kTooShort);
  EXPECT_EQ(error_of(std::vector<uint8_t>(40, 0)), CompoundError::kTooShort);
  // The second member is not an SMB2 header.
  frame = three_echoes();
  frame[72] = 0xFD;
  EXPECT_EQ(error_of(frame), CompoundError::kNotSmb2);
}

TEST(Smb2Compound, MessageLimit) {
  auto frame = three_echoes();
  EXPECT_EQ(error_of(frame, nullptr, 2), CompoundError::kTooManyMessages);
  EXPECT_TRUE(split_compound(frame, 3));
}

TEST(Smb2Compound, WriterPadsAndPatchesNextCommand) {
  std::vector<uint8_t> out = {0, 0, 0, 0};  // a transport header already in the buffer
  CompoundWriter cw(out);
  for (uint64_t id = 1; id <= 3; ++id) {
    size_t start = cw.begin_message();
    ByteWriter w(out);
    Header h;
    h.command = static_cast<uint16_t>(Command::Echo);
    h.message_id = id;
    h.encode(w);
    w.u16(4);
    w.u16(0);
    EXPECT_EQ(start, 4 + (id - 1) * 72);
  }
  EXPECT_EQ(cw.message_count(), 3u);
  EXPECT_EQ(cw.starts(), (std::vector<size_t>{4, 76, 148}));
  EXPECT_EQ(cw.message(0).size(), 72u);
  EXPECT_EQ(cw.message(2).size(), 68u);
  std::vector<uint8_t> frame(out.begin() + 4, out.end());
  EXPECT_EQ(frame, three_echoes());
  cw.pad_last();  // 3.3.4.1.3: the last response SHOULD be padded
  EXPECT_EQ(out.size(), 4 + 3 * 72u);
  EXPECT_EQ(Header::decode(cw.message(2))->next_command, 0u);
  auto messages = split_compound(Bytes(out).subspan(4));
  ASSERT_TRUE(messages);
  EXPECT_EQ(messages->size(), 3u);
}

TEST(Smb2Compound, AppendRebuildsTheSameFrame) {
  auto frame = three_echoes();
  auto messages = split_compound(frame);
  ASSERT_TRUE(messages);
  std::vector<uint8_t> out;
  CompoundWriter cw(out);
  // Appending unpadded messages: the writer pads and patches NextCommand itself.
  for (size_t i = 0; i < messages->size(); ++i) {
    auto m = echo(i + 1);
    cw.append(m);
  }
  EXPECT_EQ(out, frame);
  // Appending the split spans (already padded) gives the frame back too.
  std::vector<uint8_t> again;
  CompoundWriter cw2(again);
  for (Bytes m : *messages) cw2.append(m);
  EXPECT_EQ(again, frame);
}

}  // namespace
}  // namespace smbkit::smb2
