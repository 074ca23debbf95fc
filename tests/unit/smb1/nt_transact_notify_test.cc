// NT_TRANSACT framing (MS-CIFS 2.2.4.62), NT_TRANSACT_NOTIFY_CHANGE (2.2.7.4) with its
// FILE_NOTIFY_INFORMATION chain (MS-FSCC 2.7.1), and NT_CANCEL (2.2.4.65).
#include "smb1/nt_transact_notify.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"
#include "smb1/nt_cancel.h"
#include "smb1/nt_transact.h"

namespace smbkit::smb1 {
namespace {

using namespace fscc;  // the CompletionFilter values
using testing::build;
using testing::decode_first;
using testing::raw_message;

std::vector<uint8_t> block_of(const std::vector<uint8_t>& message) {
  return std::vector<uint8_t>(message.begin() + kHeaderSize, message.end());
}

// ---- NT_TRANSACT framing ----

TEST(NtTransact, NotifyChangeRequestHasTheSpecifiedLayout) {
  NotifyChangeSetup setup{kFileNotifyChangeName | kFileNotifyChangeLastWrite, 0x4001, true};
  auto bytes = build(Command::NtTransact, make_notify_change_request(setup, 0x1000));
  // WordCount 0x17 (19 + 4 setup words); the parameter and data offsets of an empty part point
  // just past ByteCount: 32 + 1 + 46 + 2 = 81.
  std::vector<uint8_t> expected{
      0x17,
      0x00,                    // MaxSetupCount
      0x00, 0x00,              // Reserved1
      0x00, 0x00, 0x00, 0x00,  // TotalParameterCount
      0x00, 0x00, 0x00, 0x00,  // TotalDataCount
      0x00, 0x10, 0x00, 0x00,  // MaxParameterCount
      0x00, 0x00, 0x00, 0x00,  // MaxDataCount
      0x00, 0x00, 0x00, 0x00,  // ParameterCount
      0x51, 0x00, 0x00, 0x00,  // ParameterOffset
      0x00, 0x00, 0x00, 0x00,  // DataCount
      0x51, 0x00, 0x00, 0x00,  // DataOffset
      0x04,                    // SetupCount
      0x04, 0x00,              // Function: NT_TRANSACT_NOTIFY_CHANGE
      0x13, 0x00, 0x00, 0x00,  // CompletionFilter
      0x01, 0x40,              // FID
      0x01,                    // WatchTree
      0x00,                    // Reserved
      0x00, 0x00,              // ByteCount
  };
  EXPECT_EQ(block_of(bytes), expected);

  auto req = decode_first<NtTransactRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->function, static_cast<uint16_t>(NtTransactFunction::NotifyChange));
  EXPECT_EQ(req->max_parameter_count, 0x1000u);
  auto back = NotifyChangeSetup::decode(req->setup);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->completion_filter, 0x13u);
  EXPECT_EQ(back->fid, 0x4001);
  EXPECT_TRUE(back->watch_tree);
}

TEST(NtTransact, RequestWithParametersAndDataRoundTrips) {
  auto req = NtTransactRequest::make(NtTransactFunction::Ioctl, {1, 2}, {0xAA, 0xBB, 0xCC},
                                     {1, 2, 3, 4, 5}, 64, 128);
  auto bytes = build(Command::NtTransact, req, false);
  auto back = decode_first<NtTransactRequest>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->setup, (std::vector<uint16_t>{1, 2}));
  EXPECT_EQ(back->parameters, (std::vector<uint8_t>{0xAA, 0xBB, 0xCC}));
  EXPECT_EQ(back->data, (std::vector<uint8_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(back->total_parameter_count, 3u);
  EXPECT_EQ(back->total_data_count, 5u);
  // Parameters and data start on 4-byte boundaries from the header start.
  auto m = parse_message(bytes);
  ByteReader w = m->blocks[0].words_reader();
  w.skip(23);
  uint32_t parameter_offset = w.u32();
  w.skip(4);
  uint32_t data_offset = w.u32();
  EXPECT_EQ(parameter_offset % 4, 0u);
  EXPECT_EQ(data_offset % 4, 0u);
  EXPECT_EQ(bytes[parameter_offset], 0xAA);
  EXPECT_EQ(bytes[data_offset], 1);
}

TEST(NtTransact, ResponseRoundTripsWithDisplacements) {
  NtTransactResponse resp;
  resp.total_parameter_count = 10;
  resp.total_data_count = 4;
  resp.parameter_displacement = 6;
  resp.parameters = {1, 2, 3, 4};
  resp.data_displacement = 0;
  resp.data = {9, 8, 7, 6};
  auto bytes = build(Command::NtTransact, resp, true, true);
  EXPECT_EQ(bytes[kHeaderSize], kNtTransactResponseWords);
  auto back = decode_first<NtTransactResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->total_parameter_count, 10u);
  EXPECT_EQ(back->parameter_displacement, 6u);
  EXPECT_EQ(back->parameters, resp.parameters);
  EXPECT_EQ(back->data, resp.data);
}

// A response block written by hand: 18 words, no setup, `parameters` at `offset`.
std::vector<uint8_t> response_bytes(uint32_t total, uint32_t count, uint32_t offset,
                                    uint32_t displacement, uint16_t byte_count) {
  std::vector<uint8_t> out = raw_message(Command::NtTransact, true, true, {18, 0, 0, 0});
  ByteWriter w(out);
  w.u32(total);
  w.u32(0);  // TotalDataCount
  w.u32(count);
  w.u32(offset);
  w.u32(displacement);
  w.u32(0);  // DataCount
  w.u32(0);  // DataOffset
  w.u32(0);  // DataDisplacement
  w.u8(0);   // SetupCount
  w.u16(byte_count);
  w.zeros(byte_count);
  return out;
}

TEST(NtTransact, ResponseByHandDecodes) {
  // 32 + 1 + 36 + 2 = 71: the data bytes start there; parameters at 72 (4-aligned).
  auto bytes = response_bytes(4, 4, 72, 0, 5);
  bytes[72] = 0x11;
  auto resp = decode_first<NtTransactResponse>(bytes);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->parameters, (std::vector<uint8_t>{0x11, 0, 0, 0}));
}

TEST(NtTransact, LyingResponsesFailCleanly) {
  // Parameters before the data block.
  EXPECT_EQ(decode_first<NtTransactResponse>(response_bytes(4, 4, 60, 0, 5)).error(),
            NtStatus::InvalidNetworkResponse);
  // Parameters past the data block.
  EXPECT_EQ(decode_first<NtTransactResponse>(response_bytes(8, 8, 72, 0, 5)).error(),
            NtStatus::InvalidNetworkResponse);
  // Displacement + count past the total.
  EXPECT_EQ(decode_first<NtTransactResponse>(response_bytes(4, 4, 72, 1, 5)).error(),
            NtStatus::InvalidNetworkResponse);
  // An offset near 2^32 must not wrap.
  EXPECT_EQ(decode_first<NtTransactResponse>(response_bytes(4, 4, 0xFFFFFFFE, 0, 5)).error(),
            NtStatus::InvalidNetworkResponse);
  // A displacement near 2^32 must not wrap either.
  EXPECT_EQ(decode_first<NtTransactResponse>(response_bytes(4, 4, 72, 0xFFFFFFFE, 5)).error(),
            NtStatus::InvalidNetworkResponse);
  // WordCount that disagrees with SetupCount.
  auto bytes = response_bytes(0, 0, 0, 0, 0);
  bytes[kHeaderSize + 35] = 1;  // SetupCount 1 with 18 words
  EXPECT_EQ(decode_first<NtTransactResponse>(bytes).error(), NtStatus::InvalidNetworkResponse);
  // Too few words.
  auto short_block = raw_message(Command::NtTransact, true, true, {2, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(decode_first<NtTransactResponse>(short_block).error(),
            NtStatus::InvalidNetworkResponse);
}

TEST(NtTransact, TruncatedRequestFails) {
  NotifyChangeSetup setup{kFileNotifyChangeName, 1, false};
  auto bytes = build(Command::NtTransact, make_notify_change_request(setup, 100));
  for (size_t cut = kHeaderSize + 1; cut < bytes.size(); ++cut) {
    std::vector<uint8_t> part(bytes.begin(), bytes.begin() + cut);
    EXPECT_FALSE(decode_first<NtTransactRequest>(part)) << "cut at " << cut;
  }
}

TEST(NtTransact, NotifySetupNeedsFourWords) {
  EXPECT_EQ(NotifyChangeSetup::decode({1, 2, 3}).error(), NtStatus::InvalidSmb);
  // The Reserved byte is ignored.
  auto s = NotifyChangeSetup::decode({0x0001, 0x0000, 0x0007, 0xFF00});
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->watch_tree);
}

// ---- FILE_NOTIFY_INFORMATION ----

TEST(NtCancel, IsAnEmptyBlock) {
  auto bytes = build(Command::NtCancel, NtCancelRequest{});
  EXPECT_EQ(block_of(bytes), (std::vector<uint8_t>{0, 0, 0}));
  EXPECT_TRUE(decode_first<NtCancelRequest>(bytes));
  auto with_words = raw_message(Command::NtCancel, true, false, {1, 0, 0, 0, 0});
  EXPECT_EQ(decode_first<NtCancelRequest>(with_words).error(), NtStatus::InvalidSmb);
}

}  // namespace
}  // namespace smbkit::smb1
