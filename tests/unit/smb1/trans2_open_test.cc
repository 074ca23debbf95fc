// TRANS2_OPEN2 (MS-CIFS 2.2.6.1) and TRANS2_CREATE_DIRECTORY (2.2.6.14) parameters (their
// SMB_FEA_LIST: ea_lists_test.cc).
#include "smb1/trans2_open.h"

#include <gtest/gtest.h>

namespace smbkit::smb1 {
namespace {

TEST(Trans2Open, RequestLayout) {
  Open2Request req;
  req.flags = kOpen2ReturnAdditionalInfo | kOpen2RequestOplock;
  req.access_mode = 0x0042;
  req.file_attributes = 0x0020;
  req.creation_time = 0x11223344;
  req.open_mode = 0x0011;
  req.allocation_size = 0x00100000;
  req.file_name = "\\a";
  std::vector<uint8_t> expected = {
      0x03, 0x00,              // Flags
      0x42, 0x00,              // AccessMode
      0x00, 0x00,              // Reserved1
      0x20, 0x00,              // FileAttributes
      0x44, 0x33, 0x22, 0x11,  // CreationTime
      0x11, 0x00,              // OpenMode
      0x00, 0x00, 0x10, 0x00,  // AllocationSize
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // Reserved[5]
      '\\', 0, 'a', 0, 0, 0};        // FileName
  EXPECT_EQ(req.encode(true), expected);
  ASSERT_EQ(Open2Request::kFixedSize, 28u);
  auto back = Open2Request::decode(expected, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->flags, req.flags);
  EXPECT_EQ(back->access_mode, 0x0042);
  EXPECT_EQ(back->file_attributes, 0x0020);
  EXPECT_EQ(back->creation_time, 0x11223344u);
  EXPECT_EQ(back->open_mode, 0x0011);
  EXPECT_EQ(back->allocation_size, 0x00100000u);
  EXPECT_EQ(back->file_name, "\\a");
  auto oem = Open2Request::decode(req.encode(false), false);
  ASSERT_TRUE(oem);
  EXPECT_EQ(oem->file_name, "\\a");
}

TEST(Trans2Open, TruncatedRequestFails) {
  Open2Request req;
  req.file_name = "x";
  auto bytes = req.encode(true);
  for (size_t n : {0, 1, 10, 27}) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(n));
    EXPECT_EQ(Open2Request::decode(cut, true).error(), NtStatus::InvalidSmb) << n;
  }
}

TEST(Trans2Open, ResponseLayoutRoundTrips) {
  Open2ResponseParameters p;
  p.fid = 0x1234;
  p.file_attributes = 0x0020;
  p.creation_time = 0x01020304;
  p.file_data_size = 0x00100000;
  p.access_mode = 0x0042;
  p.action_taken = 0x8002;
  p.ea_length = 7;
  auto bytes = p.encode();
  ASSERT_EQ(bytes.size(), Open2ResponseParameters::kSize);
  EXPECT_EQ(bytes[0], 0x34);
  EXPECT_EQ(bytes[1], 0x12);
  EXPECT_EQ(bytes[18], 0x02);  // ActionTaken after FID, attrs, time, size, 3 words
  EXPECT_EQ(bytes[19], 0x80);
  EXPECT_EQ(bytes[26], 7);     // ExtendedAttributeLength after Reserved and the error offset
  auto back = Open2ResponseParameters::decode(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fid, 0x1234);
  EXPECT_EQ(back->creation_time, 0x01020304u);
  EXPECT_EQ(back->file_data_size, 0x00100000u);
  EXPECT_EQ(back->action_taken, 0x8002);
  EXPECT_EQ(back->ea_length, 7u);
  bytes.pop_back();
  EXPECT_EQ(Open2ResponseParameters::decode(bytes).error(), NtStatus::InvalidNetworkResponse);
}

TEST(Trans2CreateDirectory, RequestLayout) {
  CreateDirectory2Request req{"d\\e"};
  std::vector<uint8_t> expected = {0, 0, 0, 0, 'd', 0, '\\', 0, 'e', 0, 0, 0};
  EXPECT_EQ(req.encode(true), expected);
  auto back = CreateDirectory2Request::decode(expected, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->directory_name, "d\\e");
  std::vector<uint8_t> short_reserved = {0, 0, 0};
  EXPECT_EQ(CreateDirectory2Request::decode(short_reserved, true).error(), NtStatus::InvalidSmb);
}

}  // namespace
}  // namespace smbkit::smb1
