#include "smb1/trans2_dos_time.h"

#include <gtest/gtest.h>

#include "fscc/file_info.h"
#include "wire/filetime.h"

namespace smbkit::smb1 {
namespace {

uint64_t at(time_t unix_seconds) {
  timespec ts{};
  ts.tv_sec = unix_seconds;
  return filetime_from_timespec(ts);
}

TEST(DosDateTime, EncodesFieldsAndRoundsSecondsDownToEven) {
  // 1980-01-01 00:00:00 UTC: the first SMB_DATE.
  DosDateTime epoch = dos_date_time_from_filetime(at(315532800));
  EXPECT_EQ(epoch.date, (1 << 5) | 1);
  EXPECT_EQ(epoch.time, 0);
  // 2099-12-31 23:59:59 UTC.
  DosDateTime late = dos_date_time_from_filetime(at(4102444799));
  EXPECT_EQ(late.date, (119 << 9) | (12 << 5) | 31);
  EXPECT_EQ(late.time, (23 << 11) | (59 << 5) | 29);
  EXPECT_EQ(filetime_from_dos_date_time(late), at(4102444798));
}

TEST(DosDateTime, OutOfRangeIsZero) {
  EXPECT_EQ(dos_date_time_from_filetime(0).date, 0);
  EXPECT_EQ(dos_date_time_from_filetime(at(315532799)).date, 0);  // 1979
  EXPECT_EQ(filetime_from_dos_date_time({}), 0u);
  EXPECT_EQ(filetime_from_dos_date_time({(1 << 5) | 0, 0}), 0u);   // day 0
  EXPECT_EQ(filetime_from_dos_date_time({(13 << 5) | 1, 0}), 0u);  // month 13
  EXPECT_EQ(filetime_from_dos_date_time({(1 << 5) | 1, 24 << 11}), 0u);
}

TEST(SmbFileAttributes, KeepsTheDosBits) {
  EXPECT_EQ(smb_file_attributes(kFileAttributeNormal), 0);
  EXPECT_EQ(smb_file_attributes(kFileAttributeDirectory | kFileAttributeHidden |
                                kFileAttributeSparseFile),
            0x12);
  EXPECT_EQ(fscc_attributes_from_smb(0), kFileAttributeNormal);
  EXPECT_EQ(fscc_attributes_from_smb(0x21), kFileAttributeArchive | kFileAttributeReadonly);
  EXPECT_EQ(fscc_attributes_from_smb(0x2000), kFileAttributeNormal);  // a search-only bit
}

}  // namespace
}  // namespace smbkit::smb1
