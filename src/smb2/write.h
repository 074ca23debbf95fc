// SMB2 WRITE (0x0009): MS-SMB2 2.2.21 request, 2.2.22 response.
//
// The request's data is a view (`Bytes`), never a copy: after decode it points into the
// message, before encode into the caller's buffer, which must outlive the struct.
#pragma once

#include <cstdint>

#include "smb2/header.h"
#include "smb2/read.h"  // Channel

namespace smbkit::smb2 {

// MS-SMB2 2.2.21 Flags.
enum WriteFlags : uint32_t {
  kWriteFlagWriteThrough = 0x00000001,    // SMB2_WRITEFLAG_WRITE_THROUGH (not 2.0.2)
  kWriteFlagWriteUnbuffered = 0x00000002,  // SMB2_WRITEFLAG_WRITE_UNBUFFERED (3.0.2, 3.1.1)
};

// MS-SMB2 2.2.21: StructureSize 49, DataOffset (2), Length, Offset, FileId, Channel,
// RemainingBytes, WriteChannelInfoOffset (2), WriteChannelInfoLength (2), Flags, Buffer. The
// data (DataOffset, Length) and the channel information are each checked to lie inside the
// message, after the fixed part. WriteChannelInfoOffset has 16 bits, so channel information is
// refused after more than kMaxDataWithChannelInfo bytes of data (RDMA writes carry none inline).
struct WriteRequest {
  static constexpr uint16_t kStructureSize = 49;
  static constexpr size_t kFixedSize = 48;
  // Where encode() puts the data: right after the fixed part.
  static constexpr uint16_t kDataOffset = kHeaderSize + kFixedSize;  // 0x70
  static constexpr size_t kMaxDataWithChannelInfo = 0xFFF8 - kDataOffset;

  uint64_t offset = 0;
  FileId file_id;
  uint32_t channel = kChannelNone;
  uint32_t remaining_bytes = 0;
  uint32_t flags = 0;  // WriteFlags
  Bytes data;
  Bytes write_channel_info;  // at most 0xFFFF bytes

  static Result<WriteRequest> decode(Bytes message);
  // Data at 0x70, then the channel information 8-byte aligned (data no longer than
  // kMaxDataWithChannelInfo then); one zero byte when both are empty (the request's Buffer is
  // never empty).
  void encode(ByteWriter& w, size_t header_start) const;
};

// MS-SMB2 2.2.22: StructureSize 17, Reserved (2), Count, Remaining, WriteChannelInfoOffset (2),
// WriteChannelInfoLength (2). Remaining and the channel fields are reserved (sent as 0).
struct WriteResponse {
  static constexpr uint16_t kStructureSize = 17;

  uint32_t count = 0;

  static Result<WriteResponse> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

}  // namespace smbkit::smb2
