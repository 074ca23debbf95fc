// A whole SMB1 connection from its first message, as a stranger sees the server: the input is a
// sequence of messages (2-byte length prefix each) sent to a fresh Smb1Processor.
#include "fuzz_support.h"
#include "server_harness.h"

using namespace smbkit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto& fixture = fuzz::ServerFixture::get();
  {
    server::Smb1Processor processor(fixture.shared());
    fuzz::run_messages(processor, Bytes(data, size));
  }
  fixture.restore_share();
  return 0;
}
