// Helpers for the SMB1 codec tests: build a one-command message with a codec's encode(), parse
// it back, and decode its first block.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "smb1/header.h"
#include "smb1/message.h"

namespace smbkit::smb1::testing {

inline Header make_header(Command command, bool unicode, bool reply) {
  Header h;
  h.command = static_cast<uint8_t>(command);
  h.flags = reply ? kFlagsReply : 0;
  h.flags2 = kFlags2LongNames | kFlags2NtStatus | (unicode ? kFlags2Unicode : 0);
  h.tid = 1;
  h.uid = 100;
  h.mid = 7;
  return h;
}

// The message `body.encode()` builds after a header for `command`.
template <class T>
std::vector<uint8_t> build(Command command, const T& body, bool unicode = true,
                           bool reply = false) {
  std::vector<uint8_t> out;
  MessageWriter mw(out, make_header(command, unicode, reply));
  body.encode(mw);
  return out;
}

// Parses `bytes` and decodes its first block as T.
template <class T>
Result<T> decode_first(const std::vector<uint8_t>& bytes) {
  auto m = parse_message(bytes);
  if (!m) return fail(m.error());
  return T::decode(m->blocks.at(0));
}

template <class T>
Result<T> round_trip(Command command, const T& body, bool unicode = true, bool reply = false) {
  return decode_first<T>(build(command, body, unicode, reply));
}

// A header for `command` followed by hand-written block bytes.
inline std::vector<uint8_t> raw_message(Command command, bool unicode, bool reply,
                                        std::initializer_list<uint8_t> block) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  make_header(command, unicode, reply).encode(w);
  out.insert(out.end(), block.begin(), block.end());
  return out;
}

// UTF-16LE bytes of an ASCII string, with the terminator.
inline std::vector<uint8_t> utf16z(const char* ascii) {
  std::vector<uint8_t> out;
  for (const char* p = ascii;; ++p) {
    out.push_back(static_cast<uint8_t>(*p));
    out.push_back(0);
    if (!*p) break;
  }
  return out;
}

inline void append(std::vector<uint8_t>& out, const std::vector<uint8_t>& more) {
  out.insert(out.end(), more.begin(), more.end());
}

}  // namespace smbkit::smb1::testing
