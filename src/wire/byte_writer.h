// Little-endian writer appending to a byte vector, with patching of fields written earlier
// (lengths and offsets known only once the body is out).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace smbkit {

class ByteWriter {
 public:
  explicit ByteWriter(std::vector<uint8_t>& out) : out_(out) {}

  size_t offset() const { return out_.size(); }
  std::vector<uint8_t>& buffer() { return out_; }

  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v) { le(v, 2); }
  void u32(uint32_t v) { le(v, 4); }
  void u64(uint64_t v) { le(v, 8); }
  void u16be(uint16_t v) { be(v, 2); }
  void u32be(uint32_t v) { be(v, 4); }
  void bytes(std::span<const uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void zeros(size_t n) { out_.insert(out_.end(), n, 0); }
  // Pads with zeros to a multiple of `alignment` counted from offset `base` of the buffer.
  void align(size_t alignment, size_t base = 0) {
    size_t rel = out_.size() - base;
    zeros((alignment - rel % alignment) % alignment);
  }
  // ASCII bytes, with a NUL terminator if `terminate`.
  void ascii(std::string_view s, bool terminate = true);
  // UTF-8 text as UTF-16LE, with a 16-bit NUL terminator if `terminate`. Returns bytes written
  // (without the terminator).
  size_t utf16(std::string_view utf8, bool terminate = true);

  void patch_u8(size_t at, uint8_t v) { out_.at(at) = v; }
  void patch_u16(size_t at, uint16_t v) { patch(at, v, 2); }
  void patch_u32(size_t at, uint32_t v) { patch(at, v, 4); }
  void patch_u32be(size_t at, uint32_t v) {
    for (size_t i = 0; i < 4; ++i) out_.at(at + i) = static_cast<uint8_t>(v >> (8 * (3 - i)));
  }

 private:
  void le(uint64_t v, size_t n) {
    for (size_t i = 0; i < n; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void be(uint64_t v, size_t n) {
    for (size_t i = n; i-- > 0;) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  void patch(size_t at, uint64_t v, size_t n) {
    for (size_t i = 0; i < n; ++i) out_.at(at + i) = static_cast<uint8_t>(v >> (8 * i));
  }

  std::vector<uint8_t>& out_;
};

}  // namespace smbkit
