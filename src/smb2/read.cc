#include "smb2/read.h"

#include "smb2/codec_support.h"

namespace smbkit::smb2 {

Result<ReadRequest> ReadRequest::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  ReadRequest req;
  req.padding = r.u8();
  req.flags = r.u8();
  req.length = r.u32();
  req.offset = r.u64();
  req.file_id = FileId::read(r);
  req.minimum_count = r.u32();
  req.channel = r.u32();
  req.remaining_bytes = r.u32();
  uint16_t info_offset = r.u16();
  uint16_t info_length = r.u16();
  if (!r.ok()) return fail(r.status());
  auto info = variable_part(message, info_offset, info_length, kHeaderSize + kFixedSize);
  if (!info) return fail(info.error());
  req.read_channel_info = *info;
  return req;
}

void ReadRequest::encode(ByteWriter& w, size_t header_start) const {
  w.u16(kStructureSize);
  w.u8(padding);
  w.u8(flags);
  w.u32(length);
  w.u64(offset);
  file_id.write(w);
  w.u32(minimum_count);
  w.u32(channel);
  w.u32(remaining_bytes);
  if (read_channel_info.empty()) {
    w.u16(0);  // ReadChannelInfoOffset
    w.u16(0);  // ReadChannelInfoLength
    w.u8(0);   // Buffer: at least one byte
    return;
  }
  w.u16(static_cast<uint16_t>(w.offset() + 4 - header_start));
  w.u16(static_cast<uint16_t>(read_channel_info.size()));
  w.bytes(read_channel_info);
}

Result<ReadResponse> ReadResponse::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  uint8_t data_offset = r.u8();
  r.skip(1);  // Reserved
  uint32_t data_length = r.u32();
  ReadResponse resp;
  resp.data_remaining = r.u32();
  resp.flags = r.u32();
  if (!r.ok()) return fail(r.status());
  auto data = variable_part(message, data_offset, data_length, kHeaderSize + kFixedSize);
  if (!data) return fail(data.error());
  resp.data = *data;
  return resp;
}

void encode_read_response_body(ByteWriter& w, uint32_t data_length, uint32_t data_remaining,
                               uint32_t flags) {
  w.u16(ReadResponse::kStructureSize);
  w.u8(kReadResponseDataOffset);
  w.u8(0);  // Reserved
  w.u32(data_length);
  w.u32(data_remaining);
  w.u32(flags);
}

void ReadResponse::encode(ByteWriter& w, size_t /*header_start*/) const {
  encode_read_response_body(w, static_cast<uint32_t>(data.size()), data_remaining, flags);
  if (data.empty())
    w.u8(0);  // Buffer: at least one byte
  else
    w.bytes(data);
}

}  // namespace smbkit::smb2
