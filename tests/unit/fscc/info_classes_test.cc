#include "fscc/info_classes.h"

#include <gtest/gtest.h>

#include "test_bytes.h"

namespace smbkit::fscc {
namespace {

using testing::le;
using testing::utf16;

FileInfo sample_file() {
  FileInfo f;
  f.creation_time = 0x01D0000000000001;
  f.last_access_time = 0x01D0000000000002;
  f.last_write_time = 0x01D0000000000003;
  f.change_time = 0x01D0000000000004;
  f.attributes = kFileAttributeArchive | kFileAttributeReadonly;
  f.end_of_file = 5000;
  f.allocation_size = 8192;
  f.number_of_links = 2;
  f.file_id = 0x1122334455667788;
  f.ea_size = 0;
  f.name = "\\dir\\file.txt";
  return f;
}

TEST(FileInfoClasses, BasicInformationMatchesHandAssembledBytes) {
  std::vector<uint8_t> expected;
  le(expected, 0x01D0000000000001, 8);  // CreationTime
  le(expected, 0x01D0000000000002, 8);  // LastAccessTime
  le(expected, 0x01D0000000000003, 8);  // LastWriteTime
  le(expected, 0x01D0000000000004, 8);  // ChangeTime
  le(expected, 0x00000021, 4);          // FileAttributes: ARCHIVE | READONLY
  le(expected, 0, 4);                   // Reserved
  auto got = encode_file_information(FileInfoClass::Basic, sample_file());
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, expected);
  EXPECT_EQ(got->size(), kFileBasicInformationSize);
}

TEST(FileInfoClasses, StandardInformationMatchesHandAssembledBytes) {
  FileInfo f = sample_file();
  f.delete_pending = true;
  std::vector<uint8_t> expected;
  le(expected, 8192, 8);  // AllocationSize
  le(expected, 5000, 8);  // EndOfFile
  le(expected, 2, 4);     // NumberOfLinks
  le(expected, 1, 1);     // DeletePending
  le(expected, 0, 1);     // Directory
  le(expected, 0, 2);     // Reserved
  auto got = encode_file_information(FileInfoClass::Standard, f);
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, expected);
}

TEST(FileInfoClasses, NameInformationIsLengthThenUtf16WithoutTerminator) {
  auto got = encode_file_information(FileInfoClass::Name, sample_file());
  ASSERT_TRUE(got);
  std::vector<uint8_t> expected;
  le(expected, 26, 4);
  utf16(expected, "\\dir\\file.txt");
  EXPECT_EQ(*got, expected);
}

TEST(FileInfoClasses, AllInformationLaysOutItsParts) {
  OpenInfo open;
  open.access_flags = 0x001F01FF;
  open.current_byte_offset = 77;
  open.mode = 0x20;
  auto got = encode_file_information(FileInfoClass::All, sample_file(), open);
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), kFileAllInformationFixedSize + 26);
  ByteReader r(*got);
  r.seek(40);  // after basic
  EXPECT_EQ(r.u64(), 8192u);
  r.seek(64);  // internal
  EXPECT_EQ(r.u64(), 0x1122334455667788u);
  EXPECT_EQ(r.u32(), 0u);           // EaSize
  EXPECT_EQ(r.u32(), 0x001F01FFu);  // AccessFlags
  EXPECT_EQ(r.u64(), 77u);          // CurrentByteOffset
  EXPECT_EQ(r.u32(), 0x20u);        // Mode
  EXPECT_EQ(r.u32(), 0u);           // AlignmentRequirement
  EXPECT_EQ(r.u32(), 26u);          // FileNameLength
  EXPECT_TRUE(r.ok());

  auto back = decode_file_information(FileInfoClass::All, *got);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->name, "\\dir\\file.txt");
  EXPECT_EQ(back->end_of_file, 5000u);
  EXPECT_EQ(back->number_of_links, 2u);
  EXPECT_EQ(back->file_id, 0x1122334455667788u);
  EXPECT_EQ(back->attributes, kFileAttributeArchive | kFileAttributeReadonly);
}

TEST(FileInfoClasses, NetworkOpenInformationRoundTrips) {
  auto got = encode_file_information(FileInfoClass::NetworkOpen, sample_file());
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), kFileNetworkOpenInformationSize);
  ByteReader r(*got);
  r.seek(32);
  EXPECT_EQ(r.u64(), 8192u);  // AllocationSize before EndOfFile
  EXPECT_EQ(r.u64(), 5000u);
  auto back = decode_file_information(FileInfoClass::NetworkOpen, *got);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->change_time, 0x01D0000000000004u);
  EXPECT_EQ(back->allocation_size, 8192u);
}

TEST(FileInfoClasses, StreamInformationHasOneDataStreamForFilesOnly) {
  auto got = encode_file_information(FileInfoClass::Stream, sample_file());
  ASSERT_TRUE(got);
  std::vector<uint8_t> expected;
  le(expected, 0, 4);     // NextEntryOffset
  le(expected, 14, 4);    // StreamNameLength
  le(expected, 5000, 8);  // StreamSize
  le(expected, 8192, 8);  // StreamAllocationSize
  utf16(expected, "::$DATA");
  EXPECT_EQ(*got, expected);

  FileInfo dir = sample_file();
  dir.is_directory = true;
  auto none = encode_file_information(FileInfoClass::Stream, dir);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(FileInfoClasses, AttributeTagCarriesTagOnlyForReparsePoints) {
  FileInfo f = sample_file();
  f.reparse_tag = 0xA000000C;
  auto plain = encode_file_information(FileInfoClass::AttributeTag, f);
  ASSERT_TRUE(plain);
  EXPECT_EQ(*plain, (std::vector<uint8_t>{0x21, 0, 0, 0, 0, 0, 0, 0}));
  f.attributes |= kFileAttributeReparsePoint;
  auto tagged = encode_file_information(FileInfoClass::AttributeTag, f);
  ASSERT_TRUE(tagged);
  EXPECT_EQ(*tagged, (std::vector<uint8_t>{0x21, 0x04, 0, 0, 0x0C, 0, 0, 0xA0}));
}

TEST(FileInfoClasses, FixedSizeClasses) {
  OpenInfo open;
  open.current_byte_offset = 0x0102;
  open.alignment_requirement = 1;
  const FileInfo f = sample_file();
  EXPECT_EQ(encode_file_information(FileInfoClass::Internal, f)->size(), 8u);
  EXPECT_EQ(encode_file_information(FileInfoClass::Ea, f)->size(), 4u);
  EXPECT_EQ(*encode_file_information(FileInfoClass::Position, f, open),
            (std::vector<uint8_t>{0x02, 0x01, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(*encode_file_information(FileInfoClass::Alignment, f, open),
            (std::vector<uint8_t>{1, 0, 0, 0}));
  EXPECT_EQ(encode_file_information(FileInfoClass::Compression, f)->size(),
            kFileCompressionInformationSize);
}

TEST(FileInfoClasses, UnknownOrSetOnlyClassIsInvalidInfoClass) {
  EXPECT_EQ(encode_file_information(FileInfoClass::Rename, sample_file()).error(),
            NtStatus::InvalidInfoClass);
  EXPECT_EQ(encode_file_information(static_cast<FileInfoClass>(200), sample_file()).error(),
            NtStatus::InvalidInfoClass);
  // Directory classes are listings, not per-file answers.
  EXPECT_EQ(encode_file_information(FileInfoClass::BothDirectory, sample_file()).error(),
            NtStatus::InvalidInfoClass);
}

TEST(FileInfoClasses, TruncatedOrLyingBuffersFailToDecode) {
  auto basic = *encode_file_information(FileInfoClass::Basic, sample_file());
  basic.pop_back();
  EXPECT_EQ(decode_file_information(FileInfoClass::Basic, basic).error(),
            NtStatus::InvalidNetworkResponse);
  // FileNameLength says more than the buffer holds.
  std::vector<uint8_t> name;
  le(name, 1000, 4);
  utf16(name, "ab");
  EXPECT_FALSE(decode_file_information(FileInfoClass::Name, name));
  // Odd-length UTF-16.
  std::vector<uint8_t> odd;
  le(odd, 3, 4);
  odd.insert(odd.end(), {'a', 0, 'b'});
  EXPECT_FALSE(decode_file_information(FileInfoClass::Name, odd));
}

TEST(FileInfoClasses, OemCodingWritesEightBitNames) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  encode_file_name_information(w, "abc", NameCoding::kOem);
  EXPECT_EQ(out, (std::vector<uint8_t>{3, 0, 0, 0, 'a', 'b', 'c'}));
}

}  // namespace
}  // namespace smbkit::fscc
