#include "smb2/query_info.h"

#include "smb2/codec_support.h"

namespace smbkit::smb2 {

Result<QueryInfoRequest> QueryInfoRequest::decode(Bytes message) {
  ByteReader r = body_reader(message, kStructureSize);
  QueryInfoRequest req;
  req.info_type = r.u8();
  req.file_info_class = r.u8();
  req.output_buffer_length = r.u32();
  uint16_t input_offset = r.u16();
  r.skip(2);  // Reserved
  uint32_t input_length = r.u32();
  req.additional_information = r.u32();
  req.flags = r.u32();
  req.file_id = FileId::read(r);
  if (!r.ok()) return fail(r.status());
  auto input = variable_part(message, input_offset, input_length, kBufferOffset);
  if (!input) return fail(input.error());
  req.input = *input;
  return req;
}

void QueryInfoRequest::encode(ByteWriter& w, size_t /*header_start*/) const {
  w.u16(kStructureSize);
  w.u8(info_type);
  w.u8(file_info_class);
  w.u32(output_buffer_length);
  w.u16(input.empty() ? 0 : kBufferOffset);
  w.u16(0);  // Reserved
  w.u32(static_cast<uint32_t>(input.size()));
  w.u32(additional_information);
  w.u32(flags);
  file_id.write(w);
  if (input.empty())
    w.u8(0);  // Buffer: at least one byte
  else
    w.bytes(input);
}

Result<QueryQuotaInfo> QueryQuotaInfo::decode(Bytes input) {
  ByteReader r(input, kBadRequest);
  QueryQuotaInfo q;
  q.return_single = r.u8() != 0;
  q.restart_scan = r.u8() != 0;
  r.skip(2);  // Reserved
  uint32_t sid_list_length = r.u32();
  uint32_t start_sid_length = r.u32();
  uint32_t start_sid_offset = r.u32();
  if (!r.ok()) return fail(r.status());
  Bytes sid_buffer = input.subspan(kFixedSize);
  if (sid_list_length != 0 && start_sid_length != 0) return fail(kBadRequest);
  if (sid_list_length > sid_buffer.size()) return fail(kBadRequest);
  q.sid_list = sid_buffer.first(sid_list_length);
  if (start_sid_length != 0) {
    if (start_sid_offset > sid_buffer.size() ||
        start_sid_length > sid_buffer.size() - start_sid_offset)
      return fail(kBadRequest);
    q.start_sid = sid_buffer.subspan(start_sid_offset, start_sid_length);
  }
  return q;
}

void QueryQuotaInfo::encode(ByteWriter& w) const {
  w.u8(return_single ? 1 : 0);
  w.u8(restart_scan ? 1 : 0);
  w.u16(0);  // Reserved
  if (!sid_list.empty()) {
    w.u32(static_cast<uint32_t>(sid_list.size()));
    w.u32(0);  // StartSidLength
    w.u32(0);  // StartSidOffset
    w.bytes(sid_list);
  } else {
    w.u32(0);  // SidListLength
    w.u32(static_cast<uint32_t>(start_sid.size()));
    w.u32(0);  // StartSidOffset: the SID starts the SidBuffer
    w.bytes(start_sid);
  }
}

}  // namespace smbkit::smb2
