// SMB_COM_SESSION_SETUP_ANDX codecs: the NT LM 0.12 forms (MS-CIFS 2.2.4.53) and the
// extended-security forms (MS-SMB 2.2.4.6).
#include "fuzz_support.h"
#include "smb1/session_setup.h"

using namespace smbkit;

namespace {

constexpr fuzz::BlockCheck kChecks[] = {
    fuzz::roundtrip_block<smb1::SessionSetupRequest, smb1::Command::SessionSetupAndX>,
    fuzz::roundtrip_block<smb1::SessionSetupResponse, smb1::Command::SessionSetupAndX>,
    fuzz::roundtrip_block<smb1::SessionSetupExtRequest, smb1::Command::SessionSetupAndX>,
    fuzz::roundtrip_block<smb1::SessionSetupExtResponse, smb1::Command::SessionSetupAndX>,
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::run_block_checks(data, size, kChecks);
  return 0;
}
