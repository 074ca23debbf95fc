#include "smb1/trans2.h"

#include <cstdio>

#include "smb1/codec_support.h"
#include "wire/utf16.h"

namespace smbkit::smb1 {

std::string trans2_subcommand_name(uint16_t subcommand) {
  switch (static_cast<Trans2Subcommand>(subcommand)) {
    case Trans2Subcommand::Open2: return "TRANS2_OPEN2";
    case Trans2Subcommand::FindFirst2: return "TRANS2_FIND_FIRST2";
    case Trans2Subcommand::FindNext2: return "TRANS2_FIND_NEXT2";
    case Trans2Subcommand::QueryFsInformation: return "TRANS2_QUERY_FS_INFORMATION";
    case Trans2Subcommand::SetFsInformation: return "TRANS2_SET_FS_INFORMATION";
    case Trans2Subcommand::QueryPathInformation: return "TRANS2_QUERY_PATH_INFORMATION";
    case Trans2Subcommand::SetPathInformation: return "TRANS2_SET_PATH_INFORMATION";
    case Trans2Subcommand::QueryFileInformation: return "TRANS2_QUERY_FILE_INFORMATION";
    case Trans2Subcommand::SetFileInformation: return "TRANS2_SET_FILE_INFORMATION";
    case Trans2Subcommand::Fsctl: return "TRANS2_FSCTL";
    case Trans2Subcommand::Ioctl2: return "TRANS2_IOCTL2";
    case Trans2Subcommand::FindNotifyFirst: return "TRANS2_FIND_NOTIFY_FIRST";
    case Trans2Subcommand::FindNotifyNext: return "TRANS2_FIND_NOTIFY_NEXT";
    case Trans2Subcommand::CreateDirectory: return "TRANS2_CREATE_DIRECTORY";
    case Trans2Subcommand::SessionSetup: return "TRANS2_SESSION_SETUP";
    case Trans2Subcommand::GetDfsReferral: return "TRANS2_GET_DFS_REFERRAL";
    case Trans2Subcommand::ReportDfsInconsistency: return "TRANS2_REPORT_DFS_INCONSISTENCY";
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "TRANS2_0x%04X", subcommand);
  return buf;
}

Trans2Request Trans2Request::make(Trans2Subcommand subcommand, std::vector<uint8_t> parameters,
                                  std::vector<uint8_t> data, uint16_t max_parameter_count,
                                  uint16_t max_data_count) {
  Trans2Request req;
  req.total_parameter_count = static_cast<uint16_t>(parameters.size());
  req.total_data_count = static_cast<uint16_t>(data.size());
  req.max_parameter_count = max_parameter_count;
  req.max_data_count = max_data_count;
  req.setup = {static_cast<uint16_t>(subcommand)};
  req.parameters = std::move(parameters);
  req.data = std::move(data);
  return req;
}

Result<Trans2Request> Trans2Request::decode(const Block& block) {
  Trans2Request req;
  TransactionPartsAt at;
  if (!read_transaction_words(block, req, at) || req.setup.empty()) return fail(kBadRequest);
  auto params = transaction_part(block, at.parameter_offset, at.parameter_count, kBadRequest);
  if (!params) return fail(params.error());
  auto data = transaction_part(block, at.data_offset, at.data_count, kBadRequest);
  if (!data) return fail(data.error());
  req.parameters = std::move(*params);
  req.data = std::move(*data);
  return req;
}

void Trans2Request::encode(MessageWriter& out) const {
  ByteWriter& w = out.begin_block(static_cast<uint8_t>(Command::Transaction2));
  size_t parameter_offset_at = 0, data_offset_at = 0;
  write_transaction_words(w, *this, parameter_offset_at, data_offset_at);
  out.begin_data();
  // Name: unused by TRANSACTION2, an empty string (MS-CIFS 2.2.4.46.1).
  if (writer_unicode(out)) {
    pad_to(out, 2);
    w.u16(0);
  } else {
    w.u8(0);
  }
  place_transaction_part(out, parameters, parameter_offset_at, 2);
  place_transaction_part(out, data, data_offset_at, 2);
  out.end_block();
}

Result<Trans2Response> Trans2Response::decode(const Block& block) {
  if (block.word_count < kTrans2ResponseWords) return fail(kBadResponse);
  ByteReader r = block.words_reader();
  Trans2Response resp;
  resp.total_parameter_count = r.u16();
  resp.total_data_count = r.u16();
  r.skip(2);  // Reserved1
  uint16_t parameter_count = r.u16();
  uint16_t parameter_offset = r.u16();
  resp.parameter_displacement = r.u16();
  uint16_t data_count = r.u16();
  uint16_t data_offset = r.u16();
  resp.data_displacement = r.u16();
  uint8_t setup_count = r.u8();
  r.skip(1);  // Reserved2
  if (!r.ok() || block.word_count != kTrans2ResponseWords + setup_count) return fail(kBadResponse);
  for (uint8_t i = 0; i < setup_count; ++i) resp.setup.push_back(r.u16());
  if (size_t{resp.parameter_displacement} + parameter_count > resp.total_parameter_count ||
      size_t{resp.data_displacement} + data_count > resp.total_data_count)
    return fail(kBadResponse);
  auto params = transaction_part(block, parameter_offset, parameter_count, kBadResponse);
  if (!params) return fail(params.error());
  auto data = transaction_part(block, data_offset, data_count, kBadResponse);
  if (!data) return fail(data.error());
  resp.parameters = std::move(*params);
  resp.data = std::move(*data);
  return resp;
}

void Trans2Response::encode(MessageWriter& out) const {
  ByteWriter& w = out.begin_block(static_cast<uint8_t>(Command::Transaction2));
  w.u16(total_parameter_count);
  w.u16(total_data_count);
  w.u16(0);  // Reserved1
  w.u16(static_cast<uint16_t>(parameters.size()));
  size_t parameter_offset_at = w.offset();
  w.u16(0);
  w.u16(parameter_displacement);
  w.u16(static_cast<uint16_t>(data.size()));
  size_t data_offset_at = w.offset();
  w.u16(0);
  w.u16(data_displacement);
  w.u8(static_cast<uint8_t>(setup.size()));
  w.u8(0);  // Reserved2
  for (uint16_t s : setup) w.u16(s);
  out.begin_data();
  place_transaction_part(out, parameters, parameter_offset_at, 2);
  place_transaction_part(out, data, data_offset_at, 2);
  out.end_block();
}

Result<Trans2SecondaryRequest> Trans2SecondaryRequest::decode(const Block& block) {
  if (block.word_count != kTrans2SecondaryWords) return fail(kBadRequest);
  ByteReader r = block.words_reader();
  Trans2SecondaryRequest req;
  req.total_parameter_count = r.u16();
  req.total_data_count = r.u16();
  uint16_t parameter_count = r.u16();
  uint16_t parameter_offset = r.u16();
  req.parameter_displacement = r.u16();
  uint16_t data_count = r.u16();
  uint16_t data_offset = r.u16();
  req.data_displacement = r.u16();
  req.fid = r.u16();
  if (!r.ok()) return fail(kBadRequest);
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

void Trans2SecondaryRequest::encode(MessageWriter& out) const {
  ByteWriter& w = out.begin_block(static_cast<uint8_t>(Command::Transaction2Secondary));
  w.u16(total_parameter_count);
  w.u16(total_data_count);
  w.u16(static_cast<uint16_t>(parameters.size()));
  size_t parameter_offset_at = w.offset();
  w.u16(0);
  w.u16(parameter_displacement);
  w.u16(static_cast<uint16_t>(data.size()));
  size_t data_offset_at = w.offset();
  w.u16(0);
  w.u16(data_displacement);
  w.u16(fid);
  out.begin_data();
  place_transaction_part(out, parameters, parameter_offset_at, 2);
  place_transaction_part(out, data, data_offset_at, 2);
  out.end_block();
}

Result<std::string> read_parameter_string(ByteReader& r, bool unicode) {
  if (!r.ok()) return fail(r.status());
  Bytes rest = r.data().subspan(r.offset());
  if (unicode) {
    size_t n = 0;
    while (n + 1 < rest.size() && (rest[n] | rest[n + 1]) != 0) n += 2;
    Bytes raw = r.bytes(n);
    r.skip(rest.size() - n >= 2 ? 2 : rest.size() - n);  // the NUL, or a stray last byte
    return utf16le_to_utf8(raw);
  }
  size_t n = 0;
  while (n < rest.size() && rest[n] != 0) ++n;
  Bytes s = r.bytes(n);
  if (n < rest.size()) r.skip(1);
  return std::string(s.begin(), s.end());
}

void write_parameter_string(ByteWriter& w, std::string_view s, bool unicode) {
  if (unicode)
    w.utf16(s, true);
  else
    w.ascii(s, true);
}

}  // namespace smbkit::smb1
