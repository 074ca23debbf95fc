#include "smb1/nt_cancel.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {

Result<NtCancelRequest> NtCancelRequest::decode(const Block& b) {
  if (!block_fits(b, 0) || b.word_count != 0 || sent_byte_count(b) != 0) return fail(kBadRequest);
  return NtCancelRequest{};
}

void NtCancelRequest::encode(MessageWriter& mw) const {
  mw.begin_block(static_cast<uint8_t>(Command::NtCancel));
  mw.begin_data();
  mw.end_block();
}

}  // namespace smbkit::smb1
