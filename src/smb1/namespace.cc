#include "smb1/namespace.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {
namespace {

// A block with exactly `words` parameter words and the ByteCount it was sent with.
bool shaped(const Block& b, uint8_t words) { return b.word_count == words && block_fits(b, words); }

// BufferFormat 0x04 then a NUL-terminated SMB_STRING (a name followed by another).
Result<std::string> read_named(ByteReader& r, bool unicode) {
  if (r.u8() != kBufferFormatSmbString) r.fail();
  Bytes raw = read_string_bytes(r, unicode);
  if (!r.ok()) return fail(kBadRequest);
  return string_from_wire(raw, unicode);
}

// BufferFormat 0x04 then the last name of the block, whose terminator peers may leave out.
Result<std::string> read_last_named(ByteReader& r, bool unicode) {
  if (r.u8() != kBufferFormatSmbString) r.fail();
  return read_trailing_name(r, unicode);
}

void write_named(MessageWriter& mw, const std::string& name) {
  mw.writer().u8(kBufferFormatSmbString);
  write_string(mw, name, writer_unicode(mw));
}

// The requests that carry one directory name and no words.
Result<std::string> decode_one_name(const Block& b) {
  if (!shaped(b, 0)) return fail(kBadRequest);
  ByteReader r = b.data_reader();
  return read_last_named(r, b.unicode);
}

void encode_one_name(MessageWriter& mw, Command command, const std::string& name) {
  mw.begin_block(static_cast<uint8_t>(command));
  mw.begin_data();
  write_named(mw, name);
  mw.end_block();
}

// OldFileName and NewFileName of RENAME and NT_RENAME, after their words.
Result<void> decode_two_names(const Block& b, std::string& old_name, std::string& new_name) {
  ByteReader r = b.data_reader();
  auto first = read_named(r, b.unicode);
  if (!first) return fail(first.error());
  old_name = std::move(*first);
  auto name = read_last_named(r, b.unicode);
  if (!name) return fail(name.error());
  new_name = std::move(*name);
  return {};
}

void write_two_names(MessageWriter& mw, const std::string& old_name,
                     const std::string& new_name) {
  mw.begin_data();
  write_named(mw, old_name);
  write_named(mw, new_name);
  mw.end_block();
}

}  // namespace

Result<CreateDirectoryRequest> CreateDirectoryRequest::decode(const Block& b) {
  auto name = decode_one_name(b);
  if (!name) return fail(name.error());
  return CreateDirectoryRequest{std::move(*name)};
}

void CreateDirectoryRequest::encode(MessageWriter& mw) const {
  encode_one_name(mw, Command::CreateDirectory, directory_name);
}

Result<DeleteDirectoryRequest> DeleteDirectoryRequest::decode(const Block& b) {
  auto name = decode_one_name(b);
  if (!name) return fail(name.error());
  return DeleteDirectoryRequest{std::move(*name)};
}

void DeleteDirectoryRequest::encode(MessageWriter& mw) const {
  encode_one_name(mw, Command::DeleteDirectory, directory_name);
}

Result<CheckDirectoryRequest> CheckDirectoryRequest::decode(const Block& b) {
  auto name = decode_one_name(b);
  if (!name) return fail(name.error());
  return CheckDirectoryRequest{std::move(*name)};
}

void CheckDirectoryRequest::encode(MessageWriter& mw) const {
  encode_one_name(mw, Command::CheckDirectory, directory_name);
}

Result<DeleteRequest> DeleteRequest::decode(const Block& b) {
  if (!shaped(b, 1)) return fail(kBadRequest);
  DeleteRequest req;
  req.search_attributes = b.words_reader().u16();
  ByteReader r = b.data_reader();
  auto name = read_last_named(r, b.unicode);
  if (!name) return fail(name.error());
  req.file_name = std::move(*name);
  return req;
}

void DeleteRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::Delete));
  w.u16(search_attributes);
  mw.begin_data();
  write_named(mw, file_name);
  mw.end_block();
}

Result<RenameRequest> RenameRequest::decode(const Block& b) {
  if (!shaped(b, 1)) return fail(kBadRequest);
  RenameRequest req;
  req.search_attributes = b.words_reader().u16();
  if (auto names = decode_two_names(b, req.old_file_name, req.new_file_name); !names)
    return fail(names.error());
  return req;
}

void RenameRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::Rename));
  w.u16(search_attributes);
  write_two_names(mw, old_file_name, new_file_name);
}

Result<NtRenameRequest> NtRenameRequest::decode(const Block& b) {
  if (!shaped(b, 4)) return fail(kBadRequest);
  NtRenameRequest req;
  ByteReader w = b.words_reader();
  req.search_attributes = w.u16();
  req.information_level = w.u16();
  req.reserved = w.u32();
  if (auto names = decode_two_names(b, req.old_file_name, req.new_file_name); !names)
    return fail(names.error());
  return req;
}

void NtRenameRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::NtRename));
  w.u16(search_attributes);
  w.u16(information_level);
  w.u32(reserved);
  write_two_names(mw, old_file_name, new_file_name);
}

}  // namespace smbkit::smb1
