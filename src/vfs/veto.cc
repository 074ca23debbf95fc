#include "vfs/veto.h"

#include "wire/utf16.h"

namespace smbkit::vfs {
namespace {

// Upper-cased UTF-16 code units of a UTF-8 string.
std::u16string folded(std::string_view utf8) {
  auto bytes = utf8_to_utf16le(to_upper(utf8));
  std::u16string out(bytes.size() / 2, u'\0');
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<char16_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8));
  return out;
}

// Glob matching with one saved position for the last '*': when a later character fails, that
// '*' takes one more character and matching resumes after it. O(|pattern| * |name|).
bool glob(std::u16string_view p, std::u16string_view s) {
  size_t pi = 0, si = 0;
  size_t star = std::u16string_view::npos, resume = 0;
  while (si < s.size()) {
    if (pi < p.size() && (p[pi] == u'?' || p[pi] == s[si])) {
      ++pi;
      ++si;
    } else if (pi < p.size() && p[pi] == u'*') {
      star = pi++;
      resume = si;
    } else if (star != std::u16string_view::npos) {
      pi = star + 1;
      si = ++resume;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == u'*') ++pi;
  return pi == p.size();
}

}  // namespace

bool veto_pattern_matches(std::string_view pattern, std::string_view name) {
  return glob(folded(pattern), folded(name));
}

VetoList::VetoList(const std::vector<std::string>& patterns) {
  for (const auto& p : patterns)
    if (!p.empty()) patterns_.push_back(folded(p));
}

bool VetoList::vetoes(std::string_view name) const {
  if (patterns_.empty()) return false;
  const std::u16string n = folded(name);
  for (const auto& p : patterns_)
    if (glob(p, n)) return true;
  return false;
}

Result<void> VetoList::check(const SharePath& path) const {
  if (patterns_.empty()) return {};
  const auto& parts = path.components;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (!vetoes(parts[i])) continue;
    return fail(i + 1 == parts.size() ? NtStatus::ObjectNameNotFound
                                      : NtStatus::ObjectPathNotFound);
  }
  return {};
}

}  // namespace smbkit::vfs
