#include "smb1/tree.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {
namespace {

constexpr uint8_t kConnect = static_cast<uint8_t>(Command::TreeConnectAndX);
constexpr uint8_t kDisconnect = static_cast<uint8_t>(Command::TreeDisconnect);
constexpr uint8_t kResponseWords = 3;
constexpr uint8_t kExtResponseWords = 7;

void encode_empty(MessageWriter& mw) {
  mw.begin_block(kDisconnect);
  mw.begin_data();
  mw.end_block();
}

}  // namespace

Result<TreeConnectRequest> TreeConnectRequest::decode(const Block& b) {
  if (!block_fits(b, 4)) return fail(kBadRequest);
  ByteReader w = andx_words_reader(b);
  TreeConnectRequest req;
  req.flags = w.u16();
  uint16_t password_len = w.u16();
  if (!w.ok()) return fail(kBadRequest);
  ByteReader r = b.data_reader();
  Bytes password = r.bytes(password_len);
  req.password.assign(password.begin(), password.end());
  req.path = read_string(r, b.unicode);
  req.service = read_trailing_string(r, false);
  if (!r.ok()) return fail(kBadRequest);
  return req;
}

void TreeConnectRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(kConnect);
  w.u16(flags);
  w.u16(static_cast<uint16_t>(password.size()));
  mw.begin_data();
  w.bytes(password);
  write_string(mw, path, writer_unicode(mw));
  w.ascii(service);
  mw.end_block();
}

Result<TreeConnectResponse> TreeConnectResponse::decode(const Block& b) {
  if ((b.word_count != kResponseWords && b.word_count != kExtResponseWords) ||
      !block_fits(b, kResponseWords))
    return fail(kBadResponse);
  ByteReader w = andx_words_reader(b);
  TreeConnectResponse resp;
  resp.optional_support = w.u16();
  resp.extended = b.word_count == kExtResponseWords;
  if (resp.extended) {
    resp.maximal_share_access_rights = w.u32();
    resp.guest_maximal_share_access_rights = w.u32();
  }
  if (!w.ok()) return fail(kBadResponse);
  ByteReader r = b.data_reader();
  resp.service = read_string(r, false);
  resp.native_file_system = read_trailing_string(r, b.unicode);
  if (!r.ok()) return fail(kBadResponse);
  return resp;
}

void TreeConnectResponse::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(kConnect);
  w.u16(optional_support);
  if (extended) {
    w.u32(maximal_share_access_rights);
    w.u32(guest_maximal_share_access_rights);
  }
  mw.begin_data();
  w.ascii(service);
  write_string(mw, native_file_system, writer_unicode(mw));
  mw.end_block();
}

Result<TreeDisconnectRequest> TreeDisconnectRequest::decode(const Block& b) {
  if (!block_fits(b, 0)) return fail(kBadRequest);
  return TreeDisconnectRequest{};
}

void TreeDisconnectRequest::encode(MessageWriter& mw) const { encode_empty(mw); }

Result<TreeDisconnectResponse> TreeDisconnectResponse::decode(const Block& b) {
  if (!block_fits(b, 0)) return fail(kBadResponse);
  return TreeDisconnectResponse{};
}

void TreeDisconnectResponse::encode(MessageWriter& mw) const { encode_empty(mw); }

}  // namespace smbkit::smb1
