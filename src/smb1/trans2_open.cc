#include "smb1/trans2_open.h"

#include "smb1/codec_support.h"
#include "smb1/trans2.h"
#include "wire/byte_writer.h"

namespace smbkit::smb1 {

Result<Open2Request> Open2Request::decode(Bytes parameters, bool unicode) {
  ByteReader r(parameters, kBadRequest);
  Open2Request req;
  req.flags = r.u16();
  req.access_mode = r.u16();
  r.skip(2);  // Reserved1
  req.file_attributes = r.u16();
  req.creation_time = r.u32();
  req.open_mode = r.u16();
  req.allocation_size = r.u32();
  r.skip(10);  // Reserved[5]
  auto name = read_parameter_string(r, unicode);
  if (!name) return fail(name.error());
  req.file_name = std::move(*name);
  return req;
}

std::vector<uint8_t> Open2Request::encode(bool unicode) const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u16(flags);
  w.u16(access_mode);
  w.u16(0);  // Reserved1
  w.u16(file_attributes);
  w.u32(creation_time);
  w.u16(open_mode);
  w.u32(allocation_size);
  w.zeros(10);  // Reserved[5]
  write_parameter_string(w, file_name, unicode);
  return out;
}

Result<Open2ResponseParameters> Open2ResponseParameters::decode(Bytes parameters) {
  ByteReader r(parameters, kBadResponse);
  Open2ResponseParameters p;
  p.fid = r.u16();
  p.file_attributes = r.u16();
  p.creation_time = r.u32();
  p.file_data_size = r.u32();
  p.access_mode = r.u16();
  p.resource_type = r.u16();
  p.nm_pipe_status = r.u16();
  p.action_taken = r.u16();
  r.skip(4);  // Reserved
  p.ea_error_offset = r.u16();
  p.ea_length = r.u32();
  if (!r.ok()) return fail(r.status());
  return p;
}

std::vector<uint8_t> Open2ResponseParameters::encode() const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u16(fid);
  w.u16(file_attributes);
  w.u32(creation_time);
  w.u32(file_data_size);
  w.u16(access_mode);
  w.u16(resource_type);
  w.u16(nm_pipe_status);
  w.u16(action_taken);
  w.u32(0);  // Reserved
  w.u16(ea_error_offset);
  w.u32(ea_length);
  return out;
}

Result<CreateDirectory2Request> CreateDirectory2Request::decode(Bytes parameters, bool unicode) {
  ByteReader r(parameters, kBadRequest);
  r.skip(4);  // Reserved
  auto name = read_parameter_string(r, unicode);
  if (!name) return fail(name.error());
  return CreateDirectory2Request{std::move(*name)};
}

std::vector<uint8_t> CreateDirectory2Request::encode(bool unicode) const {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u32(0);  // Reserved
  write_parameter_string(w, directory_name, unicode);
  return out;
}

}  // namespace smbkit::smb1
