// Hex helpers for the crypto tests: vectors are typed in as the RFCs print them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smbkit::test {

// "0a 1B c3" or "0a1bc3" -> bytes; whitespace is ignored.
inline std::vector<uint8_t> hex(std::string_view text) {
  std::vector<uint8_t> out;
  int high = -1;
  for (char c : text) {
    int v = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (v < 0) continue;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  return out;
}

inline std::vector<uint8_t> ascii(std::string_view text) { return {text.begin(), text.end()}; }

template <class Container>
std::vector<uint8_t> vec(const Container& c) {
  return {c.begin(), c.end()};
}

}  // namespace smbkit::test
