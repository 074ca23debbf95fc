#include "smb1/core_read_write.h"

#include "smb1/codec_support.h"

namespace smbkit::smb1 {
namespace {

bool shaped(const Block& b, uint8_t words) { return b.word_count == words && block_fits(b, words); }

}  // namespace

Result<CoreReadRequest> CoreReadRequest::decode(const Block& b) {
  if (!shaped(b, 5)) return fail(kBadRequest);
  ByteReader w = b.words_reader();
  CoreReadRequest req;
  req.fid = w.u16();
  req.count = w.u16();
  req.offset = w.u32();
  req.remaining = w.u16();
  return req;
}

void CoreReadRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::Read));
  w.u16(fid);
  w.u16(count);
  w.u32(offset);
  w.u16(remaining);
  mw.begin_data();
  mw.end_block();
}

Result<CoreReadResponse> CoreReadResponse::decode(const Block& b) {
  if (!shaped(b, 5)) return fail(kBadResponse);
  uint16_t returned = b.words_reader().u16();
  ByteReader r = b.data_reader();
  uint8_t format = r.u8();
  uint16_t length = r.u16();
  Bytes data = r.bytes(length);
  if (!r.ok() || format != kBufferFormatDataBlock || length != returned)
    return fail(kBadResponse);
  return CoreReadResponse{data};
}

void CoreReadResponse::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::Read));
  w.u16(static_cast<uint16_t>(data.size()));
  w.zeros(8);  // Reserved[4]
  mw.begin_data();
  mw.writer().u8(kBufferFormatDataBlock);
  mw.writer().u16(static_cast<uint16_t>(data.size()));
  mw.writer().bytes(data);
  mw.end_block();
}

Result<CoreWriteRequest> CoreWriteRequest::decode(const Block& b) {
  if (!shaped(b, 5)) return fail(kBadRequest);
  ByteReader w = b.words_reader();
  CoreWriteRequest req;
  req.fid = w.u16();
  req.count = w.u16();
  req.offset = w.u32();
  req.remaining = w.u16();
  if (b.byte_count == 0) return req;  // no data block at all
  ByteReader r = b.data_reader();
  uint8_t format = r.u8();
  uint16_t length = r.u16();
  req.data = r.bytes(length);
  if (!r.ok() || format != kBufferFormatDataBlock) return fail(kBadRequest);
  return req;
}

void CoreWriteRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::Write));
  w.u16(fid);
  w.u16(count);
  w.u32(offset);
  w.u16(remaining);
  mw.begin_data();
  mw.writer().u8(kBufferFormatDataBlock);
  mw.writer().u16(static_cast<uint16_t>(data.size()));
  mw.writer().bytes(data);
  mw.end_block();
}

Result<CoreWriteResponse> CoreWriteResponse::decode(const Block& b) {
  // WRITE and WRITE_AND_CLOSE share the layout; the command travels in the struct.
  bool write_command = b.command == static_cast<uint8_t>(Command::Write) ||
                       b.command == static_cast<uint8_t>(Command::WriteAndClose);
  if (!write_command || !shaped(b, 1)) return fail(kBadResponse);
  return CoreWriteResponse{static_cast<Command>(b.command), b.words_reader().u16()};
}

void CoreWriteResponse::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(command));
  w.u16(count);
  mw.begin_data();
  mw.end_block();
}

Result<WriteAndCloseRequest> WriteAndCloseRequest::decode(const Block& b) {
  if ((b.word_count != 6 && b.word_count != 12) || !block_fits(b, b.word_count))
    return fail(kBadRequest);
  ByteReader w = b.words_reader();
  WriteAndCloseRequest req;
  req.fid = w.u16();
  uint16_t count = w.u16();
  req.offset = w.u32();
  req.last_write_time = w.u32();
  req.long_form = b.word_count == 12;
  ByteReader r = b.data_reader();
  r.u8();  // Pad
  req.data = r.bytes(count);
  if (!r.ok()) return fail(kBadRequest);
  return req;
}

void WriteAndCloseRequest::encode(MessageWriter& mw) const {
  ByteWriter& w = mw.begin_block(static_cast<uint8_t>(Command::WriteAndClose));
  w.u16(fid);
  w.u16(static_cast<uint16_t>(data.size()));
  w.u32(offset);
  w.u32(last_write_time);
  if (long_form) w.zeros(12);  // Reserved[3]
  mw.begin_data();
  mw.writer().u8(0);  // Pad
  mw.writer().bytes(data);
  mw.end_block();
}

}  // namespace smbkit::smb1
