#include "smb1/core_open.h"

#include "smb1/codec_support.h"
#include "smb1/namespace.h"

namespace smbkit::smb1 {
namespace {

bool shaped(const Block& b, uint8_t words) { return b.word_count == words && block_fits(b, words); }

// BufferFormat 0x04 then the name that ends the request (peers may leave its terminator out).
Result<std::string> read_last_name(const Block& b) {
  ByteReader r = b.data_reader();
  if (r.u8() != kBufferFormatSmbString) r.fail();
  return read_trailing_name(r, b.unicode);
}

void write_name(MessageWriter& mw, const std::string& name) {
  mw.begin_data();
  mw.writer().u8(kBufferFormatSmbString);
  write_string(mw, name, writer_unicode(mw));
  mw.end_block();
}

}  // namespace

Result<CoreOpenRequest> CoreOpenRequest::decode(const Block& b) {
  if (!shaped(b, 2)) return fail(kBadRequest);
  CoreOpenRequest req;
  ByteReader w = b.words_reader();
  req.access_mode = w.u16();
  req.search_attributes = w.u16();
  auto name = read_last_name(b);
  if (!name) return fail(name.error());
  req.file_name = std::move(*name);
  return req;
}

void CoreOpenRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::Open));
  w.u16(access_mode);
  w.u16(search_attributes);
  write_name(mw, file_name);
}

Result<CoreOpenResponse> CoreOpenResponse::decode(const Block& b) {
  if (!shaped(b, 7)) return fail(kBadResponse);
  ByteReader w = b.words_reader();
  CoreOpenResponse resp;
  resp.fid = w.u16();
  resp.file_attrs = w.u16();
  resp.last_modified = w.u32();
  resp.file_size = w.u32();
  resp.access_mode = w.u16();
  return resp;
}

void CoreOpenResponse::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::Open));
  w.u16(fid);
  w.u16(file_attrs);
  w.u32(last_modified);
  w.u32(file_size);
  w.u16(access_mode);
  mw.begin_data();
  mw.end_block();
}

// CREATE and CREATE_NEW share their layouts; the command travels in the struct, so a block of
// any other command is not one of them (its re-encoding would not be that command's block).
namespace {
bool is_create_command(uint8_t command) {
  return command == static_cast<uint8_t>(Command::Create) ||
         command == static_cast<uint8_t>(Command::CreateNew);
}
}  // namespace

Result<CoreCreateRequest> CoreCreateRequest::decode(const Block& b) {
  if (!is_create_command(b.command) || !shaped(b, 3)) return fail(kBadRequest);
  CoreCreateRequest req;
  req.command = static_cast<Command>(b.command);
  ByteReader w = b.words_reader();
  req.file_attributes = w.u16();
  req.creation_time = w.u32();
  auto name = read_last_name(b);
  if (!name) return fail(name.error());
  req.file_name = std::move(*name);
  return req;
}

void CoreCreateRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(command));
  w.u16(file_attributes);
  w.u32(creation_time);
  write_name(mw, file_name);
}

Result<CoreCreateResponse> CoreCreateResponse::decode(const Block& b) {
  if (!is_create_command(b.command) || !shaped(b, 1)) return fail(kBadResponse);
  return CoreCreateResponse{static_cast<Command>(b.command), b.words_reader().u16()};
}

void CoreCreateResponse::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(command));
  w.u16(fid);
  mw.begin_data();
  mw.end_block();
}

Result<CreateTemporaryRequest> CreateTemporaryRequest::decode(const Block& b) {
  if (!shaped(b, 3)) return fail(kBadRequest);
  CreateTemporaryRequest req;
  ByteReader w = b.words_reader();
  req.file_attributes = w.u16();
  req.creation_time = w.u32();
  auto name = read_last_name(b);
  if (!name) return fail(name.error());
  req.directory_name = std::move(*name);
  return req;
}

void CreateTemporaryRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::CreateTemporary));
  w.u16(file_attributes);
  w.u32(creation_time);
  write_name(mw, directory_name);
}

Result<CreateTemporaryResponse> CreateTemporaryResponse::decode(const Block& b) {
  if (!shaped(b, 1)) return fail(kBadResponse);
  CreateTemporaryResponse resp;
  resp.fid = b.words_reader().u16();
  ByteReader r = b.data_reader();
  resp.file_name = read_trailing_string(r, /*unicode=*/false);
  return resp;
}

void CreateTemporaryResponse::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::CreateTemporary));
  w.u16(fid);
  mw.begin_data();
  write_string(mw, file_name, /*unicode=*/false);
  mw.end_block();
}

Result<ProcessExitRequest> ProcessExitRequest::decode(const Block& b) {
  if (!shaped(b, 0) || b.byte_count != 0) return fail(kBadRequest);
  return ProcessExitRequest{};
}

void ProcessExitRequest::encode(MessageWriter& mw) const {
  mw.begin_block(static_cast<uint8_t>(Command::ProcessExit));
  mw.begin_data();
  mw.end_block();
}

}  // namespace smbkit::smb1
