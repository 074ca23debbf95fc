#include "smb1/nt_transact_create.h"

#include <algorithm>

#include "smb1/codec_support.h"
#include "wire/byte_writer.h"

namespace smbkit::smb1 {

Result<NtTransactCreateRequest> NtTransactCreateRequest::decode(Bytes parameters, bool unicode) {
  ByteReader r(parameters, kBadRequest);
  NtTransactCreateRequest req;
  NtCreateAndXRequest& c = req.create;
  c.flags = r.u32();
  c.root_directory_fid = r.u32();
  c.desired_access = r.u32();
  c.allocation_size = r.u64();
  c.ext_file_attributes = r.u32();
  c.share_access = r.u32();
  c.create_disposition = r.u32();
  c.create_options = r.u32();
  req.security_descriptor_length = r.u32();
  req.ea_length = r.u32();
  uint32_t name_length = r.u32();
  c.impersonation_level = r.u32();
  c.security_flags = r.u8();
  if (!r.ok()) return fail(r.status());
  if (name_length > parameters.size() - kFixedSize) return fail(kBadRequest);
  Bytes name = parameters.subspan(kFixedSize, name_length);
  if (unicode) {
    // The Unicode name is 2-byte aligned: a pad byte follows the 53 fixed bytes. Samba's client
    // leaves it out of NameLength, smbkit's counts it: the name is the NameLength bytes after
    // the pad, as many as the parameters hold, whole UTF-16 units only.
    Bytes after_pad = parameters.subspan(kFixedSize + 1);
    name = after_pad.first(std::min<size_t>(name_length, after_pad.size()) & ~size_t{1});
    while (name.size() >= 2 && name[name.size() - 1] == 0 && name[name.size() - 2] == 0)
      name = name.first(name.size() - 2);
  } else {
    while (!name.empty() && name.back() == 0) name = name.first(name.size() - 1);
  }
  auto file_name = string_from_wire(name, unicode);
  if (!file_name) return fail(file_name.error());
  c.file_name = std::move(*file_name);
  return req;
}

std::vector<uint8_t> NtTransactCreateRequest::encode(bool unicode) const {
  std::vector<uint8_t> name;
  ByteWriter nw(name);
  if (unicode) {
    nw.u8(0);  // pad: the name starts at an odd offset of 4-byte aligned parameters
    nw.utf16(create.file_name, true);
  } else {
    nw.ascii(create.file_name, true);
  }
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u32(create.flags);
  w.u32(create.root_directory_fid);
  w.u32(create.desired_access);
  w.u64(create.allocation_size);
  w.u32(create.ext_file_attributes);
  w.u32(create.share_access);
  w.u32(create.create_disposition);
  w.u32(create.create_options);
  w.u32(security_descriptor_length);
  w.u32(ea_length);
  w.u32(static_cast<uint32_t>(name.size()));
  w.u32(create.impersonation_level);
  w.u8(create.security_flags);
  w.bytes(name);
  return out;
}

std::vector<uint8_t> encode_nt_transact_create_response(const NtCreateAndXResponse& resp) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u8(resp.oplock_level);
  w.u8(0);  // Reserved
  w.u16(resp.fid);
  w.u32(resp.create_disposition);
  w.u32(0);  // EAErrorOffset
  w.u64(resp.create_time);
  w.u64(resp.last_access_time);
  w.u64(resp.last_write_time);
  w.u64(resp.last_change_time);
  w.u32(resp.ext_file_attributes);
  w.u64(resp.allocation_size);
  w.u64(resp.end_of_file);
  w.u16(resp.resource_type);
  w.u16(resp.nm_pipe_status);
  w.u8(resp.directory);
  return out;
}

Result<NtCreateAndXResponse> decode_nt_transact_create_response(Bytes parameters) {
  ByteReader r(parameters, kBadResponse);
  NtCreateAndXResponse resp;
  resp.oplock_level = r.u8();
  r.skip(1);  // Reserved
  resp.fid = r.u16();
  resp.create_disposition = r.u32();
  r.skip(4);  // EAErrorOffset
  resp.create_time = r.u64();
  resp.last_access_time = r.u64();
  resp.last_write_time = r.u64();
  resp.last_change_time = r.u64();
  resp.ext_file_attributes = r.u32();
  resp.allocation_size = r.u64();
  resp.end_of_file = r.u64();
  resp.resource_type = r.u16();
  resp.nm_pipe_status = r.u16();
  resp.directory = r.u8();
  if (!r.ok()) return fail(r.status());
  return resp;
}

}  // namespace smbkit::smb1
