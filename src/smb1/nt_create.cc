#include "smb1/nt_create.h"

#include <cstring>

#include "smb1/codec_support.h"

namespace smbkit::smb1 {
namespace {

constexpr uint8_t kCommand = static_cast<uint8_t>(Command::NtCreateAndX);
constexpr uint8_t kRequestWords = 24;
constexpr uint8_t kResponseWords = 34;
constexpr uint8_t kExtResponseWords = 50;
constexpr uint8_t kExtResponseWordCountSent = 42;

}  // namespace

Result<NtCreateAndXRequest> NtCreateAndXRequest::decode(const Block& b) {
  if (!block_fits(b, kRequestWords)) return fail(kBadRequest);
  ByteReader w = andx_words_reader(b);
  NtCreateAndXRequest req;
  w.u8();  // Reserved
  uint16_t name_length = w.u16();
  req.flags = w.u32();
  req.root_directory_fid = w.u32();
  req.desired_access = w.u32();
  req.allocation_size = w.u64();
  req.ext_file_attributes = w.u32();
  req.share_access = w.u32();
  req.create_disposition = w.u32();
  req.create_options = w.u32();
  req.impersonation_level = w.u32();
  req.security_flags = w.u8();
  if (!w.ok()) return fail(kBadRequest);

  ByteReader r = b.data_reader();
  if (b.unicode) r.align(2);
  Bytes name = r.bytes(name_length);
  if (!r.ok()) return fail(kBadRequest);
  size_t unit = b.unicode ? 2 : 1;
  if (b.unicode) name = name.first(name.size() & ~size_t{1});
  while (name.size() >= unit && name[name.size() - 1] == 0 && name[name.size() - unit] == 0)
    name = name.first(name.size() - unit);
  auto file_name = string_from_wire(name, b.unicode);
  if (!file_name) return fail(file_name.error());
  req.file_name = std::move(*file_name);
  return req;
}

void NtCreateAndXRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(kCommand);
  w.u8(0);  // Reserved
  size_t name_length_at = w.offset();
  w.u16(0);  // NameLength, patched below
  w.u32(flags);
  w.u32(root_directory_fid);
  w.u32(desired_access);
  w.u64(allocation_size);
  w.u32(ext_file_attributes);
  w.u32(share_access);
  w.u32(create_disposition);
  w.u32(create_options);
  w.u32(impersonation_level);
  w.u8(security_flags);
  mw.begin_data();
  size_t name_bytes = write_string(mw, file_name, writer_unicode(mw));
  w.patch_u16(name_length_at, static_cast<uint16_t>(name_bytes));
  mw.end_block();
}

Result<NtCreateAndXResponse> NtCreateAndXResponse::decode(const Block& b) {
  NtCreateAndXResponse resp;
  resp.extended = b.word_count == kExtResponseWordCountSent || b.word_count == kExtResponseWords;
  size_t words = resp.extended ? kExtResponseWords : kResponseWords;
  if (resp.extended) {
    // WordCount 42 undercounts the parameters: check the 50 words and the ByteCount after them
    // against the message itself.
    if (b.words_offset + words * 2 + 2 > b.message.size()) return fail(kBadResponse);
  } else if (b.word_count != kResponseWords || !block_fits(b, kResponseWords)) {
    return fail(kBadResponse);
  }
  ByteReader w(b.message.subspan(b.words_offset, words * 2));
  w.skip(4);  // AndX block
  resp.oplock_level = w.u8();
  resp.fid = w.u16();
  resp.create_disposition = w.u32();
  resp.create_time = w.u64();
  resp.last_access_time = w.u64();
  resp.last_write_time = w.u64();
  resp.last_change_time = w.u64();
  resp.ext_file_attributes = w.u32();
  resp.allocation_size = w.u64();
  resp.end_of_file = w.u64();
  resp.resource_type = w.u16();
  resp.nm_pipe_status = w.u16();
  resp.directory = w.u8();
  if (resp.extended) {
    Bytes guid = w.bytes(resp.volume_guid.size());
    if (w.ok()) std::memcpy(resp.volume_guid.data(), guid.data(), guid.size());
    resp.file_id = w.u64();
    resp.maximal_access_rights = w.u32();
    resp.guest_maximal_access_rights = w.u32();
  }
  if (!w.ok()) return fail(kBadResponse);
  return resp;
}

void NtCreateAndXResponse::encode(MessageWriter& mw) const {
  size_t word_count_at = mw.writer().offset();  // begin_block writes WordCount first
  ByteWriter& w = mw.begin_block(kCommand);
  w.u8(oplock_level);
  w.u16(fid);
  w.u32(create_disposition);
  w.u64(create_time);
  w.u64(last_access_time);
  w.u64(last_write_time);
  w.u64(last_change_time);
  w.u32(ext_file_attributes);
  w.u64(allocation_size);
  w.u64(end_of_file);
  w.u16(resource_type);
  w.u16(nm_pipe_status);
  w.u8(directory);
  if (extended) {
    w.bytes(volume_guid);
    w.u64(file_id);
    w.u32(maximal_access_rights);
    w.u32(guest_maximal_access_rights);
  }
  mw.begin_data();
  if (extended) w.patch_u8(word_count_at, kExtResponseWordCountSent);
  mw.end_block();
}

}  // namespace smbkit::smb1
