#include "smb2/ioctl.h"

#include <algorithm>

#include "smb2/codec_support.h"

namespace smbkit::smb2 {
namespace {

std::array<uint8_t, 16> read_guid(ByteReader& r) {
  std::array<uint8_t, 16> guid{};
  Bytes b = r.bytes(guid.size());
  if (r.ok()) std::copy(b.begin(), b.end(), guid.begin());
  return guid;
}

}  // namespace

Result<IoctlRequest> IoctlRequest::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  r.skip(2);  // Reserved
  IoctlRequest req;
  req.ctl_code = r.u32();
  req.file_id = FileId::read(r);
  uint32_t input_offset = r.u32();
  uint32_t input_count = r.u32();
  req.max_input_response = r.u32();
  uint32_t output_offset = r.u32();
  uint32_t output_count = r.u32();
  req.max_output_response = r.u32();
  req.flags = r.u32();
  r.skip(4);  // Reserved2
  if (!r.ok()) return fail(r.status());
  auto input = variable_part(message, input_offset, input_count, kBufferOffset);
  if (!input) return fail(input.error());
  auto output = variable_part(message, output_offset, output_count, kBufferOffset);
  if (!output) return fail(output.error());
  req.input = *input;
  req.output = *output;
  return req;
}

void IoctlRequest::encode(ByteWriter& w, size_t header_start) const {
  w.u16(kStructureSize);
  w.u16(0);  // Reserved
  w.u32(ctl_code);
  file_id.write(w);
  w.u32(kBufferOffset);  // InputOffset
  w.u32(static_cast<uint32_t>(input.size()));
  w.u32(max_input_response);
  size_t output_offset_at = w.offset();
  w.u32(0);  // OutputOffset, patched below
  w.u32(static_cast<uint32_t>(output.size()));
  w.u32(max_output_response);
  w.u32(flags);
  w.u32(0);  // Reserved2
  w.bytes(input);
  if (!output.empty()) {
    pad8(w, header_start);
    w.patch_u32(output_offset_at, static_cast<uint32_t>(w.offset() - header_start));
    w.bytes(output);
  }
  if (input.empty() && output.empty()) w.u8(0);  // Buffer
}

Result<IoctlResponse> IoctlResponse::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  r.skip(2);  // Reserved
  IoctlResponse resp;
  resp.ctl_code = r.u32();
  resp.file_id = FileId::read(r);
  uint32_t input_offset = r.u32();
  uint32_t input_count = r.u32();
  uint32_t output_offset = r.u32();
  uint32_t output_count = r.u32();
  r.skip(4 + 4);  // Flags, Reserved2
  if (!r.ok()) return fail(r.status());
  auto input = variable_part(message, input_offset, input_count, kBufferOffset);
  if (!input) return fail(input.error());
  auto output = variable_part(message, output_offset, output_count, kBufferOffset);
  if (!output) return fail(output.error());
  resp.input = *input;
  resp.output = *output;
  return resp;
}

void IoctlResponse::encode(ByteWriter& w, size_t header_start) const {
  w.u16(kStructureSize);
  w.u16(0);  // Reserved
  w.u32(ctl_code);
  file_id.write(w);
  w.u32(kBufferOffset);  // InputOffset
  w.u32(static_cast<uint32_t>(input.size()));
  size_t output_offset_at = w.offset();
  w.u32(0);  // OutputOffset, patched below
  w.u32(static_cast<uint32_t>(output.size()));
  w.u32(0);  // Flags
  w.u32(0);  // Reserved2
  w.bytes(input);
  if (!output.empty()) {
    pad8(w, header_start);
    w.patch_u32(output_offset_at, static_cast<uint32_t>(w.offset() - header_start));
    w.bytes(output);
  }
  if (input.empty() && output.empty()) w.u8(0);  // Buffer
}

Result<ValidateNegotiateInfoRequest> ValidateNegotiateInfoRequest::decode(Bytes input) {
  ByteReader r(input, kBadRequest);
  ValidateNegotiateInfoRequest req;
  req.capabilities = r.u32();
  req.guid = read_guid(r);
  req.security_mode = r.u16();
  uint16_t count = r.u16();
  if (!r.ok() || r.remaining() < size_t{count} * 2) return fail(kBadRequest);
  req.dialects.resize(count);
  for (uint16_t& d : req.dialects) d = r.u16();
  return req;
}

void ValidateNegotiateInfoRequest::encode(ByteWriter& w) const {
  w.u32(capabilities);
  w.bytes(guid);
  w.u16(security_mode);
  w.u16(static_cast<uint16_t>(dialects.size()));
  for (uint16_t d : dialects) w.u16(d);
}

Result<ValidateNegotiateInfoResponse> ValidateNegotiateInfoResponse::decode(Bytes output) {
  ByteReader r(output, kBadRequest);
  ValidateNegotiateInfoResponse resp;
  resp.capabilities = r.u32();
  resp.guid = read_guid(r);
  resp.security_mode = r.u16();
  resp.dialect = r.u16();
  if (!r.ok()) return fail(r.status());
  return resp;
}

void ValidateNegotiateInfoResponse::encode(ByteWriter& w) const {
  w.u32(capabilities);
  w.bytes(guid);
  w.u16(security_mode);
  w.u16(dialect);
}

void encode_network_interface_info(ByteWriter& w, std::span<const NetworkInterfaceInfo> list) {
  for (size_t i = 0; i < list.size(); ++i) {
    const NetworkInterfaceInfo& info = list[i];
    size_t start = w.offset();
    w.u32(i + 1 < list.size() ? uint32_t{NetworkInterfaceInfo::kSize} : 0);  // Next
    w.u32(info.if_index);
    w.u32(info.capability);
    w.u32(0);  // Reserved
    w.u64(info.link_speed);
    // SOCKADDR_STORAGE (2.2.32.5.1): Family, then SOCKADDR_IN or SOCKADDR_IN6.
    if (info.ipv6) {
      w.u16(NetworkInterfaceInfo::kFamilyInet6);
      w.u16(0);  // Port
      w.u32(0);  // FlowInfo
      w.bytes(info.address);
      w.u32(0);  // ScopeId
    } else {
      w.u16(NetworkInterfaceInfo::kFamilyInet);
      w.u16(0);  // Port
      w.bytes(Bytes(info.address).first(4));
      w.zeros(8);  // Reserved
    }
    w.zeros(start + NetworkInterfaceInfo::kSize - w.offset());  // the rest of the 128 bytes
  }
}

Result<std::vector<NetworkInterfaceInfo>> decode_network_interface_info(Bytes output) {
  std::vector<NetworkInterfaceInfo> list;
  size_t pos = 0;
  for (;;) {
    if (output.size() - pos < NetworkInterfaceInfo::kSize) return fail(kBadRequest);
    ByteReader r(output.subspan(pos, NetworkInterfaceInfo::kSize), kBadRequest);
    uint32_t next = r.u32();
    NetworkInterfaceInfo info;
    info.if_index = r.u32();
    info.capability = r.u32();
    r.skip(4);  // Reserved
    info.link_speed = r.u64();
    uint16_t family = r.u16();
    r.skip(2);  // Port
    if (family == NetworkInterfaceInfo::kFamilyInet) {
      Bytes a = r.bytes(4);
      std::copy(a.begin(), a.end(), info.address.begin());
    } else if (family == NetworkInterfaceInfo::kFamilyInet6) {
      info.ipv6 = true;
      r.skip(4);  // FlowInfo
      Bytes a = r.bytes(16);
      std::copy(a.begin(), a.end(), info.address.begin());
    } else {
      return fail(kBadRequest);
    }
    if (!r.ok()) return fail(r.status());
    list.push_back(info);
    if (next == 0) return list;
    // Each Next moves forward by at least one entry, so the chain cannot loop.
    if (next < NetworkInterfaceInfo::kSize || next % 8 || next > output.size() - pos)
      return fail(kBadRequest);
    pos += next;
  }
}

}  // namespace smbkit::smb2
