#include "smb1/close.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {
namespace {

constexpr uint8_t kCommand = static_cast<uint8_t>(Command::Close);

}  // namespace

Result<CloseRequest> CloseRequest::decode(const Block& b) {
  if (!block_fits(b, 3)) return fail(kBadRequest);
  ByteReader w = b.words_reader();
  CloseRequest req;
  req.fid = w.u16();
  req.last_time_modified = w.u32();
  return req;
}

void CloseRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(kCommand);
  w.u16(fid);
  w.u32(last_time_modified);
  mw.begin_data();
  mw.end_block();
}

Result<CloseResponse> CloseResponse::decode(const Block& b) {
  if (!block_fits(b, 0)) return fail(kBadResponse);
  return CloseResponse{};
}

void CloseResponse::encode(MessageWriter& mw) const {
  mw.begin_block(kCommand);
  mw.begin_data();
  mw.end_block();
}

}  // namespace smbkit::smb1
