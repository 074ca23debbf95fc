// MS-FSCC 2.5 file-system information classes (the query side), shared by SMB1's pass-through
// levels and SMB2 QUERY_INFO.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fscc/file_info.h"
#include "fscc/info_classes.h"
#include "smbkit/status.h"
#include "wire/byte_reader.h"
#include "wire/byte_writer.h"

namespace smbkit::fscc {

// MS-FSCC 2.5 FS_INFORMATION_CLASS values.
enum class FsInfoClass : uint8_t {
  Volume = 1,
  Label = 2,
  Size = 3,
  Device = 4,
  Attribute = 5,
  Control = 6,
  FullSize = 7,
  ObjectId = 8,
  DriverPath = 9,
  VolumeFlags = 10,
  SectorSize = 11,
};

inline constexpr size_t kFileFsVolumeInformationFixedSize = 18;  // up to VolumeLabel
inline constexpr size_t kFileFsSizeInformationSize = 24;
inline constexpr size_t kFileFsFullSizeInformationSize = 32;
inline constexpr size_t kFileFsDeviceInformationSize = 8;
inline constexpr size_t kFileFsAttributeInformationFixedSize = 12;  // up to FileSystemName
inline constexpr size_t kFileFsSectorSizeInformationSize = 28;
inline constexpr size_t kFileFsObjectIdInformationSize = 64;

// MS-FSCC 2.5.7 SSINFO_FLAGS_*
inline constexpr uint32_t kSsinfoFlagsAlignedDevice = 0x00000001;
inline constexpr uint32_t kSsinfoFlagsPartitionAlignedOnDevice = 0x00000002;

// Each encoder appends one structure.
// MS-FSCC 2.5.9 FileFsVolumeInformation (SupportsObjects FALSE: smbkit has no object ids)
void encode_fs_volume_information(ByteWriter& w, const FsInfo& fs,
                                  NameCoding coding = NameCoding::kUtf16);
// MS-FSCC 2.5.8 FileFsSizeInformation: the available units are the caller's
void encode_fs_size_information(ByteWriter& w, const FsInfo& fs);
// MS-FSCC 2.5.4 FileFsFullSizeInformation
void encode_fs_full_size_information(ByteWriter& w, const FsInfo& fs);
// MS-FSCC 2.5.10 FileFsDeviceInformation
void encode_fs_device_information(ByteWriter& w, const FsInfo& fs);
// MS-FSCC 2.5.1 FileFsAttributeInformation
void encode_fs_attribute_information(ByteWriter& w, const FsInfo& fs,
                                     NameCoding coding = NameCoding::kUtf16);
// MS-FSCC 2.5.7 FileFsSectorSizeInformation: logical and physical sectors the same, aligned
void encode_fs_sector_size_information(ByteWriter& w, const FsInfo& fs);
// MS-FSCC 2.5.6 FileFsObjectIdInformation: the volume GUID and zeroed ExtendedInfo
void encode_fs_object_id_information(ByteWriter& w, const FsInfo& fs);

// FileFsControlInformation (MS-FSCC 2.5.2) of a volume that keeps no quotas and no content index:
// the filtering thresholds 0 (SHOULD), no default quota threshold or limit (-1), no control
// flags; 48 bytes with the trailing padding.
inline constexpr size_t kFileFsControlInformationSize = 48;
void encode_fs_control_information(ByteWriter& w);

// The classes above by number; InvalidInfoClass for any other class.
Result<std::vector<uint8_t>> encode_fs_information(FsInfoClass cls, const FsInfo& fs);

// Client side: fill `into` with what one structure carries; false (reader failed) when short.
bool decode_fs_volume_information(ByteReader& r, FsInfo& into,
                                  NameCoding coding = NameCoding::kUtf16);
bool decode_fs_size_information(ByteReader& r, FsInfo& into);
bool decode_fs_full_size_information(ByteReader& r, FsInfo& into);
bool decode_fs_attribute_information(ByteReader& r, FsInfo& into,
                                     NameCoding coding = NameCoding::kUtf16);

// Decodes Volume, Size, FullSize, Device or Attribute into an FsInfo (fields the class lacks
// stay default). InvalidInfoClass for another class, InvalidNetworkResponse when malformed.
Result<FsInfo> decode_fs_information(FsInfoClass cls, Bytes data);

}  // namespace smbkit::fscc
