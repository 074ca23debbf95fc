// SMB2 ERROR response (MS-SMB2 2.2.2) and its error contexts (2.2.2.1).
//
// The status itself travels in the SMB2 header; this body only carries extra data. Common cases:
// - nothing to add: ByteCount 0 and one ErrorData byte of 0 (StructureSize 9 counts it; 3.3.4.4
//   "if nothing is specified, the buffer MUST be considered to be zero bytes in length"). The
//   decoder accepts the body with or without that byte.
// - STATUS_BUFFER_TOO_SMALL: ErrorData is the 4-byte minimum buffer length (2.2.2.2).
// - SMB 3.1.1 with error contexts (ErrorContextCount > 0): ErrorData is an array of
//   SMB2 ERROR Context structures, each 8-byte aligned (2.2.2.1); ByteCount covers the padding
//   between them but not after the last (3.3.5.7's example: one context of 2 data bytes gives
//   ByteCount 10).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "smb2/header.h"

namespace smbkit::smb2 {

// MS-SMB2 2.2.2.1 ErrorId.
inline constexpr uint32_t kErrorIdDefault = 0x00000000;
inline constexpr uint32_t kErrorIdShareRedirect = 0x72645253;

// MS-SMB2 2.2.2.1: ErrorDataLength, ErrorId, ErrorContextData.
struct ErrorContext {
  uint32_t error_id = kErrorIdDefault;
  std::vector<uint8_t> data;
  bool operator==(const ErrorContext&) const = default;
};

// MS-SMB2 2.2.2 (StructureSize 9): ErrorContextCount, Reserved, ByteCount, ErrorData.
// When ErrorContextCount is 0, `error_data` holds ErrorData and `contexts` is empty; otherwise
// `contexts` holds the parsed contexts and `error_data` is empty. encode() writes `contexts` when
// there are any (ErrorContextCount = their number, at most 255), else `error_data`.
struct ErrorResponse {
  std::vector<uint8_t> error_data;
  std::vector<ErrorContext> contexts;

  // The STATUS_BUFFER_TOO_SMALL body: ErrorData = the required length (2.2.2.2).
  static ErrorResponse buffer_too_small(uint32_t required_length);
  // The 4-byte length of a STATUS_BUFFER_TOO_SMALL body (plain, or as the data of a single
  // default error context), or nullopt.
  std::optional<uint32_t> required_length() const;

  // kBadRequest if the body is short, StructureSize is not 9, ByteCount runs past the message,
  // or the error contexts do not fit in ByteCount.
  static Result<ErrorResponse> decode(Bytes message);
  void encode(ByteWriter& w, size_t header_start) const;
};

// Appends the body of an ERROR response with no data: StructureSize 9, ErrorContextCount 0,
// ByteCount 0 and the single 0 byte of ErrorData.
void encode_empty_error(ByteWriter& w);

// Whether a response to `command` with `status` carries an ERROR body rather than the command's
// own (3.3.4.4): every failure does, and STATUS_PENDING interim responses too (3.3.4.2). Not
// failures: success, STATUS_MORE_PROCESSING_REQUIRED on SESSION_SETUP, STATUS_BUFFER_OVERFLOW on
// QUERY_INFO, READ and IOCTL, STATUS_NOTIFY_ENUM_DIR on CHANGE_NOTIFY. An IOCTL failing with
// STATUS_INVALID_PARAMETER may carry a copychunk response (StructureSize 49) instead: look at the
// body's StructureSize for that one.
bool is_error_response(uint16_t command, NtStatus status);

}  // namespace smbkit::smb2
