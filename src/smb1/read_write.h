// SMB_COM_READ_ANDX (0x2E): MS-CIFS 2.2.4.42 with MS-SMB 2.2.4.2; SMB_COM_WRITE_ANDX (0x2F):
// MS-CIFS 2.2.4.43 with MS-SMB 2.2.4.3.
//
// The bulk data of READ_ANDX responses and WRITE_ANDX requests is located by DataOffset (from
// the header start) and DataLength(+High), and may exceed 64 KiB under CAP_LARGE_READX /
// CAP_LARGE_WRITEX, past what ByteCount can say. It is held as a view (`Bytes`), not copied:
// after decode it points into the message the Block came from, and before encode into the
// caller's buffer, which must outlive the struct.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.4.42.1 request: WordCount 10, or 12 with OffsetHigh. MS-SMB 2.2.4.2.1 makes
// Timeout a union: for a disk file on a CAP_LARGE_READX connection its low 16 bits are
// MaxCountHigh; for a named pipe it is a time-out in milliseconds.
struct ReadAndXRequest {
  uint16_t fid = 0;
  uint64_t offset = 0;
  uint16_t max_count = 0;  // MaxCountOfBytesToReturn (low 16 bits)
  uint16_t min_count = 0;
  uint32_t timeout_or_max_count_high = 0;
  uint16_t remaining = 0;
  bool large_offset = true;  // 12 words, OffsetHigh present; else `offset` must fit 32 bits

  // The bytes asked for from a disk file when CAP_LARGE_READX is in force (MS-SMB 3.2.4.4.1).
  uint32_t large_max_count() const {
    return max_count | ((timeout_or_max_count_high & 0xFFFFu) << 16);
  }

  static Result<ReadAndXRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.42.2 / MS-SMB 2.2.4.2.2 response (WordCount 12): Available,
// DataCompactionMode, DataLength, DataOffset, DataLengthHigh; data Pad, Data.
struct ReadAndXResponse {
  uint16_t available = 0;  // bytes left in a named pipe; 0xFFFF for other files (MS-CIFS)
  Bytes data;

  // Rejects DataOffset inside the header or words and DataOffset + length past the message.
  static Result<ReadAndXResponse> decode(const Block& b);
  // Writes the whole response, data included.
  void encode(MessageWriter& mw) const;
};

// Writes a READ_ANDX response up to and including the Pad, for `data_length` bytes of data the
// caller sends right after it (so file data need not be copied into the message): DataOffset
// and DataLength(+High) are filled in, and ByteCount is min(pad + data_length, 0xFFFF). The
// AndX chain must end here: nothing can be appended to this block but the data.
void encode_read_andx_response_prefix(MessageWriter& mw, uint16_t available,
                                      uint32_t data_length);

// Fills the span it is given with up to its size of file data; returns how many bytes it wrote.
using ReadInto = std::function<Result<size_t>(std::span<uint8_t>)>;

// Writes a READ_ANDX response whose data `read` puts straight into the message (no buffer in
// between): room for `max_length` bytes is made after the Pad, `read` fills what it can, and the
// lengths are set to what it returned. If `read` fails, the block is taken back out of the
// message (the caller answers with the error) and its status returned. Ends the AndX chain.
Result<uint32_t> encode_read_andx_response_in_place(MessageWriter& mw, uint16_t available,
                                                    uint32_t max_length, const ReadInto& read);

// MS-CIFS 2.2.4.43.1 WriteMode bits.
enum WriteMode : uint16_t {
  kWritethrough = 0x0001,
  kReadBytesAvailable = 0x0002,
  kRawMode = 0x0004,
  kMsgStart = 0x0008,
};

// MS-CIFS 2.2.4.43.1 request: WordCount 12, or 14 with OffsetHigh; MS-SMB 2.2.4.3.1 turns the
// reserved word before DataLength into DataLengthHigh (CAP_LARGE_WRITEX). Data: Pad, Data.
struct WriteAndXRequest {
  uint16_t fid = 0;
  uint64_t offset = 0;
  uint32_t timeout = 0;
  uint16_t write_mode = 0;
  uint16_t remaining = 0;
  bool large_offset = true;  // 14 words, OffsetHigh present; else `offset` must fit 32 bits
  Bytes data;

  // Rejects DataOffset inside the header or words and DataOffset + length past the message.
  static Result<WriteAndXRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.43.2 / MS-SMB 2.2.4.3.2 response (WordCount 6): Count, Available, CountHigh.
struct WriteAndXResponse {
  uint32_t count = 0;  // Count | CountHigh << 16
  uint16_t available = 0;

  static Result<WriteAndXResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

}  // namespace smbkit::smb1
