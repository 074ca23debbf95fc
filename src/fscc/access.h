// Access masks, share access, create dispositions and options: the Windows NtCreateFile
// vocabulary that SMB_COM_NT_CREATE_ANDX (MS-CIFS 2.2.4.64.1) and SMB2 CREATE (MS-SMB2 2.2.13)
// share: one definition for both dialects (and the server core's access checks). The file attributes
// (MS-FSCC 2.6) come with it from fscc/file_info.h.
#pragma once

#include <cstdint>

#include "fscc/file_info.h"

namespace smbkit {

// MS-DTYP 2.4.3 ACCESS_MASK, with the file and directory specific rights of MS-SMB2 2.2.13.1.1
// (the same bits as MS-CIFS 2.2.4.64.1 DesiredAccess).
enum AccessMask : uint32_t {
  kFileReadData = 0x00000001,
  kFileListDirectory = 0x00000001,
  kFileWriteData = 0x00000002,
  kFileAddFile = 0x00000002,
  kFileAppendData = 0x00000004,
  kFileAddSubdirectory = 0x00000004,
  kFileReadEa = 0x00000008,
  kFileWriteEa = 0x00000010,
  kFileExecute = 0x00000020,
  kFileTraverse = 0x00000020,
  kFileDeleteChild = 0x00000040,
  kFileReadAttributes = 0x00000080,
  kFileWriteAttributes = 0x00000100,
  kDelete = 0x00010000,
  kReadControl = 0x00020000,
  kWriteDac = 0x00040000,
  kWriteOwner = 0x00080000,
  kSynchronize = 0x00100000,
  kAccessSystemSecurity = 0x01000000,
  kMaximumAllowed = 0x02000000,
  kGenericAll = 0x10000000,
  kGenericExecute = 0x20000000,
  kGenericWrite = 0x40000000,
  kGenericRead = 0x80000000,
};

// MS-CIFS 2.2.4.64.1 ShareAccess / MS-SMB2 2.2.13 ShareAccess.
enum ShareAccess : uint32_t {
  kFileShareNone = 0x00000000,
  kFileShareRead = 0x00000001,
  kFileShareWrite = 0x00000002,
  kFileShareDelete = 0x00000004,
};

// MS-CIFS 2.2.4.64.1 CreateDisposition / MS-SMB2 2.2.13 CreateDisposition.
enum CreateDisposition : uint32_t {
  kFileSupersede = 0x00000000,
  kFileOpen = 0x00000001,
  kFileCreate = 0x00000002,
  kFileOpenIf = 0x00000003,
  kFileOverwrite = 0x00000004,
  kFileOverwriteIf = 0x00000005,
};

// MS-CIFS 2.2.4.64.2 CreateDisposition of the response (the action taken) / MS-SMB2 2.2.14
// CreateAction.
enum CreateAction : uint32_t {
  kFileSuperseded = 0x00000000,
  kFileOpened = 0x00000001,
  kFileCreated = 0x00000002,
  kFileOverwritten = 0x00000003,
};

// MS-CIFS 2.2.4.64.1 CreateOptions / MS-SMB2 2.2.13 CreateOptions.
enum CreateOptions : uint32_t {
  kFileDirectoryFile = 0x00000001,
  kFileWriteThrough = 0x00000002,
  kFileSequentialOnly = 0x00000004,
  kFileNoIntermediateBuffering = 0x00000008,
  kFileSynchronousIoAlert = 0x00000010,
  kFileSynchronousIoNonalert = 0x00000020,
  kFileNonDirectoryFile = 0x00000040,
  kFileCreateTreeConnection = 0x00000080,
  kFileCompleteIfOplocked = 0x00000100,
  kFileNoEaKnowledge = 0x00000200,
  kFileOpenForRecovery = 0x00000400,
  kFileRandomAccess = 0x00000800,
  kFileDeleteOnClose = 0x00001000,
  kFileOpenByFileId = 0x00002000,
  kFileOpenForBackupIntent = 0x00004000,
  kFileNoCompression = 0x00008000,
  kFileReserveOpfilter = 0x00100000,
  kFileOpenReparsePoint = 0x00200000,
  kFileOpenNoRecall = 0x00400000,
  kFileOpenForFreeSpaceQuery = 0x00800000,
};

// MS-CIFS 2.2.4.64.1 ImpersonationLevel / MS-SMB2 2.2.13 ImpersonationLevel.
enum ImpersonationLevel : uint32_t {
  kSecurityAnonymous = 0,
  kSecurityIdentification = 1,
  kSecurityImpersonation = 2,
  kSecurityDelegation = 3,
};

}  // namespace smbkit
