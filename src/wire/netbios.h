// Session framing: the NetBIOS session service (RFC 1002 4.3) and direct TCP (MS-SMB2 2.1),
// which share the 4-byte header shape: a type byte, then the length.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::netbios {

// RFC 1002 4.3.1 packet types.
enum class PacketType : uint8_t {
  SessionMessage = 0x00,
  SessionRequest = 0x81,
  PositiveResponse = 0x82,
  NegativeResponse = 0x83,
  RetargetResponse = 0x84,
  Keepalive = 0x85,
};

// RFC 1002 4.3.4 negative session response error codes.
enum class NegativeCode : uint8_t {
  NotListeningOnCalledName = 0x80,
  NotListeningForCallingName = 0x81,
  CalledNameNotPresent = 0x82,
  InsufficientResources = 0x83,
  UnspecifiedError = 0x8F,
};

inline constexpr size_t kHeaderSize = 4;

struct FrameHeader {
  PacketType type;
  uint32_t length;  // bytes that follow the header
};

// A session message carries a 24-bit length (direct TCP; Windows and Samba also accept it on the
// session service, where RFC 1002 gave 17 bits). Control packets keep RFC 1002's 17 bits.
FrameHeader decode_header(const uint8_t (&hdr)[kHeaderSize]);
void encode_header(std::vector<uint8_t>& out, PacketType type, uint32_t length);
// A whole session-message frame header for `payload_length` bytes.
std::vector<uint8_t> message_header(uint32_t payload_length);

// RFC 1001 14.1 first-level encoding of a 16-byte NetBIOS name: 15 characters padded with
// spaces, then the suffix byte (0x20 = file server service).
std::string encode_name(std::string_view name, uint8_t suffix = 0x20);
struct DecodedName {
  std::string name;  // trailing spaces removed
  uint8_t suffix;
};
// Decodes one name as it appears in a session request (length byte, 32 letters, optional scope
// labels, NUL). Fails on anything not of that form.
Result<DecodedName> decode_name(ByteReader& r);

struct SessionRequest {
  DecodedName called;
  DecodedName calling;
};
Result<SessionRequest> decode_session_request(Bytes body);
std::vector<uint8_t> encode_session_request(std::string_view called, std::string_view calling);
std::vector<uint8_t> encode_positive_response();
std::vector<uint8_t> encode_negative_response(NegativeCode code);
std::vector<uint8_t> encode_keepalive();

}  // namespace smbkit::netbios
