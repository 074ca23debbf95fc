// NDR 2.0 (C706 chapter 14) in little-endian, ASCII, IEEE representation (the only data
// representation smbkit sends or accepts: packed_drep 10 00 00 00, C706 14.1).
//
// Alignment: every primitive is aligned to its size (C706 14.2.2), counted from the start of the
// stub data, which is where a reader or writer starts (offset 0).
//
// Pointers: only [unique] and [ref] (srvsvc and wkssvc are pointer_default(unique) interfaces).
// A unique pointer is a 4-byte referent id (0 for NULL); a [ref] pointer has no representation of
// its own. The referent of a top-level pointer (a parameter) follows its referent id at once; the
// referent of an embedded pointer (in a structure, union or array) is deferred until after the
// construct that holds it (C706 14.3.12.3). Both classes do that with a queue: an embedded
// pointer's referent is a function queued by unique(), and flush(), called once the top-level
// construct is written or read, runs the queue in order, each referent's own embedded pointers
// right after it (depth first, the order MIDL and every peer use).
//
// Reading is bounds-checked with a sticky error as ByteReader's: a count larger than the bytes
// left, a string whose offset is not 0 or whose actual_count exceeds max_count, or a string
// without its terminating NUL fails the reader; later reads return zero / empty and queue nothing.
// No allocation is made before its count has been checked against the bytes left.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wire/byte_reader.h"
#include "wire/byte_writer.h"

namespace smbkit::rpc {

// The first referent id a writer hands out, and the step between two (what Windows sends).
inline constexpr uint32_t kFirstReferentId = 0x00020000;
inline constexpr uint32_t kReferentIdStep = 4;

class NdrReader {
 public:
  using Referent = std::function<void(NdrReader&)>;

  explicit NdrReader(Bytes stub) : r_(stub) {}

  bool ok() const { return r_.ok(); }
  size_t offset() const { return r_.offset(); }
  size_t remaining() const { return r_.remaining(); }
  void fail() { r_.fail(); }
  // Skips padding to a multiple of n from the start of the stub; padding cut off by the end of
  // the data fails (it is not optional here).
  void align(size_t n);

  uint8_t u8() { return r_.u8(); }
  uint16_t u16() { align(2); return r_.u16(); }
  uint32_t u32() { align(4); return r_.u32(); }
  uint64_t u64() { align(8); return r_.u64(); }
  Bytes bytes(size_t n) { return r_.bytes(n); }

  // A unique pointer: its referent id (0 = NULL). If not NULL, `referent` is queued for flush().
  // Returns whether the pointer was non-NULL.
  bool unique(Referent referent);
  // A top-level unique pointer: the referent id, then (if not NULL) the referent at once.
  bool unique_top(const Referent& referent);
  // Runs the queued referents, depth first, until none is left.
  void flush();

  // The conformance of a conformant array (C706 14.3.3.2): max_count, which must not exceed
  // remaining() / element_size (the smallest wire size of one element) so that an array of that
  // many elements can be allocated safely. 0 on failure.
  uint32_t conformance(size_t element_size);
  // A conformant varying string of UTF-16 code units ([string] wchar_t*, C706 14.3.4.2):
  // max_count, offset (must be 0), actual_count (<= max_count, counting the terminating NUL,
  // which must be there), then the units. Converted to UTF-8; invalid UTF-16 fails.
  std::string wstring();
  // A unique pointer to a [string] wchar_t*, embedded (deferred into `out`) or top-level.
  void unique_wstring(std::optional<std::string>& out);
  void unique_wstring_top(std::optional<std::string>& out);

 private:
  ByteReader r_;
  std::vector<Referent> deferred_;
};

class NdrWriter {
 public:
  using Referent = std::function<void(NdrWriter&)>;

  explicit NdrWriter(std::vector<uint8_t>& out) : w_(out), base_(out.size()) {}

  size_t offset() const { return w_.offset() - base_; }
  void align(size_t n) { w_.align(n, base_); }

  void u8(uint8_t v) { w_.u8(v); }
  void u16(uint16_t v) { align(2); w_.u16(v); }
  void u32(uint32_t v) { align(4); w_.u32(v); }
  void u64(uint64_t v) { align(8); w_.u64(v); }
  void bytes(std::span<const uint8_t> b) { w_.bytes(b); }

  // A unique pointer: a fresh referent id and `referent` queued for flush(), or 0 if !present.
  void unique(bool present, Referent referent);
  // A top-level unique pointer: its referent id, then the referent at once.
  void unique_top(bool present, const Referent& referent);
  void flush();

  void conformance(uint32_t max_count) { u32(max_count); }
  // max_count = offset + actual_count = units + 1, offset 0, the units and a NUL.
  void wstring(std::string_view utf8);
  void unique_wstring(const std::optional<std::string>& s);
  void unique_wstring_top(const std::optional<std::string>& s);

 private:
  uint32_t next_referent();

  ByteWriter w_;
  size_t base_;
  uint32_t next_id_ = kFirstReferentId;
  std::vector<Referent> deferred_;
};

}  // namespace smbkit::rpc
