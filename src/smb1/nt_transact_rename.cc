#include "smb1/nt_transact_rename.h"

#include "smb1/codec_support.h"
#include "smb1/trans2.h"
#include "wire/byte_writer.h"

namespace smbkit::smb1 {

Result<NtTransactRenameRequest> NtTransactRenameRequest::decode(Bytes parameters, bool unicode) {
  ByteReader r(parameters, kBadRequest);
  NtTransactRenameRequest req;
  req.fid = r.u16();
  req.rename_flags = r.u16();
  auto name = read_parameter_string(r, unicode);
  if (!name) return fail(name.error());
  req.new_name = std::move(*name);
  return req;
}

std::vector<uint8_t> NtTransactRenameRequest::encode(bool unicode) const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u16(fid);
  w.u16(rename_flags);
  write_parameter_string(w, new_name, unicode);
  return out;
}

}  // namespace smbkit::smb1
