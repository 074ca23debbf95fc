#include "fscc/info_classes.h"

#include "wire/utf16.h"

namespace smbkit::fscc {

size_t write_name(ByteWriter& w, std::string_view name, NameCoding coding) {
  if (coding == NameCoding::kUtf16) return w.utf16(name, false);
  w.ascii(name, false);
  return name.size();
}

std::string read_name(ByteReader& r, size_t nbytes, NameCoding coding) {
  if (coding == NameCoding::kUtf16) return r.utf16(nbytes);
  Bytes b = r.bytes(nbytes);
  return std::string(b.begin(), b.end());
}

void encode_file_basic_information(ByteWriter& w, const FileInfo& f) {
  w.u64(f.creation_time);
  w.u64(f.last_access_time);
  w.u64(f.last_write_time);
  w.u64(f.change_time);
  w.u32(f.attributes);
  w.u32(0);  // Reserved
}

void encode_file_standard_information(ByteWriter& w, const FileInfo& f) {
  w.u64(f.allocation_size);
  w.u64(f.end_of_file);
  w.u32(f.number_of_links);
  w.u8(f.delete_pending ? 1 : 0);
  w.u8(f.is_directory ? 1 : 0);
  w.u16(0);  // Reserved
}

void encode_file_internal_information(ByteWriter& w, const FileInfo& f) { w.u64(f.file_id); }
void encode_file_ea_information(ByteWriter& w, const FileInfo& f) { w.u32(f.ea_size); }
void encode_file_access_information(ByteWriter& w, const OpenInfo& o) { w.u32(o.access_flags); }
void encode_file_position_information(ByteWriter& w, const OpenInfo& o) {
  w.u64(o.current_byte_offset);
}
void encode_file_mode_information(ByteWriter& w, const OpenInfo& o) { w.u32(o.mode); }
void encode_file_alignment_information(ByteWriter& w, const OpenInfo& o) {
  w.u32(o.alignment_requirement);
}

void encode_file_name_information(ByteWriter& w, std::string_view name, NameCoding coding) {
  size_t at = w.offset();
  w.u32(0);
  size_t n = write_name(w, name, coding);
  w.patch_u32(at, static_cast<uint32_t>(n));
}

void encode_file_all_information(ByteWriter& w, const FileInfo& f, const OpenInfo& o) {
  encode_file_basic_information(w, f);
  encode_file_standard_information(w, f);
  encode_file_internal_information(w, f);
  encode_file_ea_information(w, f);
  encode_file_access_information(w, o);
  encode_file_position_information(w, o);
  encode_file_mode_information(w, o);
  encode_file_alignment_information(w, o);
  encode_file_name_information(w, f.name);
}

void encode_file_network_open_information(ByteWriter& w, const FileInfo& f) {
  w.u64(f.creation_time);
  w.u64(f.last_access_time);
  w.u64(f.last_write_time);
  w.u64(f.change_time);
  w.u64(f.allocation_size);
  w.u64(f.end_of_file);
  w.u32(f.attributes);
  w.u32(0);  // Reserved
}

void encode_file_stream_information(ByteWriter& w, const FileInfo& f) {
  if (f.is_directory) return;
  w.u32(0);  // NextEntryOffset: the only entry
  size_t len_at = w.offset();
  w.u32(0);
  w.u64(f.end_of_file);
  w.u64(f.allocation_size);
  size_t n = w.utf16("::$DATA", false);
  w.patch_u32(len_at, static_cast<uint32_t>(n));
}

void encode_file_attribute_tag_information(ByteWriter& w, const FileInfo& f) {
  w.u32(f.attributes);
  w.u32(f.attributes & kFileAttributeReparsePoint ? f.reparse_tag : 0);
}

void encode_file_compression_information(ByteWriter& w, const FileInfo& f) {
  w.u64(f.end_of_file);  // CompressedFileSize: the file is stored as it is
  w.u16(0);              // CompressionFormat: COMPRESSION_FORMAT_NONE
  w.u8(0);               // CompressionUnitShift
  w.u8(0);               // ChunkShift
  w.u8(0);               // ClusterShift
  w.zeros(3);            // Reserved
}

Result<std::vector<uint8_t>> encode_file_information(FileInfoClass cls, const FileInfo& f,
                                                     const OpenInfo& open) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  switch (cls) {
    case FileInfoClass::Basic: encode_file_basic_information(w, f); break;
    case FileInfoClass::Standard: encode_file_standard_information(w, f); break;
    case FileInfoClass::Internal: encode_file_internal_information(w, f); break;
    case FileInfoClass::Ea: encode_file_ea_information(w, f); break;
    case FileInfoClass::Access: encode_file_access_information(w, open); break;
    case FileInfoClass::Name: encode_file_name_information(w, f.name); break;
    case FileInfoClass::Position: encode_file_position_information(w, open); break;
    case FileInfoClass::Mode: encode_file_mode_information(w, open); break;
    case FileInfoClass::Alignment: encode_file_alignment_information(w, open); break;
    case FileInfoClass::All: encode_file_all_information(w, f, open); break;
    case FileInfoClass::AlternateName:
      // MS-FSA 2.1.5.11.4: a file without a short name has no alternate name to report.
      if (f.short_name.empty()) return fail(NtStatus::ObjectNameNotFound);
      encode_file_name_information(w, f.short_name);
      break;
    case FileInfoClass::Stream: encode_file_stream_information(w, f); break;
    case FileInfoClass::Compression: encode_file_compression_information(w, f); break;
    case FileInfoClass::NetworkOpen: encode_file_network_open_information(w, f); break;
    case FileInfoClass::AttributeTag: encode_file_attribute_tag_information(w, f); break;
    default: return fail(NtStatus::InvalidInfoClass);
  }
  return out;
}

bool decode_file_basic_information(ByteReader& r, FileInfo& into) {
  into.creation_time = r.u64();
  into.last_access_time = r.u64();
  into.last_write_time = r.u64();
  into.change_time = r.u64();
  into.attributes = r.u32();
  r.skip(4);  // Reserved
  if (r.ok()) into.is_directory = into.attributes & kFileAttributeDirectory;
  return r.ok();
}

bool decode_file_standard_information(ByteReader& r, FileInfo& into) {
  into.allocation_size = r.u64();
  into.end_of_file = r.u64();
  into.number_of_links = r.u32();
  into.delete_pending = r.u8() != 0;
  into.is_directory = r.u8() != 0;
  r.skip(2);  // Reserved
  return r.ok();
}

bool decode_file_name_information(ByteReader& r, std::string& name, NameCoding coding) {
  uint32_t len = r.u32();
  name = read_name(r, len, coding);
  return r.ok();
}

bool decode_file_all_information(ByteReader& r, FileInfo& into, OpenInfo* open) {
  decode_file_basic_information(r, into);
  decode_file_standard_information(r, into);
  into.file_id = r.u64();
  into.ea_size = r.u32();
  OpenInfo o;
  o.access_flags = r.u32();
  o.current_byte_offset = r.u64();
  o.mode = r.u32();
  o.alignment_requirement = r.u32();
  decode_file_name_information(r, into.name);
  if (open && r.ok()) *open = o;
  return r.ok();
}

bool decode_file_network_open_information(ByteReader& r, FileInfo& into) {
  into.creation_time = r.u64();
  into.last_access_time = r.u64();
  into.last_write_time = r.u64();
  into.change_time = r.u64();
  into.allocation_size = r.u64();
  into.end_of_file = r.u64();
  into.attributes = r.u32();
  r.skip(4);  // Reserved
  if (r.ok()) into.is_directory = into.attributes & kFileAttributeDirectory;
  return r.ok();
}

Result<FileInfo> decode_file_information(FileInfoClass cls, Bytes data) {
  ByteReader r(data, NtStatus::InvalidNetworkResponse);
  FileInfo f;
  switch (cls) {
    case FileInfoClass::Basic: decode_file_basic_information(r, f); break;
    case FileInfoClass::Standard: decode_file_standard_information(r, f); break;
    case FileInfoClass::Internal: f.file_id = r.u64(); break;
    case FileInfoClass::Ea: f.ea_size = r.u32(); break;
    case FileInfoClass::Name: decode_file_name_information(r, f.name); break;
    case FileInfoClass::AlternateName: decode_file_name_information(r, f.short_name); break;
    case FileInfoClass::All: decode_file_all_information(r, f); break;
    case FileInfoClass::NetworkOpen: decode_file_network_open_information(r, f); break;
    case FileInfoClass::AttributeTag:
      f.attributes = r.u32();
      f.reparse_tag = r.u32();
      f.is_directory = f.attributes & kFileAttributeDirectory;
      break;
    default: return fail(NtStatus::InvalidInfoClass);
  }
  if (!r.ok()) return fail(r.status());
  return f;
}

}  // namespace smbkit::fscc
