#include "smb1/codec_support.h"

#include "wire/utf16.h"

namespace smbkit::smb1 {

uint16_t sent_byte_count(const Block& b) {
  // ByteCount sits in the two bytes before the data block; read_block() checked they exist.
  return static_cast<uint16_t>(b.message[b.data_offset - 2] | (b.message[b.data_offset - 1] << 8));
}

bool block_fits(const Block& b, unsigned min_words) {
  return b.word_count >= min_words && sent_byte_count(b) == b.byte_count;
}

ByteReader andx_words_reader(const Block& b) {
  ByteReader r = b.words_reader();
  r.skip(4);
  return r;
}

bool writer_unicode(MessageWriter& mw) {
  const auto& buf = mw.writer().buffer();
  size_t header = buf.size() - mw.offset();
  uint16_t flags2 = static_cast<uint16_t>(buf[header + 10] | (buf[header + 11] << 8));
  return flags2 & kFlags2Unicode;
}

void pad_to(MessageWriter& mw, size_t alignment) {
  mw.writer().zeros((alignment - mw.offset() % alignment) % alignment);
}

Bytes read_string_bytes(ByteReader& r, bool unicode, bool aligned) {
  if (unicode && aligned) r.align(2);
  if (!r.ok()) return {};
  Bytes data = r.data();
  size_t start = r.offset();
  size_t unit = unicode ? 2 : 1;
  for (size_t i = start; i + unit <= data.size(); i += unit) {
    if (data[i] == 0 && (!unicode || data[i + 1] == 0)) {
      Bytes raw = r.bytes(i - start);
      r.skip(unit);
      return raw;
    }
  }
  r.fail();
  return {};
}

Result<std::string> string_from_wire(Bytes raw, bool unicode) {
  if (unicode) return utf16le_to_utf8(raw);
  return std::string(raw.begin(), raw.end());
}

std::string read_string(ByteReader& r, bool unicode, bool aligned) {
  Bytes raw = read_string_bytes(r, unicode, aligned);
  if (!r.ok()) return {};
  auto s = string_from_wire(raw, unicode);
  if (!s) {
    r.fail();
    return {};
  }
  return *s;
}

namespace {

// The raw bytes of a trailing string: see read_trailing_string.
Bytes trailing_string_bytes(ByteReader& r, bool unicode, bool aligned) {
  if (!r.ok()) return {};
  if (unicode && aligned) r.align(2);
  if (r.remaining() == 0) return {};
  ByteReader probe = r;
  Bytes raw = read_string_bytes(probe, unicode, false);
  if (probe.ok()) {
    r = probe;
    return raw;
  }
  // Unterminated: the string runs to the end of the block (an odd last byte is dropped).
  raw = r.rest();
  return unicode ? raw.first(raw.size() & ~size_t{1}) : raw;
}

}  // namespace

std::string read_trailing_string(ByteReader& r, bool unicode, bool aligned) {
  auto s = string_from_wire(trailing_string_bytes(r, unicode, aligned), unicode);
  return s ? *s : std::string();
}

Result<std::string> read_trailing_name(ByteReader& r, bool unicode) {
  Bytes raw = trailing_string_bytes(r, unicode, true);
  if (!r.ok()) return fail(kBadRequest);
  return string_from_wire(raw, unicode);
}

size_t write_string(MessageWriter& mw, std::string_view utf8, bool unicode, bool aligned) {
  ByteWriter& w = mw.writer();
  if (!unicode) {
    w.ascii(utf8);
    return utf8.size() + 1;
  }
  if (aligned) pad_to(mw, 2);
  return w.utf16(utf8) + 2;
}

Result<std::vector<uint8_t>> transaction_part(const Block& b, uint32_t offset, uint32_t count,
                                              NtStatus error) {
  if (count == 0) return std::vector<uint8_t>{};
  const size_t begin = b.data_offset;
  const size_t end = b.data_offset + b.byte_count;
  if (offset < begin || size_t{offset} + count > end) return fail(error);
  Bytes part = b.message.subspan(offset, count);
  return std::vector<uint8_t>(part.begin(), part.end());
}

void place_transaction_part(MessageWriter& out, const std::vector<uint8_t>& bytes,
                            size_t offset_at, size_t offset_width) {
  ByteWriter& w = out.writer();
  if (!bytes.empty()) pad_to(out, 4);
  if (offset_width == 2)
    w.patch_u16(offset_at, static_cast<uint16_t>(out.offset()));
  else
    w.patch_u32(offset_at, static_cast<uint32_t>(out.offset()));
  w.bytes(bytes);
}

}  // namespace smbkit::smb1
