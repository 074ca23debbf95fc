// The DOS-era encodings the LAN Manager information levels (SMB_INFO_STANDARD and kin) still
// carry: MS-CIFS 2.2.1.4.1 SMB_DATE, 2.2.1.4.2 SMB_TIME and 2.2.1.2.4 SMB_FILE_ATTRIBUTES.
#pragma once

#include <cstdint>

namespace smbkit::smb1 {

// SMB_DATE: bits 15-9 year since 1980, 8-5 month (1-12), 4-0 day (1-31).
// SMB_TIME: bits 15-11 hours, 10-5 minutes, 4-0 seconds / 2.
struct DosDateTime {
  uint16_t date = 0;
  uint16_t time = 0;
};

// smbkit has no server time zone to apply, so these are UTC. A FILETIME before 1980 or after
// 2107 (outside SMB_DATE's reach) and FILETIME 0 give date 0, time 0.
DosDateTime dos_date_time_from_filetime(uint64_t filetime);
// 0 for date 0 (not known) or a date or time whose fields are out of range.
uint64_t filetime_from_dos_date_time(DosDateTime dt);

// MS-CIFS 2.2.1.2.4 SMB_FILE_ATTRIBUTES: the read-only, hidden, system, directory and archive
// bits of the MS-FSCC attributes (the same bit values); FILE_ATTRIBUTE_NORMAL becomes 0.
uint16_t smb_file_attributes(uint32_t fscc_attributes);
// Back to MS-FSCC attributes: FILE_ATTRIBUTE_NORMAL when no bit is set.
uint32_t fscc_attributes_from_smb(uint16_t smb_attributes);

}  // namespace smbkit::smb1
