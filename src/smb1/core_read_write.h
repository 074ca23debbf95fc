// The core protocol's reads and writes: SMB_COM_READ (0x0A, MS-CIFS 2.2.4.11), SMB_COM_WRITE
// (0x0B, 2.2.4.12) and SMB_COM_WRITE_AND_CLOSE (0x2C, 2.2.4.40). Offsets are 32-bit, counts
// 16-bit. Data is held as a view (`Bytes`) into the message it came from, or, before encode,
// into the caller's buffer, which must outlive the struct.
#pragma once

#include <cstdint>

#include "smb1/message.h"

namespace smbkit::smb1 {

// MS-CIFS 2.2.2.1 BufferFormat of a data buffer (a 16-bit length, then the bytes).
inline constexpr uint8_t kBufferFormatDataBlock = 0x01;

// MS-CIFS 2.2.4.11.1 request: WordCount 5 (FID, CountOfBytesToRead, ReadOffsetInBytes,
// EstimateOfRemainingBytesToBeRead), ByteCount 0.
struct CoreReadRequest {
  uint16_t fid = 0;
  uint16_t count = 0;
  uint32_t offset = 0;
  uint16_t remaining = 0;

  static Result<CoreReadRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.11.2 response: WordCount 5 (CountOfBytesReturned, Reserved[4]); BufferFormat
// 0x01, CountOfBytesRead, Bytes. Decode fails when the two counts disagree or the bytes are
// fewer than they say.
struct CoreReadResponse {
  Bytes data;

  static Result<CoreReadResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.12.1 request: WordCount 5 (FID, CountOfBytesToWrite, WriteOffsetInBytes,
// EstimateOfRemainingBytesToBeWritten); BufferFormat 0x01, DataLength, Data. A count of 0
// truncates or extends the file to the offset (3.3.5.14). The data block may be empty (no
// BufferFormat); decode fails when it is not, and its BufferFormat is wrong or DataLength runs
// past it. A `count` other than the data's size is kept for the server to judge.
struct CoreWriteRequest {
  uint16_t fid = 0;
  uint16_t count = 0;  // CountOfBytesToWrite as sent
  uint32_t offset = 0;
  uint16_t remaining = 0;
  Bytes data;

  static Result<CoreWriteRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.12.2 (WRITE) and 2.2.4.40.2 (WRITE_AND_CLOSE) response: WordCount 1
// (CountOfBytesWritten), ByteCount 0. `command` tells which; decode takes it from the block.
struct CoreWriteResponse {
  Command command = Command::Write;
  uint16_t count = 0;

  static Result<CoreWriteResponse> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

// MS-CIFS 2.2.4.40.1 request: WordCount 6 (FID, CountOfBytesToWrite, WriteOffsetInBytes,
// LastWriteTime as UTIME), or 12 with Reserved[3] (ULONGs) after them; data Pad (one byte),
// Data. Decode fails when the data block is shorter than 1 + CountOfBytesToWrite. `long_form`
// picks the 12-word layout for encode.
struct WriteAndCloseRequest {
  uint16_t fid = 0;
  uint32_t offset = 0;
  uint32_t last_write_time = 0;  // UTIME; 0 leaves the time to the server
  bool long_form = false;
  Bytes data;

  static Result<WriteAndCloseRequest> decode(const Block& b);
  void encode(MessageWriter& mw) const;
};

}  // namespace smbkit::smb1
