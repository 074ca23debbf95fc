#include "smb1/dos_error.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace smbkit::smb1 {
namespace {

// Pairs from MS-CIFS 2.2.2.4 and the command error tables of MS-CIFS 2.2.4.
TEST(DosError, SpecPairs) {
  struct Case {
    NtStatus status;
    DosError error;
  };
  const Case cases[] = {
      {NtStatus::SmbBadUid, {kErrClassSrv, kErrBadUid}},
      {NtStatus::SmbBadTid, {kErrClassSrv, kErrInvTid}},
      {NtStatus::InvalidSmb, {kErrClassSrv, kErrError}},
      {NtStatus::SmbBadFid, {kErrClassDos, kErrBadFid}},
      {NtStatus::SmbBadCommand, {kErrClassSrv, kErrBadCmd}},
      {NtStatus::BadNetworkName, {kErrClassSrv, kErrInvNetName}},
      {NtStatus::BadDeviceType, {kErrClassSrv, kErrInvDevice}},
      {NtStatus::InvalidLevel, {kErrClassDos, kErrUnknownLevel}},
      {NtStatus::AccessDenied, {kErrClassDos, kErrNoAccess}},
      {NtStatus::LogonFailure, {kErrClassDos, kErrNoAccess}},
      {NtStatus::InvalidHandle, {kErrClassDos, kErrBadFid}},
      {NtStatus::NoSuchFile, {kErrClassDos, kErrBadFile}},
      {NtStatus::ObjectNameNotFound, {kErrClassDos, kErrBadFile}},
      {NtStatus::ObjectPathNotFound, {kErrClassDos, kErrBadPath}},
      {NtStatus::ObjectPathSyntaxBad, {kErrClassDos, kErrBadPath}},
      {NtStatus::SharingViolation, {kErrClassDos, kErrBadShare}},
      {NtStatus::FileLockConflict, {kErrClassDos, kErrLock}},
      {NtStatus::ObjectNameCollision, {kErrClassDos, kErrFileExists}},
      {NtStatus::NoMoreFiles, {kErrClassDos, kErrNoFiles}},
      {NtStatus::BufferOverflow, {kErrClassDos, kErrMoreData}},
      {NtStatus::MoreProcessingRequired, {kErrClassDos, kErrMoreData}},
      {NtStatus::NotifyEnumDir, {kErrClassDos, kErrNotifyEnumDir}},
      {NtStatus::EndOfFile, {kErrClassDos, kErrEof}},
      {NtStatus::NotSupported, {kErrClassDos, kErrUnsup}},
      {NtStatus::InvalidParameter, {kErrClassDos, kErrInvalidParam}},
      {NtStatus::RangeNotLocked, {kErrClassDos, kErrNotLocked}},
      {NtStatus::DiskFull, {kErrClassHrd, kErrDiskFull}},
      {NtStatus::MediaWriteProtected, {kErrClassHrd, kErrNoWrite}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(dos_error_from_status(c.status), c.error) << status_name(c.status);
  }
}

TEST(DosError, PackingPutsTheClassInTheLowByteAndTheCodeInTheHighWord) {
  EXPECT_EQ(pack_dos_error({kErrClassSrv, kErrBadUid}), 0x005B0002u);
  EXPECT_EQ(pack_dos_error({kErrClassDos, kErrFileExists}), 0x00500001u);
  EXPECT_EQ(unpack_dos_error(0x00270003), (DosError{kErrClassHrd, kErrDiskFull}));
  // STATUS_SMB_BAD_UID is itself the packed ERRSRV/ERRbaduid.
  EXPECT_EQ(pack_dos_error(dos_error_from_status(NtStatus::SmbBadUid)),
            to_u32(NtStatus::SmbBadUid));
}

TEST(DosError, SuccessClassStatusesMapToSuccess) {
  EXPECT_EQ(dos_error_from_status(NtStatus::Success), DosError{});
  EXPECT_EQ(dos_error_from_status(NtStatus::Pending), DosError{});
  EXPECT_EQ(status_from_dos_error({}), NtStatus::Success);
}

#define SMBKIT_STATUS_VALUE(name, value) NtStatus::name,
const std::vector<NtStatus> kAllStatuses = {SMBKIT_NT_STATUS_TABLE(SMBKIT_STATUS_VALUE)};
#undef SMBKIT_STATUS_VALUE

TEST(DosError, EveryServerStatusHasASpecificDosError) {
  // Only statuses a server never sends (or that mean an internal failure) fall to ERRgeneral.
  const std::set<NtStatus> general = {
      NtStatus::Unsuccessful,           NtStatus::IoDeviceError,
      NtStatus::InternalError,          NtStatus::InvalidDeviceState,
      NtStatus::StoppedOnSymlink,       NtStatus::InvalidNetworkResponse,
      NtStatus::ConnectionDisconnected, NtStatus::ConnectionReset,
      NtStatus::ConnectionRefused,      NtStatus::NetworkUnreachable,
      NtStatus::HostUnreachable,
  };
  for (NtStatus s : kAllStatuses) {
    DosError e = dos_error_from_status(s);
    if (e == DosError{}) {  // only the success-class statuses
      EXPECT_TRUE(s == NtStatus::Success || s == NtStatus::Pending) << status_name(s);
      continue;
    }
    bool is_general = e == DosError{kErrClassHrd, kErrGeneral};
    EXPECT_EQ(is_general, general.count(s) == 1) << status_name(s);
  }
}

TEST(DosError, ReverseMappingIsConsistent) {
  for (NtStatus s : kAllStatuses) {
    DosError e = dos_error_from_status(s);
    EXPECT_EQ(dos_error_from_status(status_from_dos_error(e)), e) << status_name(s);
  }
  EXPECT_EQ(status_from_dos_error({kErrClassDos, kErrBadFile}), NtStatus::ObjectNameNotFound);
  EXPECT_EQ(status_from_dos_error({kErrClassDos, kErrNoAccess}), NtStatus::AccessDenied);
  EXPECT_EQ(status_from_dos_error({kErrClassSrv, kErrBadUid}), NtStatus::SmbBadUid);
  // A pair outside the table comes back in DOS form (STATUS_OS2_INVALID_ACCESS here).
  EXPECT_EQ(to_u32(status_from_dos_error({kErrClassDos, kErrBadAccess})), 0x000C0001u);
}

TEST(DosError, StatusesInDosFormAreSentInDosForm) {
  // Their zero severity would read as success in NT form (smbtorture base.vuid).
  for (NtStatus s : {NtStatus::SmbBadUid, NtStatus::SmbBadTid, NtStatus::SmbBadCommand,
                     NtStatus::SmbBadAccess, NtStatus::SmbCancelViolation,
                     NtStatus::SmbNoAtomicLocks, NtStatus::InvalidSmb}) {
    EXPECT_TRUE(is_dos_only(s)) << status_name(s);
    EXPECT_EQ(reply_status_field(s, kFlags2NtStatus), s);  // the packed pair is the value
  }
  for (NtStatus s : {NtStatus::Success, NtStatus::Pending, NtStatus::AccessDenied,
                     NtStatus::NotifyEnumDir, NtStatus::BufferOverflow})
    EXPECT_FALSE(is_dos_only(s)) << status_name(s);
  EXPECT_EQ(dos_error_from_status(NtStatus::SmbBadAccess), (DosError{kErrClassDos, kErrBadAccess}));
}

TEST(DosError, HeaderStatusFollowsTheClientsFlags2) {
  EXPECT_EQ(reply_status_field(NtStatus::AccessDenied, kFlags2NtStatus), NtStatus::AccessDenied);
  EXPECT_EQ(to_u32(reply_status_field(NtStatus::AccessDenied, kFlags2Unicode)), 0x00050001u);
  EXPECT_EQ(reply_status_field(NtStatus::Success, 0), NtStatus::Success);

  Header reply;
  reply.flags2 = kFlags2NtStatus;
  reply.status = NtStatus::SharingViolation;
  EXPECT_EQ(status_of_reply(reply), NtStatus::SharingViolation);
  reply.flags2 = 0;
  reply.status = static_cast<NtStatus>(0x00200001);  // ERRDOS/ERRbadshare
  EXPECT_EQ(status_of_reply(reply), NtStatus::SharingViolation);
  reply.status = NtStatus::Success;
  EXPECT_EQ(status_of_reply(reply), NtStatus::Success);
}

}  // namespace
}  // namespace smbkit::smb1
