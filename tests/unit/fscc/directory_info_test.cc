#include "fscc/directory_info.h"

#include <gtest/gtest.h>

#include "test_bytes.h"

namespace smbkit::fscc {
namespace {

using testing::le;
using testing::utf16;

FileInfo entry(std::string name, std::string short_name, uint64_t size, uint32_t attrs) {
  FileInfo f;
  f.creation_time = 0x01D0000000000010;
  f.last_access_time = 0x01D0000000000020;
  f.last_write_time = 0x01D0000000000030;
  f.change_time = 0x01D0000000000040;
  f.end_of_file = size;
  f.allocation_size = (size + 4095) / 4096 * 4096;
  f.attributes = attrs;
  f.is_directory = attrs & kFileAttributeDirectory;
  f.name = std::move(name);
  f.short_name = std::move(short_name);
  f.file_id = 42;
  return f;
}

// One FILE_BOTH_DIR_INFORMATION assembled field by field (MS-FSCC 2.4.8).
void both_entry(std::vector<uint8_t>& out, uint32_t next, const FileInfo& f) {
  le(out, next, 4);  // NextEntryOffset
  le(out, 0, 4);     // FileIndex
  le(out, f.creation_time, 8);
  le(out, f.last_access_time, 8);
  le(out, f.last_write_time, 8);
  le(out, f.change_time, 8);
  le(out, f.end_of_file, 8);
  le(out, f.allocation_size, 8);
  le(out, f.attributes, 4);
  le(out, f.name.size() * 2, 4);        // FileNameLength
  le(out, 0, 4);                        // EaSize
  le(out, f.short_name.size() * 2, 1);  // ShortNameLength
  le(out, 0, 1);                        // Reserved
  utf16(out, f.short_name);
  out.insert(out.end(), 24 - f.short_name.size() * 2, 0);
  utf16(out, f.name);
}

TEST(DirectoryInfo, BothDirectoryTwoEntriesAlignedAndChained) {
  const std::vector<FileInfo> files = {
      entry("ab", "AB", 10, kFileAttributeArchive),
      entry("subdir.long", "SUBDIR~1.LON", 0, kFileAttributeDirectory),
  };
  // First entry: 94 + 4 = 98 bytes, so the second starts at 104 after 6 bytes of padding.
  std::vector<uint8_t> expected;
  both_entry(expected, 104, files[0]);
  ASSERT_EQ(expected.size(), 98u);
  expected.insert(expected.end(), 6, 0);
  both_entry(expected, 0, files[1]);

  std::vector<uint8_t> out;
  auto listing = encode_directory_list(FileInfoClass::BothDirectory, files, 65536, out);
  ASSERT_TRUE(listing);
  EXPECT_EQ(listing->count, 2u);
  EXPECT_EQ(listing->last_entry_offset, 104u);
  EXPECT_EQ(listing->bytes, 104u + 94u + 22u);  // no padding after the last entry
  EXPECT_EQ(out, expected);
}

TEST(DirectoryInfo, ListAlignmentCountsFromWhereTheListStarts) {
  std::vector<uint8_t> out = {0xEE, 0xEE, 0xEE};  // something already in the buffer
  const std::vector<FileInfo> files = {entry("x", "", 1, 0), entry("y", "", 1, 0)};
  auto listing = encode_directory_list(FileInfoClass::Names, files, 1000, out);
  ASSERT_TRUE(listing);
  ASSERT_EQ(listing->count, 2u);
  // Names: 12 + 2 = 14 bytes, next at 16 from the list start (byte 3 of the buffer).
  ByteReader r(out);
  r.seek(3);
  EXPECT_EQ(r.u32(), 16u);
  r.seek(3 + 16);
  EXPECT_EQ(r.u32(), 0u);
  EXPECT_EQ(out.size(), 3u + 16u + 14u);
}

TEST(DirectoryInfo, StopsAtTheFirstEntryThatDoesNotFit) {
  const std::vector<FileInfo> files = {entry("one", "", 1, 0), entry("two", "", 1, 0),
                                       entry("three", "", 1, 0)};
  // Directory class: 64 + 6 = 70, second at 72 (ends 142), third at 144 (ends 218).
  std::vector<uint8_t> out;
  auto listing = encode_directory_list(FileInfoClass::Directory, files, 217, out);
  ASSERT_TRUE(listing);
  EXPECT_EQ(listing->count, 2u);
  EXPECT_EQ(listing->bytes, 142u);
  EXPECT_EQ(out.size(), 142u);
  ByteReader r(out);
  r.seek(72);
  EXPECT_EQ(r.u32(), 0u);  // the last entry written ends the chain

  out.clear();
  EXPECT_EQ(encode_directory_list(FileInfoClass::Directory, files, 218, out)->count, 3u);
  out.clear();
  auto none = encode_directory_list(FileInfoClass::Directory, files, 69, out);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->count, 0u);
  EXPECT_TRUE(out.empty());
}

TEST(DirectoryInfo, FixedSizesOfEachClass) {
  const FileInfo f = entry("n", "", 0, 0);
  for (auto cls :
       {FileInfoClass::Directory, FileInfoClass::FullDirectory, FileInfoClass::BothDirectory,
        FileInfoClass::IdBothDirectory, FileInfoClass::IdFullDirectory, FileInfoClass::Names}) {
    std::vector<uint8_t> out;
    ByteWriter w(out);
    encode_directory_entry(w, cls, f);
    EXPECT_EQ(out.size(), directory_entry_fixed_size(cls) + 2) << static_cast<int>(cls);
  }
  EXPECT_FALSE(is_directory_class(FileInfoClass::Basic));
  std::vector<uint8_t> out;
  EXPECT_EQ(encode_directory_list(FileInfoClass::Basic, {}, 100, out).error(),
            NtStatus::InvalidInfoClass);
}

TEST(DirectoryInfo, IdBothCarriesFileIdAfterShortName) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  encode_directory_entry(w, FileInfoClass::IdBothDirectory, entry("n", "N", 0, 0));
  ByteReader r(out);
  r.seek(68);
  EXPECT_EQ(r.u8(), 2u);  // ShortNameLength
  r.seek(94);
  EXPECT_EQ(r.u16(), 0u);   // Reserved2
  EXPECT_EQ(r.u64(), 42u);  // FileId
}

TEST(DirectoryInfo, DecodesEveryClassBack) {
  const std::vector<FileInfo> files = {
      entry("first.txt", "FIRST.TXT", 123, kFileAttributeArchive),
      entry("second", "", 0, kFileAttributeDirectory),
  };
  for (auto cls :
       {FileInfoClass::Directory, FileInfoClass::FullDirectory, FileInfoClass::BothDirectory,
        FileInfoClass::IdBothDirectory, FileInfoClass::IdFullDirectory, FileInfoClass::Names}) {
    std::vector<uint8_t> out;
    ASSERT_TRUE(encode_directory_list(cls, files, 4096, out));
    auto back = decode_directory_list(cls, out);
    ASSERT_TRUE(back) << static_cast<int>(cls);
    ASSERT_EQ(back->size(), 2u);
    EXPECT_EQ((*back)[0].name, "first.txt");
    EXPECT_EQ((*back)[1].name, "second");
    if (cls != FileInfoClass::Names) {
      EXPECT_EQ((*back)[0].end_of_file, 123u);
      EXPECT_TRUE((*back)[1].is_directory);
    }
    if (cls == FileInfoClass::BothDirectory || cls == FileInfoClass::IdBothDirectory) {
      EXPECT_EQ((*back)[0].short_name, "FIRST.TXT");
    }
    if (cls == FileInfoClass::IdBothDirectory || cls == FileInfoClass::IdFullDirectory) {
      EXPECT_EQ((*back)[0].file_id, 42u);
    }
  }
}

TEST(DirectoryInfo, LyingListsFailToDecode) {
  const std::vector<FileInfo> files = {entry("a", "", 0, 0), entry("b", "", 0, 0)};
  std::vector<uint8_t> out;
  ASSERT_TRUE(encode_directory_list(FileInfoClass::Names, files, 100, out));
  auto lie = out;
  lie[0] = 200;  // NextEntryOffset past the end
  EXPECT_EQ(decode_directory_list(FileInfoClass::Names, lie).error(),
            NtStatus::InvalidNetworkResponse);
  lie = out;
  lie[0] = 4;  // NextEntryOffset inside the entry's own fixed part
  EXPECT_FALSE(decode_directory_list(FileInfoClass::Names, lie));
  lie = out;
  lie[8] = 100;  // FileNameLength past the end
  EXPECT_FALSE(decode_directory_list(FileInfoClass::Names, lie));
  std::vector<uint8_t> both(94, 0);
  both[68] = 25;  // ShortNameLength beyond the 24-byte field
  EXPECT_FALSE(decode_directory_list(FileInfoClass::BothDirectory, both));
  out.resize(out.size() - 1);  // truncated last name
  EXPECT_FALSE(decode_directory_list(FileInfoClass::Names, out));
}

}  // namespace
}  // namespace smbkit::fscc
