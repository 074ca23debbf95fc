#include "smb1/session_setup.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {
namespace {

constexpr uint8_t kCommand = static_cast<uint8_t>(Command::SessionSetupAndX);

std::vector<uint8_t> to_vector(Bytes b) { return {b.begin(), b.end()}; }

}  // namespace

Result<SessionSetupRequest> SessionSetupRequest::decode(const Block& b) {
  if (b.word_count != kSessionSetupWordCount || !block_fits(b, kSessionSetupWordCount))
    return fail(kBadRequest);
  ByteReader w = andx_words_reader(b);
  SessionSetupRequest req;
  req.max_buffer_size = w.u16();
  req.max_mpx_count = w.u16();
  req.vc_number = w.u16();
  req.session_key = w.u32();
  uint16_t oem_len = w.u16();
  uint16_t unicode_len = w.u16();
  w.u32();  // Reserved
  req.capabilities = w.u32();
  if (!w.ok()) return fail(kBadRequest);

  ByteReader r = b.data_reader();
  req.oem_password = to_vector(r.bytes(oem_len));
  req.unicode_password = to_vector(r.bytes(unicode_len));
  if (!r.ok()) return fail(kBadRequest);
  // Clients differ in which trailing strings they send and whether they terminate the last.
  req.account_name = read_trailing_string(r, b.unicode);
  req.primary_domain = read_trailing_string(r, b.unicode);
  req.native_os = read_trailing_string(r, b.unicode);
  req.native_lan_man = read_trailing_string(r, b.unicode);
  return req;
}

void SessionSetupRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(kCommand);
  w.u16(max_buffer_size);
  w.u16(max_mpx_count);
  w.u16(vc_number);
  w.u32(session_key);
  w.u16(static_cast<uint16_t>(oem_password.size()));
  w.u16(static_cast<uint16_t>(unicode_password.size()));
  w.u32(0);
  w.u32(capabilities);
  mw.begin_data();
  w.bytes(oem_password);
  w.bytes(unicode_password);
  bool unicode = writer_unicode(mw);
  write_string(mw, account_name, unicode);
  write_string(mw, primary_domain, unicode);
  write_string(mw, native_os, unicode);
  write_string(mw, native_lan_man, unicode);
  mw.end_block();
}

Result<SessionSetupExtRequest> SessionSetupExtRequest::decode(const Block& b) {
  if (b.word_count != kSessionSetupExtWordCount || !block_fits(b, kSessionSetupExtWordCount))
    return fail(kBadRequest);
  ByteReader w = andx_words_reader(b);
  SessionSetupExtRequest req;
  req.max_buffer_size = w.u16();
  req.max_mpx_count = w.u16();
  req.vc_number = w.u16();
  req.session_key = w.u32();
  uint16_t blob_len = w.u16();
  w.u32();  // Reserved
  req.capabilities = w.u32();
  if (!w.ok()) return fail(kBadRequest);

  ByteReader r = b.data_reader();
  req.security_blob = to_vector(r.bytes(blob_len));
  if (!r.ok()) return fail(kBadRequest);
  req.native_os = read_trailing_string(r, b.unicode);
  req.native_lan_man = read_trailing_string(r, b.unicode);
  return req;
}

void SessionSetupExtRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(kCommand);
  w.u16(max_buffer_size);
  w.u16(max_mpx_count);
  w.u16(vc_number);
  w.u32(session_key);
  w.u16(static_cast<uint16_t>(security_blob.size()));
  w.u32(0);
  w.u32(capabilities);
  mw.begin_data();
  w.bytes(security_blob);
  bool unicode = writer_unicode(mw);
  write_string(mw, native_os, unicode);
  write_string(mw, native_lan_man, unicode);
  mw.end_block();
}

Result<SessionSetupResponse> SessionSetupResponse::decode(const Block& b) {
  if (b.word_count != 3 || !block_fits(b, 3)) return fail(kBadResponse);
  ByteReader w = andx_words_reader(b);
  SessionSetupResponse resp;
  resp.action = w.u16();
  if (!w.ok()) return fail(kBadResponse);
  ByteReader r = b.data_reader();
  resp.native_os = read_trailing_string(r, b.unicode);
  resp.native_lan_man = read_trailing_string(r, b.unicode);
  resp.primary_domain = read_trailing_string(r, b.unicode);
  return resp;
}

void SessionSetupResponse::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(kCommand);
  w.u16(action);
  mw.begin_data();
  bool unicode = writer_unicode(mw);
  write_string(mw, native_os, unicode);
  write_string(mw, native_lan_man, unicode);
  write_string(mw, primary_domain, unicode);
  mw.end_block();
}

Result<SessionSetupExtResponse> SessionSetupExtResponse::decode(const Block& b) {
  if (b.word_count != 4 || !block_fits(b, 4)) return fail(kBadResponse);
  ByteReader w = andx_words_reader(b);
  SessionSetupExtResponse resp;
  resp.action = w.u16();
  uint16_t blob_len = w.u16();
  if (!w.ok()) return fail(kBadResponse);
  ByteReader r = b.data_reader();
  resp.security_blob = to_vector(r.bytes(blob_len));
  if (!r.ok()) return fail(kBadResponse);
  resp.native_os = read_trailing_string(r, b.unicode);
  resp.native_lan_man = read_trailing_string(r, b.unicode);
  resp.primary_domain = read_trailing_string(r, b.unicode);
  return resp;
}

void SessionSetupExtResponse::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(kCommand);
  w.u16(action);
  w.u16(static_cast<uint16_t>(security_blob.size()));
  mw.begin_data();
  w.bytes(security_blob);
  bool unicode = writer_unicode(mw);
  write_string(mw, native_os, unicode);
  write_string(mw, native_lan_man, unicode);
  if (!primary_domain.empty()) write_string(mw, primary_domain, unicode);
  mw.end_block();
}

}  // namespace smbkit::smb1
