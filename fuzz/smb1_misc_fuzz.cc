// The small SMB1 codecs: LOGOFF_ANDX (MS-CIFS 2.2.4.54), ECHO (2.2.4.39), CLOSE (2.2.4.5),
// FIND_CLOSE2 (2.2.4.48), LOCKING_ANDX (2.2.4.32), the core searches SEARCH / FIND /
// FIND_UNIQUE / FIND_CLOSE (2.2.4.58 - 2.2.4.61), the core file commands (OPEN, CREATE,
// CREATE_NEW, CREATE_TEMPORARY, PROCESS_EXIT, READ, WRITE, WRITE_AND_CLOSE, LOCK/UNLOCK_BYTE_RANGE,
// SET/QUERY_INFORMATION2), and the DOS error mapping (2.2.2.4) of a header's Status field.
#include "fuzz_support.h"
#include "smb1/close.h"
#include "smb1/core_lock.h"
#include "smb1/core_open.h"
#include "smb1/core_read_write.h"
#include "smb1/dos_error.h"
#include "smb1/echo.h"
#include "smb1/information2.h"
#include "smb1/locking.h"
#include "smb1/logoff.h"
#include "smb1/search.h"
#include "smb1/trans2_find.h"

using namespace smbkit;

namespace {

// The header's Status, read both ways; a DOS error the server would send must map to a status
// that maps back to the same DOS error, or a client and server would disagree on it.
void dos_error(const smb1::Header& h, const smb1::Block&) {
  NtStatus status = h.status;
  smb1::DosError e = smb1::dos_error_from_status(status);
  FUZZ_CHECK(smb1::unpack_dos_error(smb1::pack_dos_error(e)) == e);
  FUZZ_CHECK(smb1::dos_error_from_status(smb1::status_from_dos_error(e)) == e);
  NtStatus field = smb1::reply_status_field(status, h.flags2);
  if (h.flags2 & smb1::kFlags2NtStatus) FUZZ_CHECK(field == status);
  smb1::Header reply = h;
  reply.status = field;
  (void)smb1::status_of_reply(reply);
  (void)smb1::status_from_dos_error(smb1::unpack_dos_error(static_cast<uint32_t>(status)));
}

using smb1::Command;

constexpr fuzz::BlockCheck kChecks[] = {
    fuzz::roundtrip_block<smb1::LogoffRequest, Command::LogoffAndX>,
    fuzz::roundtrip_block<smb1::LogoffResponse, Command::LogoffAndX>,
    fuzz::roundtrip_block<smb1::EchoRequest, Command::Echo>,
    fuzz::roundtrip_block<smb1::EchoResponse, Command::Echo>,
    fuzz::roundtrip_block<smb1::CloseRequest, Command::Close>,
    fuzz::roundtrip_block<smb1::CloseResponse, Command::Close>,
    fuzz::roundtrip_block<smb1::FindClose2Request, Command::FindClose2>,
    fuzz::roundtrip_block<smb1::FindClose2Response, Command::FindClose2>,
    dos_error,
    fuzz::roundtrip_block<smb1::LockingAndXRequest, Command::LockingAndX>,
    fuzz::roundtrip_block<smb1::LockingAndXResponse, Command::LockingAndX>,
    fuzz::roundtrip_block<smb1::SearchRequest, Command::Search>,
    fuzz::roundtrip_block<smb1::SearchResponse, Command::Search>,
    fuzz::roundtrip_block<smb1::CoreOpenRequest, Command::Open>,
    fuzz::roundtrip_block<smb1::CoreOpenResponse, Command::Open>,
    fuzz::roundtrip_block<smb1::CoreCreateRequest, Command::Create>,
    fuzz::roundtrip_block<smb1::CoreCreateResponse, Command::CreateNew>,
    fuzz::roundtrip_block<smb1::CreateTemporaryRequest, Command::CreateTemporary>,
    fuzz::roundtrip_block<smb1::CreateTemporaryResponse, Command::CreateTemporary>,
    fuzz::roundtrip_block<smb1::ProcessExitRequest, Command::ProcessExit>,
    fuzz::roundtrip_block<smb1::CoreReadRequest, Command::Read>,
    fuzz::roundtrip_block<smb1::CoreReadResponse, Command::Read>,
    fuzz::roundtrip_block<smb1::CoreWriteRequest, Command::Write>,
    fuzz::roundtrip_block<smb1::CoreWriteResponse, Command::Write>,
    fuzz::roundtrip_block<smb1::WriteAndCloseRequest, Command::WriteAndClose>,
    fuzz::roundtrip_block<smb1::ByteRangeLockRequest, Command::LockByteRange>,
    fuzz::roundtrip_block<smb1::SetInformation2Request, Command::SetInformation2>,
    fuzz::roundtrip_block<smb1::QueryInformation2Request, Command::QueryInformation2>,
    fuzz::roundtrip_block<smb1::QueryInformation2Response, Command::QueryInformation2>,
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::run_block_checks(data, size, kChecks);
  return 0;
}
