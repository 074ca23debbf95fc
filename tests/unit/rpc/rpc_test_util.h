// Helpers shared by the rpc unit tests.
#pragma once

#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smbkit::rpc::test {

// Hex digits to bytes; spaces, '|' and newlines are ignored so layouts can be written field by
// field.
inline std::vector<uint8_t> hex(std::string_view s) {
  std::vector<uint8_t> out;
  std::string digits;
  for (char c : s)
    if (std::isxdigit(static_cast<unsigned char>(c))) digits += c;
  for (size_t i = 0; i + 1 < digits.size(); i += 2)
    out.push_back(static_cast<uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
  return out;
}

// UTF-16LE bytes of ASCII text, as hex-able bytes.
inline std::vector<uint8_t> utf16(std::string_view s) {
  std::vector<uint8_t> out;
  for (char c : s) {
    out.push_back(static_cast<uint8_t>(c));
    out.push_back(0);
  }
  return out;
}

inline void append(std::vector<uint8_t>& to, const std::vector<uint8_t>& b) {
  to.insert(to.end(), b.begin(), b.end());
}

}  // namespace smbkit::rpc::test
