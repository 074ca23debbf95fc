// Helpers for the SMB2 file-command fuzz targets (smb2_file, smb2_info): the round trip every
// SMB2 body codec must pass, and the one for the payload codecs that sit inside a body (create
// contexts, IOCTL buffers, quota queries).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_support.h"
#include "smb2/header.h"
#include "wire/byte_writer.h"

namespace smbkit::fuzz {

// The message `value.encode()` writes after `header` (the input's own 64 header bytes), with the
// header `prefix` bytes into the buffer, as a later member of a compound would be; only the
// message is returned.
template <class T>
std::vector<uint8_t> encode_smb2(Bytes header, const T& value, size_t prefix = 0) {
  std::vector<uint8_t> out(prefix, 0xA5);
  out.insert(out.end(), header.begin(), header.end());
  ByteWriter w(out);
  value.encode(w, prefix);
  return std::vector<uint8_t>(out.begin() + static_cast<std::ptrdiff_t>(prefix), out.end());
}

// Whether `part` is empty or lies inside `whole`: a decoded view must never point elsewhere.
inline bool inside(Bytes part, Bytes whole) {
  if (part.empty()) return true;
  auto p = reinterpret_cast<uintptr_t>(part.data());
  auto w = reinterpret_cast<uintptr_t>(whole.data());
  return p >= w && part.size() <= whole.size() && p - w <= whole.size() - part.size();
}

// When `message` (header included) decodes as a T: encoding that value (at the start of a
// buffer, and 13 bytes into one: offsets count from the message's own header) must decode
// again, and encoding the second value must give the same bytes. `check(value, message)` runs
// on both values, for what the value holds (views inside the message, nested payloads).
template <class T, class Check>
void roundtrip_smb2(Bytes message, Check check) {
  auto first = T::decode(message);
  if (!first) return;
  FUZZ_CHECK(message.size() >= smb2::kHeaderSize);
  check(*first, message);
  Bytes header = message.first(smb2::kHeaderSize);
  std::vector<uint8_t> bytes1 = encode_smb2(header, *first);
  FUZZ_CHECK(encode_smb2(header, *first, 13) == bytes1);
  auto second = T::decode(bytes1);
  FUZZ_CHECK(second);
  check(*second, Bytes(bytes1));
  FUZZ_CHECK(encode_smb2(header, *second) == bytes1);
}

template <class T>
void roundtrip_smb2(Bytes message) {
  roundtrip_smb2<T>(message, [](const T&, Bytes) {});
}

// For payload codecs with `static Result<T> decode(Bytes)` and `void encode(ByteWriter&)`:
// decode -> encode -> decode -> encode reaches a fixed point.
template <class T>
void roundtrip_payload(Bytes in) {
  auto first = T::decode(in);
  if (!first) return;
  std::vector<uint8_t> bytes1;
  ByteWriter w1(bytes1);
  first->encode(w1);
  auto second = T::decode(bytes1);
  FUZZ_CHECK(second);
  std::vector<uint8_t> bytes2;
  ByteWriter w2(bytes2);
  second->encode(w2);
  FUZZ_CHECK(bytes2 == bytes1);
}

// The same for a free decoder/encoder pair over a list (create contexts, interface chains).
template <class Decode, class Encode>
void roundtrip_list(Bytes in, Decode decode, Encode encode) {
  auto first = decode(in);
  if (!first) return;
  std::vector<uint8_t> bytes1;
  ByteWriter w1(bytes1);
  encode(w1, *first);
  auto second = decode(Bytes(bytes1));
  FUZZ_CHECK(second);
  FUZZ_CHECK(second->size() == first->size());
  std::vector<uint8_t> bytes2;
  ByteWriter w2(bytes2);
  encode(w2, *second);
  FUZZ_CHECK(bytes2 == bytes1);
}

// The usual body of a target: the first input byte picks one of `checks` (modulo their count),
// which runs on the rest.
using Smb2Check = void (*)(Bytes);
template <size_t N>
void run_smb2_checks(const uint8_t* data, size_t size, const Smb2Check (&checks)[N]) {
  Selected in = select(data, size);
  checks[in.selector % N](in.rest);
}

}  // namespace smbkit::fuzz
