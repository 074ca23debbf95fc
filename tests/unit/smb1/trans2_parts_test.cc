#include "smb1/trans2_parts.h"

#include <gtest/gtest.h>

#include <numeric>

#include "trans2_test_util.h"

namespace smbkit::smb1 {
namespace {

using namespace trans2_testing;

std::vector<uint8_t> iota_bytes(size_t n, uint8_t first) {
  std::vector<uint8_t> v(n);
  std::iota(v.begin(), v.end(), first);
  return v;
}

TEST(TransactionAssembler, PrimaryAndOneSecondaryMakeTheWhole) {
  const auto params = iota_bytes(10, 0);
  const auto data = iota_bytes(6, 100);

  // The primary carries 4 parameter bytes and no data; the secondary the rest.
  Trans2Request primary = Trans2Request::make(Trans2Subcommand::SetPathInformation, {}, {}, 2, 0);
  primary.total_parameter_count = 10;
  primary.total_data_count = 6;
  primary.parameters.assign(params.begin(), params.begin() + 4);
  Trans2SecondaryRequest second;
  second.total_parameter_count = 10;
  second.total_data_count = 6;
  second.parameter_displacement = 4;
  second.parameters.assign(params.begin() + 4, params.end());
  second.data = data;

  // Through real messages, as a server receives them.
  const auto msg1 = build(Command::Transaction2, primary);
  const auto msg2 = build(Command::Transaction2Secondary, second);
  auto m1 = parse_message(msg1);
  auto m2 = parse_message(msg2);
  ASSERT_TRUE(m1 && m2);
  auto p1 = Trans2Request::decode(m1->blocks.at(0));
  auto p2 = Trans2SecondaryRequest::decode(m2->blocks.at(0));
  ASSERT_TRUE(p1 && p2);
  EXPECT_FALSE(p1->is_complete());

  TransactionAssembler a(p1->total_parameter_count, p1->total_data_count);
  EXPECT_EQ(a.add(*p1), NtStatus::Success);
  EXPECT_FALSE(a.complete());
  EXPECT_EQ(a.add(*p2), NtStatus::Success);
  ASSERT_TRUE(a.complete());
  EXPECT_EQ(a.parameters(), params);
  EXPECT_EQ(a.data(), data);
}

TEST(TransactionAssembler, PartsMayArriveOutOfOrder) {
  const auto data = iota_bytes(9, 1);
  TransactionAssembler a(0, 9);
  EXPECT_EQ(a.add(0, 9, 0, {}, 6, Bytes(data).subspan(6)), NtStatus::Success);
  EXPECT_EQ(a.add(0, 9, 0, {}, 0, Bytes(data).first(3)), NtStatus::Success);
  EXPECT_FALSE(a.complete());
  EXPECT_EQ(a.add(0, 9, 0, {}, 3, Bytes(data).subspan(3, 3)), NtStatus::Success);
  ASSERT_TRUE(a.complete());
  EXPECT_EQ(a.data(), data);
}

TEST(TransactionAssembler, OverlappingPartsAreRejected) {
  const auto data = iota_bytes(10, 0);
  TransactionAssembler a(0, 10);
  ASSERT_EQ(a.add(0, 10, 0, {}, 2, Bytes(data).subspan(2, 4)), NtStatus::Success);     // [2,6)
  EXPECT_EQ(a.add(0, 10, 0, {}, 5, Bytes(data).subspan(5, 2)), NtStatus::InvalidSmb);  // [5,7)
  EXPECT_EQ(a.add(0, 10, 0, {}, 0, Bytes(data).first(3)), NtStatus::InvalidSmb);       // [0,3)
  EXPECT_EQ(a.add(0, 10, 0, {}, 3, Bytes(data).subspan(3, 1)), NtStatus::InvalidSmb);  // inside
  EXPECT_EQ(a.add(0, 10, 0, {}, 0, Bytes(data)), NtStatus::InvalidSmb);                // around
  // Rejected parts left nothing behind: the true remainder still completes it.
  EXPECT_EQ(a.add(0, 10, 0, {}, 0, Bytes(data).first(2)), NtStatus::Success);
  EXPECT_EQ(a.add(0, 10, 0, {}, 6, Bytes(data).subspan(6)), NtStatus::Success);
  ASSERT_TRUE(a.complete());
  EXPECT_EQ(a.data(), data);
}

TEST(TransactionAssembler, PartsPastTheTotalsAreRejected) {
  const auto bytes = iota_bytes(8, 0);
  TransactionAssembler a(4, 4, NtStatus::InvalidNetworkResponse);
  EXPECT_EQ(a.add(4, 4, 2, Bytes(bytes).first(3), 0, {}), NtStatus::InvalidNetworkResponse);
  EXPECT_EQ(a.add(4, 4, 0, {}, 0xFFFFFFFF, Bytes(bytes).first(2)),
            NtStatus::InvalidNetworkResponse);  // displacement + count wraps 32 bits
  EXPECT_EQ(a.add(5, 4, 0, Bytes(bytes).first(1), 0, {}), NtStatus::InvalidNetworkResponse);
  EXPECT_FALSE(a.complete());
}

TEST(TransactionAssembler, TotalsMayShrinkButNotBelowWhatArrived) {
  const auto bytes = iota_bytes(8, 0);
  TransactionAssembler a(8, 0);
  ASSERT_EQ(a.add(8, 0, 4, Bytes(bytes).subspan(4, 2), 0, {}), NtStatus::Success);  // [4,6)
  EXPECT_EQ(a.add(5, 0, 0, Bytes(bytes).first(4), 0, {}), NtStatus::InvalidSmb);
  EXPECT_EQ(a.add(6, 0, 0, Bytes(bytes).first(4), 0, {}), NtStatus::Success);
  EXPECT_EQ(a.total_parameter_count(), 6u);
  ASSERT_TRUE(a.complete());
  EXPECT_EQ(a.parameters(), iota_bytes(6, 0));
}

TEST(TransactionAssembler, EmptyTransactionIsCompleteAtOnce) {
  TransactionAssembler a(0, 0);
  EXPECT_TRUE(a.complete());
  EXPECT_EQ(a.add(0, 0, 0, {}, 0, {}), NtStatus::Success);
  EXPECT_TRUE(a.complete());
}

TEST(SplitTrans2Response, SmallReplyIsOnePart) {
  auto parts = split_trans2_response(10, 500, 0, 4356);
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0], (TransPart{0, 10, 0, 500}));
  auto empty = split_trans2_response(0, 0, 0, 4356);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->size(), 1u);
  EXPECT_EQ((*empty)[0], TransPart{});
}

TEST(SplitTrans2Response, LargeDataSplitsAtTheBufferSize) {
  // 55 bytes before the first byte of parameters (header, 10 words, counts); parameters at 56,
  // data at 60 in the first response (1000 - 60 = 940 bytes), at 56 in the others (944).
  auto parts = split_trans2_response(2, 3000, 0, 1000);
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 4u);
  EXPECT_EQ((*parts)[0], (TransPart{0, 2, 0, 940}));
  EXPECT_EQ((*parts)[1], (TransPart{2, 0, 940, 944}));
  EXPECT_EQ((*parts)[2], (TransPart{2, 0, 1884, 944}));
  EXPECT_EQ((*parts)[3], (TransPart{2, 0, 2828, 172}));
}

TEST(SplitTrans2Response, ParametersGoFirstAndMaySpanResponses) {
  auto parts = split_trans2_response(100, 10, 0, 100);
  ASSERT_TRUE(parts);
  // 44 parameter bytes fit after the 56 fixed bytes; data waits for the last parameters.
  ASSERT_GE(parts->size(), 3u);
  EXPECT_EQ((*parts)[0], (TransPart{0, 44, 0, 0}));
  EXPECT_EQ((*parts)[1], (TransPart{44, 44, 0, 0}));
  EXPECT_EQ((*parts)[2].parameter_count, 12u);
  EXPECT_EQ((*parts)[2].data_count, 10u);
}

TEST(SplitTrans2Response, TooSmallABufferFails) {
  EXPECT_EQ(split_trans2_response(1, 0, 0, 56).error(), NtStatus::BufferTooSmall);
  EXPECT_EQ(split_trans2_response(0, 0, 0, 54).error(), NtStatus::BufferTooSmall);
  EXPECT_TRUE(split_trans2_response(0, 0, 0, 55));
  EXPECT_TRUE(split_trans2_response(1, 0, 0, 57));
}

TEST(SplitTrans2Response, EncodedResponsesFitAndReassemble) {
  const auto params = iota_bytes(30, 7);
  const auto data = iota_bytes(5000, 3);
  const std::vector<uint16_t> setup;
  for (size_t max : {size_t{100}, size_t{997}, size_t{4356}, size_t{16644}}) {
    auto responses = make_trans2_responses(setup, params, data, max);
    ASSERT_TRUE(responses) << max;
    TransactionAssembler client(30, 5000, NtStatus::InvalidNetworkResponse);
    for (const Trans2Response& r : *responses) {
      auto msg = build(Command::Transaction2, r, true, true);
      EXPECT_LE(msg.size(), max);
      auto m = parse_message(msg);
      ASSERT_TRUE(m);
      auto back = Trans2Response::decode(m->blocks.at(0));
      ASSERT_TRUE(back);
      ASSERT_EQ(client.add(*back), NtStatus::Success);
    }
    ASSERT_TRUE(client.complete()) << max;
    EXPECT_EQ(client.parameters(), params);
    EXPECT_EQ(client.data(), data);
  }
}

TEST(SplitTrans2Response, RepliesBeyondSixteenBitsAreRefused) {
  std::vector<uint8_t> big(0x10000);
  EXPECT_EQ(make_trans2_responses({}, {}, big, 4356).error(), NtStatus::InvalidParameter);
}

}  // namespace
}  // namespace smbkit::smb1
