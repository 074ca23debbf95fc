// TRANS2_SET_PATH_INFORMATION / TRANS2_SET_FILE_INFORMATION parameters (MS-CIFS 2.2.6.7.1,
// 2.2.6.9.1) and the SET information levels (MS-CIFS 2.2.8.4, MS-SMB 2.2.2.3.5 pass-through).
#include "smb1/trans2_set.h"

#include <gtest/gtest.h>

#include "smb1/trans2_dos_time.h"

namespace smbkit::smb1 {
namespace {

std::vector<uint8_t> utf16(std::string_view ascii, bool terminate) {
  std::vector<uint8_t> out;
  for (char c : ascii) {
    out.push_back(static_cast<uint8_t>(c));
    out.push_back(0);
  }
  if (terminate) out.insert(out.end(), {0, 0});
  return out;
}

void append(std::vector<uint8_t>& out, const std::vector<uint8_t>& more) {
  out.insert(out.end(), more.begin(), more.end());
}

TEST(SetRequests, PathParametersLayout) {
  // InformationLevel 0x03F2 (1010, FileRenameInformation), Reserved (4 bytes), FileName.
  std::vector<uint8_t> expected = {0xF2, 0x03, 0, 0, 0, 0};
  append(expected, utf16("\\a.txt", true));
  SetPathInformationRequest req{kSmbInfoPassthrough + 10, "\\a.txt"};
  EXPECT_EQ(req.encode(true), expected);
  auto back = SetPathInformationRequest::decode(expected, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->information_level, 1010);
  EXPECT_EQ(back->file_name, "\\a.txt");
}

TEST(SetRequests, PathParametersOem) {
  SetPathInformationRequest req{kSmbSetFileBasicInfo, "dir\\f"};
  auto bytes = req.encode(false);
  EXPECT_EQ(bytes, (std::vector<uint8_t>{0x01, 0x01, 0, 0, 0, 0, 'd', 'i', 'r', '\\', 'f', 0}));
  auto back = SetPathInformationRequest::decode(bytes, false);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->file_name, "dir\\f");
}

TEST(SetRequests, FileParametersLayout) {
  SetFileInformationRequest req{0x4002, kSmbSetFileEndOfFileInfo};
  auto bytes = req.encode();
  EXPECT_EQ(bytes, (std::vector<uint8_t>{0x02, 0x40, 0x04, 0x01, 0, 0}));
  auto back = SetFileInformationRequest::decode(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fid, 0x4002);
  EXPECT_EQ(back->information_level, kSmbSetFileEndOfFileInfo);
}

TEST(SetRequests, ShortParametersFail) {
  std::vector<uint8_t> five = {1, 0, 4, 1, 0};
  EXPECT_EQ(SetFileInformationRequest::decode(five).error(), NtStatus::InvalidSmb);
  std::vector<uint8_t> three = {1, 1, 0};
  EXPECT_EQ(SetPathInformationRequest::decode(three, true).error(), NtStatus::InvalidSmb);
}

TEST(SetRequests, InvalidUtf16NameIsObjectNameInvalid) {
  std::vector<uint8_t> lone_surrogate = {0x01, 0x01, 0, 0, 0, 0, 0x00, 0xD8, 0, 0};
  EXPECT_EQ(SetPathInformationRequest::decode(lone_surrogate, true).error(),
            NtStatus::ObjectNameInvalid);
}

TEST(SetLevels, InfoStandardBecomesBasicInformation) {
  // MS-CIFS 2.2.8.4.1: creation, access and write SMB_DATE/SMB_TIME pairs, then 10 reserved.
  DosDateTime write{static_cast<uint16_t>((44 << 9) | (3 << 5) | 15),  // 2024-03-15
                    static_cast<uint16_t>((12 << 11) | (30 << 5) | 5)};  // 12:30:10
  std::vector<uint8_t> data(8, 0);  // creation and last access: 0, leave them
  for (uint16_t v : {write.date, write.time}) {
    data.push_back(static_cast<uint8_t>(v));
    data.push_back(static_cast<uint8_t>(v >> 8));
  }
  data.resize(kSmbInfoStandardSetSize, 0);
  auto set = decode_set_info_level(kSmbInfoStandard, data);
  ASSERT_TRUE(set);
  auto& basic = std::get<fscc::FileBasicInformation>(*set);
  EXPECT_EQ(basic.creation_time, 0u);  // zero pairs leave the times alone
  EXPECT_EQ(basic.last_access_time, 0u);
  EXPECT_EQ(basic.last_write_time, filetime_from_dos_date_time(write));
  EXPECT_NE(basic.last_write_time, 0u);
  EXPECT_EQ(basic.file_attributes, 0u);
  auto encoded = encode_set_info_level(kSmbInfoStandard, *set);
  ASSERT_TRUE(encoded);
  EXPECT_EQ(*encoded, data);
}

TEST(SetLevels, Smb1AndPassthroughBasicAreTheFsccStructure) {
  fscc::FileBasicInformation basic;
  basic.last_access_time = 0x01D9000000000001;
  basic.last_write_time = fscc::FileBasicInformation::kKeepTimeFixed;
  basic.file_attributes = kFileAttributeReadonly;
  for (uint16_t level : {uint16_t{kSmbSetFileBasicInfo}, uint16_t{kSmbInfoPassthrough + 4}}) {
    auto data = encode_set_info_level(level, basic);
    ASSERT_TRUE(data);
    ASSERT_EQ(data->size(), 40u);
    auto back = decode_set_info_level(level, *data);
    ASSERT_TRUE(back);
    auto& b = std::get<fscc::FileBasicInformation>(*back);
    EXPECT_EQ(b.last_access_time, basic.last_access_time);
    EXPECT_EQ(b.last_write_time, basic.last_write_time);
    EXPECT_EQ(b.file_attributes, kFileAttributeReadonly);
  }
}

TEST(SetLevels, SizesAndDisposition) {
  std::vector<uint8_t> eof = {0x00, 0x10, 0, 0, 0, 0, 0, 0};
  for (uint16_t level : {uint16_t{kSmbSetFileEndOfFileInfo}, uint16_t{kSmbInfoPassthrough + 20}}) {
    auto set = decode_set_info_level(level, eof);
    ASSERT_TRUE(set);
    EXPECT_EQ(std::get<fscc::FileEndOfFileInformation>(*set).end_of_file, 4096u);
  }
  for (uint16_t level :
       {uint16_t{kSmbSetFileAllocationInfo}, uint16_t{kSmbInfoPassthrough + 19}}) {
    auto set = decode_set_info_level(level, eof);
    ASSERT_TRUE(set);
    EXPECT_EQ(std::get<fscc::FileAllocationInformation>(*set).allocation_size, 4096u);
  }
  for (uint16_t level :
       {uint16_t{kSmbSetFileDispositionInfo}, uint16_t{kSmbInfoPassthrough + 13}}) {
    std::vector<uint8_t> yes = {1};
    auto set = decode_set_info_level(level, yes);
    ASSERT_TRUE(set);
    EXPECT_TRUE(std::get<fscc::FileDispositionInformation>(*set).delete_pending);
  }
}

TEST(SetLevels, PassthroughRenameUsesTheSmbForm) {
  // MS-FSCC 2.4.41.1: ReplaceIfExists, Reserved[3], RootDirectory (4), FileNameLength, FileName.
  std::vector<uint8_t> data = {1, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0};
  append(data, utf16("b.txt", false));
  auto set = decode_set_info_level(kSmbInfoPassthrough + 10, data);
  ASSERT_TRUE(set);
  auto& rename = std::get<fscc::FileRenameInformation>(*set);
  EXPECT_TRUE(rename.replace_if_exists);
  EXPECT_EQ(rename.root_directory, 0u);
  EXPECT_EQ(rename.file_name, "b.txt");
  auto encoded = encode_set_info_level(kSmbInfoPassthrough + 10, *set);
  ASSERT_TRUE(encoded);
  EXPECT_EQ(*encoded, data);

  auto link = decode_set_info_level(kSmbInfoPassthrough + 11, data);
  ASSERT_TRUE(link);
  EXPECT_EQ(std::get<fscc::FileLinkInformation>(*link).file_name, "b.txt");
}

TEST(SetLevels, UnservedLevelsAndShortData) {
  std::vector<uint8_t> data(64, 0);
  EXPECT_EQ(decode_set_info_level(kSmbInfoSetEas, data).error(), NtStatus::InvalidLevel);
  EXPECT_EQ(decode_set_info_level(0x0200, data).error(), NtStatus::InvalidLevel);
  EXPECT_EQ(decode_set_info_level(kSmbInfoPassthrough + 16, data).error(),  // FileMode
            NtStatus::InvalidInfoClass);
  std::vector<uint8_t> seven(7, 0);
  EXPECT_EQ(decode_set_info_level(kSmbSetFileEndOfFileInfo, seven).error(),
            NtStatus::InfoLengthMismatch);
  std::vector<uint8_t> twenty_one(kSmbInfoStandardSetSize - 1, 0);
  EXPECT_EQ(decode_set_info_level(kSmbInfoStandard, twenty_one).error(),
            NtStatus::InfoLengthMismatch);
  std::vector<uint8_t> none;
  EXPECT_EQ(decode_set_info_level(kSmbSetFileDispositionInfo, none).error(),
            NtStatus::InfoLengthMismatch);
}

TEST(SetLevels, PassthroughPosition) {
  std::vector<uint8_t> data = {0x19, 0, 0, 0, 0, 0, 0, 0};
  auto set = decode_set_info_level(kSmbInfoPassthrough + 14, data);
  ASSERT_TRUE(set);
  EXPECT_EQ(std::get<fscc::FilePositionInformation>(*set).current_byte_offset, 25u);
  EXPECT_EQ(encode_set_info_level(kSmbInfoPassthrough + 14, *set).value(), data);
  std::vector<uint8_t> seven(7, 0);
  EXPECT_EQ(decode_set_info_level(kSmbInfoPassthrough + 14, seven).error(),
            NtStatus::InfoLengthMismatch);
}

TEST(SetLevels, RenameNameLongerThanTheDataIsInvalidParameter) {
  std::vector<uint8_t> data = {0, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0, 'a', 0};
  EXPECT_EQ(decode_set_info_level(kSmbInfoPassthrough + 10, data).error(),
            NtStatus::InvalidParameter);
}

TEST(SetLevels, EncodeRefusesAMismatchedLevel) {
  fscc::FileEndOfFileInformation eof{10};
  EXPECT_EQ(encode_set_info_level(kSmbSetFileBasicInfo, eof).error(), NtStatus::InvalidParameter);
  EXPECT_EQ(encode_set_info_level(kSmbInfoStandard, eof).error(), NtStatus::InvalidParameter);
  EXPECT_EQ(encode_set_info_level(0x0300, eof).error(), NtStatus::InvalidLevel);
  EXPECT_EQ(encode_set_info_level(kSmbInfoPassthrough + 16, eof).error(),  // FileMode
            NtStatus::InvalidInfoClass);
  EXPECT_EQ(encode_set_info_level(kSmbInfoPassthrough + 14, eof).error(),  // Position
            NtStatus::InvalidParameter);
}

}  // namespace
}  // namespace smbkit::smb1
