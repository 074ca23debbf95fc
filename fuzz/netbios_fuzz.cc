// NetBIOS session service framing (RFC 1002 4.3): the input is a stream of frames as a
// connection reads it. Each header must re-encode to a header that decodes the same, and each
// session request's names must survive encode_session_request.
#include <cctype>
#include <cstring>

#include "fuzz_support.h"
#include "wire/netbios.h"

using namespace smbkit;

namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

void check_header(const uint8_t (&raw)[netbios::kHeaderSize]) {
  netbios::FrameHeader h = netbios::decode_header(raw);
  std::vector<uint8_t> again;
  netbios::encode_header(again, h.type, h.length);
  FUZZ_CHECK(again.size() == netbios::kHeaderSize);
  uint8_t copy[netbios::kHeaderSize];
  std::memcpy(copy, again.data(), sizeof copy);
  netbios::FrameHeader h2 = netbios::decode_header(copy);
  FUZZ_CHECK(h2.type == h.type && h2.length == h.length);
}

void check_session_request(Bytes body) {
  auto req = netbios::decode_session_request(body);
  if (!req) return;
  // encode_name keeps 15 characters, upper-cased, and the file-server suffix.
  FUZZ_CHECK(req->called.name.size() <= 15 && req->calling.name.size() <= 15);
  auto frame = netbios::encode_session_request(req->called.name, req->calling.name);
  FUZZ_CHECK(frame.size() > netbios::kHeaderSize);
  auto again = netbios::decode_session_request(Bytes(frame).subspan(netbios::kHeaderSize));
  FUZZ_CHECK(again);
  FUZZ_CHECK(again->called.name == upper(req->called.name));
  FUZZ_CHECK(again->calling.name == upper(req->calling.name));
  FUZZ_CHECK(again->called.suffix == 0x20 && again->calling.suffix == 0x20);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bytes stream(data, size);
  while (stream.size() >= netbios::kHeaderSize) {
    uint8_t raw[netbios::kHeaderSize];
    std::memcpy(raw, stream.data(), sizeof raw);
    check_header(raw);
    netbios::FrameHeader h = netbios::decode_header(raw);
    stream = stream.subspan(netbios::kHeaderSize);
    Bytes body = stream.subspan(0, std::min<size_t>(h.length, stream.size()));
    if (h.type == netbios::PacketType::SessionRequest) check_session_request(body);
    // The name decoder alone, as the session request uses it.
    ByteReader r(body);
    auto name = netbios::decode_name(r);
    if (name) FUZZ_CHECK(r.ok());
    stream = stream.subspan(body.size());
  }
  return 0;
}
