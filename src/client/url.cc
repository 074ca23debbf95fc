#include "client/url.h"

#include <cctype>
#include <charconv>

namespace smbkit::client {
namespace {

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    int hi = i + 1 < s.size() ? hex_digit(s[i + 1]) : -1;
    int lo = i + 2 < s.size() ? hex_digit(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) return fail(NtStatus::InvalidParameter);
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

Result<uint16_t> parse_port(std::string_view s) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || value == 0 ||
      value > 0xFFFF)
    return fail(NtStatus::InvalidParameter);
  return static_cast<uint16_t>(value);
}

// HOST[:PORT], with an IPv6 address in brackets.
Result<void> parse_host_port(std::string_view s, Target& t) {
  std::string_view port;
  if (!s.empty() && s.front() == '[') {
    size_t close = s.find(']');
    if (close == std::string_view::npos) return fail(NtStatus::InvalidParameter);
    t.host = std::string(s.substr(1, close - 1));
    std::string_view rest = s.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return fail(NtStatus::InvalidParameter);
      port = rest.substr(1);
      if (port.empty()) return fail(NtStatus::InvalidParameter);
    }
  } else {
    size_t colon = s.find(':');
    t.host = std::string(s.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = s.substr(colon + 1);
      if (port.empty()) return fail(NtStatus::InvalidParameter);
    }
  }
  if (t.host.empty()) return fail(NtStatus::InvalidParameter);
  if (!port.empty()) {
    auto p = parse_port(port);
    if (!p) return fail(p.error());
    t.port = *p;
  }
  return {};
}

// The host, port and user of any target, and its share and path when there are.
Result<Target> parse_location(std::string_view text) {
  Target t;
  bool url = starts_with_nocase(text, "smb://");
  std::string_view rest;
  if (url) {
    rest = text.substr(6);
  } else if (text.size() >= 2 && (text[0] == '/' || text[0] == '\\') &&
             (text[1] == '/' || text[1] == '\\')) {
    rest = text.substr(2);
  } else {
    return fail(NtStatus::InvalidParameter);
  }
  const char* separators = url ? "/" : "/\\";
  size_t authority_end = rest.find_first_of(separators);
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view after =
      authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end + 1);

  if (url) {
    size_t at = authority.rfind('@');
    if (at != std::string_view::npos) {
      auto userinfo = percent_decode(authority.substr(0, at));
      if (!userinfo) return fail(userinfo.error());
      size_t semi = userinfo->find(';');
      if (semi != std::string::npos) {
        t.domain = userinfo->substr(0, semi);
        t.user = userinfo->substr(semi + 1);
      } else {
        t.user = *userinfo;
      }
      authority = authority.substr(at + 1);
    }
  }
  if (auto hp = parse_host_port(authority, t); !hp) return fail(hp.error());

  // The share, then the path components; empty components (doubled or trailing
  // separators) are dropped.
  bool first = true;
  size_t i = 0;
  while (i <= after.size()) {
    size_t j = after.find_first_of(separators, i);
    if (j == std::string_view::npos) j = after.size();
    std::string_view raw = after.substr(i, j - i);
    i = j + 1;
    if (raw.empty()) continue;
    std::string part(raw);
    if (url) {
      auto decoded = percent_decode(raw);
      if (!decoded) return fail(decoded.error());
      part = std::move(*decoded);
    }
    if (first) {
      t.share = std::move(part);
      first = false;
    } else {
      if (!t.path.empty()) t.path += '/';
      t.path += part;
    }
  }
  return t;
}

}  // namespace

Result<Target> parse_target(std::string_view text) {
  auto t = parse_location(text);
  if (t && t->share.empty()) return fail(NtStatus::InvalidParameter);
  return t;
}

Result<Target> parse_server(std::string_view text) {
  bool plain = !starts_with_nocase(text, "smb://") &&
               !(text.size() >= 2 && (text[0] == '/' || text[0] == '\\') &&
                 (text[1] == '/' || text[1] == '\\'));
  auto t = plain ? parse_location("//" + std::string(text)) : parse_location(text);
  if (t && !t->share.empty()) return fail(NtStatus::InvalidParameter);
  return t;
}

Credentials parse_credentials(std::string_view text) {
  Credentials c;
  size_t percent = text.find('%');
  std::string_view user = text.substr(0, percent);
  if (percent != std::string_view::npos) c.password = std::string(text.substr(percent + 1));
  size_t sep = user.find_first_of("\\/");
  if (sep != std::string_view::npos) {
    c.domain = std::string(user.substr(0, sep));
    user = user.substr(sep + 1);
  }
  c.user = std::string(user);
  return c;
}

}  // namespace smbkit::client
