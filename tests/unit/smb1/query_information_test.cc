// SMB_COM_QUERY_INFORMATION, SMB_COM_SET_INFORMATION and SMB_COM_QUERY_INFORMATION_DISK
// (MS-CIFS 2.2.4.9, 2.2.4.10, 2.2.4.57).
#include "smb1/query_information.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"
#include "smb1/file_types.h"

namespace smbkit::smb1 {
namespace {

using testing::append;
using testing::build;
using testing::decode_first;
using testing::raw_message;
using testing::round_trip;
using testing::utf16z;

std::vector<uint8_t> block_bytes(const std::vector<uint8_t>& message) {
  return std::vector<uint8_t>(message.begin() + kHeaderSize, message.end());
}

TEST(QueryInformation, RequestLayout) {
  // MS-CIFS 2.2.4.9.1: WordCount 0, ByteCount, BufferFormat 0x04, FileName (at 36: aligned).
  auto bytes = raw_message(Command::QueryInformation, true, false, {0, 15, 0, 0x04});
  append(bytes, utf16z("\\a\\b.c"));
  auto req = decode_first<QueryInformationRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->file_name, "\\a\\b.c");
  EXPECT_EQ(build(Command::QueryInformation, *req), bytes);
}

TEST(QueryInformation, EmptyNameIsTheRoot) {
  auto back = round_trip(Command::QueryInformation, QueryInformationRequest{""}, false);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->file_name, "");
}

TEST(QueryInformation, ResponseLayout) {
  // MS-CIFS 2.2.4.9.2: WordCount 10: FileAttributes, LastWriteTime (UTIME), FileSize,
  // Reserved[5] zero; ByteCount 0.
  QueryInformationResponse resp;
  resp.file_attributes = kSmbFileAttributeReadonly | kSmbFileAttributeArchive;
  resp.last_write_time = 0x5F5E1000;
  resp.file_size = 0x00012345;
  auto bytes = build(Command::QueryInformation, resp, true, true);
  std::vector<uint8_t> expected = {10,   0x21, 0x00, 0x00, 0x10, 0x5E, 0x5F, 0x45, 0x23, 0x01,
                                   0x00, 0,    0,    0,    0,    0,    0,    0,    0,    0,
                                   0,    0,    0};
  EXPECT_EQ(block_bytes(bytes), expected);
  auto back = decode_first<QueryInformationResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->file_attributes, resp.file_attributes);
  EXPECT_EQ(back->last_write_time, resp.last_write_time);
  EXPECT_EQ(back->file_size, resp.file_size);
}

TEST(QueryInformation, ShortResponseFails) {
  auto bytes = raw_message(Command::QueryInformation, true, true, {5, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                                   0, 0, 0});
  EXPECT_EQ(decode_first<QueryInformationResponse>(bytes).error(),
            NtStatus::InvalidNetworkResponse);
}

TEST(SetInformation, RequestLayout) {
  // MS-CIFS 2.2.4.10.1: WordCount 8: FileAttributes, LastWriteTime, Reserved[5]; then
  // BufferFormat (at 32 + 1 + 16 + 2 = 51) and FileName, at the even offset 52 with no pad.
  auto bytes = raw_message(Command::SetInformation, true, false,
                           {8, 0x01, 0x00, 0x80, 0x96, 0x98, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                            9, 0, 0x04});
  append(bytes, utf16z("f.x"));
  auto req = decode_first<SetInformationRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->file_attributes, kSmbFileAttributeReadonly);
  EXPECT_EQ(req->last_write_time, 10000000u);
  EXPECT_EQ(req->file_name, "f.x");
  EXPECT_EQ(build(Command::SetInformation, *req), bytes);
}

TEST(SetInformation, WrongWordCountFails) {
  auto bytes = raw_message(Command::SetInformation, false, false, {1, 0, 0, 3, 0, 4, 'a', 0});
  EXPECT_EQ(decode_first<SetInformationRequest>(bytes).error(), NtStatus::InvalidSmb);
}

TEST(SetInformation, EveryTruncationFailsCleanly) {
  auto bytes = build(Command::SetInformation, SetInformationRequest{0x20, 1234, "dir\\file"});
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + n);
    EXPECT_FALSE(decode_first<SetInformationRequest>(cut)) << "length " << n;
  }
}

TEST(QueryInformationDisk, RequestIsEmpty) {
  auto bytes = build(Command::QueryInformationDisk, QueryInformationDiskRequest{});
  EXPECT_EQ(block_bytes(bytes), (std::vector<uint8_t>{0, 0, 0}));
  EXPECT_TRUE(decode_first<QueryInformationDiskRequest>(bytes));
  auto with_data = raw_message(Command::QueryInformationDisk, true, false, {0, 1, 0, 0});
  EXPECT_EQ(decode_first<QueryInformationDiskRequest>(with_data).error(), NtStatus::InvalidSmb);
}

TEST(QueryInformationDisk, ResponseLayout) {
  // MS-CIFS 2.2.4.57.2: WordCount 5: TotalUnits, BlocksPerUnit, BlockSize, FreeUnits, Reserved.
  QueryInformationDiskResponse resp{0x1234, 8, 512, 0x0100};
  auto bytes = build(Command::QueryInformationDisk, resp, true, true);
  EXPECT_EQ(block_bytes(bytes),
            (std::vector<uint8_t>{5, 0x34, 0x12, 8, 0, 0x00, 0x02, 0x00, 0x01, 0, 0, 0, 0}));
  auto back = decode_first<QueryInformationDiskResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->total_units, 0x1234);
  EXPECT_EQ(back->blocks_per_unit, 8);
  EXPECT_EQ(back->block_size, 512);
  EXPECT_EQ(back->free_units, 0x0100);
}

TEST(QueryInformationDisk, SmallVolumeIsReportedAsIs) {
  FsInfo fs;
  fs.total_allocation_units = 1000;
  fs.available_allocation_units = 250;
  fs.sectors_per_allocation_unit = 8;
  fs.bytes_per_sector = 512;
  auto r = QueryInformationDiskResponse::from_fs_info(fs);
  EXPECT_EQ(r.total_units, 1000);
  EXPECT_EQ(r.free_units, 250);
  EXPECT_EQ(r.blocks_per_unit, 8);
  EXPECT_EQ(r.block_size, 512);
}

TEST(QueryInformationDisk, LargeVolumeGrowsItsUnits) {
  // 10 GiB of 4 KiB units: 2,621,440 units are folded into 64 times larger ones.
  FsInfo fs;
  fs.total_allocation_units = 2621440;
  fs.available_allocation_units = 1310720;
  fs.sectors_per_allocation_unit = 8;
  fs.bytes_per_sector = 512;
  auto r = QueryInformationDiskResponse::from_fs_info(fs);
  EXPECT_EQ(r.blocks_per_unit, 8 * 64);
  EXPECT_EQ(r.total_units, 2621440 / 64);
  EXPECT_EQ(r.free_units, 1310720 / 64);
  EXPECT_EQ(uint64_t{r.total_units} * r.blocks_per_unit * r.block_size, 10ull << 30);
}

TEST(QueryInformationDisk, HugeVolumeIsClamped) {
  FsInfo fs;
  fs.total_allocation_units = uint64_t{1} << 40;
  fs.available_allocation_units = uint64_t{1} << 40;
  fs.sectors_per_allocation_unit = 8;
  fs.bytes_per_sector = 512;
  auto r = QueryInformationDiskResponse::from_fs_info(fs);
  EXPECT_EQ(r.blocks_per_unit, 0x8000);
  EXPECT_EQ(r.total_units, 0xFFFF);
  EXPECT_EQ(r.free_units, 0xFFFF);
}

}  // namespace
}  // namespace smbkit::smb1
