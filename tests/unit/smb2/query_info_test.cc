#include "smb2/query_info.h"

#include <gtest/gtest.h>

#include "file_codec_test_util.h"

namespace smbkit::smb2 {
namespace {

using file_testing::Body;
using file_testing::message;
using file_testing::put_u16;
using file_testing::put_u32;
using file_testing::round_trip;
using file_testing::to_vector;
using file_testing::truncated;

constexpr size_t kBody = kHeaderSize;

// MS-SMB2 2.2.37: FileAllInformation (18), no input.
std::vector<uint8_t> hand_assembled_request() {
  return message(Command::QueryInfo, Body{}
                                         .u16(41)    // StructureSize
                                         .u8(0x01)   // InfoType: SMB2_0_INFO_FILE
                                         .u8(18)     // FileInfoClass: FileAllInformation
                                         .u32(4096)  // OutputBufferLength
                                         .u16(0)     // InputBufferOffset
                                         .u16(0)     // Reserved
                                         .u32(0)     // InputBufferLength
                                         .u32(0)     // AdditionalInformation
                                         .u32(0)     // Flags
                                         .u64(0x51)  // FileId.Persistent
                                         .u64(0x52)  // FileId.Volatile
                                         .u8(0));    // Buffer
}

TEST(Smb2QueryInfo, HandAssembledRequest) {
  auto bytes = hand_assembled_request();
  auto req = QueryInfoRequest::decode(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->info_type, kInfoFile);
  EXPECT_EQ(req->file_info_class, 18);
  EXPECT_EQ(req->output_buffer_length, 4096u);
  EXPECT_TRUE(req->input.empty());
  EXPECT_EQ(req->file_id, (FileId{0x51, 0x52}));
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::QueryInfo, *req, again));
  EXPECT_EQ(again, bytes);
  EXPECT_TRUE(QueryInfoRequest::decode(truncated(bytes, bytes.size() - 1)));  // no Buffer byte
  EXPECT_FALSE(QueryInfoRequest::decode(truncated(bytes, bytes.size() - 2)));
  bytes[kBody] = 40;
  EXPECT_EQ(QueryInfoRequest::decode(bytes).error(), kBadRequest);
}

// MS-SMB2 2.2.37 for a quota query with its 2.2.37.1 SMB2_QUERY_QUOTA_INFO (format 2: a SID).
std::vector<uint8_t> hand_assembled_quota_request() {
  return message(Command::QueryInfo,
                 Body{}
                     .u16(41)
                     .u8(0x04)  // InfoType: SMB2_0_INFO_QUOTA
                     .u8(0)     // FileInfoClass
                     .u32(65536)
                     .u16(0x68)  // InputBufferOffset
                     .u16(0)
                     .u32(16 + 12)  // InputBufferLength
                     .u32(0)
                     .u32(0)
                     .u64(1)
                     .u64(2)
                     // SMB2_QUERY_QUOTA_INFO
                     .u8(1)       // ReturnSingle
                     .u8(1)       // RestartScan
                     .u16(0)      // Reserved
                     .u32(0)      // SidListLength
                     .u32(12)     // StartSidLength
                     .u32(0)      // StartSidOffset
                     .bytes({1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0}));  // S-1-5-18
}

TEST(Smb2QueryInfo, HandAssembledQuotaRequest) {
  auto bytes = hand_assembled_quota_request();
  auto req = QueryInfoRequest::decode(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->info_type, kInfoQuota);
  ASSERT_EQ(req->input.size(), 28u);
  auto quota = QueryQuotaInfo::decode(req->input);
  ASSERT_TRUE(quota);
  EXPECT_TRUE(quota->return_single);
  EXPECT_TRUE(quota->restart_scan);
  EXPECT_TRUE(quota->sid_list.empty());
  EXPECT_EQ(to_vector(quota->start_sid),
            (std::vector<uint8_t>{1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0}));
  std::vector<uint8_t> input;
  ByteWriter w(input);
  quota->encode(w);
  EXPECT_EQ(input, to_vector(req->input));
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::QueryInfo, *req, again));
  EXPECT_EQ(again, bytes);
}

TEST(Smb2QueryInfo, QuotaInfoBounds) {
  auto bytes = hand_assembled_quota_request();
  std::vector<uint8_t> input(bytes.begin() + 0x68, bytes.end());
  auto bad = input;
  put_u32(bad, 12, 1);  // StartSidOffset 1: runs one past the end
  EXPECT_EQ(QueryQuotaInfo::decode(bad).error(), kBadRequest);
  bad = input;
  put_u32(bad, 12, 0xFFFFFFFF);  // offset + length wraps 32 bits
  EXPECT_FALSE(QueryQuotaInfo::decode(bad));
  bad = input;
  put_u32(bad, 4, 4);  // both formats at once
  EXPECT_FALSE(QueryQuotaInfo::decode(bad));
  bad = input;
  put_u32(bad, 8, 0);
  put_u32(bad, 4, 13);  // a SID list longer than the buffer
  EXPECT_FALSE(QueryQuotaInfo::decode(bad));
  put_u32(bad, 4, 12);
  auto list = QueryQuotaInfo::decode(bad);
  ASSERT_TRUE(list);
  EXPECT_EQ(list->sid_list.size(), 12u);
  EXPECT_FALSE(QueryQuotaInfo::decode(truncated(input, 15)));
  auto empty = QueryQuotaInfo::decode(truncated(input, 16));
  ASSERT_FALSE(empty);  // StartSidLength 12 with no SidBuffer
}

TEST(Smb2QueryInfo, RequestInputMustLieInsideTheMessage) {
  auto bytes = hand_assembled_quota_request();
  EXPECT_EQ(QueryInfoRequest::decode(truncated(bytes, bytes.size() - 1)).error(), kBadRequest);
  auto bad = bytes;
  put_u16(bad, kBody + 8, 0x67);
  EXPECT_FALSE(QueryInfoRequest::decode(bad));
  bad = bytes;
  put_u32(bad, kBody + 12, 0xFFFFFFFF);
  EXPECT_FALSE(QueryInfoRequest::decode(bad));
}

TEST(Smb2QueryInfo, SecurityQueryRoundTrip) {
  QueryInfoRequest req;
  req.info_type = kInfoSecurity;
  req.additional_information =
      kOwnerSecurityInformation | kGroupSecurityInformation | kDaclSecurityInformation;
  req.output_buffer_length = 65536;
  req.file_id = {3, 4};
  std::vector<uint8_t> bytes;
  auto back = round_trip(Command::QueryInfo, req, bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->info_type, kInfoSecurity);
  EXPECT_EQ(back->additional_information, 7u);
  EXPECT_EQ(back->file_id, (FileId{3, 4}));
}

// MS-SMB2 2.2.38 with FileStandardInformation-sized opaque output.
TEST(Smb2QueryInfo, HandAssembledResponse) {
  Body output;
  output.u64(4096).u64(13).u32(1).u8(0).u8(0).u16(0);
  auto bytes = message(Command::QueryInfo, Body{}
                                               .u16(9)     // StructureSize
                                               .u16(0x48)  // OutputBufferOffset
                                               .u32(24)    // OutputBufferLength
                                               .bytes(output.bytes()),
                       true);
  auto resp = QueryInfoResponse::decode(bytes);
  ASSERT_TRUE(resp);
  EXPECT_EQ(to_vector(resp->output), output.bytes());
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::QueryInfo, *resp, again, true));
  EXPECT_EQ(again, bytes);
  auto bad = bytes;
  put_u32(bad, kBody + 4, 25);
  EXPECT_EQ(QueryInfoResponse::decode(bad).error(), kBadRequest);
  EXPECT_FALSE(QueryInfoResponse::decode(truncated(bytes, kBody + 7)));

  std::vector<uint8_t> in_place;
  ByteWriter w(in_place);
  file_testing::make_header(Command::QueryInfo, true).encode(w);
  QueryInfoResponse::begin(w);
  w.bytes(output.bytes());
  QueryInfoResponse::finish(w, 0);
  EXPECT_EQ(in_place, bytes);
}

}  // namespace
}  // namespace smbkit::smb2
