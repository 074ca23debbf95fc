#include "smb1/trans2_dos_time.h"

#include <ctime>

#include "fscc/file_info.h"
#include "wire/filetime.h"

namespace smbkit::smb1 {

DosDateTime dos_date_time_from_filetime(uint64_t filetime) {
  if (filetime == 0) return {};
  timespec ts = timespec_from_filetime(filetime);
  tm t{};
  if (!gmtime_r(&ts.tv_sec, &t)) return {};
  const int year = t.tm_year + 1900;
  if (year < 1980 || year > 2107) return {};
  DosDateTime dt;
  dt.date = static_cast<uint16_t>(((year - 1980) << 9) | ((t.tm_mon + 1) << 5) | t.tm_mday);
  dt.time = static_cast<uint16_t>((t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec / 2));
  return dt;
}

uint64_t filetime_from_dos_date_time(DosDateTime dt) {
  if (dt.date == 0) return 0;
  tm t{};
  t.tm_year = (dt.date >> 9) + 80;
  t.tm_mon = ((dt.date >> 5) & 0x0F) - 1;
  t.tm_mday = dt.date & 0x1F;
  t.tm_hour = dt.time >> 11;
  t.tm_min = (dt.time >> 5) & 0x3F;
  t.tm_sec = (dt.time & 0x1F) * 2;
  if (t.tm_mon < 0 || t.tm_mon > 11 || t.tm_mday == 0 || t.tm_hour > 23 || t.tm_min > 59 ||
      t.tm_sec > 59)
    return 0;
  const int mday = t.tm_mday, mon = t.tm_mon;
  timespec ts{};
  ts.tv_sec = timegm(&t);
  // timegm moves a day past the month's end (June 31, February 30) into the next month.
  if (t.tm_mday != mday || t.tm_mon != mon) return 0;
  return filetime_from_timespec(ts);
}

namespace {
constexpr uint32_t kSmbAttributeBits = kFileAttributeReadonly | kFileAttributeHidden |
                                       kFileAttributeSystem | kFileAttributeDirectory |
                                       kFileAttributeArchive;
}  // namespace

uint16_t smb_file_attributes(uint32_t fscc_attributes) {
  return static_cast<uint16_t>(fscc_attributes & kSmbAttributeBits);
}

uint32_t fscc_attributes_from_smb(uint16_t smb_attributes) {
  uint32_t a = smb_attributes & kSmbAttributeBits;
  return a ? a : kFileAttributeNormal;
}

}  // namespace smbkit::smb1
