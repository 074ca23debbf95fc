// SMB_COM_OPEN_ANDX (MS-CIFS 2.2.4.41, MS-SMB 2.2.4.1) and SMB_COM_NT_CREATE_ANDX (MS-CIFS
// 2.2.4.64, MS-SMB 2.2.4.9) codecs.
#include "fuzz_support.h"
#include "smb1/nt_create.h"
#include "smb1/open.h"

using namespace smbkit;

namespace {

constexpr fuzz::BlockCheck kChecks[] = {
    fuzz::roundtrip_block<smb1::OpenAndXRequest, smb1::Command::OpenAndX>,
    fuzz::roundtrip_block<smb1::OpenAndXResponse, smb1::Command::OpenAndX>,
    fuzz::roundtrip_block<smb1::NtCreateAndXRequest, smb1::Command::NtCreateAndX>,
    fuzz::roundtrip_block<smb1::NtCreateAndXResponse, smb1::Command::NtCreateAndX>,
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::run_block_checks(data, size, kChecks);
  return 0;
}
