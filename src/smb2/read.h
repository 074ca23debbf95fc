// SMB2 READ (0x0008): MS-SMB2 2.2.19 request, 2.2.20 response.
//
// The response's data is a view (`Bytes`): after decode it points into the message, before
// encode into the caller's buffer. A server that sends file data with sendfile() writes only the
// 16-byte body with encode_read_response_body() and sends the DataLength bytes after it.
#pragma once

#include <cstdint>

#include "smb2/header.h"

namespace smbkit::smb2 {

// MS-SMB2 2.2.19 Flags (SMB 3.0.2 and 3.1.1; reserved before).
enum ReadFlags : uint8_t {
  kReadFlagReadUnbuffered = 0x01,     // SMB2_READFLAG_READ_UNBUFFERED
  kReadFlagRequestCompressed = 0x02,  // SMB2_READFLAG_REQUEST_COMPRESSED (3.1.1)
};

// MS-SMB2 2.2.19 / 2.2.21 Channel (SMB 3.x; reserved before).
enum Channel : uint32_t {
  kChannelNone = 0x00000000,
  kChannelRdmaV1 = 0x00000001,
  kChannelRdmaV1Invalidate = 0x00000002,
  kChannelRdmaTransform = 0x00000003,  // WRITE only
};

// MS-SMB2 2.2.19: StructureSize 49, Padding (1), Flags (1), Length, Offset, FileId,
// MinimumCount, Channel, RemainingBytes, ReadChannelInfoOffset (2), ReadChannelInfoLength (2),
// Buffer. The channel information is checked to lie inside the message, after the fixed part.
struct ReadRequest {
  static constexpr uint16_t kStructureSize = 49;
  static constexpr size_t kFixedSize = 48;

  uint8_t padding = 0;  // where the client would like the data, from the header start
  uint8_t flags = 0;    // ReadFlags
  uint32_t length = 0;
  uint64_t offset = 0;
  FileId file_id;
  uint32_t minimum_count = 0;
  uint32_t channel = kChannelNone;
  uint32_t remaining_bytes = 0;
  Bytes read_channel_info;  // at most 0xFFFF bytes

  static Result<ReadRequest> decode(Bytes message);
  // Writes the channel information (if any) right after the fixed part, else one zero byte
  // (the request's Buffer is never empty).
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.20 Reserved2/Flags (3.1.1).
enum ReadResponseFlags : uint32_t {
  kReadFlagResponseNone = 0x00000000,
  kReadFlagResponseRdmaTransform = 0x00000001,
};

// Where the data of a response starts when it follows the 16-byte body at once.
inline constexpr uint8_t kReadResponseDataOffset = kHeaderSize + 16;  // 0x50

// MS-SMB2 2.2.20: StructureSize 17, DataOffset (1), Reserved (1), DataLength, DataRemaining,
// Reserved2/Flags, Buffer. DataOffset/DataLength are checked to lie inside the message, after
// the body's 16 bytes.
struct ReadResponse {
  static constexpr uint16_t kStructureSize = 17;
  static constexpr size_t kFixedSize = 16;

  uint32_t data_remaining = 0;
  uint32_t flags = 0;  // ReadResponseFlags
  Bytes data;          // at most 0xFFFFFFFF bytes

  static Result<ReadResponse> decode(Bytes message);
  // Writes the body and copies the data after it (DataOffset 0x50). Empty data is written as
  // DataOffset 0x50, DataLength 0 and one zero byte of Buffer.
  void encode(ByteWriter& w, size_t header_start) const;
};

// Writes the 16 bytes of a READ response body for `data_length` bytes of data that the caller
// sends right after them (DataOffset 0x50): the message is the header, this body and the data.
// Nothing else may follow; the NextCommand of a compound counts the data too.
void encode_read_response_body(ByteWriter& w, uint32_t data_length, uint32_t data_remaining = 0,
                               uint32_t flags = 0);

}  // namespace smbkit::smb2
