#include "fscc/directory_info.h"

#include "wire/utf16.h"

namespace smbkit::fscc {
namespace {

constexpr size_t kShortNameBytes = 24;  // WCHAR ShortName[12]

std::vector<uint8_t> encode_name(std::string_view name, NameCoding coding) {
  if (coding == NameCoding::kUtf16) return utf8_to_utf16le(name);
  return std::vector<uint8_t>(name.begin(), name.end());
}

// EaSize carries the reparse tag for a reparse point (MS-FSA 2.1.5.6.3.1).
uint32_t ea_size_field(const FileInfo& f) {
  return f.attributes & kFileAttributeReparsePoint ? f.reparse_tag : f.ea_size;
}

void write_short_name(ByteWriter& w, const FileInfo& f) {
  auto s = utf8_to_utf16le(f.short_name);
  if (s.size() > kShortNameBytes) s.resize(kShortNameBytes);
  w.u8(static_cast<uint8_t>(s.size()));  // ShortNameLength
  w.u8(0);                               // Reserved
  w.bytes(s);
  w.zeros(kShortNameBytes - s.size());
}

void write_entry(ByteWriter& w, FileInfoClass cls, const FileInfo& f, Bytes name) {
  w.u32(0);  // NextEntryOffset, linked by the list encoder
  w.u32(0);  // FileIndex: undefined on NTFS-like stores, zero as Windows sends
  if (cls != FileInfoClass::Names) {
    w.u64(f.creation_time);
    w.u64(f.last_access_time);
    w.u64(f.last_write_time);
    w.u64(f.change_time);
    w.u64(f.end_of_file);
    w.u64(f.allocation_size);
    w.u32(f.attributes);
  }
  w.u32(static_cast<uint32_t>(name.size()));  // FileNameLength
  switch (cls) {
    case FileInfoClass::FullDirectory: w.u32(ea_size_field(f)); break;
    case FileInfoClass::IdFullDirectory:
      w.u32(ea_size_field(f));
      w.u32(0);  // Reserved
      w.u64(f.file_id);
      break;
    case FileInfoClass::BothDirectory:
      w.u32(ea_size_field(f));
      write_short_name(w, f);
      break;
    case FileInfoClass::IdBothDirectory:
      w.u32(ea_size_field(f));
      write_short_name(w, f);
      w.u16(0);  // Reserved2
      w.u64(f.file_id);
      break;
    default: break;
  }
  w.bytes(name);
}

bool read_short_name(ByteReader& r, FileInfo& f) {
  uint8_t len = r.u8();
  r.skip(1);  // Reserved
  Bytes raw = r.bytes(kShortNameBytes);
  if (!r.ok() || len > kShortNameBytes) return false;
  auto s = utf16le_to_utf8(raw.first(len));
  if (!s) return false;
  f.short_name = std::move(*s);
  return true;
}

// Reads one entry's fields after NextEntryOffset; false when it does not fit or is malformed.
bool read_entry(ByteReader& r, FileInfoClass cls, FileInfo& f, NameCoding coding) {
  r.skip(4);  // FileIndex
  if (cls != FileInfoClass::Names) {
    f.creation_time = r.u64();
    f.last_access_time = r.u64();
    f.last_write_time = r.u64();
    f.change_time = r.u64();
    f.end_of_file = r.u64();
    f.allocation_size = r.u64();
    f.attributes = r.u32();
    f.is_directory = f.attributes & kFileAttributeDirectory;
  }
  uint32_t name_len = r.u32();
  switch (cls) {
    case FileInfoClass::FullDirectory: f.ea_size = r.u32(); break;
    case FileInfoClass::IdFullDirectory:
      f.ea_size = r.u32();
      r.skip(4);
      f.file_id = r.u64();
      break;
    case FileInfoClass::BothDirectory:
      f.ea_size = r.u32();
      if (!read_short_name(r, f)) return false;
      break;
    case FileInfoClass::IdBothDirectory:
      f.ea_size = r.u32();
      if (!read_short_name(r, f)) return false;
      r.skip(2);
      f.file_id = r.u64();
      break;
    default: break;
  }
  f.name = read_name(r, name_len, coding);
  return r.ok();
}

}  // namespace

bool is_directory_class(FileInfoClass cls) { return directory_entry_fixed_size(cls) != 0; }

size_t directory_entry_fixed_size(FileInfoClass cls) {
  switch (cls) {
    case FileInfoClass::Directory: return 64;
    case FileInfoClass::FullDirectory: return 68;
    case FileInfoClass::BothDirectory: return 94;
    case FileInfoClass::IdBothDirectory: return 104;
    case FileInfoClass::IdFullDirectory: return 80;
    case FileInfoClass::Names: return 12;
    default: return 0;
  }
}

void encode_directory_entry(ByteWriter& w, FileInfoClass cls, const FileInfo& f,
                            NameCoding coding) {
  write_entry(w, cls, f, encode_name(f.name, coding));
}

Result<DirectoryListing> encode_directory_list(FileInfoClass cls, std::span<const FileInfo> entries,
                                               size_t max_size, std::vector<uint8_t>& out,
                                               NameCoding coding) {
  size_t fixed = directory_entry_fixed_size(cls);
  if (fixed == 0) return fail(NtStatus::InvalidInfoClass);
  ByteWriter w(out);
  const size_t base = out.size();
  DirectoryListing listing;
  for (const FileInfo& f : entries) {
    auto name = encode_name(f.name, coding);
    size_t start = listing.count == 0 ? 0 : (listing.bytes + 7) & ~size_t{7};
    if (start + fixed + name.size() > max_size) break;
    if (listing.count > 0) {
      w.zeros(start - listing.bytes);
      w.patch_u32(base + listing.last_entry_offset,
                  static_cast<uint32_t>(start - listing.last_entry_offset));
    }
    write_entry(w, cls, f, name);
    listing.last_entry_offset = start;
    listing.bytes = out.size() - base;
    ++listing.count;
  }
  return listing;
}

Result<std::vector<FileInfo>> decode_directory_list(FileInfoClass cls, Bytes data,
                                                    NameCoding coding) {
  if (!is_directory_class(cls)) return fail(NtStatus::InvalidInfoClass);
  std::vector<FileInfo> files;
  size_t at = 0;
  while (at < data.size()) {
    ByteReader r(data.subspan(at));
    uint32_t next = r.u32();
    FileInfo f;
    if (!read_entry(r, cls, f, coding)) return fail(NtStatus::InvalidNetworkResponse);
    // A next entry must start after this one's fixed part, inside the buffer or exactly at its
    // end (Samba's last entry points there: the list simply ends).
    if (next != 0 && (next < directory_entry_fixed_size(cls) || next > data.size() - at))
      return fail(NtStatus::InvalidNetworkResponse);
    files.push_back(std::move(f));
    if (next == 0) break;
    at += next;
  }
  return files;
}

}  // namespace smbkit::fscc
