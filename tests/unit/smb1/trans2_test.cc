#include "smb1/trans2.h"

#include <gtest/gtest.h>

#include "trans2_test_util.h"

namespace smbkit::smb1 {
namespace {

using namespace trans2_testing;

// Positions in a request built after a 32-byte header: WordCount at 32, words from 33.
constexpr size_t kWords = kHeaderSize + 1;
constexpr size_t kTotalParameterCount = kWords + 0;
constexpr size_t kParameterCount = kWords + 18;
constexpr size_t kParameterOffset = kWords + 20;
constexpr size_t kDataCount = kWords + 22;
constexpr size_t kDataOffset = kWords + 24;
constexpr size_t kSetupCount = kWords + 26;

std::vector<uint8_t> sample_parameters() {
  // TRANS2_QUERY_PATH_INFORMATION parameters: level 0x0107, reserved, "\a.txt".
  std::vector<uint8_t> p = {0x07, 0x01, 0, 0, 0, 0};
  auto name = utf16("\\a.txt");
  p.insert(p.end(), name.begin(), name.end());
  p.insert(p.end(), {0, 0});
  return p;
}

Trans2Request sample_request() {
  return Trans2Request::make(Trans2Subcommand::QueryPathInformation, sample_parameters(),
                             {0xD1, 0xD2, 0xD3}, 2, 0xFFF0);
}

TEST(Trans2Request, BuiltAndParsedBackLocatesParametersAndData) {
  for (bool unicode : {true, false}) {
    auto msg = build(Command::Transaction2, sample_request(), unicode);
    // Header 32, WordCount, 15 words, ByteCount: the data bytes start at 65. Name is one NUL
    // byte (OEM) or a 2-byte-aligned UTF-16 NUL at 66; either way parameters land on 68, the
    // next multiple of 4, and data after them on the next one.
    EXPECT_EQ(msg[kHeaderSize], 15);
    EXPECT_EQ(u16_at(msg, kParameterOffset), 68) << unicode;
    EXPECT_EQ(u16_at(msg, kParameterCount), 20);
    EXPECT_EQ(u16_at(msg, kDataOffset), 88) << unicode;
    EXPECT_EQ(u16_at(msg, kDataCount), 3);
    EXPECT_EQ(msg[kSetupCount], 1);
    EXPECT_EQ(msg.size(), 91u);
    EXPECT_EQ(std::vector<uint8_t>(msg.begin() + 68, msg.begin() + 88), sample_parameters());

    auto m = parse_message(msg);
    ASSERT_TRUE(m);
    auto req = Trans2Request::decode(m->blocks.at(0));
    ASSERT_TRUE(req);
    EXPECT_EQ(req->subcommand(), static_cast<uint16_t>(Trans2Subcommand::QueryPathInformation));
    EXPECT_EQ(req->parameters, sample_parameters());
    EXPECT_EQ(req->data, (std::vector<uint8_t>{0xD1, 0xD2, 0xD3}));
    EXPECT_EQ(req->max_data_count, 0xFFF0);
    EXPECT_EQ(req->max_parameter_count, 2);
    EXPECT_TRUE(req->is_complete());
  }
}

TEST(Trans2Request, MultipleSetupWordsAndNoData) {
  Trans2Request req = sample_request();
  req.setup = {0x0001, 0xBEEF};
  req.data.clear();
  req.total_data_count = 0;
  req.flags = kTrans2NoResponse;
  req.timeout = 1234;
  auto msg = build(Command::Transaction2, req);
  EXPECT_EQ(msg[kHeaderSize], 16);
  auto m = parse_message(msg);
  ASSERT_TRUE(m);
  auto back = Trans2Request::decode(m->blocks.at(0));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->setup, (std::vector<uint16_t>{0x0001, 0xBEEF}));
  EXPECT_TRUE(back->data.empty());
  EXPECT_EQ(back->flags, kTrans2NoResponse);
  EXPECT_EQ(back->timeout, 1234u);
}

// Decodes a message after `edit` changed its bytes.
template <class Edit>
Result<Trans2Request> decode_edited(Edit edit) {
  auto msg = build(Command::Transaction2, sample_request());
  edit(msg);
  auto m = parse_message(msg);
  if (!m) return fail(m.error());
  return Trans2Request::decode(m->blocks.at(0));
}

TEST(Trans2Request, LyingOffsetsAndCountsFailCleanly) {
  auto status = [](auto edit) {
    auto r = decode_edited(edit);
    return r ? NtStatus::Success : r.error();
  };
  // ParameterOffset past the end of the message.
  EXPECT_EQ(status([](auto& m) { put_u16(m, kParameterOffset, 0xFFF0); }), NtStatus::InvalidSmb);
  // ParameterOffset pointing back into the parameter words.
  EXPECT_EQ(status([](auto& m) { put_u16(m, kParameterOffset, 40); }), NtStatus::InvalidSmb);
  // The parameters running past the data block's end.
  EXPECT_EQ(status([](auto& m) { put_u16(m, kParameterOffset, 80); }), NtStatus::InvalidSmb);
  // DataOffset + DataCount past the end.
  EXPECT_EQ(status([](auto& m) { put_u16(m, kDataOffset, 90); }), NtStatus::InvalidSmb);
  // ParameterCount greater than TotalParameterCount.
  EXPECT_EQ(status([](auto& m) { put_u16(m, kTotalParameterCount, 10); }), NtStatus::InvalidSmb);
  // SetupCount claiming more words than WordCount holds, or none at all.
  EXPECT_EQ(status([](auto& m) { m[kSetupCount] = 3; }), NtStatus::InvalidSmb);
  EXPECT_EQ(status([](auto& m) { m[kSetupCount] = 0; }), NtStatus::InvalidSmb);
  // ByteCount cut so the data no longer fits in the data block.
  EXPECT_EQ(status([](auto& m) { put_u16(m, kWords + 30, 20); }), NtStatus::InvalidSmb);
  // The untouched message still decodes.
  EXPECT_EQ(status([](auto&) {}), NtStatus::Success);
}

TEST(Trans2Request, TooFewWordsFail) {
  std::vector<uint8_t> msg;
  MessageWriter mw(msg, header(Command::Transaction2, true));
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::Transaction2));
  w.zeros(2 * 13);
  mw.begin_data();
  mw.end_block();
  auto m = parse_message(msg);
  ASSERT_TRUE(m);
  EXPECT_EQ(Trans2Request::decode(m->blocks.at(0)).error(), NtStatus::InvalidSmb);
}

TEST(Trans2Request, EmptyPartsMayCarryAnyOffset) {
  // Clients leave DataOffset 0 when DataCount is 0.
  Trans2Request req = sample_request();
  req.data.clear();
  req.total_data_count = 0;
  auto msg = build(Command::Transaction2, req);
  put_u16(msg, kDataOffset, 0);
  auto m = parse_message(msg);
  ASSERT_TRUE(m);
  EXPECT_TRUE(Trans2Request::decode(m->blocks.at(0)));
}

Trans2Response sample_response() {
  Trans2Response resp;
  resp.total_parameter_count = 2;
  resp.total_data_count = 5;
  resp.parameters = {0, 0};
  resp.data = {1, 2, 3, 4, 5};
  return resp;
}

TEST(Trans2Response, AlignsParametersAndDataToFourFromTheHeader) {
  auto msg = build(Command::Transaction2, sample_response(), true, true);
  // WordCount 10 at 32, words 33..52, ByteCount 53..54: parameters at 56, data at 60.
  EXPECT_EQ(msg[kHeaderSize], 10);
  EXPECT_EQ(u16_at(msg, kWords + 8), 56);   // ParameterOffset
  EXPECT_EQ(u16_at(msg, kWords + 14), 60);  // DataOffset
  EXPECT_EQ(msg.size(), 65u);
  auto m = parse_message(msg);
  ASSERT_TRUE(m);
  auto back = Trans2Response::decode(m->blocks.at(0));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->parameters, sample_response().parameters);
  EXPECT_EQ(back->data, sample_response().data);
  EXPECT_FALSE(is_interim_response(m->blocks.at(0)));
}

TEST(Trans2Response, DisplacementPastTheTotalFails) {
  Trans2Response resp = sample_response();
  resp.data_displacement = 1;  // 1 + 5 > 5
  auto msg = build(Command::Transaction2, resp, true, true);
  auto m = parse_message(msg);
  ASSERT_TRUE(m);
  EXPECT_EQ(Trans2Response::decode(m->blocks.at(0)).error(), NtStatus::InvalidNetworkResponse);
  // Offsets outside the message.
  msg = build(Command::Transaction2, sample_response(), true, true);
  put_u16(msg, kWords + 14, 0x7000);
  m = parse_message(msg);
  ASSERT_TRUE(m);
  EXPECT_FALSE(Trans2Response::decode(m->blocks.at(0)));
}

TEST(Trans2Response, InterimResponseIsAnEmptyBlock) {
  std::vector<uint8_t> msg;
  MessageWriter mw(msg, header(Command::Transaction2, true, true));
  mw.empty_block(static_cast<uint8_t>(Command::Transaction2));
  auto m = parse_message(msg);
  ASSERT_TRUE(m);
  EXPECT_TRUE(is_interim_response(m->blocks.at(0)));
  EXPECT_FALSE(Trans2Response::decode(m->blocks.at(0)));
}

TEST(Trans2Secondary, RoundTripsAndChecksItsWordCount) {
  Trans2SecondaryRequest part;
  part.total_parameter_count = 10;
  part.total_data_count = 100;
  part.parameter_displacement = 6;
  part.data_displacement = 40;
  part.parameters = {1, 2, 3, 4};
  part.data = {9, 9, 9};
  auto msg = build(Command::Transaction2Secondary, part);
  EXPECT_EQ(msg[kHeaderSize], 9);
  auto m = parse_message(msg);
  ASSERT_TRUE(m);
  auto back = Trans2SecondaryRequest::decode(m->blocks.at(0));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->parameter_displacement, 6);
  EXPECT_EQ(back->data_displacement, 40);
  EXPECT_EQ(back->parameters, part.parameters);
  EXPECT_EQ(back->data, part.data);
  EXPECT_EQ(back->fid, 0xFFFF);

  msg[kHeaderSize] = 8;  // WordCount of TRANSACTION_SECONDARY, not TRANSACTION2_SECONDARY
  m = parse_message(msg);
  ASSERT_TRUE(m);
  EXPECT_EQ(Trans2SecondaryRequest::decode(m->blocks.at(0)).error(), NtStatus::InvalidSmb);

  part.total_data_count = 2;  // DataCount 3 > TotalDataCount
  msg = build(Command::Transaction2Secondary, part);
  m = parse_message(msg);
  ASSERT_TRUE(m);
  EXPECT_FALSE(Trans2SecondaryRequest::decode(m->blocks.at(0)));
}

TEST(Trans2Strings, ParameterStringsEndAtNulOrAtTheEnd) {
  std::vector<uint8_t> p = utf16("ab");
  p.insert(p.end(), {0, 0, 'x', 0});
  ByteReader r(p);
  auto s = read_parameter_string(r, true);
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, "ab");
  EXPECT_EQ(r.offset(), 6u);

  std::vector<uint8_t> unterminated = utf16("name");
  ByteReader r2(unterminated);
  s = read_parameter_string(r2, true);
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, "name");
  EXPECT_EQ(r2.remaining(), 0u);

  std::vector<uint8_t> oem = {'d', 'i', 'r', 0, 'z'};
  ByteReader r3(oem);
  s = read_parameter_string(r3, false);
  ASSERT_TRUE(s);
  EXPECT_EQ(*s, "dir");
  EXPECT_EQ(r3.offset(), 4u);

  std::vector<uint8_t> bad = {0x00, 0xD8, 'a', 0};  // unpaired surrogate
  ByteReader r4(bad);
  s = read_parameter_string(r4, true);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), NtStatus::ObjectNameInvalid);  // as in NT_CREATE_ANDX

  ByteReader failed(bad);
  failed.skip(99);
  s = read_parameter_string(failed, true);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), NtStatus::InvalidParameter);  // the reader's own status

  std::vector<uint8_t> out;
  ByteWriter w(out);
  write_parameter_string(w, "ab", true);
  EXPECT_EQ(out, (std::vector<uint8_t>{'a', 0, 'b', 0, 0, 0}));
}

TEST(Trans2Names, SubcommandNames) {
  EXPECT_EQ(trans2_subcommand_name(0x0001), "TRANS2_FIND_FIRST2");
  EXPECT_EQ(trans2_subcommand_name(0x0007), "TRANS2_QUERY_FILE_INFORMATION");
  EXPECT_EQ(trans2_subcommand_name(0x00AB), "TRANS2_0x00AB");
}

}  // namespace
}  // namespace smbkit::smb1
