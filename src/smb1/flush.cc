#include "smb1/flush.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {

Result<FlushRequest> FlushRequest::decode(const Block& b) {
  if (b.word_count != 1 || !block_fits(b, 1)) return fail(kBadRequest);
  return FlushRequest{b.words_reader().u16()};
}

void FlushRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::Flush));
  w.u16(fid);
  mw.begin_data();
  mw.end_block();
}

}  // namespace smbkit::smb1
