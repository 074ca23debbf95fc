// What smbkit knows about a file and a file system, independent of the protocol that carries it:
// the VFS fills these, and the MS-FSCC and SMB1 information-level encoders read them.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace smbkit {

// MS-FSCC 2.6 file attributes (SMB1's SMB_EXT_FILE_ATTR, MS-CIFS 2.2.1.2.3, uses the same bits).
enum FileAttributes : uint32_t {
  kFileAttributeReadonly = 0x00000001,
  kFileAttributeHidden = 0x00000002,
  kFileAttributeSystem = 0x00000004,
  kFileAttributeDirectory = 0x00000010,
  kFileAttributeArchive = 0x00000020,
  kFileAttributeNormal = 0x00000080,
  kFileAttributeTemporary = 0x00000100,
  kFileAttributeSparseFile = 0x00000200,
  kFileAttributeReparsePoint = 0x00000400,
  kFileAttributeCompressed = 0x00000800,
  kFileAttributeOffline = 0x00001000,
  kFileAttributeNotContentIndexed = 0x00002000,
  kFileAttributeEncrypted = 0x00004000,
  kFileAttributeIntegrityStream = 0x00008000,
  kFileAttributeNoScrubData = 0x00020000,
  kFileAttributeRecallOnOpen = 0x00040000,
  kFileAttributePinned = 0x00080000,
  kFileAttributeUnpinned = 0x00100000,
  kFileAttributeRecallOnDataAccess = 0x00400000,
};

// MS-FSCC 2.5.1 FileSystemAttributes bits.
enum FileSystemAttributes : uint32_t {
  kFsCaseSensitiveSearch = 0x00000001,
  kFsCasePreservedNames = 0x00000002,
  kFsUnicodeOnDisk = 0x00000004,
  kFsPersistentAcls = 0x00000008,
  kFsFileCompression = 0x00000010,
  kFsVolumeQuotas = 0x00000020,
  kFsSupportsSparseFiles = 0x00000040,
  kFsSupportsReparsePoints = 0x00000080,
  kFsVolumeIsCompressed = 0x00008000,
  kFsSupportsObjectIds = 0x00010000,
  kFsSupportsEncryption = 0x00020000,
  kFsNamedStreams = 0x00040000,
  kFsReadOnlyVolume = 0x00080000,
  kFsSupportsExtendedAttributes = 0x00800000,  // FILE_SUPPORTS_EXTENDED_ATTRIBUTES
};

// MS-FSCC 2.5.10 DeviceType and Characteristics values smbkit reports.
inline constexpr uint32_t kFileDeviceDisk = 0x00000007;
inline constexpr uint32_t kFileDeviceIsMounted = 0x00000020;

// One file or directory. Times are FILETIME (MS-DTYP 2.3.3); 0 means "not known".
struct FileInfo {
  uint64_t creation_time = 0;
  uint64_t last_access_time = 0;
  uint64_t last_write_time = 0;
  uint64_t change_time = 0;
  uint32_t attributes = 0;  // kFileAttribute* bits
  uint64_t end_of_file = 0;
  uint64_t allocation_size = 0;
  uint32_t number_of_links = 1;
  bool delete_pending = false;
  bool is_directory = false;
  uint64_t file_id = 0;  // MS-FSCC 2.4.22 IndexNumber: unique within the share
  uint32_t ea_size = 0;
  uint32_t reparse_tag = 0;  // only meaningful with kFileAttributeReparsePoint
  std::string name;          // UTF-8; a leaf name in listings, a share path in name queries
  std::string short_name;    // UTF-8 8.3 name, empty when there is none
};

// What only an open handle knows (MS-FSCC 2.4.1, 2.4.35, 2.4.26, 2.4.3): zero for path queries.
struct OpenInfo {
  uint32_t access_flags = 0;  // the access mask granted at open
  uint64_t current_byte_offset = 0;
  uint32_t mode = 0;
  uint32_t alignment_requirement = 0;
};

// One file system volume (the share's).
struct FsInfo {
  uint64_t total_allocation_units = 0;
  uint64_t free_allocation_units = 0;       // free on the volume
  uint64_t available_allocation_units = 0;  // free and available to the caller (quotas)
  uint32_t sectors_per_allocation_unit = 8;
  uint32_t bytes_per_sector = 512;
  std::string volume_label;  // UTF-8
  uint32_t serial_number = 0;
  uint64_t volume_creation_time = 0;  // FILETIME
  std::string file_system_name = "NTFS";
  uint32_t file_system_attributes =
      kFsCaseSensitiveSearch | kFsCasePreservedNames | kFsUnicodeOnDisk | kFsPersistentAcls;
  uint32_t max_name_length = 255;  // MaximumComponentNameLength (MS-FSCC 2.5.1); NTFS says 255
  uint32_t device_type = kFileDeviceDisk;
  uint32_t device_characteristics = kFileDeviceIsMounted;
  std::array<uint8_t, 16> object_id{};  // MS-FSCC 2.5.6 volume object id (a GUID)
};

}  // namespace smbkit
