#include "auth/der.h"

#include <charconv>

#include "wire/byte_writer.h"

namespace smbkit::auth::der {
namespace {

Result<Node> parse_at(ByteReader& r, int depth_left) {
  if (depth_left <= 0) return fail(NtStatus::InvalidParameter);
  Node node;
  node.tag = r.u8();
  if ((node.tag & 0x1F) == 0x1F) return fail(NtStatus::InvalidParameter);  // high tag number
  uint8_t first = r.u8();
  size_t len = first;
  if (first == 0x80) return fail(NtStatus::InvalidParameter);  // indefinite: BER only
  if (first > 0x80) {
    size_t octets = first & 0x7F;
    if (octets > kMaxLengthOctets) return fail(NtStatus::InvalidParameter);
    len = 0;
    for (size_t i = 0; i < octets; ++i) len = (len << 8) | r.u8();
  }
  node.content = r.bytes(len);
  if (!r.ok()) return fail(NtStatus::InvalidParameter);
  if (node.tag & 0x20) {
    ByteReader inner(node.content);
    while (inner.remaining() > 0) {
      auto child = parse_at(inner, depth_left - 1);
      if (!child) return fail(child.error());
      node.children.push_back(std::move(*child));
    }
  }
  return node;
}

void write_length(ByteWriter& w, size_t len) {
  if (len < 0x80) {
    w.u8(static_cast<uint8_t>(len));
    return;
  }
  int octets = 0;
  for (size_t v = len; v; v >>= 8) ++octets;
  w.u8(static_cast<uint8_t>(0x80 | octets));
  for (int i = octets - 1; i >= 0; --i) w.u8(static_cast<uint8_t>(len >> (8 * i)));
}

void write_base128(ByteWriter& w, uint64_t v) {
  uint8_t groups[10];
  int n = 0;
  do {
    groups[n++] = v & 0x7F;
    v >>= 7;
  } while (v);
  while (n-- > 0) w.u8(static_cast<uint8_t>(groups[n] | (n ? 0x80 : 0)));
}

}  // namespace

Result<Node> parse(Bytes data, int max_depth) {
  ByteReader r(data);
  auto node = parse_at(r, max_depth);
  if (!node) return node;
  if (r.remaining() != 0) return fail(NtStatus::InvalidParameter);
  return node;
}

std::vector<uint8_t> tlv(uint8_t tag, Bytes content) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  w.u8(tag);
  write_length(w, content.size());
  w.bytes(content);
  return out;
}

std::vector<uint8_t> concat(std::initializer_list<Bytes> parts) {
  std::vector<uint8_t> out;
  for (Bytes p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Result<std::vector<uint8_t>> oid_content(std::string_view dotted) {
  std::vector<uint64_t> arcs;
  while (!dotted.empty()) {
    size_t dot = dotted.find('.');
    std::string_view part = dotted.substr(0, dot);
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), v);
    if (part.empty() || ec != std::errc() || end != part.data() + part.size() || v > 0xFFFFFFFF)
      return fail(NtStatus::InvalidParameter);
    arcs.push_back(v);
    if (dot == std::string_view::npos) break;
    dotted.remove_prefix(dot + 1);
    if (dotted.empty()) return fail(NtStatus::InvalidParameter);  // trailing dot
  }
  if (arcs.size() < 2 || arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39))
    return fail(NtStatus::InvalidParameter);
  std::vector<uint8_t> out;
  ByteWriter w(out);
  write_base128(w, arcs[0] * 40 + arcs[1]);
  for (size_t i = 2; i < arcs.size(); ++i) write_base128(w, arcs[i]);
  return out;
}

Result<std::string> oid_text(Bytes content) {
  if (content.empty() || (content.back() & 0x80)) return fail(NtStatus::InvalidParameter);
  std::string out;
  uint64_t v = 0;
  int groups = 0;
  bool first = true;
  for (uint8_t b : content) {
    if (groups == 0 && b == 0x80) return fail(NtStatus::InvalidParameter);  // non-minimal
    v = (v << 7) | (b & 0x7F);
    if (++groups > 5) return fail(NtStatus::InvalidParameter);  // 35 bits at most: no overflow
    if (b & 0x80) continue;
    uint64_t top = first ? (v < 40 ? 0 : v < 80 ? 1 : 2) : 0;
    // Arcs stay within 32 bits, as oid_content requires: what is read can be written back.
    if (v - 40 * top > 0xFFFFFFFF) return fail(NtStatus::InvalidParameter);
    if (first) {
      out = std::to_string(top) + "." + std::to_string(v - 40 * top);
      first = false;
    } else {
      out += "." + std::to_string(v);
    }
    v = 0;
    groups = 0;
  }
  return out;
}

}  // namespace smbkit::auth::der
