// FILETIME (MS-DTYP 2.3.3): 100-nanosecond intervals since 1601-01-01 UTC.
#pragma once

#include <cstdint>
#include <ctime>

namespace smbkit {

inline constexpr uint64_t kFiletimeUnixEpoch = 116444736000000000ULL;  // 1970-01-01 as FILETIME

inline uint64_t filetime_from_timespec(const timespec& ts) {
  if (ts.tv_sec < -11644473600LL) return 0;
  return kFiletimeUnixEpoch + static_cast<uint64_t>(ts.tv_sec) * 10000000ULL +
         static_cast<uint64_t>(ts.tv_nsec) / 100;
}

inline timespec timespec_from_filetime(uint64_t ft) {
  timespec ts{};
  int64_t rel = static_cast<int64_t>(ft - kFiletimeUnixEpoch);
  ts.tv_sec = rel / 10000000;
  ts.tv_nsec = (rel % 10000000) * 100;
  if (ts.tv_nsec < 0) {
    ts.tv_nsec += 1000000000;
    ts.tv_sec -= 1;
  }
  return ts;
}

inline uint64_t filetime_now() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return filetime_from_timespec(ts);
}

}  // namespace smbkit

namespace smbkit {

// UTIME (MS-CIFS 2.2.1.4.3): seconds since 1970-01-01 UTC in 32 bits; 0 means "not given".
inline uint32_t utime_from_filetime(uint64_t ft) {
  if (ft <= kFiletimeUnixEpoch) return 0;
  uint64_t seconds = (ft - kFiletimeUnixEpoch) / 10000000ULL;
  return seconds > 0xFFFFFFFFULL ? 0xFFFFFFFFu : static_cast<uint32_t>(seconds);
}

inline uint64_t filetime_from_utime(uint32_t utime) {
  return utime ? kFiletimeUnixEpoch + uint64_t{utime} * 10000000ULL : 0;
}

}  // namespace smbkit
