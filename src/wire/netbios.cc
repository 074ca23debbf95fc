#include "wire/netbios.h"

#include <cctype>

#include "wire/byte_writer.h"

namespace smbkit::netbios {

FrameHeader decode_header(const uint8_t (&h)[kHeaderSize]) {
  auto type = static_cast<PacketType>(h[0]);
  uint32_t length = (uint32_t{h[2]} << 8) | h[3];
  if (type == PacketType::SessionMessage)
    length |= uint32_t{h[1]} << 16;
  else
    length |= uint32_t{h[1] & 0x01u} << 16;
  return {type, length};
}

void encode_header(std::vector<uint8_t>& out, PacketType type, uint32_t length) {
  out.push_back(static_cast<uint8_t>(type));
  out.push_back(static_cast<uint8_t>(length >> 16));
  out.push_back(static_cast<uint8_t>(length >> 8));
  out.push_back(static_cast<uint8_t>(length));
}

std::vector<uint8_t> message_header(uint32_t payload_length) {
  std::vector<uint8_t> out;
  encode_header(out, PacketType::SessionMessage, payload_length);
  return out;
}

std::string encode_name(std::string_view name, uint8_t suffix) {
  std::string raw(16, ' ');
  for (size_t i = 0; i < 15 && i < name.size(); ++i)
    raw[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[i])));
  raw[15] = static_cast<char>(suffix);
  std::string out;
  for (unsigned char c : raw) {
    out += static_cast<char>('A' + (c >> 4));
    out += static_cast<char>('A' + (c & 0x0F));
  }
  return out;
}

Result<DecodedName> decode_name(ByteReader& r) {
  if (r.u8() != 32 || !r.ok()) return fail(NtStatus::InvalidParameter);
  Bytes letters = r.bytes(32);
  if (!r.ok()) return fail(NtStatus::InvalidParameter);
  std::string raw;
  for (size_t i = 0; i < 32; i += 2) {
    uint8_t hi = letters[i] - 'A', lo = letters[i + 1] - 'A';
    if (hi > 15 || lo > 15) return fail(NtStatus::InvalidParameter);
    raw += static_cast<char>((hi << 4) | lo);
  }
  // Scope labels (RFC 1002 4.1): length-prefixed, ending with a zero length.
  for (int labels = 0;; ++labels) {
    uint8_t len = r.u8();
    if (!r.ok() || labels > 64 || len > 63) return fail(NtStatus::InvalidParameter);
    if (len == 0) break;
    r.skip(len);
  }
  DecodedName out{raw.substr(0, 15), static_cast<uint8_t>(raw[15])};
  while (!out.name.empty() && out.name.back() == ' ') out.name.pop_back();
  return out;
}

Result<SessionRequest> decode_session_request(Bytes body) {
  ByteReader r(body);
  auto called = decode_name(r);
  if (!called) return fail(called.error());
  auto calling = decode_name(r);
  if (!calling) return fail(calling.error());
  if (r.remaining() != 0) return fail(NtStatus::InvalidParameter);
  return SessionRequest{*called, *calling};
}

std::vector<uint8_t> encode_session_request(std::string_view called, std::string_view calling) {
  std::vector<uint8_t> body;
  ByteWriter w(body);
  for (auto name : {called, calling}) {
    w.u8(32);
    w.ascii(encode_name(name), /*terminate=*/true);
  }
  std::vector<uint8_t> out;
  encode_header(out, PacketType::SessionRequest, static_cast<uint32_t>(body.size()));
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

std::vector<uint8_t> encode_positive_response() {
  std::vector<uint8_t> out;
  encode_header(out, PacketType::PositiveResponse, 0);
  return out;
}

std::vector<uint8_t> encode_negative_response(NegativeCode code) {
  std::vector<uint8_t> out;
  encode_header(out, PacketType::NegativeResponse, 1);
  out.push_back(static_cast<uint8_t>(code));
  return out;
}

std::vector<uint8_t> encode_keepalive() {
  std::vector<uint8_t> out;
  encode_header(out, PacketType::Keepalive, 0);
  return out;
}

}  // namespace smbkit::netbios
