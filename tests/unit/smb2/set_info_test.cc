#include "smb2/set_info.h"

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

// MS-SMB2 2.2.39 carrying FileEndOfFileInformation (20) as opaque bytes.
std::vector<uint8_t> hand_assembled_request() {
  return message(Command::SetInfo, Body{}
                                       .u16(33)    // StructureSize
                                       .u8(0x01)   // InfoType: SMB2_0_INFO_FILE
                                       .u8(20)     // FileInfoClass: FileEndOfFileInformation
                                       .u32(8)     // BufferLength
                                       .u16(0x60)  // BufferOffset
                                       .u16(0)     // Reserved
                                       .u32(0)     // AdditionalInformation
                                       .u64(0x61)  // FileId.Persistent
                                       .u64(0x62)  // FileId.Volatile
                                       .u64(1234567));  // Buffer: EndOfFile
}

TEST(Smb2SetInfo, HandAssembledRequest) {
  auto bytes = hand_assembled_request();
  auto req = SetInfoRequest::decode(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->info_type, kInfoFile);
  EXPECT_EQ(req->file_info_class, 20);
  EXPECT_EQ(req->additional_information, 0u);
  EXPECT_EQ(req->file_id, (FileId{0x61, 0x62}));
  EXPECT_EQ(to_vector(req->buffer), (std::vector<uint8_t>{0x87, 0xD6, 0x12, 0, 0, 0, 0, 0}));
  EXPECT_EQ(req->buffer.data(), bytes.data() + 0x60);
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::SetInfo, *req, again));
  EXPECT_EQ(again, bytes);
}

TEST(Smb2SetInfo, BufferMustLieInsideTheMessage) {
  auto bytes = hand_assembled_request();
  EXPECT_EQ(SetInfoRequest::decode(truncated(bytes, bytes.size() - 1)).error(), kBadRequest);
  auto bad = bytes;
  put_u16(bad, kBody + 8, 0x5F);
  EXPECT_FALSE(SetInfoRequest::decode(bad));
  bad = bytes;
  put_u32(bad, kBody + 4, 0xFFFFFFFF);
  EXPECT_FALSE(SetInfoRequest::decode(bad));
  bad = bytes;
  put_u16(bad, kBody + 8, 0xFFFF);
  EXPECT_FALSE(SetInfoRequest::decode(bad));
  bad = bytes;
  bad[kBody] = 32;
  EXPECT_EQ(SetInfoRequest::decode(bad).error(), kBadRequest);
  EXPECT_FALSE(SetInfoRequest::decode(truncated(bytes, kBody + 31)));
}

TEST(Smb2SetInfo, SecurityDescriptorRoundTripAndEmptyBuffer) {
  const std::vector<uint8_t> sd = {1, 0, 4, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  SetInfoRequest req;
  req.info_type = kInfoSecurity;
  req.additional_information = kDaclSecurityInformation;
  req.buffer = sd;
  std::vector<uint8_t> bytes;
  auto back = round_trip(Command::SetInfo, req, bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->info_type, kInfoSecurity);
  EXPECT_EQ(back->additional_information, kDaclSecurityInformation);
  EXPECT_EQ(to_vector(back->buffer), sd);

  SetInfoRequest empty;
  back = round_trip(Command::SetInfo, empty, bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(bytes.size(), kHeaderSize + 33);
  EXPECT_TRUE(back->buffer.empty());
}

// MS-SMB2 2.2.40.
TEST(Smb2SetInfo, Response) {
  auto bytes = message(Command::SetInfo, Body{}.u16(2), true);
  ASSERT_TRUE(SetInfoResponse::decode(bytes));
  std::vector<uint8_t> again;
  ASSERT_TRUE(round_trip(Command::SetInfo, SetInfoResponse{}, again, true));
  EXPECT_EQ(again, bytes);
  EXPECT_FALSE(SetInfoResponse::decode(truncated(bytes, bytes.size() - 1)));
  bytes[kBody] = 4;
  EXPECT_FALSE(SetInfoResponse::decode(bytes));
}

}  // namespace
}  // namespace smbkit::smb2
