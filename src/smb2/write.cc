#include "smb2/write.h"

#include "smb2/codec_support.h"

namespace smbkit::smb2 {

Result<WriteRequest> WriteRequest::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  uint16_t data_offset = r.u16();
  uint32_t length = r.u32();
  WriteRequest req;
  req.offset = r.u64();
  req.file_id = FileId::read(r);
  req.channel = r.u32();
  req.remaining_bytes = r.u32();
  uint16_t info_offset = r.u16();
  uint16_t info_length = r.u16();
  req.flags = r.u32();
  if (!r.ok()) return fail(r.status());
  constexpr size_t fixed_end = kHeaderSize + kFixedSize;
  auto data = variable_part(message, data_offset, length, fixed_end);
  if (!data) return fail(data.error());
  auto info = variable_part(message, info_offset, info_length, fixed_end);
  if (!info) return fail(info.error());
  if (!info->empty() && data->size() > kMaxDataWithChannelInfo) return fail(kBadRequest);
  req.data = *data;
  req.write_channel_info = *info;
  return req;
}

void WriteRequest::encode(ByteWriter& w, size_t header_start) const {
  w.u16(kStructureSize);
  w.u16(kDataOffset);  // also for no data: some servers insist on 0x70
  w.u32(static_cast<uint32_t>(data.size()));
  w.u64(offset);
  file_id.write(w);
  w.u32(channel);
  w.u32(remaining_bytes);
  size_t info_at = w.offset();
  w.u16(0);  // WriteChannelInfoOffset, patched below
  w.u16(static_cast<uint16_t>(write_channel_info.size()));
  w.u32(flags);
  w.bytes(data);
  if (!write_channel_info.empty()) {
    pad8(w, header_start);
    w.patch_u16(info_at, static_cast<uint16_t>(w.offset() - header_start));
    w.bytes(write_channel_info);
  }
  if (data.empty() && write_channel_info.empty()) w.u8(0);  // Buffer: at least one byte
}

Result<WriteResponse> WriteResponse::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  r.skip(2);  // Reserved
  WriteResponse resp;
  resp.count = r.u32();
  r.skip(4 + 2 + 2);  // Remaining, WriteChannelInfoOffset, WriteChannelInfoLength
  if (!r.ok()) return fail(r.status());
  return resp;
}

void WriteResponse::encode(ByteWriter& w, size_t /*header_start*/) const {
  w.u16(kStructureSize);
  w.u16(0);  // Reserved
  w.u32(count);
  w.u32(0);  // Remaining
  w.u16(0);  // WriteChannelInfoOffset
  w.u16(0);  // WriteChannelInfoLength
}

}  // namespace smbkit::smb2
