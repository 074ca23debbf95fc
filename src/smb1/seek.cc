#include "smb1/seek.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {

Result<SeekRequest> SeekRequest::decode(const Block& b) {
  if (b.word_count != 4 || !block_fits(b, 4)) return fail(kBadRequest);
  ByteReader r = b.words_reader();
  SeekRequest req;
  req.fid = r.u16();
  req.mode = r.u16();
  req.offset = static_cast<int32_t>(r.u32());
  return req;
}

void SeekRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::Seek));
  w.u16(fid);
  w.u16(mode);
  w.u32(static_cast<uint32_t>(offset));
  mw.begin_data();
  mw.end_block();
}

Result<SeekResponse> SeekResponse::decode(const Block& b) {
  if (b.word_count != 2 || !block_fits(b, 2)) return fail(kBadResponse);
  return SeekResponse{b.words_reader().u32()};
}

void SeekResponse::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::Seek));
  w.u32(offset);
  mw.begin_data();
  mw.end_block();
}

}  // namespace smbkit::smb1
