// A whole SMB 3.x connection whose every frame after the logon is encrypted (MS-SMB2 3.1.4.3):
// NEGOTIATE with a cipher, an NTLMv2 logon through SPNEGO, then TREE_CONNECT and the input's
// frames, each sealed in a TRANSFORM_HEADER under the session's client-to-server key. Every
// reply, late reply and oplock break must come encrypted and open under the server-to-client
// key, then pass the checks of the plaintext targets (server_smb2_harness.h). With tampering,
// the sealed frames are damaged (one bit flipped, or another session named) and the server
// must close the connection without answering.
// Input: one selector byte, [two tamper bytes when bit 5 is set], then frames, each prefixed with
// a 2-byte little-endian length (a frame may be a compound).
// Selector:
//   bit 0     dialect: 0 3.1.1, 1 3.0.2 (AES-128-CCM, announced by SMB2_GLOBAL_CAP_ENCRYPTION)
//   bits 1-2  the 3.1.1 cipher offered: 0 AES-128-GCM, 1 AES-128-CCM, 2 AES-256-GCM,
//             3 AES-256-CCM
//   bit 3     open hello.txt first (read/write/delete, batch oplock asked), encrypted
//   bit 4     open directory sub first: FileId {2, 2} after hello.txt, else {1, 1} (MessageIds
//             and CreditCharges are always fitted to the credit window)
//   bit 5     tamper with every sealed frame of the fuzz phase (the two bytes say how)
//   bit 6     connect IPC$ first (tree 1; "data" is then tree 2)
//   bit 7     the server's policy is "desired": the session encrypts everything
//             (Session.EncryptData), so a message of the frame naming no session is refused
#include "fuzz_support.h"
#include "server_smb2_harness.h"

using namespace smbkit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static constexpr uint16_t kCiphers[] = {smb2::kCipherAes128Gcm, smb2::kCipherAes128Ccm,
                                          smb2::kCipherAes256Gcm, smb2::kCipherAes256Ccm};
  auto& fixture = fuzz::Smb2Fixture::get();
  fuzz::Selected in = fuzz::select(data, size);
  uint8_t s = in.selector;
  uint16_t tamper = 0;
  if (s & 0x20) {
    if (in.rest.size() < 2) return 0;
    tamper = static_cast<uint16_t>(std::max(1, in.rest[0] | in.rest[1] << 8));
    in.rest = in.rest.subspan(2);
  }
  server::SharedState& shared = fixture.shared();
  shared.encrypt = s & 0x80 ? server::EncryptPolicy::Desired : server::EncryptPolicy::IfRequired;
  {
    fuzz::Smb2Client client(shared);
    bool v302 = s & 1;
    client.negotiate(v302 ? fuzz::Smb2Dialect::V302 : fuzz::Smb2Dialect::V311,
                     {kCiphers[(s >> 1) & 3]});
    client.log_on(/*require_signing=*/false, /*sign=*/false);
    client.encrypt_frames();
    if (s & 0x40) client.tree_connect("IPC$");
    client.tree_connect("data");
    if (s & 0x08) client.create("hello.txt", /*directory=*/false);
    if (s & 0x10) client.create("sub", /*directory=*/true);
    if (tamper) client.encrypt_frames(tamper);
    client.run_frames(in.rest, /*fix_ids=*/true);
    client.disconnect();
  }
  shared.encrypt = server::EncryptPolicy::IfRequired;
  fixture.check_outside();
  fixture.restore_share();
  return 0;
}
