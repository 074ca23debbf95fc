// A whole SMB1 connection after a real logon (done here with the client codecs and NTLMv2, UID
// 1), so the tree, open, read, TRANSACTION2 and close handlers are in reach: the input is a
// sequence of messages (2-byte length prefix each) sent after the logon.
#include "fuzz_support.h"
#include "server_harness.h"

using namespace smbkit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto& fixture = fuzz::ServerFixture::get();
  {
    server::Smb1Processor processor(fixture.shared());
    fuzz::log_on(processor);
    fuzz::run_messages(processor, Bytes(data, size));
  }
  fixture.restore_share();
  return 0;
}
