#include "smb1/trans2_query.h"

#include <gtest/gtest.h>

#include "fscc/fs_info_classes.h"
#include "fscc/info_classes.h"
#include "trans2_test_util.h"
#include "wire/filetime.h"

namespace smbkit::smb1 {
namespace {

using namespace trans2_testing;

FileInfo sample_file() {
  FileInfo f;
  f.creation_time = 0x01D6000000000001;
  f.last_access_time = 0x01D6000000000002;
  f.last_write_time = 0x01D6000000000003;
  f.change_time = 0x01D6000000000004;
  f.attributes = kFileAttributeArchive;
  f.end_of_file = 1234;
  f.allocation_size = 4096;
  f.number_of_links = 1;
  f.file_id = 99;
  f.ea_size = 0;
  f.name = "\\docs\\a.txt";
  f.short_name = "A.TXT";
  return f;
}

TEST(QueryRequests, PathInformationParametersMatchHandAssembledBytes) {
  QueryPathInformationRequest req{kSmbQueryFileAllInfo, "\\a"};
  std::vector<uint8_t> expected = {0x07, 0x01, 0, 0, 0, 0, '\\', 0, 'a', 0, 0, 0};
  EXPECT_EQ(req.encode(true), expected);
  auto back = QueryPathInformationRequest::decode(expected, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->information_level, kSmbQueryFileAllInfo);
  EXPECT_EQ(back->file_name, "\\a");

  EXPECT_EQ(req.encode(false), (std::vector<uint8_t>{0x07, 0x01, 0, 0, 0, 0, '\\', 'a', 0}));
  auto oem = QueryPathInformationRequest::decode(req.encode(false), false);
  ASSERT_TRUE(oem);
  EXPECT_EQ(oem->file_name, "\\a");
}

TEST(QueryRequests, FileAndFsParametersRoundTrip) {
  QueryFileInformationRequest file{0x4001, kSmbQueryFileBasicInfo};
  EXPECT_EQ(file.encode(), (std::vector<uint8_t>{0x01, 0x40, 0x01, 0x01}));
  auto f = QueryFileInformationRequest::decode(file.encode());
  ASSERT_TRUE(f);
  EXPECT_EQ(f->fid, 0x4001);
  EXPECT_EQ(f->information_level, kSmbQueryFileBasicInfo);

  QueryFsInformationRequest fs{kSmbQueryFsSizeInfo};
  auto s = QueryFsInformationRequest::decode(fs.encode());
  ASSERT_TRUE(s);
  EXPECT_EQ(s->information_level, kSmbQueryFsSizeInfo);

  QueryInformationResponseParameters rp{0};
  EXPECT_EQ(rp.encode(), (std::vector<uint8_t>{0, 0}));
  EXPECT_TRUE(QueryInformationResponseParameters::decode(rp.encode()));
}

TEST(QueryRequests, ShortParametersFail) {
  std::vector<uint8_t> three = {1, 2, 3};
  EXPECT_EQ(QueryFileInformationRequest::decode(three).error(), NtStatus::InvalidSmb);
  EXPECT_EQ(QueryFsInformationRequest::decode(Bytes(three).first(1)).error(), NtStatus::InvalidSmb);
  EXPECT_EQ(QueryPathInformationRequest::decode(three, true).error(), NtStatus::InvalidSmb);
  EXPECT_EQ(QueryInformationResponseParameters::decode({}).error(),
            NtStatus::InvalidNetworkResponse);
  // A lone low surrogate: a bad name, as it is in NT_CREATE_ANDX, not a malformed request.
  std::vector<uint8_t> bad_name = {1, 1, 0, 0, 0, 0, 0x00, 0xDC, 0, 0};
  EXPECT_EQ(QueryPathInformationRequest::decode(bad_name, true).error(),
            NtStatus::ObjectNameInvalid);
}

TEST(FileInfoLevels, BasicAndStandardAreTheFsccStructures) {
  const FileInfo f = sample_file();
  EXPECT_EQ(*encode_file_info_level(kSmbQueryFileBasicInfo, f, true),
            *fscc::encode_file_information(fscc::FileInfoClass::Basic, f));
  auto standard = encode_file_info_level(kSmbQueryFileStandardInfo, f, true);
  ASSERT_TRUE(standard);
  EXPECT_EQ(standard->size(), 24u);
  EXPECT_EQ(*encode_file_info_level(kSmbQueryFileEaInfo, f, true),
            (std::vector<uint8_t>{0, 0, 0, 0}));
}

TEST(FileInfoLevels, AllInfoHasTheSmb1Layout) {
  auto all = encode_file_info_level(kSmbQueryFileAllInfo, sample_file(), true);
  ASSERT_TRUE(all);
  // 72 fixed bytes, then "\docs\a.txt" (11 characters).
  ASSERT_EQ(all->size(), kSmbQueryFileAllInfoFixedSize + 22);
  std::vector<uint8_t> expected;
  le(expected, 0x01D6000000000001, 8);
  le(expected, 0x01D6000000000002, 8);
  le(expected, 0x01D6000000000003, 8);
  le(expected, 0x01D6000000000004, 8);
  le(expected, kFileAttributeArchive, 4);  // ExtFileAttributes
  le(expected, 0, 4);                      // Reserved1
  le(expected, 4096, 8);                   // AllocationSize
  le(expected, 1234, 8);                   // EndOfFile
  le(expected, 1, 4);                      // NumberOfLinks
  le(expected, 0, 1);                      // DeletePending
  le(expected, 0, 1);                      // Directory
  le(expected, 0, 2);                      // Reserved2
  le(expected, 0, 4);                      // EaSize
  le(expected, 22, 4);                     // FileNameLength
  auto name = utf16("\\docs\\a.txt");
  expected.insert(expected.end(), name.begin(), name.end());
  EXPECT_EQ(*all, expected);

  auto back = decode_file_info_level(kSmbQueryFileAllInfo, *all, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->name, "\\docs\\a.txt");
  EXPECT_EQ(back->end_of_file, 1234u);
  EXPECT_EQ(back->allocation_size, 4096u);
}

TEST(FileInfoLevels, NameLevelsFollowTheNegotiatedCoding) {
  const FileInfo f = sample_file();
  auto name = encode_file_info_level(kSmbQueryFileNameInfo, f, false);
  ASSERT_TRUE(name);
  std::vector<uint8_t> expected = {11, 0, 0, 0};
  expected.insert(expected.end(), f.name.begin(), f.name.end());
  EXPECT_EQ(*name, expected);
  auto alt = encode_file_info_level(kSmbQueryFileAltNameInfo, f, true);
  ASSERT_TRUE(alt);
  auto back = decode_file_info_level(kSmbQueryFileAltNameInfo, *alt, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->short_name, "A.TXT");
}

TEST(FileInfoLevels, InfoStandardUsesDosDatesAndThirtyTwoBitSizes) {
  FileInfo f = sample_file();
  timespec ts{};
  ts.tv_sec = 1592228730;  // 2020-06-15 13:45:30 UTC
  f.creation_time = f.last_access_time = f.last_write_time = filetime_from_timespec(ts);
  f.end_of_file = 0x123456789;  // saturates
  auto data = encode_file_info_level(kSmbInfoStandard, f, true);
  ASSERT_TRUE(data);
  ASSERT_EQ(data->size(), kSmbInfoStandardSize);
  const uint16_t date = (40 << 9) | (6 << 5) | 15;
  const uint16_t time = (13 << 11) | (45 << 5) | 15;
  std::vector<uint8_t> expected;
  for (int i = 0; i < 3; ++i) {
    le(expected, date, 2);
    le(expected, time, 2);
  }
  le(expected, 0xFFFFFFFF, 4);  // FileDataSize
  le(expected, 4096, 4);        // AllocationSize
  le(expected, 0x20, 2);        // SMB_FILE_ATTRIBUTE_ARCHIVE
  EXPECT_EQ(*data, expected);

  auto ea = encode_file_info_level(kSmbInfoQueryEaSize, f, true);
  ASSERT_TRUE(ea);
  EXPECT_EQ(ea->size(), kSmbInfoQueryEaSizeSize);
  auto back = decode_file_info_level(kSmbInfoStandard, *data, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->last_write_time, filetime_from_timespec(ts));
  EXPECT_EQ(back->attributes, kFileAttributeArchive);
}

TEST(FileInfoLevels, PassThroughLevelsAreFsccClasses) {
  const FileInfo f = sample_file();
  OpenInfo open;
  open.access_flags = 0x12019F;
  EXPECT_EQ(*encode_file_info_level(1004, f, true),
            *fscc::encode_file_information(fscc::FileInfoClass::Basic, f));
  // FileAllInformation: SMB_QUERY_FILE_ALL_INFO's layout, as smbd sends it, always UTF-16.
  auto all = encode_file_info_level(1018, f, false, open);
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, *encode_file_info_level(kSmbQueryFileAllInfo, f, true));
  auto all_back = decode_file_info_level(1018, *all, false);
  ASSERT_TRUE(all_back);
  EXPECT_EQ(all_back->name, f.name);
  EXPECT_EQ(encode_file_info_level(1034, f, true)->size(), fscc::kFileNetworkOpenInformationSize);
  auto back = decode_file_info_level(1034, *encode_file_info_level(1034, f, true), true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->end_of_file, 1234u);
}

TEST(FileInfoLevels, UnknownLevelsFail) {
  const FileInfo f = sample_file();
  EXPECT_EQ(encode_file_info_level(0x0200, f, true).error(), NtStatus::InvalidLevel);
  EXPECT_EQ(encode_file_info_level(kSmbInfoQueryEasFromList, f, true).error(),
            NtStatus::InvalidLevel);
  EXPECT_EQ(encode_file_info_level(1010, f, true).error(), NtStatus::InvalidInfoClass);
  EXPECT_EQ(encode_file_info_level(1000 + 300, f, true).error(), NtStatus::InvalidLevel);
}

TEST(FileInfoLevels, DecodersCopeWithStandardInfoOfEitherLength) {
  auto standard = *encode_file_info_level(kSmbQueryFileStandardInfo, sample_file(), true);
  auto full = decode_file_info_level(kSmbQueryFileStandardInfo, standard, true);
  ASSERT_TRUE(full);
  EXPECT_EQ(full->end_of_file, 1234u);
  standard.resize(22);  // the MS-CIFS length
  EXPECT_TRUE(decode_file_info_level(kSmbQueryFileStandardInfo, standard, true));
  standard.resize(21);
  EXPECT_EQ(decode_file_info_level(kSmbQueryFileStandardInfo, standard, true).error(),
            NtStatus::InvalidNetworkResponse);
  auto all = *encode_file_info_level(kSmbQueryFileAllInfo, sample_file(), true);
  all[68] = 0xFF;  // FileNameLength beyond the data
  EXPECT_FALSE(decode_file_info_level(kSmbQueryFileAllInfo, all, true));
}

FsInfo sample_fs() {
  FsInfo fs;
  fs.total_allocation_units = 0x1'0000'0000;  // saturates in SMB_INFO_ALLOCATION
  fs.free_allocation_units = 5000;
  fs.available_allocation_units = 4000;
  fs.sectors_per_allocation_unit = 8;
  fs.bytes_per_sector = 512;
  fs.volume_label = "SHARE";
  fs.serial_number = 0x11223344;
  return fs;
}

TEST(FsInfoLevels, InfoAllocationMatchesHandAssembledBytes) {
  std::vector<uint8_t> expected;
  le(expected, 0, 4);           // idFileSystem
  le(expected, 8, 4);           // cSectorUnit
  le(expected, 0xFFFFFFFF, 4);  // cUnit
  le(expected, 4000, 4);        // cUnitAvailable
  le(expected, 512, 2);         // cbSector
  EXPECT_EQ(*encode_fs_info_level(kSmbInfoAllocation, sample_fs(), true), expected);
  auto back = decode_fs_info_level(kSmbInfoAllocation, expected, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->available_allocation_units, 4000u);
}

TEST(FsInfoLevels, InfoVolumeCountsCharacters) {
  std::vector<uint8_t> expected = {0x44, 0x33, 0x22, 0x11, 5};
  auto label = utf16("SHARE");
  expected.insert(expected.end(), label.begin(), label.end());
  expected.insert(expected.end(), {0, 0});
  auto got = encode_fs_info_level(kSmbInfoVolume, sample_fs(), true);
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, expected);
  auto back = decode_fs_info_level(kSmbInfoVolume, *got, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->volume_label, "SHARE");
  EXPECT_EQ(*encode_fs_info_level(kSmbInfoVolume, sample_fs(), false),
            (std::vector<uint8_t>{0x44, 0x33, 0x22, 0x11, 5, 'S', 'H', 'A', 'R', 'E', 0}));
}

TEST(FsInfoLevels, NtLevelsAndPassThroughAreFsccStructures) {
  const FsInfo fs = sample_fs();
  EXPECT_EQ(*encode_fs_info_level(kSmbQueryFsSizeInfo, fs, true),
            *fscc::encode_fs_information(fscc::FsInfoClass::Size, fs));
  EXPECT_EQ(*encode_fs_info_level(kSmbQueryFsVolumeInfo, fs, true),
            *fscc::encode_fs_information(fscc::FsInfoClass::Volume, fs));
  EXPECT_EQ(*encode_fs_info_level(kSmbQueryFsDeviceInfo, fs, true),
            *fscc::encode_fs_information(fscc::FsInfoClass::Device, fs));
  EXPECT_EQ(*encode_fs_info_level(kSmbQueryFsAttributeInfo, fs, true),
            *fscc::encode_fs_information(fscc::FsInfoClass::Attribute, fs));
  EXPECT_EQ(*encode_fs_info_level(1007, fs, true),
            *fscc::encode_fs_information(fscc::FsInfoClass::FullSize, fs));
  EXPECT_EQ(*encode_fs_info_level(1011, fs, true),
            *fscc::encode_fs_information(fscc::FsInfoClass::SectorSize, fs));

  auto size = decode_fs_info_level(kSmbQueryFsSizeInfo,
                                   *encode_fs_info_level(kSmbQueryFsSizeInfo, fs, true), true);
  ASSERT_TRUE(size);
  EXPECT_EQ(size->total_allocation_units, fs.total_allocation_units);
  EXPECT_EQ(size->available_allocation_units, 4000u);
  EXPECT_EQ(decode_fs_info_level(kSmbQueryFsSizeInfo, std::vector<uint8_t>(23), true).error(),
            NtStatus::InvalidNetworkResponse);
}

TEST(FsInfoLevels, UnknownLevelsFail) {
  EXPECT_EQ(encode_fs_info_level(0x0106, sample_fs(), true).error(), NtStatus::InvalidLevel);
  EXPECT_EQ(encode_fs_info_level(1002, sample_fs(), true).error(), NtStatus::InvalidInfoClass);
  EXPECT_EQ(decode_fs_info_level(0x0106, {}, true).error(), NtStatus::InvalidLevel);
}

}  // namespace
}  // namespace smbkit::smb1
