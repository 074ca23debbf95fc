// A whole SMB2 connection from its first message, as a stranger sees the server
// (Smb2Processor::handle): frames before NEGOTIATE, NEGOTIATE itself with its contexts, and
// SESSION_SETUP exchanges that never complete a logon. Input: one selector byte, then frames,
// each prefixed with a 2-byte little-endian length (a frame may be a compound of several SMB2
// messages). Selector bit 0: the harness sets each message's MessageId (and trims its
// CreditCharge) to fit the credit window, and gives a CANCEL the previous request's; bits 1-2:
// what comes first: 0 nothing, 1 an SMB1 NEGOTIATE answered with 2.0.2, 2 one answered with the
// 0x02FF wildcard (the client negotiates again), 3 a 3.1.1 NEGOTIATE with contexts. Every reply is
// checked (server_smb2_harness.h); at the end nothing outside the share may have changed.
#include "fuzz_support.h"
#include "server_smb2_harness.h"

using namespace smbkit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto& fixture = fuzz::Smb2Fixture::get();
  fuzz::Selected in = fuzz::select(data, size);
  {
    fuzz::Smb2Client client(fixture.shared());
    switch ((in.selector >> 1) & 3) {
      case 1: client.smb1_upgrade(false); break;
      case 2: client.smb1_upgrade(true); break;
      case 3: client.negotiate(fuzz::Smb2Dialect::V311); break;
      default: break;
    }
    client.run_frames(in.rest, in.selector & 1);
    client.disconnect();
  }
  fixture.check_outside();
  fixture.restore_share();
  return 0;
}
