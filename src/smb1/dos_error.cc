#include "smb1/dos_error.h"

namespace smbkit::smb1 {
namespace {

struct Mapping {
  NtStatus status;
  DosError error;
};

// MS-CIFS 2.2.2.4 and the per-command error tables of MS-CIFS 2.2.4. Where one DOS error stands
// for several statuses, the first row is the one a client reports (status_from_dos_error).
constexpr Mapping kMappings[] = {
    {NtStatus::NotImplemented, {kErrClassDos, kErrBadFunc}},
    {NtStatus::InvalidDeviceRequest, {kErrClassDos, kErrBadFunc}},
    {NtStatus::ObjectNameNotFound, {kErrClassDos, kErrBadFile}},
    {NtStatus::NoSuchFile, {kErrClassDos, kErrBadFile}},
    {NtStatus::ObjectPathNotFound, {kErrClassDos, kErrBadPath}},
    {NtStatus::ObjectPathInvalid, {kErrClassDos, kErrBadPath}},
    {NtStatus::ObjectPathSyntaxBad, {kErrClassDos, kErrBadPath}},
    {NtStatus::NotADirectory, {kErrClassDos, kErrBadPath}},
    {NtStatus::PathNotCovered, {kErrClassDos, kErrBadPath}},
    {NtStatus::TooManyOpenedFiles, {kErrClassDos, kErrNoFids}},
    {NtStatus::AccessDenied, {kErrClassDos, kErrNoAccess}},
    {NtStatus::DeletePending, {kErrClassDos, kErrNoAccess}},
    {NtStatus::FileIsADirectory, {kErrClassDos, kErrNoAccess}},
    {NtStatus::CannotDelete, {kErrClassDos, kErrNoAccess}},
    {NtStatus::LogonFailure, {kErrClassDos, kErrNoAccess}},
    {NtStatus::NoSuchUser, {kErrClassDos, kErrNoAccess}},
    {NtStatus::NoSuchGroup, {kErrClassDos, kErrNoAccess}},
    {NtStatus::AccountRestriction, {kErrClassDos, kErrNoAccess}},
    {NtStatus::BadImpersonationLevel, {kErrClassDos, kErrNoAccess}},
    {NtStatus::InvalidHandle, {kErrClassDos, kErrBadFid}},
    {NtStatus::FileClosed, {kErrClassDos, kErrBadFid}},
    {NtStatus::ObjectTypeMismatch, {kErrClassDos, kErrBadFid}},
    {NtStatus::NoMemory, {kErrClassDos, kErrNoMem}},
    {NtStatus::InsufficientResources, {kErrClassDos, kErrNoMem}},
    {NtStatus::DirectoryNotEmpty, {kErrClassDos, kErrRemCd}},
    {NtStatus::NoMoreFiles, {kErrClassDos, kErrNoFiles}},
    {NtStatus::InfoLengthMismatch, {kErrClassDos, kErrBadLength}},
    {NtStatus::SharingViolation, {kErrClassDos, kErrBadShare}},
    {NtStatus::FileLockConflict, {kErrClassDos, kErrLock}},
    {NtStatus::LockNotGranted, {kErrClassDos, kErrLock}},
    {NtStatus::EndOfFile, {kErrClassDos, kErrEof}},
    {NtStatus::NotSupported, {kErrClassDos, kErrUnsup}},
    // SMB2-only answers, mapped for completeness: no DFS, no common pre-auth hash.
    {NtStatus::FsDriverRequired, {kErrClassDos, kErrUnsup}},
    {NtStatus::SmbNoPreauthIntegrityHashOverlap, {kErrClassDos, kErrUnsup}},
    {NtStatus::NotAReparsePoint, {kErrClassDos, kErrNotAReparsePoint}},
    {NtStatus::ObjectNameCollision, {kErrClassDos, kErrFileExists}},
    {NtStatus::InvalidParameter, {kErrClassDos, kErrInvalidParam}},
    {NtStatus::BufferTooSmall, {kErrClassDos, kErrInsufficientBuffer}},
    {NtStatus::ObjectNameInvalid, {kErrClassDos, kErrInvalidName}},
    {NtStatus::RangeNotLocked, {kErrClassDos, kErrNotLocked}},
    {NtStatus::SmbCancelViolation, {kErrClassDos, kErrCancelViolation}},
    {NtStatus::SmbBadAccess, {kErrClassDos, kErrBadAccess}},
    {NtStatus::SmbNoAtomicLocks, {kErrClassDos, kErrNoAtomicLocks}},
    {NtStatus::InvalidLockRange, {kErrClassDos, kErrInvalidLockRange}},
    {NtStatus::NameTooLong, {kErrClassDos, kErrFilenameTooLong}},
    {NtStatus::InvalidLevel, {kErrClassDos, kErrUnknownLevel}},
    {NtStatus::InvalidInfoClass, {kErrClassDos, kErrBadPipe}},
    {NtStatus::BufferOverflow, {kErrClassDos, kErrMoreData}},
    // Named pipes (MS-ERREF 2.3 to the Win32 errors of 2.2).
    {NtStatus::PipeBroken, {kErrClassDos, kErrBrokenPipe}},
    {NtStatus::PipeBusy, {kErrClassDos, kErrPipeBusy}},
    {NtStatus::PipeNotAvailable, {kErrClassDos, kErrPipeBusy}},
    {NtStatus::PipeEmpty, {kErrClassDos, kErrNoData}},
    {NtStatus::PipeDisconnected, {kErrClassDos, kErrPipeNotConnected}},
    {NtStatus::MoreProcessingRequired, {kErrClassDos, kErrMoreData}},
    {NtStatus::EasNotSupported, {kErrClassDos, kErrEasNotSupported}},
    // Extended attributes, as Windows maps them to Win32 errors.
    {NtStatus::InvalidEaName, {kErrClassDos, kErrInvalidEaName}},
    {NtStatus::EaListInconsistent, {kErrClassDos, kErrEaListInconsistent}},
    {NtStatus::EaTooLarge, {kErrClassDos, kErrEaListInconsistent}},
    {NtStatus::NoMoreEas, {kErrClassDos, kErrNoMoreItems}},
    {NtStatus::NoEasOnFile, {kErrClassDos, kErrFileCorrupt}},
    {NtStatus::NonexistentEaEntry, {kErrClassDos, kErrFileCorrupt}},
    {NtStatus::Cancelled, {kErrClassDos, kErrOperationAborted}},
    {NtStatus::NotifyEnumDir, {kErrClassDos, kErrNotifyEnumDir}},
    // A notify ended by closing its handle: the client lists the directory again if it cares.
    {NtStatus::NotifyCleanup, {kErrClassDos, kErrNotifyEnumDir}},
    {NtStatus::InvalidSmb, {kErrClassSrv, kErrError}},
    {NtStatus::WrongPassword, {kErrClassSrv, kErrBadPw}},
    {NtStatus::SmbBadTid, {kErrClassSrv, kErrInvTid}},
    {NtStatus::NetworkNameDeleted, {kErrClassSrv, kErrInvTid}},
    {NtStatus::BadNetworkName, {kErrClassSrv, kErrInvNetName}},
    {NtStatus::BadNetworkPath, {kErrClassSrv, kErrInvNetName}},
    {NtStatus::BadDeviceType, {kErrClassSrv, kErrInvDevice}},
    {NtStatus::SmbBadCommand, {kErrClassSrv, kErrBadCmd}},
    {NtStatus::IoTimeout, {kErrClassSrv, kErrTimeout}},
    {NtStatus::RequestNotAccepted, {kErrClassSrv, kErrNoResource}},
    {NtStatus::SmbBadUid, {kErrClassSrv, kErrBadUid}},
    {NtStatus::UserSessionDeleted, {kErrClassSrv, kErrBadUid}},
    {NtStatus::NetworkSessionExpired, {kErrClassSrv, kErrBadUid}},
    {NtStatus::AccountDisabled, {kErrClassSrv, kErrAccountExpired}},
    {NtStatus::MediaWriteProtected, {kErrClassHrd, kErrNoWrite}},
    {NtStatus::DiskFull, {kErrClassHrd, kErrDiskFull}},
    {NtStatus::Unsuccessful, {kErrClassHrd, kErrGeneral}},
    {NtStatus::IoDeviceError, {kErrClassHrd, kErrGeneral}},
    {NtStatus::InternalError, {kErrClassHrd, kErrGeneral}},
};

constexpr DosError kGeneralError{kErrClassHrd, kErrGeneral};

// A value shaped like a packed DOS error: no severity bits, a zero reserved byte, a known class.
bool is_dos_form(uint32_t v) {
  uint8_t cls = v & 0xFF;
  bool known_class = cls == kErrClassDos || cls == kErrClassSrv || cls == kErrClassHrd ||
                     cls == kErrClassCmd;
  return (v >> 30) == 0 && ((v >> 8) & 0xFF) == 0 && known_class;
}

}  // namespace

DosError dos_error_from_status(NtStatus status) {
  for (const auto& m : kMappings)
    if (m.status == status) return m.error;
  uint32_t v = to_u32(status);
  if (is_dos_form(v)) return unpack_dos_error(v);
  if ((v >> 30) == 0) return {};  // success-class (STATUS_SUCCESS, STATUS_PENDING, ...)
  return kGeneralError;
}

NtStatus status_from_dos_error(DosError error) {
  if (error.error_class == kErrClassSuccess) return NtStatus::Success;
  for (const auto& m : kMappings)
    if (m.error == error) return m.status;
  return static_cast<NtStatus>(pack_dos_error(error));
}

bool is_dos_only(NtStatus status) {
  uint32_t v = to_u32(status);
  return is_dos_form(v) && (v >> 16) != 0;
}

NtStatus reply_status_field(NtStatus status, uint16_t request_flags2) {
  if ((request_flags2 & kFlags2NtStatus) && !is_dos_only(status)) return status;
  return static_cast<NtStatus>(pack_dos_error(dos_error_from_status(status)));
}

NtStatus status_of_reply(const Header& reply) {
  if (reply.flags2 & kFlags2NtStatus) return reply.status;
  return status_from_dos_error(unpack_dos_error(to_u32(reply.status)));
}

}  // namespace smbkit::smb1
