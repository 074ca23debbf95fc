// Bounds-checked little-endian reader over a byte span.
//
// Errors are sticky: a read past the end (or a seek outside the buffer) marks the reader failed
// and returns zero / an empty span from then on, so a decoder reads its fields in order and checks
// ok() once at the end. Nothing is ever read outside the span.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "smbkit/status.h"

namespace smbkit {

using Bytes = std::span<const uint8_t>;

class ByteReader {
 public:
  explicit ByteReader(Bytes data, NtStatus on_error = NtStatus::InvalidParameter)
      : data_(data), error_status_(on_error) {}

  bool ok() const { return ok_; }
  // Success while ok(), otherwise the status given at construction.
  NtStatus status() const { return ok_ ? NtStatus::Success : error_status_; }
  size_t offset() const { return pos_; }
  size_t size() const { return data_.size(); }
  size_t remaining() const { return ok_ ? data_.size() - pos_ : 0; }
  Bytes data() const { return data_; }

  uint8_t u8() { return static_cast<uint8_t>(le(1)); }
  uint16_t u16() { return static_cast<uint16_t>(le(2)); }
  uint32_t u32() { return static_cast<uint32_t>(le(4)); }
  uint64_t u64() { return le(8); }
  uint16_t u16be() { return static_cast<uint16_t>(be(2)); }
  uint32_t u32be() { return static_cast<uint32_t>(be(4)); }

  // The next n bytes, or an empty span (and failure) if fewer remain.
  Bytes bytes(size_t n) {
    if (!need(n)) return {};
    Bytes out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  Bytes rest() { return bytes(remaining()); }
  void skip(size_t n) { bytes(n); }
  // Moves to an absolute offset within the span (offset == size() is allowed).
  void seek(size_t offset) {
    if (!ok_ || offset > data_.size()) return fail();
    pos_ = offset;
  }
  // Skips to the next multiple of `alignment` counted from offset `base` of the span.
  void align(size_t alignment, size_t base = 0) {
    size_t rel = pos_ >= base ? pos_ - base : 0;
    size_t pad = (alignment - rel % alignment) % alignment;
    if (pad > remaining()) pad = remaining();  // padding may be cut off at the very end
    pos_ += ok_ ? pad : 0;
  }

  // ASCII/OEM string up to a NUL (consumed); a missing NUL is an error.
  std::string cstring();
  // UTF-16LE string up to a 16-bit NUL (consumed), converted to UTF-8; a missing NUL or invalid
  // UTF-16 is an error.
  std::string utf16z();
  // `nbytes` of UTF-16LE (no terminator) converted to UTF-8.
  std::string utf16(size_t nbytes);

  void fail() {
    ok_ = false;
    pos_ = data_.size();
  }

 private:
  bool need(size_t n) {
    if (!ok_ || n > data_.size() - pos_) {
      fail();
      return false;
    }
    return true;
  }
  uint64_t le(size_t n) {
    if (!need(n)) return 0;
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v |= uint64_t{data_[pos_ + i]} << (8 * i);
    pos_ += n;
    return v;
  }
  uint64_t be(size_t n) {
    if (!need(n)) return 0;
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | data_[pos_ + i];
    pos_ += n;
    return v;
  }

  Bytes data_;
  size_t pos_ = 0;
  bool ok_ = true;
  NtStatus error_status_;
};

}  // namespace smbkit
