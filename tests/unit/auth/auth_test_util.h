// Helpers for the auth tests.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

#include "../crypto/test_hex.h"

namespace smbkit::test {

template <size_t N>
std::array<uint8_t, N> arr(std::string_view hex_text) {
  auto v = hex(hex_text);
  std::array<uint8_t, N> out{};
  if (v.size() == N) std::copy(v.begin(), v.end(), out.begin());
  return out;
}

}  // namespace smbkit::test
