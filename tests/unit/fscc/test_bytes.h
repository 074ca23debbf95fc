// Helpers for assembling expected wire bytes by hand in the fscc tests.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace smbkit::fscc::testing {

// Appends `v` as `n` little-endian bytes.
inline void le(std::vector<uint8_t>& out, uint64_t v, size_t n) {
  for (size_t i = 0; i < n; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// Appends ASCII text as UTF-16LE.
inline void utf16(std::vector<uint8_t>& out, std::string_view ascii) {
  for (char c : ascii) {
    out.push_back(static_cast<uint8_t>(c));
    out.push_back(0);
  }
}

}  // namespace smbkit::fscc::testing
