#include "smb1/information2.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {
namespace {

DosDateTime read_date_time(ByteReader& r) {
  DosDateTime dt;
  dt.date = r.u16();
  dt.time = r.u16();
  return dt;
}

void write_date_time(ByteWriter& w, DosDateTime dt) {
  w.u16(dt.date);
  w.u16(dt.time);
}

}  // namespace

Result<SetInformation2Request> SetInformation2Request::decode(const Block& b) {
  if (b.word_count != 7 || !block_fits(b, 7)) return fail(kBadRequest);
  ByteReader w = b.words_reader();
  SetInformation2Request req;
  req.fid = w.u16();
  req.creation = read_date_time(w);
  req.last_access = read_date_time(w);
  req.last_write = read_date_time(w);
  return req;
}

void SetInformation2Request::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::SetInformation2));
  w.u16(fid);
  write_date_time(w, creation);
  write_date_time(w, last_access);
  write_date_time(w, last_write);
  mw.begin_data();
  mw.end_block();
}

Result<QueryInformation2Request> QueryInformation2Request::decode(const Block& b) {
  if (b.word_count != 1 || !block_fits(b, 1)) return fail(kBadRequest);
  return QueryInformation2Request{b.words_reader().u16()};
}

void QueryInformation2Request::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::QueryInformation2));
  w.u16(fid);
  mw.begin_data();
  mw.end_block();
}

Result<QueryInformation2Response> QueryInformation2Response::decode(const Block& b) {
  if (b.word_count != 11 || !block_fits(b, 11)) return fail(kBadResponse);
  ByteReader w = b.words_reader();
  QueryInformation2Response resp;
  resp.creation = read_date_time(w);
  resp.last_access = read_date_time(w);
  resp.last_write = read_date_time(w);
  resp.file_data_size = w.u32();
  resp.file_allocation_size = w.u32();
  resp.file_attributes = w.u16();
  return resp;
}

void QueryInformation2Response::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::QueryInformation2));
  write_date_time(w, creation);
  write_date_time(w, last_access);
  write_date_time(w, last_write);
  w.u32(file_data_size);
  w.u32(file_allocation_size);
  w.u16(file_attributes);
  mw.begin_data();
  mw.end_block();
}

}  // namespace smbkit::smb1
