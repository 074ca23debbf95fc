#include "smb1/search.h"

#include <algorithm>

#include "smb1/codec_support.h"
#include "smb1/namespace.h"

namespace smbkit::smb1 {
namespace {

bool is_search_command(uint8_t command) {
  switch (static_cast<Command>(command)) {
    case Command::Search:
    case Command::Find:
    case Command::FindUnique:
    case Command::FindClose:
      return true;
    default:
      return false;
  }
}

}  // namespace

ResumeKey ResumeKey::decode(ByteReader& r) {
  ResumeKey key;
  key.reserved = r.u8();
  Bytes server = r.bytes(key.server_state.size());
  Bytes client = r.bytes(key.client_state.size());
  if (!r.ok()) return key;
  std::copy(server.begin(), server.end(), key.server_state.begin());
  std::copy(client.begin(), client.end(), key.client_state.begin());
  return key;
}

void ResumeKey::encode(ByteWriter& w) const {
  w.u8(reserved);
  w.bytes(server_state);
  w.bytes(client_state);
}

DirectoryInformation DirectoryInformation::decode(ByteReader& r) {
  DirectoryInformation d;
  d.resume_key = ResumeKey::decode(r);
  d.file_attributes = r.u8();
  d.last_write_time = r.u16();
  d.last_write_date = r.u16();
  d.file_size = r.u32();
  Bytes name = r.bytes(kMaxNameLength + 1);
  if (!r.ok()) return d;
  auto end = std::find(name.begin(), name.end(), uint8_t{0});
  d.file_name.assign(name.begin(), end);
  while (!d.file_name.empty() && d.file_name.back() == ' ') d.file_name.pop_back();
  return d;
}

void DirectoryInformation::encode(ByteWriter& w) const {
  resume_key.encode(w);
  w.u8(file_attributes);
  w.u16(last_write_time);
  w.u16(last_write_date);
  w.u32(file_size);
  size_t n = std::min(file_name.size(), kMaxNameLength);
  w.bytes(std::span(reinterpret_cast<const uint8_t*>(file_name.data()), n));
  w.zeros(kMaxNameLength + 1 - n);
}

Result<SearchRequest> SearchRequest::decode(const Block& b) {
  if (!is_search_command(b.command) || b.word_count != 2 || !block_fits(b, 2))
    return fail(kBadRequest);
  SearchRequest req;
  req.command = static_cast<Command>(b.command);
  ByteReader words = b.words_reader();
  req.max_count = words.u16();
  req.search_attributes = words.u16();
  ByteReader r = b.data_reader();
  if (r.u8() != kBufferFormatSmbString) r.fail();
  Bytes raw_name = read_string_bytes(r, b.unicode);
  if (r.u8() != kBufferFormatVariableBlock) r.fail();
  uint16_t key_length = r.u16();
  if (key_length != 0 && key_length != ResumeKey::kSize) r.fail();
  if (key_length != 0) req.resume_key = ResumeKey::decode(r);
  if (!r.ok()) return fail(kBadRequest);
  auto name = string_from_wire(raw_name, b.unicode);
  if (!name) return fail(name.error());
  req.file_name = std::move(*name);
  return req;
}

void SearchRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(command));
  w.u16(max_count);
  w.u16(search_attributes);
  mw.begin_data();
  mw.writer().u8(kBufferFormatSmbString);
  write_string(mw, file_name, writer_unicode(mw));
  mw.writer().u8(kBufferFormatVariableBlock);
  mw.writer().u16(resume_key ? static_cast<uint16_t>(ResumeKey::kSize) : 0);
  if (resume_key) resume_key->encode(mw.writer());
  mw.end_block();
}

Result<SearchResponse> SearchResponse::decode(const Block& b) {
  if (!is_search_command(b.command) || b.word_count != 1) return fail(kBadResponse);
  SearchResponse resp;
  resp.command = static_cast<Command>(b.command);
  uint16_t count = b.words_reader().u16();
  ByteReader r(b.data(), kBadResponse);
  if (r.u8() != kBufferFormatVariableBlock) r.fail();
  uint16_t data_length = r.u16();
  if (data_length != size_t{count} * DirectoryInformation::kSize || data_length > r.remaining())
    r.fail();
  for (uint16_t i = 0; i < count && r.ok(); ++i)
    resp.entries.push_back(DirectoryInformation::decode(r));
  if (!r.ok()) return fail(kBadResponse);
  return resp;
}

void SearchResponse::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(command));
  w.u16(static_cast<uint16_t>(entries.size()));
  mw.begin_data();
  mw.writer().u8(kBufferFormatVariableBlock);
  mw.writer().u16(static_cast<uint16_t>(entries.size() * DirectoryInformation::kSize));
  for (const DirectoryInformation& d : entries) d.encode(mw.writer());
  mw.end_block();
}

bool is_8dot3_name(std::string_view name) {
  if (name == "." || name == "..") return true;
  constexpr std::string_view kIllegal = "\"*+,/:;<=>?[\\]| ";
  size_t dot = name.find('.');
  std::string_view base = name.substr(0, dot);
  std::string_view ext = dot == std::string_view::npos ? "" : name.substr(dot + 1);
  if (base.empty() || base.size() > 8 || ext.size() > 3) return false;
  if (dot != std::string_view::npos && ext.empty()) return false;  // "name." is not 8.3
  for (std::string_view part : {base, ext})
    for (char c : part)
      if (c < 0x21 || c > 0x7E || c == '.' || kIllegal.find(c) != std::string_view::npos)
        return false;
  return true;
}

}  // namespace smbkit::smb1
