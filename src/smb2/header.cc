#include "smb2/header.h"

#include <algorithm>

namespace smbkit::smb2 {

const char* command_name(uint16_t command) {
  static constexpr const char* kNames[kCommandCount] = {
      "SMB2_NEGOTIATE",      "SMB2_SESSION_SETUP", "SMB2_LOGOFF",     "SMB2_TREE_CONNECT",
      "SMB2_TREE_DISCONNECT", "SMB2_CREATE",       "SMB2_CLOSE",      "SMB2_FLUSH",
      "SMB2_READ",           "SMB2_WRITE",         "SMB2_LOCK",       "SMB2_IOCTL",
      "SMB2_CANCEL",         "SMB2_ECHO",          "SMB2_QUERY_DIRECTORY",
      "SMB2_CHANGE_NOTIFY",  "SMB2_QUERY_INFO",    "SMB2_SET_INFO",   "SMB2_OPLOCK_BREAK",
  };
  if (command < kCommandCount) return kNames[command];
  static thread_local char unknown[16];
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::copy_n("SMB2_0x", 7, unknown);
  for (int i = 0; i < 4; ++i) unknown[7 + i] = kHex[(command >> (12 - 4 * i)) & 0xF];
  unknown[11] = 0;
  return unknown;
}

Result<Header> Header::decode(ByteReader& r) {
  Bytes protocol = r.bytes(4);
  if (!r.ok() || !std::equal(protocol.begin(), protocol.end(), kProtocol)) return fail(kBadRequest);
  if (r.u16() != kHeaderSize) return fail(kBadRequest);
  Header h;
  h.credit_charge = r.u16();
  h.status = static_cast<NtStatus>(r.u32());
  h.command = r.u16();
  h.credits = r.u16();
  h.flags = r.u32();
  h.next_command = r.u32();
  h.message_id = r.u64();
  if (h.is_async()) {
    h.async_id = r.u64();
  } else {
    h.process_id = r.u32();
    h.tree_id = r.u32();
  }
  h.session_id = r.u64();
  Bytes sig = r.bytes(16);
  if (!r.ok()) return fail(kBadRequest);
  std::copy(sig.begin(), sig.end(), h.signature.begin());
  return h;
}

void Header::encode(ByteWriter& w) const {
  w.bytes(kProtocol);
  w.u16(kHeaderSize);
  w.u16(credit_charge);
  w.u32(static_cast<uint32_t>(status));
  w.u16(command);
  w.u16(credits);
  w.u32(flags);
  w.u32(next_command);
  w.u64(message_id);
  if (is_async()) {
    w.u64(async_id);
  } else {
    w.u32(process_id);
    w.u32(tree_id);
  }
  w.u64(session_id);
  w.bytes(signature);
}

}  // namespace smbkit::smb2
