#include "wire/utf16.h"

#include <cwctype>

#include "wire/byte_writer.h"

namespace smbkit {
namespace {

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes one code point from UTF-8 at `i`, advancing it; U+FFFD for a bad sequence.
char32_t next_code_point(std::string_view s, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i++);
  if (c < 0x80) return c;
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
  if (extra < 0 || c > 0xF4) return 0xFFFD;
  char32_t cp = c & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size() || (byte(i) & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (byte(i++) & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
  return cp;
}

}  // namespace

Result<std::string> utf16le_to_utf8(Bytes in) {
  if (in.size() % 2) return fail(NtStatus::ObjectNameInvalid);
  std::string out;
  out.reserve(in.size() / 2);
  for (size_t i = 0; i < in.size(); i += 2) {
    char32_t u = in[i] | (in[i + 1] << 8);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 3 >= in.size()) return fail(NtStatus::ObjectNameInvalid);
      char32_t lo = in[i + 2] | (in[i + 3] << 8);
      if (lo < 0xDC00 || lo > 0xDFFF) return fail(NtStatus::ObjectNameInvalid);
      u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
      i += 2;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      return fail(NtStatus::ObjectNameInvalid);
    }
    append_utf8(out, u);
  }
  return out;
}

std::vector<uint8_t> utf8_to_utf16le(std::string_view s) {
  std::vector<uint8_t> out;
  out.reserve(s.size() * 2);
  ByteWriter w(out);
  for (size_t i = 0; i < s.size();) {
    char32_t cp = next_code_point(s, i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      w.u16(static_cast<uint16_t>(0xD800 + (cp >> 10)));
      w.u16(static_cast<uint16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      w.u16(static_cast<uint16_t>(cp));
    }
  }
  return out;
}

std::string to_upper(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t cp = next_code_point(s, i);
    if (cp < 0x80) {
      if (cp >= 'a' && cp <= 'z') cp -= 32;
    } else if (cp < 0x10000) {
      cp = static_cast<char32_t>(std::towupper(static_cast<wint_t>(cp)));
    }
    append_utf8(out, cp);
  }
  return out;
}

// ByteReader/ByteWriter string helpers live here, beside the conversion they use.
std::string ByteReader::cstring() {
  for (size_t i = pos_; ok_ && i < data_.size(); ++i) {
    if (data_[i] == 0) {
      std::string s(reinterpret_cast<const char*>(data_.data() + pos_), i - pos_);
      pos_ = i + 1;
      return s;
    }
  }
  fail();
  return {};
}

std::string ByteReader::utf16z() {
  for (size_t i = pos_; ok_ && i + 1 < data_.size(); i += 2) {
    if (data_[i] == 0 && data_[i + 1] == 0) {
      auto s = utf16le_to_utf8(data_.subspan(pos_, i - pos_));
      pos_ = i + 2;
      if (!s) fail();
      return s ? *s : std::string();
    }
  }
  fail();
  return {};
}

std::string ByteReader::utf16(size_t nbytes) {
  Bytes b = bytes(nbytes);
  if (!ok_) return {};
  auto s = utf16le_to_utf8(b);
  if (!s) fail();
  return s ? *s : std::string();
}

void ByteWriter::ascii(std::string_view s, bool terminate) {
  out_.insert(out_.end(), s.begin(), s.end());
  if (terminate) out_.push_back(0);
}

size_t ByteWriter::utf16(std::string_view utf8, bool terminate) {
  auto u = utf8_to_utf16le(utf8);
  bytes(u);
  if (terminate) u16(0);
  return u.size();
}

}  // namespace smbkit
