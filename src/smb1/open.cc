#include "smb1/open.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {
namespace {

constexpr uint8_t kCommand = static_cast<uint8_t>(Command::OpenAndX);
constexpr uint8_t kRequestWords = 15;
constexpr uint8_t kResponseWords = 15;
constexpr uint8_t kExtResponseWords = 19;

}  // namespace

Result<OpenAndXRequest> OpenAndXRequest::decode(const Block& b) {
  if (!block_fits(b, kRequestWords)) return fail(kBadRequest);
  ByteReader w = andx_words_reader(b);
  OpenAndXRequest req;
  req.flags = w.u16();
  req.access_mode = w.u16();
  req.search_attrs = w.u16();
  req.file_attrs = w.u16();
  req.creation_time = w.u32();
  req.open_mode = w.u16();
  req.allocation_size = w.u32();
  req.timeout = w.u32();
  if (!w.ok()) return fail(kBadRequest);
  ByteReader r = b.data_reader();
  auto name = read_trailing_name(r, b.unicode);
  if (!name) return fail(name.error());
  req.file_name = std::move(*name);
  return req;
}

void OpenAndXRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(kCommand);
  w.u16(flags);
  w.u16(access_mode);
  w.u16(search_attrs);
  w.u16(file_attrs);
  w.u32(creation_time);
  w.u16(open_mode);
  w.u32(allocation_size);
  w.u32(timeout);
  w.zeros(4);  // Reserved[2]
  mw.begin_data();
  write_string(mw, file_name, writer_unicode(mw));
  mw.end_block();
}

Result<OpenAndXResponse> OpenAndXResponse::decode(const Block& b) {
  if ((b.word_count != kResponseWords && b.word_count != kExtResponseWords) ||
      !block_fits(b, kResponseWords))
    return fail(kBadResponse);
  ByteReader w = andx_words_reader(b);
  OpenAndXResponse resp;
  resp.fid = w.u16();
  resp.file_attrs = w.u16();
  resp.last_write_time = w.u32();
  resp.file_data_size = w.u32();
  resp.access_rights = w.u16();
  resp.resource_type = w.u16();
  resp.nm_pipe_status = w.u16();
  resp.open_results = w.u16();
  resp.server_fid = w.u32();
  w.u16();  // Reserved
  resp.extended = b.word_count == kExtResponseWords;
  if (resp.extended) {
    resp.maximal_access_rights = w.u32();
    resp.guest_maximal_access_rights = w.u32();
  }
  if (!w.ok()) return fail(kBadResponse);
  return resp;
}

void OpenAndXResponse::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(kCommand);
  w.u16(fid);
  w.u16(file_attrs);
  w.u32(last_write_time);
  w.u32(file_data_size);
  w.u16(access_rights);
  w.u16(resource_type);
  w.u16(nm_pipe_status);
  w.u16(open_results);
  w.u32(server_fid);
  w.u16(0);  // Reserved
  if (extended) {
    w.u32(maximal_access_rights);
    w.u32(guest_maximal_access_rights);
  }
  mw.begin_data();
  mw.end_block();
}

}  // namespace smbkit::smb1
