// Helpers for the SMB2 file-command codec tests: hand-assembled messages (a header, then body
// bytes written field by field) and encode -> decode round trips, at the start of a buffer and
// behind a prefix (as a later member of a compound), where every offset must still count from
// that message's own header.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "smb2/codec_support.h"
#include "smb2/header.h"

namespace smbkit::smb2::file_testing {

inline Header make_header(Command command, bool response) {
  Header h;
  h.command = static_cast<uint16_t>(command);
  h.flags = response ? uint32_t{kFlagsServerToRedir} : 0u;
  h.credits = 1;
  h.message_id = 9;
  h.tree_id = 3;
  h.session_id = 0x1122334455667788ull;
  return h;
}

// Appends little-endian fields to a body under construction: Body{}.u16(57).u8(0)...
class Body {
 public:
  Body& u8(uint8_t v) { return le(v, 1); }
  Body& u16(uint16_t v) { return le(v, 2); }
  Body& u32(uint32_t v) { return le(v, 4); }
  Body& u64(uint64_t v) { return le(v, 8); }
  Body& bytes(std::initializer_list<uint8_t> b) {
    out_.insert(out_.end(), b.begin(), b.end());
    return *this;
  }
  Body& bytes(Bytes b) {
    out_.insert(out_.end(), b.begin(), b.end());
    return *this;
  }
  Body& zeros(size_t n) {
    out_.insert(out_.end(), n, 0);
    return *this;
  }
  // ASCII as UTF-16LE, no terminator.
  Body& utf16(std::string_view ascii) {
    for (char c : ascii) {
      out_.push_back(static_cast<uint8_t>(c));
      out_.push_back(0);
    }
    return *this;
  }
  Body& ascii(std::string_view s) {
    out_.insert(out_.end(), s.begin(), s.end());
    return *this;
  }
  size_t size() const { return out_.size(); }
  const std::vector<uint8_t>& bytes() const { return out_; }

 private:
  Body& le(uint64_t v, size_t n) {
    for (size_t i = 0; i < n; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    return *this;
  }
  std::vector<uint8_t> out_;
};

// A 64-byte header for `command` followed by `body`.
inline std::vector<uint8_t> message(Command command, const Body& body, bool response = false) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  make_header(command, response).encode(w);
  out.insert(out.end(), body.bytes().begin(), body.bytes().end());
  return out;
}

// The message `value.encode()` builds after a header for `command`, `prefix` bytes into the
// buffer (0xEE filler before it); only the message itself is returned.
template <class T>
std::vector<uint8_t> build(Command command, const T& value, bool response = false,
                           size_t prefix = 0) {
  std::vector<uint8_t> out(prefix, 0xEE);
  ByteWriter w(out);
  make_header(command, response).encode(w);
  value.encode(w, prefix);
  return std::vector<uint8_t>(out.begin() + static_cast<std::ptrdiff_t>(prefix), out.end());
}

// Encodes at the start of a buffer and 24 bytes into one (the two must give the same message),
// then decodes. `bytes` receives the message, which the decoded value's spans point into.
template <class T>
Result<T> round_trip(Command command, const T& value, std::vector<uint8_t>& bytes,
                     bool response = false) {
  bytes = build(command, value, response);
  EXPECT_EQ(build(command, value, response, 24), bytes) << "offsets must count from the header";
  return T::decode(bytes);
}

// The message cut to `size` bytes.
inline std::vector<uint8_t> truncated(const std::vector<uint8_t>& bytes, size_t size) {
  return std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(size));
}

inline void put_u16(std::vector<uint8_t>& bytes, size_t at, uint16_t v) {
  bytes.at(at) = static_cast<uint8_t>(v);
  bytes.at(at + 1) = static_cast<uint8_t>(v >> 8);
}
inline void put_u32(std::vector<uint8_t>& bytes, size_t at, uint32_t v) {
  for (size_t i = 0; i < 4; ++i) bytes.at(at + i) = static_cast<uint8_t>(v >> (8 * i));
}

inline std::vector<uint8_t> to_vector(Bytes b) { return std::vector<uint8_t>(b.begin(), b.end()); }

}  // namespace smbkit::smb2::file_testing
