#include "smb1/trans.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {

Result<TransRequest> TransRequest::decode(const Block& block) {
  if (block.word_count < kTransRequestWords) return fail(kBadRequest);
  ByteReader r = block.words_reader();
  TransRequest req;
  req.total_parameter_count = r.u16();
  req.total_data_count = r.u16();
  req.max_parameter_count = r.u16();
  req.max_data_count = r.u16();
  req.max_setup_count = r.u8();
  r.skip(1);  // Reserved1
  req.flags = r.u16();
  req.timeout = r.u32();
  r.skip(2);  // Reserved2
  uint16_t parameter_count = r.u16();
  uint16_t parameter_offset = r.u16();
  uint16_t data_count = r.u16();
  uint16_t data_offset = r.u16();
  uint8_t setup_count = r.u8();
  r.skip(1);  // Reserved3
  if (!r.ok() || block.word_count != kTransRequestWords + setup_count) return fail(kBadRequest);
  for (uint8_t i = 0; i < setup_count; ++i) req.setup.push_back(r.u16());
  if (parameter_count > req.total_parameter_count || data_count > req.total_data_count)
    return fail(kBadRequest);
  ByteReader names = block.data_reader();
  req.name = read_string(names, block.unicode);
  if (!names.ok()) return fail(kBadRequest);
  auto params = transaction_part(block, parameter_offset, parameter_count, kBadRequest);
  if (!params) return fail(params.error());
  auto data = transaction_part(block, data_offset, data_count, kBadRequest);
  if (!data) return fail(data.error());
  req.parameters = std::move(*params);
  req.data = std::move(*data);
  return req;
}

void TransRequest::encode(MessageWriter& out) const {
  ByteWriter& w = out.begin_block(static_cast<uint8_t>(Command::Transaction));
  w.u16(total_parameter_count);
  w.u16(total_data_count);
  w.u16(max_parameter_count);
  w.u16(max_data_count);
  w.u8(max_setup_count);
  w.u8(0);  // Reserved1
  w.u16(flags);
  w.u32(timeout);
  w.u16(0);  // Reserved2
  w.u16(static_cast<uint16_t>(parameters.size()));
  size_t parameter_offset_at = w.offset();
  w.u16(0);
  w.u16(static_cast<uint16_t>(data.size()));
  size_t data_offset_at = w.offset();
  w.u16(0);
  w.u8(static_cast<uint8_t>(setup.size()));
  w.u8(0);  // Reserved3
  for (uint16_t s : setup) w.u16(s);
  out.begin_data();
  write_string(out, name, writer_unicode(out));
  place_transaction_part(out, parameters, parameter_offset_at, 2);
  place_transaction_part(out, data, data_offset_at, 2);
  out.end_block();
}

}  // namespace smbkit::smb1
