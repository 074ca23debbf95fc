#include "fscc/fs_info_classes.h"

#include <gtest/gtest.h>

#include "test_bytes.h"

namespace smbkit::fscc {
namespace {

using testing::le;
using testing::utf16;

FsInfo sample_fs() {
  FsInfo fs;
  fs.total_allocation_units = 0x0000000100000000;
  fs.free_allocation_units = 0x30000;
  fs.available_allocation_units = 0x20000;
  fs.sectors_per_allocation_unit = 8;
  fs.bytes_per_sector = 512;
  fs.volume_label = "DATA";
  fs.serial_number = 0xCAFEBABE;
  fs.volume_creation_time = 0x01D9000000000000;
  return fs;
}

TEST(FsInfoClasses, SizeInformationMatchesHandAssembledBytes) {
  std::vector<uint8_t> expected;
  le(expected, 0x0000000100000000, 8);  // TotalAllocationUnits
  le(expected, 0x20000, 8);             // AvailableAllocationUnits (the caller's)
  le(expected, 8, 4);                   // SectorsPerAllocationUnit
  le(expected, 512, 4);                 // BytesPerSector
  auto got = encode_fs_information(FsInfoClass::Size, sample_fs());
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, expected);
  EXPECT_EQ(got->size(), kFileFsSizeInformationSize);
}

TEST(FsInfoClasses, FullSizeInformationHasCallerAndActualFreeUnits) {
  std::vector<uint8_t> expected;
  le(expected, 0x0000000100000000, 8);
  le(expected, 0x20000, 8);  // CallerAvailableAllocationUnits
  le(expected, 0x30000, 8);  // ActualAvailableAllocationUnits
  le(expected, 8, 4);
  le(expected, 512, 4);
  EXPECT_EQ(*encode_fs_information(FsInfoClass::FullSize, sample_fs()), expected);
}

TEST(FsInfoClasses, VolumeInformationMatchesHandAssembledBytes) {
  std::vector<uint8_t> expected;
  le(expected, 0x01D9000000000000, 8);  // VolumeCreationTime
  le(expected, 0xCAFEBABE, 4);          // VolumeSerialNumber
  le(expected, 8, 4);                   // VolumeLabelLength
  le(expected, 0, 1);                   // SupportsObjects
  le(expected, 0, 1);                   // Reserved
  utf16(expected, "DATA");
  EXPECT_EQ(*encode_fs_information(FsInfoClass::Volume, sample_fs()), expected);
}

TEST(FsInfoClasses, AttributeAndDeviceInformation) {
  std::vector<uint8_t> expected;
  le(expected, 0x0000000F, 4);  // case sensitive, case preserved, unicode, ACLs
  le(expected, 255, 4);         // MaximumComponentNameLength
  le(expected, 8, 4);           // FileSystemNameLength
  utf16(expected, "NTFS");
  EXPECT_EQ(*encode_fs_information(FsInfoClass::Attribute, sample_fs()), expected);

  EXPECT_EQ(*encode_fs_information(FsInfoClass::Device, sample_fs()),
            (std::vector<uint8_t>{0x07, 0, 0, 0, 0x20, 0, 0, 0}));
}

TEST(FsInfoClasses, SectorSizeAndObjectIdSizes) {
  auto sector = encode_fs_information(FsInfoClass::SectorSize, sample_fs());
  ASSERT_TRUE(sector);
  ASSERT_EQ(sector->size(), kFileFsSectorSizeInformationSize);
  ByteReader r(*sector);
  EXPECT_EQ(r.u32(), 512u);
  r.seek(16);
  EXPECT_EQ(r.u32(), kSsinfoFlagsAlignedDevice | kSsinfoFlagsPartitionAlignedOnDevice);
  EXPECT_EQ(encode_fs_information(FsInfoClass::ObjectId, sample_fs())->size(),
            kFileFsObjectIdInformationSize);
}

TEST(FsInfoClasses, DecodesWhatItEncodes) {
  const FsInfo fs = sample_fs();
  auto size =
      decode_fs_information(FsInfoClass::Size, *encode_fs_information(FsInfoClass::Size, fs));
  ASSERT_TRUE(size);
  EXPECT_EQ(size->total_allocation_units, fs.total_allocation_units);
  EXPECT_EQ(size->available_allocation_units, fs.available_allocation_units);
  EXPECT_EQ(size->bytes_per_sector, 512u);
  auto vol =
      decode_fs_information(FsInfoClass::Volume, *encode_fs_information(FsInfoClass::Volume, fs));
  ASSERT_TRUE(vol);
  EXPECT_EQ(vol->volume_label, "DATA");
  EXPECT_EQ(vol->serial_number, 0xCAFEBABEu);
  auto attr = decode_fs_information(FsInfoClass::Attribute,
                                    *encode_fs_information(FsInfoClass::Attribute, fs));
  ASSERT_TRUE(attr);
  EXPECT_EQ(attr->file_system_name, "NTFS");
}

TEST(FsInfoClasses, UnknownClassAndShortBuffers) {
  EXPECT_EQ(encode_fs_information(FsInfoClass::Label, sample_fs()).error(),
            NtStatus::InvalidInfoClass);
  std::vector<uint8_t> short_size(23, 0);
  EXPECT_EQ(decode_fs_information(FsInfoClass::Size, short_size).error(),
            NtStatus::InvalidNetworkResponse);
  std::vector<uint8_t> lying_label;
  le(lying_label, 0, 8);
  le(lying_label, 0, 4);
  le(lying_label, 0x7FFFFFFF, 4);  // VolumeLabelLength far past the end
  le(lying_label, 0, 2);
  EXPECT_FALSE(decode_fs_information(FsInfoClass::Volume, lying_label));
}

}  // namespace
}  // namespace smbkit::fscc
