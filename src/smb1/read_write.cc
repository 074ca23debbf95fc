#include "smb1/read_write.h"

#include <algorithm>

#include "smb1/codec_support.h"

namespace smbkit::smb1 {
namespace {

constexpr uint8_t kRead = static_cast<uint8_t>(Command::ReadAndX);
constexpr uint8_t kWrite = static_cast<uint8_t>(Command::WriteAndX);
constexpr uint8_t kReadRequestWords = 10;
constexpr uint8_t kReadRequestLargeWords = 12;
constexpr uint8_t kReadResponseWords = 12;
constexpr uint8_t kWriteRequestWords = 12;
constexpr uint8_t kWriteRequestLargeWords = 14;
constexpr uint8_t kWriteResponseWords = 6;

// The data a DataOffset/length pair names, if it lies after the block's parameter words
// (DataOffset counts from the header start) and inside the message.
bool locate_data(const Block& b, size_t offset, size_t length, Bytes& out) {
  if (length == 0) {
    out = {};
    return true;
  }
  if (offset < b.data_offset || offset > b.message.size() || length > b.message.size() - offset)
    return false;
  out = b.message.subspan(offset, length);
  return true;
}

// Where begin_read_response left the fields that depend on the data's length.
struct ReadResponseFields {
  size_t data_length_at;       // DataLength (low 16 bits)
  size_t data_length_high_at;  // DataLengthHigh
  size_t byte_count_at;
  size_t pad;  // bytes between ByteCount and the data
};

// Writes a READ_ANDX response's words, ByteCount and Pad, leaving the writer where the data
// goes, and ends the block (ByteCount set for `data_length` bytes to follow).
ReadResponseFields begin_read_response(MessageWriter& mw, uint16_t available,
                                       uint32_t data_length) {
  ByteWriter& w = mw.begin_block(kRead);
  w.u16(available);
  w.u16(0);  // DataCompactionMode
  w.u16(0);  // Reserved1
  ReadResponseFields f{};
  f.data_length_at = w.offset();
  w.u16(0);  // DataLength, set below
  size_t data_offset_at = w.offset();
  w.u16(0);  // DataOffset, patched below
  f.data_length_high_at = w.offset();
  w.u16(0);    // DataLengthHigh, set below
  w.zeros(8);  // Reserved2
  mw.begin_data();
  f.byte_count_at = w.offset() - 2;
  pad_to(mw, 2);
  w.patch_u16(data_offset_at, static_cast<uint16_t>(mw.offset()));
  f.pad = w.offset() - f.byte_count_at - 2;
  mw.end_block();
  return f;
}

// DataLength(+High) and ByteCount for `data_length` bytes of data.
void set_read_response_length(ByteWriter& w, const ReadResponseFields& f, uint32_t data_length) {
  w.patch_u16(f.data_length_at, static_cast<uint16_t>(data_length));
  w.patch_u16(f.data_length_high_at, static_cast<uint16_t>(data_length >> 16));
  w.patch_u16(f.byte_count_at, static_cast<uint16_t>(std::min<size_t>(f.pad + data_length, 0xFFFF)));
}

}  // namespace

Result<ReadAndXRequest> ReadAndXRequest::decode(const Block& b) {
  if ((b.word_count != kReadRequestWords && b.word_count != kReadRequestLargeWords) ||
      !block_fits(b, kReadRequestWords))
    return fail(kBadRequest);
  ByteReader w = andx_words_reader(b);
  ReadAndXRequest req;
  req.fid = w.u16();
  req.offset = w.u32();
  req.max_count = w.u16();
  req.min_count = w.u16();
  req.timeout_or_max_count_high = w.u32();
  req.remaining = w.u16();
  req.large_offset = b.word_count == kReadRequestLargeWords;
  if (req.large_offset) req.offset |= uint64_t{w.u32()} << 32;
  if (!w.ok()) return fail(kBadRequest);
  return req;
}

void ReadAndXRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(kRead);
  w.u16(fid);
  w.u32(static_cast<uint32_t>(offset));
  w.u16(max_count);
  w.u16(min_count);
  w.u32(timeout_or_max_count_high);
  w.u16(remaining);
  if (large_offset) w.u32(static_cast<uint32_t>(offset >> 32));
  mw.begin_data();
  mw.end_block();
}

Result<ReadAndXResponse> ReadAndXResponse::decode(const Block& b) {
  // ByteCount is not checked: with CAP_LARGE_READX it cannot hold the data length, which the
  // words carry instead.
  if (b.word_count != kReadResponseWords) return fail(kBadResponse);
  ByteReader w = andx_words_reader(b);
  ReadAndXResponse resp;
  resp.available = w.u16();
  w.u16();  // DataCompactionMode
  w.u16();  // Reserved1
  uint32_t length = w.u16();
  uint16_t offset = w.u16();
  length |= uint32_t{w.u16()} << 16;  // DataLengthHigh
  if (!w.ok() || !locate_data(b, offset, length, resp.data)) return fail(kBadResponse);
  return resp;
}

void ReadAndXResponse::encode(MessageWriter& mw) const {
  encode_read_andx_response_prefix(mw, available, static_cast<uint32_t>(data.size()));
  mw.writer().bytes(data);
}

void encode_read_andx_response_prefix(MessageWriter& mw, uint16_t available,
                                      uint32_t data_length) {
  ReadResponseFields f = begin_read_response(mw, available, data_length);
  set_read_response_length(mw.writer(), f, data_length);
}

Result<uint32_t> encode_read_andx_response_in_place(MessageWriter& mw, uint16_t available,
                                                    uint32_t max_length, const ReadInto& read) {
  ReadResponseFields f = begin_read_response(mw, available, max_length);
  std::vector<uint8_t>& out = mw.buffer();
  size_t data_at = out.size();
  out.resize(data_at + max_length);
  auto n = read(std::span<uint8_t>(out).subspan(data_at, max_length));
  if (!n || *n > max_length) {
    mw.abandon_block();
    return fail(n ? NtStatus::InternalError : n.error());
  }
  out.resize(data_at + *n);
  set_read_response_length(mw.writer(), f, static_cast<uint32_t>(*n));
  return static_cast<uint32_t>(*n);
}

Result<WriteAndXRequest> WriteAndXRequest::decode(const Block& b) {
  // ByteCount is not checked: the words locate the data, which can exceed what it can say.
  if (b.word_count != kWriteRequestWords && b.word_count != kWriteRequestLargeWords)
    return fail(kBadRequest);
  ByteReader w = andx_words_reader(b);
  WriteAndXRequest req;
  req.fid = w.u16();
  req.offset = w.u32();
  req.timeout = w.u32();
  req.write_mode = w.u16();
  req.remaining = w.u16();
  uint32_t length = uint32_t{w.u16()} << 16;  // DataLengthHigh
  length |= w.u16();                           // DataLength
  uint16_t data_offset = w.u16();
  req.large_offset = b.word_count == kWriteRequestLargeWords;
  if (req.large_offset) req.offset |= uint64_t{w.u32()} << 32;
  if (!w.ok() || !locate_data(b, data_offset, length, req.data)) return fail(kBadRequest);
  return req;
}

void WriteAndXRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(kWrite);
  w.u16(fid);
  w.u32(static_cast<uint32_t>(offset));
  w.u32(timeout);
  w.u16(write_mode);
  w.u16(remaining);
  w.u16(static_cast<uint16_t>(data.size() >> 16));  // DataLengthHigh
  w.u16(static_cast<uint16_t>(data.size()));
  size_t data_offset_at = w.offset();
  w.u16(0);  // DataOffset, patched below
  if (large_offset) w.u32(static_cast<uint32_t>(offset >> 32));
  mw.begin_data();
  pad_to(mw, 2);
  w.patch_u16(data_offset_at, static_cast<uint16_t>(mw.offset()));
  w.bytes(data);
  mw.end_block();
}

Result<WriteAndXResponse> WriteAndXResponse::decode(const Block& b) {
  if (!block_fits(b, kWriteResponseWords)) return fail(kBadResponse);
  ByteReader w = andx_words_reader(b);
  WriteAndXResponse resp;
  resp.count = w.u16();
  resp.available = w.u16();
  resp.count |= uint32_t{w.u16()} << 16;  // CountHigh
  if (!w.ok()) return fail(kBadResponse);
  return resp;
}

void WriteAndXResponse::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(kWrite);
  w.u16(static_cast<uint16_t>(count));
  w.u16(available);
  w.u16(static_cast<uint16_t>(count >> 16));
  w.u16(0);  // Reserved
  mw.begin_data();
  mw.end_block();
}

}  // namespace smbkit::smb1
