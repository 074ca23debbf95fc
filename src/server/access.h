// Access masks (MS-DTYP 2.4.3, MS-SMB2 2.2.13.1): generic rights mapped to file rights the way
// Windows maps them for files (MS-FSA 2.1.5.1.2.1), and what a handle may do with what it holds.
#pragma once

#include <cstdint>

#include "smb1/access.h"

namespace smbkit::server {

inline constexpr uint32_t kFileGenericRead = 0x00120089;
inline constexpr uint32_t kFileGenericWrite = 0x00120116;
inline constexpr uint32_t kFileGenericExecute = 0x001200A0;
inline constexpr uint32_t kFileAllAccess = 0x001F01FF;

// The specific rights a desired-access mask asks for. MAXIMUM_ALLOWED is granted as read and
// execute: the most a handle can use while the server does not yet serve writes.
inline uint32_t expand_generic(uint32_t desired) {
  uint32_t mask = desired & 0x01FFFFFF & ~static_cast<uint32_t>(kMaximumAllowed);
  if (desired & kGenericRead) mask |= kFileGenericRead;
  if (desired & kGenericWrite) mask |= kFileGenericWrite;
  if (desired & kGenericExecute) mask |= kFileGenericExecute;
  if (desired & kGenericAll) mask |= kFileAllAccess;
  if (desired & kMaximumAllowed) mask |= kFileGenericRead | kFileGenericExecute;
  return mask;
}

inline bool can_read(uint32_t granted) { return granted & (kFileReadData | kFileExecute); }
inline bool can_write(uint32_t granted) { return granted & (kFileWriteData | kFileAppendData); }

}  // namespace smbkit::server
