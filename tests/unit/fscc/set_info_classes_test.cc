// The set-side MS-FSCC classes: FileBasicInformation (2.4.7), FileDispositionInformation
// (2.4.11), FileAllocationInformation (2.4.4), FileEndOfFileInformation (2.4.13) and
// FileRenameInformation / FileLinkInformation in both forms (2.4.41.1/2, 2.4.27.1/2).
#include "fscc/set_info_classes.h"

#include <gtest/gtest.h>

#include "test_bytes.h"

namespace smbkit::fscc {
namespace {

using testing::le;
using testing::utf16;

template <class T>
std::vector<uint8_t> encoded(const T& v) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  v.encode(w);
  return out;
}

TEST(SetInfoClasses, BasicLayout) {
  FileBasicInformation b;
  b.creation_time = 1;
  b.last_access_time = 2;
  b.last_write_time = FileBasicInformation::kKeepTimeFixed;
  b.change_time = 0;
  b.file_attributes = 0x21;
  std::vector<uint8_t> expected;
  le(expected, 1, 8);
  le(expected, 2, 8);
  le(expected, ~uint64_t{0}, 8);
  le(expected, 0, 8);
  le(expected, 0x21, 4);
  le(expected, 0, 4);
  EXPECT_EQ(encoded(b), expected);
  auto back = FileBasicInformation::decode(expected);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->creation_time, 1u);
  EXPECT_EQ(back->last_access_time, 2u);
  EXPECT_EQ(back->last_write_time, FileBasicInformation::kKeepTimeFixed);
  EXPECT_EQ(back->file_attributes, 0x21u);
  // All 40 bytes, the trailing Reserved included, are the structure's length.
  EXPECT_TRUE(FileBasicInformation::decode(Bytes(expected).first(40)));
  EXPECT_EQ(FileBasicInformation::decode(Bytes(expected).first(39)).error(),
            NtStatus::InfoLengthMismatch);
}

TEST(SetInfoClasses, FixedSizeClasses) {
  EXPECT_EQ(encoded(FileDispositionInformation{true}), (std::vector<uint8_t>{1}));
  EXPECT_EQ(encoded(FileEndOfFileInformation{0x0102030405060708}),
            (std::vector<uint8_t>{8, 7, 6, 5, 4, 3, 2, 1}));
  EXPECT_EQ(encoded(FileAllocationInformation{4096}),
            (std::vector<uint8_t>{0, 0x10, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(encoded(FilePositionInformation{0x0102030405060708}),
            (std::vector<uint8_t>{8, 7, 6, 5, 4, 3, 2, 1}));
  std::vector<uint8_t> position = {0x19, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(FilePositionInformation::decode(position)->current_byte_offset, 25u);
  std::vector<uint8_t> two = {2};  // any non-zero BOOLEAN is TRUE
  EXPECT_TRUE(FileDispositionInformation::decode(two)->delete_pending);
  std::vector<uint8_t> seven(7, 0);
  EXPECT_EQ(FileEndOfFileInformation::decode(seven).error(), NtStatus::InfoLengthMismatch);
  EXPECT_EQ(FileAllocationInformation::decode(seven).error(), NtStatus::InfoLengthMismatch);
  EXPECT_EQ(FilePositionInformation::decode(seven).error(), NtStatus::InfoLengthMismatch);
  EXPECT_EQ(FileDispositionInformation::decode({}).error(), NtStatus::InfoLengthMismatch);
}

std::vector<uint8_t> encoded(const FileRenameInformation& v, NameInfoForm form) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  v.encode(w, form);
  return out;
}

TEST(SetInfoClasses, RenameSmbForm) {
  // TYPE_1: ReplaceIfExists, Reserved[3], RootDirectory (4), FileNameLength, FileName.
  FileRenameInformation r{true, 0, "dir\\new.txt"};
  std::vector<uint8_t> expected = {1, 0, 0, 0, 0, 0, 0, 0};
  le(expected, 22, 4);
  utf16(expected, "dir\\new.txt");
  EXPECT_EQ(encoded(r, NameInfoForm::kSmb), expected);
  auto back = FileRenameInformation::decode(expected, NameInfoForm::kSmb);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->replace_if_exists);
  EXPECT_EQ(back->file_name, "dir\\new.txt");
}

TEST(SetInfoClasses, RenameSmb2FormIsPaddedTo24Bytes) {
  // TYPE_2: ReplaceIfExists, Reserved[7], RootDirectory (8), FileNameLength, FileName, and
  // padding up to 24 bytes.
  FileRenameInformation r{false, 0, "a"};
  std::vector<uint8_t> expected(16, 0);
  le(expected, 2, 4);
  utf16(expected, "a");
  expected.resize(24, 0);
  EXPECT_EQ(encoded(r, NameInfoForm::kSmb2), expected);
  auto back = FileRenameInformation::decode(expected, NameInfoForm::kSmb2);
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->replace_if_exists);
  EXPECT_EQ(back->file_name, "a");
}

TEST(SetInfoClasses, RenameRootDirectoryIsRead) {
  std::vector<uint8_t> data = {0, 0, 0, 0};
  le(data, 0x4001, 4);
  le(data, 2, 4);
  utf16(data, "x");
  auto back = FileRenameInformation::decode(data, NameInfoForm::kSmb);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->root_directory, 0x4001u);
}

TEST(SetInfoClasses, MalformedRenameBuffers) {
  std::vector<uint8_t> short_fixed(11, 0);
  EXPECT_EQ(FileRenameInformation::decode(short_fixed, NameInfoForm::kSmb).error(),
            NtStatus::InfoLengthMismatch);
  std::vector<uint8_t> smb_sized(12, 0);  // too short for the SMB2 form
  EXPECT_EQ(FileRenameInformation::decode(smb_sized, NameInfoForm::kSmb2).error(),
            NtStatus::InfoLengthMismatch);
  std::vector<uint8_t> lying(8, 0);
  le(lying, 100, 4);
  utf16(lying, "ab");
  EXPECT_EQ(FileRenameInformation::decode(lying, NameInfoForm::kSmb).error(),
            NtStatus::InvalidParameter);
  std::vector<uint8_t> odd(8, 0);
  le(odd, 3, 4);
  utf16(odd, "ab");
  EXPECT_EQ(FileRenameInformation::decode(odd, NameInfoForm::kSmb).error(),
            NtStatus::InvalidParameter);
  std::vector<uint8_t> surrogate(8, 0);
  le(surrogate, 2, 4);
  surrogate.insert(surrogate.end(), {0x00, 0xD8});
  EXPECT_EQ(FileRenameInformation::decode(surrogate, NameInfoForm::kSmb).error(),
            NtStatus::InvalidParameter);
}

TEST(SetInfoClasses, LinkSharesTheRenameLayout) {
  std::vector<uint8_t> data(8, 0);
  le(data, 4, 4);
  utf16(data, "hl");
  auto link = FileLinkInformation::decode(data, NameInfoForm::kSmb);
  ASSERT_TRUE(link);
  EXPECT_EQ(link->file_name, "hl");
  EXPECT_EQ(encoded(*link, NameInfoForm::kSmb), data);
}

}  // namespace
}  // namespace smbkit::fscc
