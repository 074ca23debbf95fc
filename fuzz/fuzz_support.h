// Helpers shared by the fuzz targets: a check that crashes loudly (libFuzzer and the replay
// driver both report an abort), and the decode -> encode -> decode -> encode round trip that
// every SMB1 block codec must pass.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <vector>

#include "smb1/message.h"
#include "wire/byte_reader.h"

// Not assert(): it must stay on in release builds, where the replay tests run.
#define FUZZ_CHECK(cond)                                                                   \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)

namespace smbkit::fuzz {

// The first byte of the input chooses what to decode; the rest is the input proper.
struct Selected {
  uint8_t selector = 0;
  Bytes rest;
};
inline Selected select(const uint8_t* data, size_t size) {
  if (size == 0) return {};
  return {data[0], Bytes(data + 1, size - 1)};
}

// One SMB1 message holding the block `value.encode()` writes; `command` is the command that
// block starts with (the header names it so parse_message knows an AndX block).
template <class T>
std::vector<uint8_t> encode_message(smb1::Header header, smb1::Command command, const T& value) {
  header.command = static_cast<uint8_t>(command);
  std::vector<uint8_t> out;
  smb1::MessageWriter mw(out, header);
  value.encode(mw);
  return out;
}

// When `b` (whatever its command) decodes as a T, the encoding of that value (a block of
// `command`) must decode again, and encoding the second value must give the same bytes: what a
// codec writes it must read back unchanged.
template <class T, smb1::Command command>
void roundtrip_block(const smb1::Header& header, const smb1::Block& b) {
  auto first = T::decode(b);
  if (!first) return;
  auto bytes1 = encode_message(header, command, *first);
  auto parsed = smb1::parse_message(bytes1);
  FUZZ_CHECK(parsed && !parsed->blocks.empty());
  auto second = T::decode(parsed->blocks[0]);
  FUZZ_CHECK(second);
  FUZZ_CHECK(encode_message(header, command, *second) == bytes1);
}

// Runs `decode_block(header, block)` on every block of the SMB1 message in `message`.
template <class F>
void for_each_block(Bytes message, F decode_block) {
  auto parsed = smb1::parse_message(message);
  if (!parsed) return;
  for (const smb1::Block& b : parsed->blocks) decode_block(parsed->header, b);
}

}  // namespace smbkit::fuzz

namespace smbkit::fuzz {

// A check run on one block of a parsed message.
using BlockCheck = void (*)(const smb1::Header&, const smb1::Block&);

// The usual body of a command-family target: the first byte picks one of `checks` (request and
// response decoders of the family), which runs on every block of the SMB1 message that follows.
template <size_t N>
void run_block_checks(const uint8_t* data, size_t size, const BlockCheck (&checks)[N]) {
  Selected in = select(data, size);
  for_each_block(in.rest, checks[in.selector % N]);
}

// For codecs of bare byte blocks (TRANSACTION2 parameters and the like): decode -> encode ->
// decode -> encode reaches a fixed point. `unicode`, if given, is passed to both.
template <class T, class... Unicode>
void roundtrip_parameters(Bytes in, Unicode... unicode) {
  auto first = T::decode(in, unicode...);
  if (!first) return;
  std::vector<uint8_t> bytes1 = first->encode(unicode...);
  auto second = T::decode(bytes1, unicode...);
  FUZZ_CHECK(second);
  FUZZ_CHECK(second->encode(unicode...) == bytes1);
}

// Splits the input into pieces, each preceded by a 2-byte little-endian length (a length past
// the end takes what is left).
inline std::vector<Bytes> split_prefixed(Bytes input, size_t max_pieces = 64) {
  std::vector<Bytes> pieces;
  while (input.size() >= 2 && pieces.size() < max_pieces) {
    size_t n = input[0] | (input[1] << 8);
    input = input.subspan(2);
    n = std::min(n, input.size());
    pieces.push_back(input.first(n));
    input = input.subspan(n);
  }
  return pieces;
}

}  // namespace smbkit::fuzz
