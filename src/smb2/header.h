// SMB2 packet header (MS-SMB2 2.2.1.1 async, 2.2.1.2 sync) and the protocol's constants.
//
// Codec conventions for every SMB2 command (src/smb2/<command>.{h,cc}):
// - A message is one SMB2 header (64 bytes) followed by its body. In a compound each message
//   ends where the next one's NextCommand says (compound.h splits them).
// - Every offset field of a body counts from the start of its own SMB2 header, so decoders take
//   the whole message: `static Result<T> decode(Bytes message)` reads the body at kHeaderSize,
//   and checks every offset/length pair to lie inside `message`.
// - Encoders append a body to a buffer that already holds this message's header at
//   `header_start`: `void encode(ByteWriter& w, size_t header_start) const`; offsets they write
//   count from header_start.
// - A decoder fails with kBadRequest (server side; STATUS_INVALID_PARAMETER, as Windows answers
//   a malformed SMB2 request) or the reader's status; the client maps it to
//   STATUS_INVALID_NETWORK_RESPONSE.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "smbkit/status.h"
#include "wire/byte_reader.h"
#include "wire/byte_writer.h"

namespace smbkit::smb2 {

inline constexpr size_t kHeaderSize = 64;
inline constexpr uint8_t kProtocol[4] = {0xFE, 'S', 'M', 'B'};
inline constexpr uint8_t kTransformProtocol[4] = {0xFD, 'S', 'M', 'B'};
inline constexpr uint8_t kCompressionProtocol[4] = {0xFC, 'S', 'M', 'B'};

inline constexpr NtStatus kBadRequest = NtStatus::InvalidParameter;
inline constexpr NtStatus kBadResponse = NtStatus::InvalidNetworkResponse;

// MS-SMB2 2.2.1.2 Command.
enum class Command : uint16_t {
  Negotiate = 0x0000,
  SessionSetup = 0x0001,
  Logoff = 0x0002,
  TreeConnect = 0x0003,
  TreeDisconnect = 0x0004,
  Create = 0x0005,
  Close = 0x0006,
  Flush = 0x0007,
  Read = 0x0008,
  Write = 0x0009,
  Lock = 0x000A,
  Ioctl = 0x000B,
  Cancel = 0x000C,
  Echo = 0x000D,
  QueryDirectory = 0x000E,
  ChangeNotify = 0x000F,
  QueryInfo = 0x0010,
  SetInfo = 0x0011,
  OplockBreak = 0x0012,
};
inline constexpr uint16_t kCommandCount = 0x0013;

// "SMB2_NEGOTIATE"-style name for traces; "SMB2_0xNNNN" for an unknown code.
const char* command_name(uint16_t command);

// MS-SMB2 2.2.1.2 Flags.
enum Flags : uint32_t {
  kFlagsServerToRedir = 0x00000001,
  kFlagsAsyncCommand = 0x00000002,
  kFlagsRelatedOperations = 0x00000004,
  kFlagsSigned = 0x00000008,
  kFlagsPriorityMask = 0x00000070,
  kFlagsDfsOperations = 0x10000000,
  kFlagsReplayOperation = 0x20000000,
};

// MS-SMB2 2.2.3 dialect revisions.
enum Dialect : uint16_t {
  kDialect202 = 0x0202,
  kDialect210 = 0x0210,
  kDialect300 = 0x0300,
  kDialect302 = 0x0302,
  kDialect311 = 0x0311,
  kDialectWildcard = 0x02FF,  // SMB2 NEGOTIATE response to a multi-protocol SMB1 NEGOTIATE
};

// MS-SMB2 2.2.1.2: a FileId of all ones in a related compound means "the previous one's".
inline constexpr uint64_t kAnyId = 0xFFFFFFFFFFFFFFFFull;

struct FileId {
  uint64_t persistent = 0;
  uint64_t volatile_id = 0;

  bool operator==(const FileId&) const = default;
  bool is_related_placeholder() const {
    return persistent == kAnyId && volatile_id == kAnyId;
  }
  static FileId read(ByteReader& r) {
    FileId id;
    id.persistent = r.u64();
    id.volatile_id = r.u64();
    return id;
  }
  void write(ByteWriter& w) const {
    w.u64(persistent);
    w.u64(volatile_id);
  }
};

// MS-SMB2 2.2.1.1 / 2.2.1.2. In requests of 3.x dialects the Status field carries
// ChannelSequence (low 16 bits) and a reserved half; it is kept raw as `status`.
struct Header {
  uint16_t credit_charge = 0;
  NtStatus status = NtStatus::Success;
  uint16_t command = 0;
  uint16_t credits = 0;  // CreditRequest in a request, CreditResponse in a response
  uint32_t flags = 0;
  uint32_t next_command = 0;
  uint64_t message_id = 0;
  // Sync form: Reserved (ProcessId) and TreeId. Async form (kFlagsAsyncCommand): AsyncId.
  uint32_t process_id = 0;
  uint32_t tree_id = 0;
  uint64_t async_id = 0;
  uint64_t session_id = 0;
  std::array<uint8_t, 16> signature{};

  bool is_response() const { return flags & kFlagsServerToRedir; }
  bool is_async() const { return flags & kFlagsAsyncCommand; }
  bool is_related() const { return flags & kFlagsRelatedOperations; }
  bool is_signed() const { return flags & kFlagsSigned; }

  // Fails with kBadRequest if fewer than 64 bytes remain, the protocol id is not 0xFE 'SMB' or
  // StructureSize is not 64.
  static Result<Header> decode(ByteReader& r);
  static Result<Header> decode(Bytes message) {
    ByteReader r(message);
    return decode(r);
  }
  void encode(ByteWriter& w) const;
};

// Offsets of header fields, for patching a header already written (signing, NextCommand).
inline constexpr size_t kStatusOffset = 8;
inline constexpr size_t kCreditsOffset = 14;
inline constexpr size_t kFlagsOffset = 16;
inline constexpr size_t kNextCommandOffset = 20;
inline constexpr size_t kMessageIdOffset = 24;
inline constexpr size_t kSessionIdOffset = 40;
inline constexpr size_t kSignatureOffset = 48;

}  // namespace smbkit::smb2
