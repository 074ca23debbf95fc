#include "smb1/logoff.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {
namespace {

constexpr uint8_t kCommand = static_cast<uint8_t>(Command::LogoffAndX);

void encode_andx_only(MessageWriter& mw) {
  mw.begin_block(kCommand);
  mw.begin_data();
  mw.end_block();
}

}  // namespace

Result<LogoffRequest> LogoffRequest::decode(const Block& b) {
  if (!block_fits(b, 2)) return fail(kBadRequest);
  return LogoffRequest{};
}

void LogoffRequest::encode(MessageWriter& mw) const { encode_andx_only(mw); }

Result<LogoffResponse> LogoffResponse::decode(const Block& b) {
  if (!block_fits(b, 2)) return fail(kBadResponse);
  return LogoffResponse{};
}

void LogoffResponse::encode(MessageWriter& mw) const { encode_andx_only(mw); }

}  // namespace smbkit::smb1
