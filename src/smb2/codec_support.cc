#include "smb2/codec_support.h"

namespace smbkit::smb2 {

ByteReader body_reader(Bytes message, uint16_t structure_size) {
  ByteReader r(message, kBadRequest);
  r.seek(kHeaderSize);
  if (r.u16() != structure_size) r.fail();
  return r;
}

Result<Bytes> variable_part(Bytes message, uint64_t offset, uint64_t length, size_t fixed_end) {
  if (length == 0) return Bytes{};
  if (offset < fixed_end || offset > message.size() || length > message.size() - offset)
    return fail(kBadRequest);
  return message.subspan(static_cast<size_t>(offset), static_cast<size_t>(length));
}

Result<std::string> utf16_to_utf8(Bytes utf16) {
  if (utf16.size() % 2) return fail(NtStatus::ObjectNameInvalid);
  ByteReader r(utf16, NtStatus::ObjectNameInvalid);
  std::string s = r.utf16(utf16.size());
  if (!r.ok()) return fail(NtStatus::ObjectNameInvalid);
  return s;
}

}  // namespace smbkit::smb2
