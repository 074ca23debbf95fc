#include "smb2/query_directory.h"

#include "smb2/codec_support.h"

namespace smbkit::smb2 {

Result<QueryDirectoryRequest> QueryDirectoryRequest::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  QueryDirectoryRequest req;
  req.file_information_class = r.u8();
  req.flags = r.u8();
  req.file_index = r.u32();
  req.file_id = FileId::read(r);
  uint16_t name_offset = r.u16();
  uint16_t name_length = r.u16();
  req.output_buffer_length = r.u32();
  if (!r.ok()) return fail(r.status());
  auto name = variable_part(message, name_offset, name_length, kBufferOffset);
  if (!name) return fail(name.error());
  auto utf8 = utf16_to_utf8(*name);
  if (!utf8) return fail(utf8.error());
  req.file_name = std::move(*utf8);
  return req;
}

void QueryDirectoryRequest::encode(ByteWriter& w, size_t header_start) const {
  w.u16(kStructureSize);
  w.u8(file_information_class);
  w.u8(flags);
  w.u32(file_index);
  file_id.write(w);
  size_t name_at = w.offset();
  w.u16(0);  // FileNameOffset, patched below
  w.u16(0);  // FileNameLength, patched below
  w.u32(output_buffer_length);
  size_t length = w.utf16(file_name, false);
  if (length == 0) {
    w.u8(0);  // Buffer: at least one byte
    return;
  }
  w.patch_u16(name_at, static_cast<uint16_t>(name_at + 8 - header_start));
  w.patch_u16(name_at + 2, static_cast<uint16_t>(length));
}

}  // namespace smbkit::smb2
