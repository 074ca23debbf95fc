// Helpers every SMB1 command codec uses: block shape checks, the SMB_STRING type (MS-CIFS
// 2.2.1.1) and alignment counted from the SMB header start.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "smb1/message.h"
#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::smb1 {

// The status a decoder returns for a malformed message. A server answers a malformed request
// with STATUS_INVALID_SMB (ERRSRV/ERRerror, MS-CIFS 2.2.2.4); a client reports a malformed
// response as STATUS_INVALID_NETWORK_RESPONSE.
inline constexpr NtStatus kBadRequest = NtStatus::InvalidSmb;
inline constexpr NtStatus kBadResponse = NtStatus::InvalidNetworkResponse;

// ByteCount as it was sent. parse_message() clamps a ByteCount that runs past the end of the
// message so that Block accessors stay in bounds; this reads the original from the wire.
uint16_t sent_byte_count(const Block& b);
// True when the block has at least `min_words` parameter words and the ByteCount it was sent
// with fits inside the message.
bool block_fits(const Block& b, unsigned min_words);
// Reader over the parameter words that follow the AndX block (AndXCommand, AndXReserved,
// AndXOffset). Fails (sticky) if the block has fewer than two words.
ByteReader andx_words_reader(const Block& b);

// Whether the message being written has FLAGS2_UNICODE, read back from the header it started
// with: strings in it are then UTF-16LE.
bool writer_unicode(MessageWriter& mw);
// Zero bytes up to a multiple of `alignment`, counted from the SMB header start.
void pad_to(MessageWriter& mw, size_t alignment);

// Transactions (TRANSACTION2, NT_TRANSACT): the `count` bytes at `offset` (from the header start)
// of a parameter or data part, which must lie inside the block's data bytes, else `error`. An
// empty part may carry any offset (clients leave it 0).
Result<std::vector<uint8_t>> transaction_part(const Block& b, uint32_t offset, uint32_t count,
                                              NtStatus error);
// Appends a transaction part, aligned to 4 from the header start when it is not empty, and
// patches its offset field at `offset_at` (a position in the output buffer), 2 or 4 bytes wide.
void place_transaction_part(MessageWriter& out, const std::vector<uint8_t>& bytes,
                            size_t offset_at, size_t offset_width);

// The 14 parameter words TRANSACTION and TRANSACTION2 requests share (MS-CIFS 2.2.4.33.1,
// 2.2.4.46.1), then the setup words, read into `req` (a TransRequest or a Trans2Request, which
// name these fields alike); `where` gets the parts' counts and offsets. False on a short block,
// WordCount other than 14 + SetupCount, or a count above its total.
struct TransactionPartsAt {
  uint16_t parameter_count = 0, parameter_offset = 0, data_count = 0, data_offset = 0;
};
template <class Req>
bool read_transaction_words(const Block& block, Req& req, TransactionPartsAt& where) {
  constexpr size_t kWords = 14;
  if (block.word_count < kWords) return false;
  ByteReader r = block.words_reader();
  req.total_parameter_count = r.u16();
  req.total_data_count = r.u16();
  req.max_parameter_count = r.u16();
  req.max_data_count = r.u16();
  req.max_setup_count = r.u8();
  r.skip(1);  // Reserved1
  req.flags = r.u16();
  req.timeout = r.u32();
  r.skip(2);  // Reserved2
  where.parameter_count = r.u16();
  where.parameter_offset = r.u16();
  where.data_count = r.u16();
  where.data_offset = r.u16();
  uint8_t setup_count = r.u8();
  r.skip(1);  // Reserved3
  if (!r.ok() || block.word_count != kWords + setup_count) return false;
  for (uint8_t i = 0; i < setup_count; ++i) req.setup.push_back(r.u16());
  return where.parameter_count <= req.total_parameter_count &&
         where.data_count <= req.total_data_count;
}
// Writes those words of `req` (offsets 0, patched by place_transaction_part at the positions
// returned) and its setup words.
template <class Req>
void write_transaction_words(ByteWriter& w, const Req& req, size_t& parameter_offset_at,
                             size_t& data_offset_at) {
  w.u16(req.total_parameter_count);
  w.u16(req.total_data_count);
  w.u16(req.max_parameter_count);
  w.u16(req.max_data_count);
  w.u8(req.max_setup_count);
  w.u8(0);  // Reserved1
  w.u16(req.flags);
  w.u32(req.timeout);
  w.u16(0);  // Reserved2
  w.u16(static_cast<uint16_t>(req.parameters.size()));
  parameter_offset_at = w.offset();
  w.u16(0);
  w.u16(static_cast<uint16_t>(req.data.size()));
  data_offset_at = w.offset();
  w.u16(0);
  w.u8(static_cast<uint8_t>(req.setup.size()));
  w.u8(0);  // Reserved3
  for (uint16_t s : req.setup) w.u16(s);
}

// SMB_STRING readers. `r` must count its offsets from the SMB header start, as
// Block::data_reader() does: a Unicode string is 2-byte aligned from there when `aligned`.
//
// Raw bytes of a NUL-terminated string, without the terminator (which is consumed). A missing
// terminator fails the reader.
Bytes read_string_bytes(ByteReader& r, bool unicode, bool aligned = true);
// Converts raw string bytes to UTF-8: OEM strings are taken byte for byte (ASCII in practice),
// Unicode ones from UTF-16LE. Invalid UTF-16 gives ObjectNameInvalid.
Result<std::string> string_from_wire(Bytes raw, bool unicode);
// read_string_bytes + string_from_wire; invalid UTF-16 fails the reader too.
std::string read_string(ByteReader& r, bool unicode, bool aligned = true);
// For the informational strings at the end of a block (NativeOS, NativeLanMan, ...) that real
// peers cut short or leave unterminated: nothing left gives "", a missing terminator takes the
// rest of the block, and undecodable text gives "". Never fails the reader.
std::string read_trailing_string(ByteReader& r, bool unicode, bool aligned = true);
// A file or path name at the end of the data, read as leniently as read_trailing_string, but
// undecodable UTF-16 is an error (ObjectNameInvalid), not an empty name. Fails with kBadRequest
// if the reader already failed.
Result<std::string> read_trailing_name(ByteReader& r, bool unicode);

// Writes an SMB_STRING with its terminator, padding first to 2 bytes from the header when
// Unicode and `aligned`. Returns the bytes written for the string itself, terminator included.
size_t write_string(MessageWriter& mw, std::string_view utf8, bool unicode, bool aligned = true);

}  // namespace smbkit::smb1
