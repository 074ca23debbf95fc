#include "smb1/nt_transact.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {
namespace {

constexpr uint8_t kCommand = static_cast<uint8_t>(Command::NtTransact);

}  // namespace

NtTransactRequest NtTransactRequest::make(NtTransactFunction function,
                                          std::vector<uint16_t> setup,
                                          std::vector<uint8_t> parameters,
                                          std::vector<uint8_t> data,
                                          uint32_t max_parameter_count,
                                          uint32_t max_data_count) {
  NtTransactRequest req;
  req.total_parameter_count = static_cast<uint32_t>(parameters.size());
  req.total_data_count = static_cast<uint32_t>(data.size());
  req.max_parameter_count = max_parameter_count;
  req.max_data_count = max_data_count;
  req.function = static_cast<uint16_t>(function);
  req.setup = std::move(setup);
  req.parameters = std::move(parameters);
  req.data = std::move(data);
  return req;
}

Result<NtTransactRequest> NtTransactRequest::decode(const Block& block) {
  if (block.word_count < kNtTransactRequestWords) return fail(kBadRequest);
  ByteReader r = block.words_reader();
  NtTransactRequest req;
  req.max_setup_count = r.u8();
  r.skip(2);  // Reserved1
  req.total_parameter_count = r.u32();
  req.total_data_count = r.u32();
  req.max_parameter_count = r.u32();
  req.max_data_count = r.u32();
  uint32_t parameter_count = r.u32();
  uint32_t parameter_offset = r.u32();
  uint32_t data_count = r.u32();
  uint32_t data_offset = r.u32();
  uint8_t setup_count = r.u8();
  req.function = r.u16();
  if (!r.ok() || block.word_count != kNtTransactRequestWords + setup_count)
    return fail(kBadRequest);
  for (uint8_t i = 0; i < setup_count; ++i) req.setup.push_back(r.u16());
  if (parameter_count > req.total_parameter_count || data_count > req.total_data_count)
    return fail(kBadRequest);
  auto params = transaction_part(block, parameter_offset, parameter_count, kBadRequest);
  if (!params) return fail(params.error());
  auto data = transaction_part(block, data_offset, data_count, kBadRequest);
  if (!data) return fail(data.error());
  req.parameters = std::move(*params);
  req.data = std::move(*data);
  return req;
}

void NtTransactRequest::encode(MessageWriter& out) const {
  ByteWriter& w = out.begin_block(kCommand);
  w.u8(max_setup_count);
  w.u16(0);  // Reserved1
  w.u32(total_parameter_count);
  w.u32(total_data_count);
  w.u32(max_parameter_count);
  w.u32(max_data_count);
  w.u32(static_cast<uint32_t>(parameters.size()));
  size_t parameter_offset_at = w.offset();
  w.u32(0);
  w.u32(static_cast<uint32_t>(data.size()));
  size_t data_offset_at = w.offset();
  w.u32(0);
  w.u8(static_cast<uint8_t>(setup.size()));
  w.u16(function);
  for (uint16_t s : setup) w.u16(s);
  out.begin_data();
  place_transaction_part(out, parameters, parameter_offset_at, 4);
  place_transaction_part(out, data, data_offset_at, 4);
  out.end_block();
}

Result<NtTransactResponse> NtTransactResponse::decode(const Block& block) {
  if (block.word_count < kNtTransactResponseWords) return fail(kBadResponse);
  ByteReader r = block.words_reader();
  NtTransactResponse resp;
  r.skip(3);  // Reserved1
  resp.total_parameter_count = r.u32();
  resp.total_data_count = r.u32();
  uint32_t parameter_count = r.u32();
  uint32_t parameter_offset = r.u32();
  resp.parameter_displacement = r.u32();
  uint32_t data_count = r.u32();
  uint32_t data_offset = r.u32();
  resp.data_displacement = r.u32();
  uint8_t setup_count = r.u8();
  if (!r.ok() || block.word_count != kNtTransactResponseWords + setup_count)
    return fail(kBadResponse);
  for (uint8_t i = 0; i < setup_count; ++i) resp.setup.push_back(r.u16());
  if (uint64_t{resp.parameter_displacement} + parameter_count > resp.total_parameter_count ||
      uint64_t{resp.data_displacement} + data_count > resp.total_data_count)
    return fail(kBadResponse);
  auto params = transaction_part(block, parameter_offset, parameter_count, kBadResponse);
  if (!params) return fail(params.error());
  auto data = transaction_part(block, data_offset, data_count, kBadResponse);
  if (!data) return fail(data.error());
  resp.parameters = std::move(*params);
  resp.data = std::move(*data);
  return resp;
}

void NtTransactResponse::encode(MessageWriter& out) const {
  ByteWriter& w = out.begin_block(kCommand);
  w.zeros(3);  // Reserved1
  w.u32(total_parameter_count);
  w.u32(total_data_count);
  w.u32(static_cast<uint32_t>(parameters.size()));
  size_t parameter_offset_at = w.offset();
  w.u32(0);
  w.u32(parameter_displacement);
  w.u32(static_cast<uint32_t>(data.size()));
  size_t data_offset_at = w.offset();
  w.u32(0);
  w.u32(data_displacement);
  w.u8(static_cast<uint8_t>(setup.size()));
  for (uint16_t s : setup) w.u16(s);
  out.begin_data();
  place_transaction_part(out, parameters, parameter_offset_at, 4);
  place_transaction_part(out, data, data_offset_at, 4);
  out.end_block();
}

}  // namespace smbkit::smb1
