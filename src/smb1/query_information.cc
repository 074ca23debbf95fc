#include "smb1/query_information.h"

#include <algorithm>

#include "smb1/codec_support.h"
#include "smb1/namespace.h"

namespace smbkit::smb1 {
namespace {

constexpr uint8_t kQueryResponseWords = 10;
constexpr uint8_t kSetRequestWords = 8;
constexpr uint8_t kDiskResponseWords = 5;
constexpr size_t kReservedWordsBytes = 10;  // Reserved[5] of QUERY and SET_INFORMATION

bool shaped(const Block& b, uint8_t words) { return b.word_count == words && block_fits(b, words); }

// BufferFormat 0x04 and the file name that ends the request.
Result<std::string> read_file_name(const Block& b) {
  ByteReader r = b.data_reader();
  if (r.u8() != kBufferFormatSmbString || !r.ok()) return fail(kBadRequest);
  return read_trailing_name(r, b.unicode);
}

void write_file_name(MessageWriter& mw, const std::string& name) {
  mw.writer().u8(kBufferFormatSmbString);
  write_string(mw, name, writer_unicode(mw));
}

uint16_t clamp16(uint64_t v) { return static_cast<uint16_t>(std::min<uint64_t>(v, 0xFFFF)); }

}  // namespace

Result<QueryInformationRequest> QueryInformationRequest::decode(const Block& b) {
  if (!shaped(b, 0)) return fail(kBadRequest);
  auto name = read_file_name(b);
  if (!name) return fail(name.error());
  return QueryInformationRequest{std::move(*name)};
}

void QueryInformationRequest::encode(MessageWriter& mw) const {
  mw.begin_block(static_cast<uint8_t>(Command::QueryInformation));
  mw.begin_data();
  write_file_name(mw, file_name);
  mw.end_block();
}

Result<QueryInformationResponse> QueryInformationResponse::decode(const Block& b) {
  if (!shaped(b, kQueryResponseWords)) return fail(kBadResponse);
  ByteReader w = b.words_reader();
  QueryInformationResponse resp;
  resp.file_attributes = w.u16();
  resp.last_write_time = w.u32();
  resp.file_size = w.u32();
  return resp;
}

void QueryInformationResponse::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::QueryInformation));
  w.u16(file_attributes);
  w.u32(last_write_time);
  w.u32(file_size);
  w.zeros(kReservedWordsBytes);
  mw.begin_data();
  mw.end_block();
}

Result<SetInformationRequest> SetInformationRequest::decode(const Block& b) {
  if (!shaped(b, kSetRequestWords)) return fail(kBadRequest);
  ByteReader w = b.words_reader();
  SetInformationRequest req;
  req.file_attributes = w.u16();
  req.last_write_time = w.u32();
  auto name = read_file_name(b);
  if (!name) return fail(name.error());
  req.file_name = std::move(*name);
  return req;
}

void SetInformationRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::SetInformation));
  w.u16(file_attributes);
  w.u32(last_write_time);
  w.zeros(kReservedWordsBytes);
  mw.begin_data();
  write_file_name(mw, file_name);
  mw.end_block();
}

Result<QueryInformationDiskRequest> QueryInformationDiskRequest::decode(const Block& b) {
  if (!shaped(b, 0) || b.byte_count != 0) return fail(kBadRequest);
  return QueryInformationDiskRequest{};
}

void QueryInformationDiskRequest::encode(MessageWriter& mw) const {
  mw.begin_block(static_cast<uint8_t>(Command::QueryInformationDisk));
  mw.begin_data();
  mw.end_block();
}

QueryInformationDiskResponse QueryInformationDiskResponse::from_fs_info(const FsInfo& fs) {
  uint64_t blocks_per_unit = std::max<uint64_t>(fs.sectors_per_allocation_unit, 1);
  uint64_t total = fs.total_allocation_units;
  uint64_t free = fs.available_allocation_units;
  while (total > 0xFFFF && blocks_per_unit * 2 <= 0xFFFF) {
    blocks_per_unit *= 2;
    total /= 2;
    free /= 2;
  }
  QueryInformationDiskResponse resp;
  resp.total_units = clamp16(total);
  resp.blocks_per_unit = clamp16(blocks_per_unit);
  resp.block_size = clamp16(fs.bytes_per_sector);
  resp.free_units = clamp16(free);
  return resp;
}

Result<QueryInformationDiskResponse> QueryInformationDiskResponse::decode(const Block& b) {
  if (!shaped(b, kDiskResponseWords)) return fail(kBadResponse);
  ByteReader w = b.words_reader();
  QueryInformationDiskResponse resp;
  resp.total_units = w.u16();
  resp.blocks_per_unit = w.u16();
  resp.block_size = w.u16();
  resp.free_units = w.u16();
  return resp;
}

void QueryInformationDiskResponse::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::QueryInformationDisk));
  w.u16(total_units);
  w.u16(blocks_per_unit);
  w.u16(block_size);
  w.u16(free_units);
  w.u16(0);  // Reserved
  mw.begin_data();
  mw.end_block();
}

}  // namespace smbkit::smb1
