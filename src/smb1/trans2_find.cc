#include "smb1/trans2_find.h"

#include "fscc/directory_info.h"
#include "smb1/codec_support.h"
#include "smb1/ea_lists.h"
#include "smb1/trans2.h"
#include "smb1/trans2_query.h"
#include "wire/byte_writer.h"
#include "wire/utf16.h"

namespace smbkit::smb1 {
namespace {

fscc::NameCoding coding_for(bool unicode) {
  return unicode ? fscc::NameCoding::kUtf16 : fscc::NameCoding::kOem;
}

// The MS-FSCC directory class an NT find level carries (the layouts are the same).
bool directory_class(uint16_t level, fscc::FileInfoClass& cls) {
  switch (level) {
    case kFindFileDirectoryInfo: cls = fscc::FileInfoClass::Directory; return true;
    case kFindFileFullDirectoryInfo: cls = fscc::FileInfoClass::FullDirectory; return true;
    case kFindFileNamesInfo: cls = fscc::FileInfoClass::Names; return true;
    case kFindFileBothDirectoryInfo: cls = fscc::FileInfoClass::BothDirectory; return true;
    case kFindFileIdFullDirectoryInfo: cls = fscc::FileInfoClass::IdFullDirectory; return true;
    case kFindFileIdBothDirectoryInfo: cls = fscc::FileInfoClass::IdBothDirectory; return true;
    default: return false;
  }
}

// MS-CIFS 2.2.8.1.1 SMB_INFO_STANDARD, 2.2.8.1.2 SMB_INFO_QUERY_EA_SIZE and 2.2.8.1.3
// SMB_INFO_QUERY_EAS_FROM_LIST entries, packed: the same fields up to Attributes, then EaSize or
// an SMB_FEA_LIST, then the name. A Unicode FileName is 2-byte aligned in SMB_INFO_STANDARD
// only: at the EA levels it follows FileNameLength directly (2.2.8.1.2 has no pad; Windows and
// Samba send none, and smbtorture raw.search reads the name from the byte after
// FileNameLength). Its terminator is two bytes in Unicode at SMB_INFO_STANDARD but one byte at
// the EA levels: smbd sends one, and smbtorture (raw.search.many files, os2 delete) takes one.
bool name_aligned(uint16_t level, bool unicode) { return unicode && level == kFindInfoStandard; }
size_t terminator_size(uint16_t level, bool unicode) {
  return unicode && level == kFindInfoStandard ? 2 : 1;
}

bool is_packed_level(uint16_t level) {
  return level == kFindInfoStandard || level == kFindInfoQueryEaSize ||
         level == kFindInfoQueryEasFromList;
}

std::vector<FindEa> decode_fea_list(ByteReader& r) {
  uint32_t size = r.u32();
  if (size < 4) r.fail();
  Bytes body = r.bytes(size >= 4 ? size - 4 : 0);
  if (!r.ok()) return {};
  auto eas = decode_fea_entries(body, NtStatus::InvalidNetworkResponse);
  if (!eas) {
    r.fail();
    return {};
  }
  return std::move(*eas);
}

Result<FindListing> encode_packed_entries(uint16_t level, std::span<const FileInfo> entries,
                                          size_t max_bytes, bool unicode, std::vector<uint8_t>& out,
                                          std::span<const uint32_t> resume_keys,
                                          std::span<const std::vector<fscc::FullEa>> eas) {
  if (!resume_keys.empty() && resume_keys.size() != entries.size())
    return fail(NtStatus::InvalidParameter);
  if (!eas.empty() && eas.size() != entries.size()) return fail(NtStatus::InvalidParameter);
  const bool keys = !resume_keys.empty();
  const size_t unit = terminator_size(level, unicode);
  const size_t base = out.size();
  ByteWriter w(out);
  FindListing listing;
  for (size_t i = 0; i < entries.size(); ++i) {
    const FileInfo& f = entries[i];
    std::vector<uint8_t> fea;
    if (level == kFindInfoQueryEasFromList) {
      auto list = encode_fea_list(eas.empty() ? std::span<const fscc::FullEa>{} : eas[i]);
      if (!list) return fail(list.error());
      fea = std::move(*list);
    }
    const size_t fixed = (keys ? 4 : 0) + kSmbInfoStandardSize +
                         (level == kFindInfoQueryEaSize ? 4 : 0) + fea.size() + 1;
    std::vector<uint8_t> name =
        unicode ? utf8_to_utf16le(f.name) : std::vector<uint8_t>(f.name.begin(), f.name.end());
    if (name.size() > 0xFF) return fail(NtStatus::NameTooLong);  // FileNameLength is one byte
    const size_t start = listing.bytes;
    const size_t pad = name_aligned(level, unicode) ? (start + fixed) % 2 : 0;
    if (start + fixed + pad + name.size() + unit > max_bytes) break;
    if (keys) w.u32(resume_keys[i]);
    encode_smb_info_standard(w, f);
    if (level == kFindInfoQueryEaSize) w.u32(f.ea_size);
    w.bytes(fea);
    w.u8(static_cast<uint8_t>(name.size()));
    w.zeros(pad);
    w.bytes(name);
    w.zeros(unit);  // terminator, outside FileNameLength
    listing.last_entry_offset = start;
    listing.last_name_offset = start + fixed + pad;
    listing.bytes = out.size() - base;
    ++listing.count;
  }
  return listing;
}

Result<FindEntries> decode_packed_entries(uint16_t level, Bytes data, uint16_t search_count,
                                          bool unicode, bool resume_keys) {
  ByteReader r(data, NtStatus::InvalidNetworkResponse);
  const size_t unit = terminator_size(level, unicode);
  FindEntries found;
  for (uint16_t i = 0; i < search_count; ++i) {
    if (resume_keys) found.resume_keys.push_back(r.u32());
    FileInfo f;
    decode_smb_info_standard(r, f);
    if (level == kFindInfoQueryEaSize) f.ea_size = r.u32();
    if (level == kFindInfoQueryEasFromList) found.eas.push_back(decode_fea_list(r));
    uint8_t len = r.u8();
    if (name_aligned(level, unicode)) r.align(2);
    f.name = fscc::read_name(r, len, coding_for(unicode));
    r.skip(unit);  // terminator
    if (!r.ok()) return fail(r.status());
    found.files.push_back(std::move(f));
  }
  return found;
}

}  // namespace

Result<FindFirst2Request> FindFirst2Request::decode(Bytes parameters, bool unicode) {
  ByteReader r(parameters, kBadRequest);
  FindFirst2Request req;
  req.search_attributes = r.u16();
  req.search_count = r.u16();
  req.flags = r.u16();
  req.information_level = r.u16();
  req.search_storage_type = r.u32();
  auto name = read_parameter_string(r, unicode);
  if (!name) return fail(name.error());
  req.file_name = std::move(*name);
  return req;
}

std::vector<uint8_t> FindFirst2Request::encode(bool unicode) const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u16(search_attributes);
  w.u16(search_count);
  w.u16(flags);
  w.u16(information_level);
  w.u32(search_storage_type);
  write_parameter_string(w, file_name, unicode);
  return out;
}

Result<FindFirst2ResponseParameters> FindFirst2ResponseParameters::decode(Bytes parameters) {
  ByteReader r(parameters, kBadResponse);
  FindFirst2ResponseParameters p;
  p.sid = r.u16();
  p.search_count = r.u16();
  p.end_of_search = r.u16();
  p.ea_error_offset = r.u16();
  p.last_name_offset = r.u16();
  if (!r.ok()) return fail(r.status());
  return p;
}

std::vector<uint8_t> FindFirst2ResponseParameters::encode() const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u16(sid);
  w.u16(search_count);
  w.u16(end_of_search);
  w.u16(ea_error_offset);
  w.u16(last_name_offset);
  return out;
}

Result<FindNext2Request> FindNext2Request::decode(Bytes parameters, bool unicode) {
  ByteReader r(parameters, kBadRequest);
  FindNext2Request req;
  req.sid = r.u16();
  req.search_count = r.u16();
  req.information_level = r.u16();
  req.resume_key = r.u32();
  req.flags = r.u16();
  auto name = read_parameter_string(r, unicode);
  if (!name) return fail(name.error());
  req.file_name = std::move(*name);
  return req;
}

std::vector<uint8_t> FindNext2Request::encode(bool unicode) const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u16(sid);
  w.u16(search_count);
  w.u16(information_level);
  w.u32(resume_key);
  w.u16(flags);
  write_parameter_string(w, file_name, unicode);
  return out;
}

Result<FindNext2ResponseParameters> FindNext2ResponseParameters::decode(Bytes parameters) {
  ByteReader r(parameters, kBadResponse);
  FindNext2ResponseParameters p;
  p.search_count = r.u16();
  p.end_of_search = r.u16();
  p.ea_error_offset = r.u16();
  p.last_name_offset = r.u16();
  if (!r.ok()) return fail(r.status());
  return p;
}

std::vector<uint8_t> FindNext2ResponseParameters::encode() const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u16(search_count);
  w.u16(end_of_search);
  w.u16(ea_error_offset);
  w.u16(last_name_offset);
  return out;
}

Result<FindListing> encode_find_entries(uint16_t level, std::span<const FileInfo> entries,
                                        size_t max_bytes, bool unicode, std::vector<uint8_t>& out,
                                        std::span<const uint32_t> resume_keys,
                                        std::span<const std::vector<fscc::FullEa>> eas) {
  if (is_packed_level(level))
    return encode_packed_entries(level, entries, max_bytes, unicode, out, resume_keys, eas);
  fscc::FileInfoClass cls;
  if (!directory_class(level, cls)) return fail(NtStatus::InvalidLevel);
  auto listing = fscc::encode_directory_list(cls, entries, max_bytes, out, coding_for(unicode));
  if (!listing) return fail(listing.error());
  FindListing result;
  result.count = listing->count;
  result.bytes = listing->bytes;
  result.last_entry_offset = listing->last_entry_offset;
  if (listing->count > 0)
    result.last_name_offset = listing->last_entry_offset + fscc::directory_entry_fixed_size(cls);
  return result;
}

Result<FindEntries> decode_find_entries(uint16_t level, Bytes data, uint16_t search_count,
                                        bool unicode, bool resume_keys) {
  if (is_packed_level(level))
    return decode_packed_entries(level, data, search_count, unicode, resume_keys);
  fscc::FileInfoClass cls;
  if (!directory_class(level, cls)) return fail(NtStatus::InvalidLevel);
  auto files = fscc::decode_directory_list(cls, data, coding_for(unicode));
  if (!files) return fail(files.error());
  FindEntries found;
  found.files = std::move(*files);
  return found;
}

Result<FindClose2Request> FindClose2Request::decode(const Block& block) {
  if (block.word_count != 1) return fail(NtStatus::InvalidSmb);
  ByteReader r = block.words_reader();
  FindClose2Request req;
  req.sid = r.u16();
  return req;
}

void FindClose2Request::encode(MessageWriter& out) const {
  ByteWriter& w = out.begin_block(static_cast<uint8_t>(Command::FindClose2));
  w.u16(sid);
  out.begin_data();
  out.end_block();
}

Result<FindClose2Response> FindClose2Response::decode(const Block& block) {
  if (block.word_count != 0) return fail(NtStatus::InvalidNetworkResponse);
  return FindClose2Response{};
}

void FindClose2Response::encode(MessageWriter& out) const {
  out.begin_block(static_cast<uint8_t>(Command::FindClose2));
  out.begin_data();
  out.end_block();
}

}  // namespace smbkit::smb1
