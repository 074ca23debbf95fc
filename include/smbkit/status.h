// NTSTATUS values (MS-ERREF 2.3) that smbkit produces or understands, named from one table.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace smbkit {

// X-macro table: name, value. The only place a status value is written down.
#define SMBKIT_NT_STATUS_TABLE(X)                          \
  X(Success, 0x00000000)                                   \
  X(Pending, 0x00000103)                                   \
  X(NotifyCleanup, 0x0000010B)                             \
  X(NotifyEnumDir, 0x0000010C)                             \
  X(BufferOverflow, 0x80000005)                            \
  X(NoMoreFiles, 0x80000006)                               \
  X(NoMoreEas, 0x80000012)                                 \
  X(InvalidEaName, 0x80000013)                             \
  X(EaListInconsistent, 0x80000014)                        \
  X(StoppedOnSymlink, 0x8000002D)                          \
  X(Unsuccessful, 0xC0000001)                              \
  X(NotImplemented, 0xC0000002)                            \
  X(InvalidInfoClass, 0xC0000003)                          \
  X(InfoLengthMismatch, 0xC0000004)                        \
  X(InvalidHandle, 0xC0000008)                             \
  X(InvalidParameter, 0xC000000D)                          \
  X(NoSuchFile, 0xC000000F)                                \
  X(InvalidDeviceRequest, 0xC0000010)                      \
  X(EndOfFile, 0xC0000011)                                 \
  X(MoreProcessingRequired, 0xC0000016)                    \
  X(NoMemory, 0xC0000017)                                  \
  X(AccessDenied, 0xC0000022)                              \
  X(BufferTooSmall, 0xC0000023)                            \
  X(ObjectTypeMismatch, 0xC0000024)                        \
  X(ObjectNameInvalid, 0xC0000033)                         \
  X(ObjectNameNotFound, 0xC0000034)                        \
  X(ObjectNameCollision, 0xC0000035)                       \
  X(ObjectPathInvalid, 0xC0000039)                         \
  X(ObjectPathNotFound, 0xC000003A)                        \
  X(ObjectPathSyntaxBad, 0xC000003B)                       \
  X(SharingViolation, 0xC0000043)                          \
  X(EasNotSupported, 0xC000004F)                           \
  X(EaTooLarge, 0xC0000050)                                \
  X(NonexistentEaEntry, 0xC0000051)                        \
  X(NoEasOnFile, 0xC0000052)                               \
  X(FileLockConflict, 0xC0000054)                          \
  X(LockNotGranted, 0xC0000055)                            \
  X(DeletePending, 0xC0000056)                             \
  X(NoSuchUser, 0xC0000064)                                \
  X(NoSuchGroup, 0xC0000066)                               \
  X(WrongPassword, 0xC000006A)                             \
  X(LogonFailure, 0xC000006D)                              \
  X(AccountRestriction, 0xC000006E)                        \
  X(AccountDisabled, 0xC0000072)                           \
  X(RangeNotLocked, 0xC000007E)                            \
  X(DiskFull, 0xC000007F)                                  \
  X(InsufficientResources, 0xC000009A)                     \
  X(MediaWriteProtected, 0xC00000A2)                       \
  X(BadImpersonationLevel, 0xC00000A5)                     \
  X(PipeNotAvailable, 0xC00000AC)                          \
  X(PipeBusy, 0xC00000AE)                                  \
  X(PipeDisconnected, 0xC00000B0)                          \
  X(IoTimeout, 0xC00000B5)                                 \
  X(FileIsADirectory, 0xC00000BA)                          \
  X(NotSupported, 0xC00000BB)                              \
  X(BadNetworkPath, 0xC00000BE)                            \
  X(InvalidNetworkResponse, 0xC00000C3)                    \
  X(NetworkNameDeleted, 0xC00000C9)                        \
  X(BadDeviceType, 0xC00000CB)                             \
  X(BadNetworkName, 0xC00000CC)                            \
  X(RequestNotAccepted, 0xC00000D0)                        \
  X(PipeEmpty, 0xC00000D9)                                 \
  X(InternalError, 0xC00000E5)                             \
  X(DirectoryNotEmpty, 0xC0000101)                         \
  X(NotADirectory, 0xC0000103)                             \
  X(NameTooLong, 0xC0000106)                               \
  X(TooManyOpenedFiles, 0xC000011F)                        \
  X(Cancelled, 0xC0000120)                                 \
  X(CannotDelete, 0xC0000121)                              \
  X(FileClosed, 0xC0000128)                                \
  X(InvalidLevel, 0xC0000148)                              \
  X(PipeBroken, 0xC000014B)                                \
  X(InvalidLockRange, 0xC00001A1)                          \
  X(InvalidDeviceState, 0xC0000184)                        \
  X(FsDriverRequired, 0xC000019C)                          \
  X(IoDeviceError, 0xC0000185)                             \
  X(ConnectionDisconnected, 0xC000020C)                    \
  X(ConnectionReset, 0xC000020D)                           \
  X(ConnectionRefused, 0xC0000236)                         \
  X(NetworkUnreachable, 0xC000023C)                        \
  X(HostUnreachable, 0xC000023D)                           \
  X(UserSessionDeleted, 0xC0000203)                        \
  X(PathNotCovered, 0xC0000257)                            \
  X(NetworkSessionExpired, 0xC000035C)                     \
  X(NotAReparsePoint, 0xC0000275)                          \
  X(SmbNoPreauthIntegrityHashOverlap, 0xC05D0000)          \
  /* SMB1 errors carried as NTSTATUS (MS-CIFS 2.2.2.4): server class, and DOS-class ones */ \
  /* with no NTSTATUS of their own (smb1/dos_error.h is_dos_only). */ \
  X(SmbBadTid, 0x00050002)                                 \
  X(SmbBadFid, 0x00060001)                                 \
  X(SmbBadCommand, 0x00160002)                             \
  X(SmbCancelViolation, 0x00AD0001)                        \
  X(SmbNoAtomicLocks, 0x00AE0001)                          \
  X(SmbBadAccess, 0x000C0001)                              \
  X(SmbBadUid, 0x005B0002)                                 \
  X(InvalidSmb, 0x00010002)

enum class NtStatus : uint32_t {
#define SMBKIT_STATUS_ENUM(name, value) name = value,
  SMBKIT_NT_STATUS_TABLE(SMBKIT_STATUS_ENUM)
#undef SMBKIT_STATUS_ENUM
};

// "STATUS_LOGON_FAILURE"-style name, or "0xC0001234" for a value outside the table.
std::string status_name(NtStatus status);

inline bool is_error(NtStatus s) { return (static_cast<uint32_t>(s) >> 30) == 3; }
inline uint32_t to_u32(NtStatus s) { return static_cast<uint32_t>(s); }

template <class T>
using Result = tl::expected<T, NtStatus>;

inline tl::unexpected<NtStatus> fail(NtStatus s) { return tl::unexpected<NtStatus>(s); }

// Maps an errno value from the OS to the status Windows would return; the one place this is done.
NtStatus status_from_errno(int err);

}  // namespace smbkit
