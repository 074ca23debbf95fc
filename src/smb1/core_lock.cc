#include "smb1/core_lock.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {

Result<ByteRangeLockRequest> ByteRangeLockRequest::decode(const Block& b) {
  // LOCK and UNLOCK share the layout; the command travels in the struct.
  bool lock_command = b.command == static_cast<uint8_t>(Command::LockByteRange) ||
                      b.command == static_cast<uint8_t>(Command::UnlockByteRange);
  if (!lock_command || b.word_count != 5 || !block_fits(b, 5)) return fail(kBadRequest);
  ByteReader w = b.words_reader();
  ByteRangeLockRequest req;
  req.command = static_cast<Command>(b.command);
  req.fid = w.u16();
  req.count = w.u32();
  req.offset = w.u32();
  return req;
}

void ByteRangeLockRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(command));
  w.u16(fid);
  w.u32(count);
  w.u32(offset);
  mw.begin_data();
  mw.end_block();
}

}  // namespace smbkit::smb1
