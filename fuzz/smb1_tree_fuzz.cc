// SMB_COM_TREE_CONNECT_ANDX (MS-CIFS 2.2.4.55, MS-SMB 2.2.4.7) and SMB_COM_TREE_DISCONNECT
// (MS-CIFS 2.2.4.51) codecs.
#include "fuzz_support.h"
#include "smb1/tree.h"

using namespace smbkit;

namespace {

constexpr fuzz::BlockCheck kChecks[] = {
    fuzz::roundtrip_block<smb1::TreeConnectRequest, smb1::Command::TreeConnectAndX>,
    fuzz::roundtrip_block<smb1::TreeConnectResponse, smb1::Command::TreeConnectAndX>,
    fuzz::roundtrip_block<smb1::TreeDisconnectRequest, smb1::Command::TreeDisconnect>,
    fuzz::roundtrip_block<smb1::TreeDisconnectResponse, smb1::Command::TreeDisconnect>,
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::run_block_checks(data, size, kChecks);
  return 0;
}
