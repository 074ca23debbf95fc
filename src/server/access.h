// Access masks (MS-DTYP 2.4.3, MS-SMB2 2.2.13.1): generic rights mapped to file rights the way
// Windows maps them for files (MS-FSA 2.1.5.1.2.1), what a handle may do with what it holds, and
// the rights a file's POSIX mode bits stand for (the DACL of posix_security.h, and what
// MAXIMUM_ALLOWED grants).
#pragma once

#include <cstdint>

#include "fscc/access.h"

namespace smbkit::server {

inline constexpr uint32_t kFileGenericRead = 0x00120089;
inline constexpr uint32_t kFileGenericWrite = 0x00120116;
inline constexpr uint32_t kFileGenericExecute = 0x001200A0;
inline constexpr uint32_t kFileAllAccess = 0x001F01FF;

// GENERIC_READ/WRITE/EXECUTE/ALL replaced by the file rights they stand for; other bits kept.
inline uint32_t map_generic(uint32_t mask) {
  uint32_t out = mask & ~uint32_t{kGenericRead | kGenericWrite | kGenericExecute | kGenericAll};
  if (mask & kGenericRead) out |= kFileGenericRead;
  if (mask & kGenericWrite) out |= kFileGenericWrite;
  if (mask & kGenericExecute) out |= kFileGenericExecute;
  if (mask & kGenericAll) out |= kFileAllAccess;
  return out;
}

// The specific rights a desired-access mask asks for. MAXIMUM_ALLOWED is granted as read and
// execute here; maximal_access() below says what the file's mode allows, for an open that
// knows the file. ACCESS_SYSTEM_SECURITY is never granted: the server holds no
// SeSecurityPrivilege, so no handle may read or write a SACL (MS-DTYP 2.4.3).
inline uint32_t expand_generic(uint32_t desired) {
  uint32_t mask = map_generic(desired) & 0x00FFFFFF;
  if (desired & kMaximumAllowed) mask |= kFileGenericRead | kFileGenericExecute;
  return mask;
}

inline bool can_read(uint32_t granted) { return granted & (kFileReadData | kFileExecute); }
inline bool can_write(uint32_t granted) { return granted & (kFileWriteData | kFileAppendData); }

// POSIX permission bits of one class (owner, group or other), as in `mode >> 6 & 7`.
inline constexpr unsigned kModeRead = 4;
inline constexpr unsigned kModeWrite = 2;
inline constexpr unsigned kModeExecute = 1;

// The rights `rwx` (one class's bits) stand for: r is FILE_GENERIC_READ, w FILE_GENERIC_WRITE
// (with FILE_DELETE_CHILD on a directory, where w lets entries be removed), x
// FILE_GENERIC_EXECUTE, and rwx together full control, FILE_ALL_ACCESS (Samba's "acl map full
// control"). The owner may always read and change the mode and the times (chmod, utimes), so
// its entry also has READ_CONTROL, WRITE_DAC and the attribute rights; not WRITE_OWNER, which
// chown reserves to root, except within full control.
inline uint32_t access_of_mode_bits(unsigned rwx, bool directory, bool owner) {
  if ((rwx & 7) == 7) return kFileAllAccess;
  uint32_t mask = 0;
  if (rwx & kModeRead) mask |= kFileGenericRead;
  if (rwx & kModeWrite) mask |= kFileGenericWrite | (directory ? uint32_t{kFileDeleteChild} : 0);
  if (rwx & kModeExecute) mask |= kFileGenericExecute;
  if (owner) mask |= kReadControl | kWriteDac | kFileReadAttributes | kFileWriteAttributes |
                     kSynchronize;
  return mask;
}

// The other way: r from FILE_READ_DATA, w from FILE_WRITE_DATA, x from FILE_EXECUTE (generic
// rights mapped first); every other right has no mode bit and is dropped.
inline unsigned mode_bits_of_access(uint32_t mask) {
  uint32_t m = map_generic(mask);
  return (m & kFileReadData ? kModeRead : 0) | (m & kFileWriteData ? kModeWrite : 0) |
         (m & kFileExecute ? kModeExecute : 0);
}

// What MAXIMUM_ALLOWED grants, as Windows grants what the DACL allows the caller: the rights of
// the mode bits of the class the server's user falls in (`rwx`, `owner` when it owns the file),
// and DELETE when the parent directory lets it remove entries.
inline uint32_t maximal_access(unsigned rwx, bool directory, bool owner, bool parent_writable) {
  return access_of_mode_bits(rwx, directory, owner) | (parent_writable ? uint32_t{kDelete} : 0);
}

}  // namespace smbkit::server
