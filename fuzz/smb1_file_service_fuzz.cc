// The SMB1 file-service codecs that take a whole block: CREATE_DIRECTORY, DELETE_DIRECTORY,
// CHECK_DIRECTORY, DELETE, RENAME, NT_RENAME (MS-CIFS 2.2.4.1-2.2.4.8, 2.2.4.17, 2.2.4.66),
// QUERY_INFORMATION / SET_INFORMATION / QUERY_INFORMATION_DISK (2.2.4.9, 2.2.4.10, 2.2.4.57),
// FLUSH (2.2.4.6), NT_TRANSACT (2.2.4.62), NT_CANCEL (2.2.4.65), and
// the empty success reply several of them share. (LOCKING_ANDX is in smb1_misc.)
//
// Input: a selector byte (which codec), then one SMB1 message.
#include "fuzz_support.h"
#include "smb1/empty_response.h"
#include "smb1/flush.h"
#include "smb1/namespace.h"
#include "smb1/nt_cancel.h"
#include "smb1/nt_transact.h"
#include "smb1/query_information.h"
#include "smb1/seek.h"

using namespace smbkit;

namespace {

using smb1::Command;

constexpr fuzz::BlockCheck kChecks[] = {
    fuzz::roundtrip_block<smb1::CreateDirectoryRequest, Command::CreateDirectory>,
    fuzz::roundtrip_block<smb1::DeleteDirectoryRequest, Command::DeleteDirectory>,
    fuzz::roundtrip_block<smb1::CheckDirectoryRequest, Command::CheckDirectory>,
    fuzz::roundtrip_block<smb1::DeleteRequest, Command::Delete>,
    fuzz::roundtrip_block<smb1::RenameRequest, Command::Rename>,
    fuzz::roundtrip_block<smb1::NtRenameRequest, Command::NtRename>,
    fuzz::roundtrip_block<smb1::QueryInformationRequest, Command::QueryInformation>,
    fuzz::roundtrip_block<smb1::QueryInformationResponse, Command::QueryInformation>,
    fuzz::roundtrip_block<smb1::SetInformationRequest, Command::SetInformation>,
    fuzz::roundtrip_block<smb1::QueryInformationDiskRequest, Command::QueryInformationDisk>,
    fuzz::roundtrip_block<smb1::QueryInformationDiskResponse, Command::QueryInformationDisk>,
    fuzz::roundtrip_block<smb1::FlushRequest, Command::Flush>,
    fuzz::roundtrip_block<smb1::NtTransactRequest, Command::NtTransact>,
    fuzz::roundtrip_block<smb1::NtTransactResponse, Command::NtTransact>,
    fuzz::roundtrip_block<smb1::NtCancelRequest, Command::NtCancel>,
    fuzz::roundtrip_block<smb1::SeekRequest, Command::Seek>,
    fuzz::roundtrip_block<smb1::SeekResponse, Command::Seek>,
    fuzz::roundtrip_block<smb1::EmptyResponse<Command::Delete>, Command::Delete>,
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::run_block_checks(data, size, kChecks);
  return 0;
}
