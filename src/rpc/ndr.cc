#include "rpc/ndr.h"

#include "wire/utf16.h"

namespace smbkit::rpc {

void NdrReader::align(size_t n) {
  size_t pad = (n - r_.offset() % n) % n;
  r_.skip(pad);
}

bool NdrReader::unique(Referent referent) {
  uint32_t id = u32();
  if (!ok() || id == 0) return false;
  deferred_.push_back(std::move(referent));
  return true;
}

bool NdrReader::unique_top(const Referent& referent) {
  uint32_t id = u32();
  if (!ok() || id == 0) return false;
  referent(*this);
  flush();
  return ok();
}

void NdrReader::flush() {
  // Each referent runs with an empty queue, so what it queues (its own embedded pointers) is
  // flushed right after it, before the next referent of the outer construct (C706 14.3.12.3).
  std::vector<Referent> queue = std::move(deferred_);
  deferred_.clear();
  for (auto& referent : queue) {
    if (!ok()) break;
    referent(*this);
    flush();
  }
  if (!ok()) deferred_.clear();
}

uint32_t NdrReader::conformance(size_t element_size) {
  uint32_t max_count = u32();
  if (!ok()) return 0;
  if (element_size != 0 && max_count > remaining() / element_size) {
    fail();
    return 0;
  }
  return max_count;
}

std::string NdrReader::wstring() {
  // C706 14.3.4.2 (conformant varying string): max_count, offset, actual_count, then the units.
  uint32_t max_count = u32();
  uint32_t offset = u32();
  uint32_t actual = u32();
  if (!ok()) return {};
  if (offset != 0 || actual > max_count || actual == 0 || actual > remaining() / 2) {
    fail();
    return {};
  }
  Bytes units = r_.bytes(size_t{actual} * 2);
  // [string]: the last unit counted is the NUL (C706 14.3.4.2).
  if (units[units.size() - 1] != 0 || units[units.size() - 2] != 0) {
    fail();
    return {};
  }
  auto text = utf16le_to_utf8(units.first(units.size() - 2));
  if (!text) {
    fail();
    return {};
  }
  return std::move(*text);
}

void NdrReader::unique_wstring(std::optional<std::string>& out) {
  out.reset();
  unique([&out](NdrReader& r) { out = r.wstring(); });
}

void NdrReader::unique_wstring_top(std::optional<std::string>& out) {
  out.reset();
  unique_top([&out](NdrReader& r) { out = r.wstring(); });
}

uint32_t NdrWriter::next_referent() {
  uint32_t id = next_id_;
  next_id_ += kReferentIdStep;
  return id;
}

void NdrWriter::unique(bool present, Referent referent) {
  if (!present) {
    u32(0);
    return;
  }
  u32(next_referent());
  deferred_.push_back(std::move(referent));
}

void NdrWriter::unique_top(bool present, const Referent& referent) {
  if (!present) {
    u32(0);
    return;
  }
  u32(next_referent());
  referent(*this);
  flush();
}

void NdrWriter::flush() {
  std::vector<Referent> queue = std::move(deferred_);
  deferred_.clear();
  for (auto& referent : queue) {
    referent(*this);
    flush();
  }
}

void NdrWriter::wstring(std::string_view utf8) {
  std::vector<uint8_t> units = utf8_to_utf16le(utf8);
  uint32_t count = static_cast<uint32_t>(units.size() / 2 + 1);
  u32(count);  // max_count
  u32(0);      // offset
  u32(count);  // actual_count
  w_.bytes(units);
  w_.u16(0);
}

void NdrWriter::unique_wstring(const std::optional<std::string>& s) {
  unique(s.has_value(), [&s](NdrWriter& w) { w.wstring(*s); });
}

void NdrWriter::unique_wstring_top(const std::optional<std::string>& s) {
  unique_top(s.has_value(), [&s](NdrWriter& w) { w.wstring(*s); });
}

}  // namespace smbkit::rpc
