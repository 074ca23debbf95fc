// A whole SMB2 connection after a real logon (NTLMv2 through SPNEGO, made here with the client
// codecs; session 1) and TREE_CONNECT to share "data", so every file handler is in reach, alone
// and in compounds (related and unrelated). Input: one selector byte, then frames, each prefixed
// with a 2-byte little-endian length (a frame may be a compound of several SMB2 messages).
// Selector:
//   bits 0-1  dialect: 0 3.1.1 (with contexts: AES-GMAC signing), 1 2.1, 2 3.0.2, 3 2.0.2
//   bit 2     open hello.txt first (read/write/delete, batch oplock asked): FileId {1, 1}
//   bit 3     open directory sub first: FileId {2, 2} after hello.txt, else {1, 1}
//   bit 4     send MessageIds and CreditCharges raw (else the harness fits them to the credit
//             window, and gives a CANCEL the previous request's MessageId)
//   bit 5     sign the requests of session 1 (and related ones) with the session's key
//   bit 6     the client requires signing (SESSION_SETUP SecurityMode): the server then signs
//             everything and refuses unsigned requests; the harness signs
//   bit 7     connect IPC$ first (tree 1; "data" is then tree 2, else tree 1)
// MessageIds after the setup: NEGOTIATE 0, SESSION_SETUP 1 and 2, TREE_CONNECT 3 (and 4), then
// one per CREATE. Every reply is checked (server_smb2_harness.h); at the end nothing outside the
// share may have changed.
#include "fuzz_support.h"
#include "server_smb2_harness.h"

using namespace smbkit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto& fixture = fuzz::Smb2Fixture::get();
  fuzz::Selected in = fuzz::select(data, size);
  uint8_t s = in.selector;
  {
    fuzz::Smb2Client client(fixture.shared());
    client.negotiate(static_cast<fuzz::Smb2Dialect>(s & 3));
    client.log_on(/*require_signing=*/s & 0x40, /*sign=*/s & 0x20);
    if (s & 0x80) client.tree_connect("IPC$");
    client.tree_connect("data");
    if (s & 0x04) client.create("hello.txt", /*directory=*/false);
    if (s & 0x08) client.create("sub", /*directory=*/true);
    client.run_frames(in.rest, /*fix_ids=*/!(s & 0x10));
    client.disconnect();
  }
  fixture.check_outside();
  fixture.restore_share();
  return 0;
}
