#include "smb1/trans.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {

Result<TransRequest> TransRequest::decode(const Block& block) {
  TransRequest req;
  TransactionPartsAt at;
  if (!read_transaction_words(block, req, at)) return fail(kBadRequest);
  ByteReader names = block.data_reader();
  req.name = read_string(names, block.unicode);
  if (!names.ok()) return fail(kBadRequest);
  auto params = transaction_part(block, at.parameter_offset, at.parameter_count, kBadRequest);
  if (!params) return fail(params.error());
  auto data = transaction_part(block, at.data_offset, at.data_count, kBadRequest);
  if (!data) return fail(data.error());
  req.parameters = std::move(*params);
  req.data = std::move(*data);
  return req;
}

void TransRequest::encode(MessageWriter& out) const {
  ByteWriter& w = out.begin_block(static_cast<uint8_t>(Command::Transaction));
  size_t parameter_offset_at = 0, data_offset_at = 0;
  write_transaction_words(w, *this, parameter_offset_at, data_offset_at);
  out.begin_data();
  write_string(out, name, writer_unicode(out));
  place_transaction_part(out, parameters, parameter_offset_at, 2);
  place_transaction_part(out, data, data_offset_at, 2);
  out.end_block();
}

}  // namespace smbkit::smb1
