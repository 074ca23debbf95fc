// The reply many SMB1 commands send on success: WordCount 0 and ByteCount 0 (e.g. MS-CIFS
// 2.2.4.1.2 CREATE_DIRECTORY, 2.2.4.6.2 FLUSH, 2.2.4.7.2 DELETE, 2.2.4.8.2 RENAME).
#pragma once

#include "smb1/codec_support.h"
#include "smb1/message.h"

namespace smbkit::smb1 {

template <Command C>
struct EmptyResponse {
  // InvalidNetworkResponse unless WordCount and ByteCount are both 0 as sent.
  static Result<EmptyResponse> decode(const Block& b) {
    if (b.word_count != 0 || !block_fits(b, 0) || b.byte_count != 0) return fail(kBadResponse);
    return EmptyResponse{};
  }
  void encode(MessageWriter& mw) const {
    mw.begin_block(static_cast<uint8_t>(C));
    mw.begin_data();
    mw.end_block();
  }
};

}  // namespace smbkit::smb1
