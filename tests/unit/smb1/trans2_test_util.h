// Helpers for the TRANSACTION2 tests: messages built with MessageWriter and parsed back.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "smb1/header.h"
#include "smb1/message.h"

namespace smbkit::smb1::trans2_testing {

inline Header header(Command command, bool unicode, bool reply = false) {
  Header h;
  h.command = static_cast<uint8_t>(command);
  h.flags = reply ? kFlagsReply : 0;
  h.flags2 = kFlags2LongNames | kFlags2NtStatus | (unicode ? kFlags2Unicode : 0);
  h.tid = 1;
  h.uid = 100;
  h.mid = 9;
  return h;
}

// The message that `body.encode(MessageWriter&)` writes after a header for `command`.
template <class T>
std::vector<uint8_t> build(Command command, const T& body, bool unicode = true,
                           bool reply = false) {
  std::vector<uint8_t> out;
  MessageWriter mw(out, header(command, unicode, reply));
  body.encode(mw);
  return out;
}

inline uint16_t u16_at(const std::vector<uint8_t>& m, size_t at) {
  return static_cast<uint16_t>(m.at(at) | (m.at(at + 1) << 8));
}
inline void put_u16(std::vector<uint8_t>& m, size_t at, uint16_t v) {
  m.at(at) = static_cast<uint8_t>(v);
  m.at(at + 1) = static_cast<uint8_t>(v >> 8);
}

// UTF-16LE of ASCII text, without a terminator.
inline std::vector<uint8_t> utf16(std::string_view ascii) {
  std::vector<uint8_t> out;
  for (char c : ascii) {
    out.push_back(static_cast<uint8_t>(c));
    out.push_back(0);
  }
  return out;
}

// Appends `v` as `n` little-endian bytes.
inline void le(std::vector<uint8_t>& out, uint64_t v, size_t n) {
  for (size_t i = 0; i < n; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

}  // namespace smbkit::smb1::trans2_testing
