#include "fscc/notify_information.h"

#include "wire/byte_writer.h"
#include "wire/utf16.h"

namespace smbkit::fscc {
namespace {

constexpr size_t kEntryFixedSize = 12;  // NextEntryOffset, Action, FileNameLength

}  // namespace

Result<std::vector<FileNotifyEntry>> decode_notify_entries(Bytes bytes, NtStatus on_error) {
  std::vector<FileNotifyEntry> out;
  size_t at = 0;
  while (at < bytes.size()) {
    ByteReader r(bytes.subspan(at));
    uint32_t next = r.u32();
    uint32_t action = r.u32();
    uint32_t name_length = r.u32();
    if (!r.ok() || name_length % 2 != 0 || name_length > r.remaining()) return fail(on_error);
    auto name = utf16le_to_utf8(r.bytes(name_length));
    if (!name) return fail(on_error);
    out.push_back({action, std::move(*name)});
    if (next == 0) break;
    // The next entry starts past this one's name, inside the buffer (so the chain ends).
    if (next < kEntryFixedSize + name_length || next >= bytes.size() - at) return fail(on_error);
    at += next;
  }
  return out;
}

std::vector<uint8_t> encode_notify_entries(const std::vector<FileNotifyEntry>& entries) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  for (size_t i = 0; i < entries.size(); ++i) {
    size_t start = out.size();
    std::vector<uint8_t> name = utf8_to_utf16le(entries[i].name);
    size_t size = (kEntryFixedSize + name.size() + 3) & ~size_t{3};
    w.u32(i + 1 < entries.size() ? static_cast<uint32_t>(size) : 0);
    w.u32(entries[i].action);
    w.u32(static_cast<uint32_t>(name.size()));
    w.bytes(name);
    w.zeros(start + size - out.size());
  }
  return out;
}

}  // namespace smbkit::fscc
