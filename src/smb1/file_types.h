// SMB1 file vocabulary shared by OPEN_ANDX, NT_CREATE_ANDX and the TRANS2 information levels.
#pragma once

#include <cstdint>

namespace smbkit::smb1 {

// MS-CIFS 2.2.1.2.4 SMB_FILE_ATTRIBUTES (16 bits): attributes, and in search masks the
// SMB_SEARCH_ATTRIBUTE_* bits that make a match exclusive.
enum SmbFileAttributes : uint16_t {
  kSmbFileAttributeNormal = 0x0000,
  kSmbFileAttributeReadonly = 0x0001,
  kSmbFileAttributeHidden = 0x0002,
  kSmbFileAttributeSystem = 0x0004,
  kSmbFileAttributeVolume = 0x0008,
  kSmbFileAttributeDirectory = 0x0010,
  kSmbFileAttributeArchive = 0x0020,
  kSmbSearchAttributeReadonly = 0x0100,
  kSmbSearchAttributeHidden = 0x0200,
  kSmbSearchAttributeSystem = 0x0400,
  kSmbSearchAttributeDirectory = 0x1000,
  kSmbSearchAttributeArchive = 0x2000,
};

// MS-CIFS 2.2.4.41.2 / 2.2.4.64.2 ResourceType.
enum ResourceType : uint16_t {
  kFileTypeDisk = 0x0000,
  kFileTypeByteModePipe = 0x0001,
  kFileTypeMessageModePipe = 0x0002,
  kFileTypePrinter = 0x0003,
  kFileTypeUnknown = 0xFFFF,
};

}  // namespace smbkit::smb1
