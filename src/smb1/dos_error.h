// SMB error classes and codes (MS-CIFS 2.2.2.4) for clients that do not set FLAGS2_NT_STATUS,
// and the mapping between them and NTSTATUS values.
//
// In the header's Status field a DOS error is packed as {ErrorClass (1 byte), Reserved (1 byte),
// ErrorCode (2 bytes)} (MS-CIFS 2.2.3.1), i.e. the 32-bit value class | code << 16. NTSTATUS
// values of that shape exist too (STATUS_SMB_BAD_UID is 0x005B0002: ERRSRV/ERRbaduid).
#pragma once

#include <cstdint>

#include "smb1/header.h"
#include "smbkit/status.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.2.4 error classes.
enum ErrorClass : uint8_t {
  kErrClassSuccess = 0x00,
  kErrClassDos = 0x01,  // ERRDOS
  kErrClassSrv = 0x02,  // ERRSRV
  kErrClassHrd = 0x03,  // ERRHRD
  kErrClassCmd = 0xFF,  // ERRCMD
};

// MS-CIFS 2.2.2.4 ERRDOS codes (and the Windows error codes the mapping uses).
enum DosErrorCode : uint16_t {
  kErrBadFunc = 0x0001,
  kErrBadFile = 0x0002,
  kErrBadPath = 0x0003,
  kErrNoFids = 0x0004,
  kErrNoAccess = 0x0005,
  kErrBadFid = 0x0006,
  kErrNoMem = 0x0008,
  kErrBadAccess = 0x000C,
  kErrBadData = 0x000D,
  kErrRemCd = 0x0010,
  kErrNoFiles = 0x0012,
  kErrBadLength = 0x0018,  // ERROR_BAD_LENGTH
  kErrBadShare = 0x0020,
  kErrLock = 0x0021,
  kErrEof = 0x0026,
  kErrUnsup = 0x0032,
  kErrFileExists = 0x0050,
  kErrInvalidParam = 0x0057,
  kErrInsufficientBuffer = 0x007A,  // ERROR_INSUFFICIENT_BUFFER
  kErrInvalidName = 0x007B,
  kErrUnknownLevel = 0x007C,
  kErrNotLocked = 0x009E,
  kErrCancelViolation = 0x00AD,  // LOCKING_ANDX_CANCEL_LOCK found no pending lock
  kErrNoAtomicLocks = 0x00AE,    // LOCKING_ANDX_CHANGE_LOCKTYPE is not supported
  kErrFilenameTooLong = 0x00CE,  // ERROR_FILENAME_EXCED_RANGE
  kErrInvalidLockRange = 0x0133,  // ERROR_INVALID_LOCK_RANGE
  kErrBrokenPipe = 0x006D,  // ERROR_BROKEN_PIPE
  kErrBadPipe = 0x00E6,
  kErrPipeBusy = 0x00E7,          // ERROR_PIPE_BUSY
  kErrNoData = 0x00E8,            // ERROR_NO_DATA
  kErrPipeNotConnected = 0x00E9,  // ERROR_PIPE_NOT_CONNECTED
  kErrMoreData = 0x00EA,
  kErrInvalidEaName = 0x00FE,       // ERROR_INVALID_EA_NAME
  kErrEaListInconsistent = 0x00FF,  // ERROR_EA_LIST_INCONSISTENT (MS-CIFS ERRbadealist)
  kErrNoMoreItems = 0x0103,         // ERROR_NO_MORE_ITEMS
  kErrEasNotSupported = 0x011A,
  kErrFileCorrupt = 0x0570,         // ERROR_FILE_CORRUPT
  kErrOperationAborted = 0x03E3,  // ERROR_OPERATION_ABORTED
  kErrNotifyEnumDir = 0x03FE,
  kErrNotAReparsePoint = 0x1126,  // ERROR_NOT_A_REPARSE_POINT
};

// MS-CIFS 2.2.2.4 ERRSRV codes.
enum SrvErrorCode : uint16_t {
  kErrError = 0x0001,
  kErrBadPw = 0x0002,
  kErrAccess = 0x0004,
  kErrInvTid = 0x0005,
  kErrInvNetName = 0x0006,
  kErrInvDevice = 0x0007,
  kErrBadCmd = 0x0016,
  kErrTimeout = 0x0058,
  kErrNoResource = 0x0059,
  kErrTooManyUids = 0x005A,
  kErrBadUid = 0x005B,
  kErrAccountExpired = 0x08BF,
  kErrNoSupport = 0xFFFF,
};

// MS-CIFS 2.2.2.4 ERRHRD codes.
enum HrdErrorCode : uint16_t {
  kErrNoWrite = 0x0013,
  kErrGeneral = 0x001F,
  kErrDiskFull = 0x0027,
};

struct DosError {
  uint8_t error_class = kErrClassSuccess;
  uint16_t code = 0;

  friend bool operator==(const DosError&, const DosError&) = default;
};

// The class and code a server sends for `status` to a client without FLAGS2_NT_STATUS:
// success-class values give {0, 0}, NTSTATUS values already in DOS form pass through, and an
// error outside the table is ERRHRD/ERRgeneral.
DosError dos_error_from_status(NtStatus status);
// The NTSTATUS a client reports for a DOS error: the table's preferred status for the pair, or
// else the pair itself in DOS form (as STATUS_SMB_BAD_UID is).
NtStatus status_from_dos_error(DosError error);

inline uint32_t pack_dos_error(DosError e) { return e.error_class | (uint32_t{e.code} << 16); }
inline DosError unpack_dos_error(uint32_t field) {
  return {static_cast<uint8_t>(field & 0xFF), static_cast<uint16_t>(field >> 16)};
}

// Errors that exist only as DOS class/code pairs, i.e. every NTSTATUS in DOS form
// (ERRDOS/ERRcancelviolation, ERRDOS/ERRnoatomiclocks, the STATUS_SMB_* values such as
// ERRSRV/ERRbaduid): Windows and smbd send them in DOS form even to clients that asked for NT
// status codes, clearing FLAGS2_NT_STATUS in the reply; in NT form their zero severity would
// read as success (smbtorture base.vuid).
bool is_dos_only(NtStatus status);

// The Status field of a reply to a request whose header had `request_flags2`: the NTSTATUS when
// the client set FLAGS2_NT_STATUS (unless is_dos_only), else the packed DOS error. The reply's
// own FLAGS2_NT_STATUS must say which form it carries.
NtStatus reply_status_field(NtStatus status, uint16_t request_flags2);
// The NTSTATUS a reply carries, whichever form its Status field is in.
NtStatus status_of_reply(const Header& reply);

}  // namespace smbkit::smb1
