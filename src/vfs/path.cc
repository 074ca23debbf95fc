#include "vfs/path.h"

#include <optional>

namespace smbkit::vfs {
namespace {

bool is_wildcard(char32_t c) { return c == '*' || c == '?' || c == '<' || c == '>' || c == '"'; }

// Characters no component may hold, wildcards aside (MS-FSCC 2.1.5.2).
bool is_always_illegal(char32_t c) {
  return c < 0x20 || c == '/' || c == '\\' || c == ':' || c == '|';
}

// Decodes one code point of strict UTF-8 at `i`, advancing it; nullopt for an ill-formed
// sequence (overlong forms, surrogates and values past U+10FFFF included).
std::optional<char32_t> next_code_point(std::string_view s, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i++);
  if (c < 0x80) return c;
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
  if (extra < 0 || c > 0xF4) return std::nullopt;
  char32_t cp = c & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size() || (byte(i) & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (byte(i++) & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return cp;
}

std::string join(const std::vector<std::string>& parts, size_t count) {
  if (count == 0) return ".";
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    if (i) out += '/';
    out += parts[i];
  }
  return out;
}

}  // namespace

std::string SharePath::posix() const { return join(components, components.size()); }

std::string SharePath::parent_posix() const {
  return join(components, components.empty() ? 0 : components.size() - 1);
}

std::string_view SharePath::leaf() const {
  return components.empty() ? std::string_view() : std::string_view(components.back());
}

Result<void> check_name_component(std::string_view name, bool allow_wildcards) {
  if (name.empty()) return fail(NtStatus::ObjectNameInvalid);
  size_t units = 0;
  for (size_t i = 0; i < name.size();) {
    auto cp = next_code_point(name, i);
    if (!cp || is_always_illegal(*cp) || (!allow_wildcards && is_wildcard(*cp))) {
      return fail(NtStatus::ObjectNameInvalid);
    }
    units += *cp >= 0x10000 ? 2 : 1;
  }
  if (units > kMaxComponentUnits) return fail(NtStatus::ObjectNameInvalid);
  return {};
}

Result<SharePath> parse_smb_path(std::string_view smb_path, Wildcards wildcards) {
  // Split on '\' first: the last non-empty piece is the only one that may be a pattern.
  std::vector<std::string_view> pieces;
  for (size_t start = 0; start <= smb_path.size();) {
    size_t end = smb_path.find('\\', start);
    if (end == std::string_view::npos) end = smb_path.size();
    if (end > start) pieces.push_back(smb_path.substr(start, end - start));
    start = end + 1;
  }

  SharePath out;
  for (size_t i = 0; i < pieces.size(); ++i) {
    std::string_view piece = pieces[i];
    if (piece == ".") continue;
    if (piece == "..") {
      if (out.components.empty()) return fail(NtStatus::ObjectPathSyntaxBad);
      out.components.pop_back();
      continue;
    }
    bool last = i + 1 == pieces.size();
    if (auto ok = check_name_component(piece, last && wildcards == Wildcards::AllowInLast); !ok) {
      return fail(ok.error());
    }
    out.components.emplace_back(piece);
  }
  return out;
}

}  // namespace smbkit::vfs
