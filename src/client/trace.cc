#include <cstdio>

#include <fmt/format.h>

#include "client/tracer.h"

namespace smbkit::client {
namespace {

bool needs_quotes(std::string_view v) {
  if (v.empty()) return true;
  for (unsigned char c : v)
    if (c <= ' ' || c == '"' || c == '=' || c == 0x7F) return true;
  return false;
}

// Quoted with '"' and control characters escaped, so that one event stays one line.
std::string quoted(std::string_view v) {
  std::string out = "\"";
  for (unsigned char c : v) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < ' ' || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

std::string format_trace_line(const TraceEvent& e) {
  const char* dir = e.direction == Direction::ClientToServer ? "C>S" : "S>C";
  std::string line = fmt::format("{:>3}  {}  {:<27}  {:<26}", e.sequence, dir, e.command, e.status);
  if (e.fields.empty()) {
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line;
  }
  const char* sep = "  ";
  for (const auto& f : e.fields) {
    line += sep;
    sep = " ";
    line += f.key;
    line += '=';
    line += needs_quotes(f.value) ? quoted(f.value) : f.value;
  }
  return line;
}

std::string trace_hex16(uint16_t v) { return fmt::format("0x{:04X}", v); }
std::string trace_hex32(uint32_t v) { return fmt::format("0x{:08X}", v); }

std::string trace_hex_bytes(std::span<const uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) out += fmt::format("{:02x}", b);
  return out;
}

}  // namespace smbkit::client
