#include "smb1/negotiate.h"

#include <cstring>

#include "smb1/codec_support.h"

namespace smbkit::smb1 {
namespace {

constexpr uint8_t kDialectBufferFormat = 0x02;
constexpr uint8_t kNtLmWordCount = 17;

}  // namespace

Result<NegotiateRequest> NegotiateRequest::decode(const Block& b) {
  if (!block_fits(b, 0)) return fail(kBadRequest);
  ByteReader r = b.data_reader();
  NegotiateRequest req;
  while (r.ok() && r.remaining() > 0) {
    if (r.u8() != kDialectBufferFormat) return fail(kBadRequest);
    req.dialects.push_back(r.cstring());
  }
  if (!r.ok()) return fail(kBadRequest);
  return req;
}

void NegotiateRequest::encode(MessageWriter& mw) const {
  mw.begin_block(static_cast<uint8_t>(Command::Negotiate));
  ByteWriter& w = mw.begin_data();
  for (const auto& d : dialects) {
    w.u8(kDialectBufferFormat);
    w.ascii(d);
  }
  mw.end_block();
}

std::optional<uint16_t> pick_dialect(const std::vector<std::string>& dialects) {
  std::optional<uint16_t> picked;
  for (size_t i = 0; i < dialects.size() && i < kNoDialect; ++i)
    if (dialects[i] == kDialectNtLm012) picked = static_cast<uint16_t>(i);
  return picked;
}

Result<NegotiateResponse> NegotiateResponse::decode(const Block& b) {
  if (!block_fits(b, 1)) return fail(kBadResponse);
  ByteReader w = b.words_reader();
  NegotiateResponse resp;
  resp.dialect_index = w.u16();
  if (resp.dialect_index == kNoDialect) return resp;
  // Only NT LM 0.12 is ever offered, so anything but its 17-word form is malformed.
  if (b.word_count != kNtLmWordCount) return fail(kBadResponse);
  resp.security_mode = w.u8();
  resp.max_mpx_count = w.u16();
  resp.max_number_vcs = w.u16();
  resp.max_buffer_size = w.u32();
  resp.max_raw_size = w.u32();
  resp.session_key = w.u32();
  resp.capabilities = w.u32();
  resp.system_time = w.u64();
  resp.server_time_zone = static_cast<int16_t>(w.u16());
  uint8_t challenge_length = w.u8();
  if (!w.ok()) return fail(kBadResponse);

  ByteReader r = b.data_reader();
  if (resp.extended_security()) {
    Bytes guid = r.bytes(resp.server_guid.size());
    if (!r.ok()) return fail(kBadResponse);
    std::memcpy(resp.server_guid.data(), guid.data(), guid.size());
    Bytes blob = r.rest();
    resp.security_blob.assign(blob.begin(), blob.end());
    return resp;
  }
  Bytes challenge = r.bytes(challenge_length);
  resp.challenge.assign(challenge.begin(), challenge.end());
  resp.domain_name = read_trailing_string(r, b.unicode, false);
  resp.server_name = read_trailing_string(r, b.unicode, false);
  if (!r.ok()) return fail(kBadResponse);
  return resp;
}

void NegotiateResponse::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::Negotiate));
  w.u16(dialect_index);
  if (dialect_index == kNoDialect) {
    mw.begin_data();
    mw.end_block();
    return;
  }
  w.u8(security_mode);
  w.u16(max_mpx_count);
  w.u16(max_number_vcs);
  w.u32(max_buffer_size);
  w.u32(max_raw_size);
  w.u32(session_key);
  w.u32(capabilities);
  w.u64(system_time);
  w.u16(static_cast<uint16_t>(server_time_zone));
  w.u8(extended_security() ? 0 : static_cast<uint8_t>(challenge.size()));
  mw.begin_data();
  if (extended_security()) {
    w.bytes(server_guid);
    w.bytes(security_blob);
  } else {
    bool unicode = writer_unicode(mw);
    w.bytes(challenge);
    write_string(mw, domain_name, unicode, false);
    if (!server_name.empty()) write_string(mw, server_name, unicode, false);
  }
  mw.end_block();
}

}  // namespace smbkit::smb1
