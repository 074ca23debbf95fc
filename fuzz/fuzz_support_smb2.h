// Helpers for the SMB2 connection- and session-level fuzz targets (smb2_header, smb2_session):
// the round trip every SMB2 body codec must pass.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_support.h"
#include "smb2/header.h"
#include "wire/byte_writer.h"

namespace smbkit::fuzz {

// The message `value.encode()` writes after `header` (the input's own first 64 bytes), with the
// header placed `prefix` bytes into the buffer (as a later member of a compound is); only the
// message is returned, so offsets that wrongly count from the buffer's start show up as a
// difference.
template <class T>
std::vector<uint8_t> encode_message_at(Bytes header, const T& value, size_t prefix) {
  std::vector<uint8_t> out(prefix, 0x5A);
  out.insert(out.end(), header.begin(), header.end());
  ByteWriter w(out);
  value.encode(w, prefix);
  return std::vector<uint8_t>(out.begin() + static_cast<std::ptrdiff_t>(prefix), out.end());
}

// When `message` (header included) decodes as a T through `decode`, the encoding of that value
// must be the same at any position in a buffer, must decode again, and the second value must
// encode to the same bytes: what a codec writes it reads back unchanged. `check(value)` runs on
// both values.
template <class T, class Decode, class Check>
void roundtrip_message(Bytes message, Decode decode, Check check) {
  auto first = decode(message);
  if (!first) return;
  FUZZ_CHECK(message.size() >= smb2::kHeaderSize);
  check(*first);
  Bytes header = message.first(smb2::kHeaderSize);
  std::vector<uint8_t> bytes1 = encode_message_at(header, *first, 0);
  FUZZ_CHECK(encode_message_at(header, *first, 13) == bytes1);
  FUZZ_CHECK(encode_message_at(header, *first, 64) == bytes1);
  auto second = decode(Bytes(bytes1));
  FUZZ_CHECK(second);
  check(*second);
  FUZZ_CHECK(encode_message_at(header, *second, 0) == bytes1);
}

// The common case: T::decode(Bytes), nothing more to check.
template <class T>
void roundtrip_message(Bytes message) {
  roundtrip_message<T>(message, [](Bytes m) { return T::decode(m); }, [](const T&) {});
}

// The first input byte picks one of `checks` (modulo their count), which runs on the rest.
using MessageCheck = void (*)(Bytes);
template <size_t N>
void run_message_checks(const uint8_t* data, size_t size, const MessageCheck (&checks)[N]) {
  Selected in = select(data, size);
  checks[in.selector % N](in.rest);
}

}  // namespace smbkit::fuzz
