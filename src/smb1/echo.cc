#include "smb1/echo.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {
namespace {

constexpr uint8_t kCommand = static_cast<uint8_t>(Command::Echo);

// Both directions: one word, then the data.
struct EchoBody {
  uint16_t word = 0;
  std::vector<uint8_t> data;
};

Result<EchoBody> decode_body(const Block& b, NtStatus bad) {
  if (!block_fits(b, 1)) return fail(bad);
  EchoBody body;
  body.word = b.words_reader().u16();
  Bytes data = b.data();
  body.data.assign(data.begin(), data.end());
  return body;
}

void encode_body(MessageWriter& mw, uint16_t word, const std::vector<uint8_t>& data) {
  mw.begin_block(kCommand).u16(word);
  mw.begin_data().bytes(data);
  mw.end_block();
}

}  // namespace

Result<EchoRequest> EchoRequest::decode(const Block& b) {
  auto body = decode_body(b, kBadRequest);
  if (!body) return fail(body.error());
  return EchoRequest{body->word, std::move(body->data)};
}

void EchoRequest::encode(MessageWriter& mw) const { encode_body(mw, echo_count, data); }

Result<EchoResponse> EchoResponse::decode(const Block& b) {
  auto body = decode_body(b, kBadResponse);
  if (!body) return fail(body.error());
  return EchoResponse{body->word, std::move(body->data)};
}

void EchoResponse::encode(MessageWriter& mw) const { encode_body(mw, sequence_number, data); }

}  // namespace smbkit::smb1
