#include "fscc/wildcard.h"

#include <algorithm>
#include <string>
#include <vector>

#include "wire/utf16.h"

namespace smbkit::fscc {
namespace {

constexpr char16_t kDosStar = u'<';
constexpr char16_t kDosQm = u'>';
constexpr char16_t kDosDot = u'"';

// Windows compares UTF-16 code units.
std::u16string units(std::string_view utf8, bool upper) {
  auto bytes = utf8_to_utf16le(upper ? to_upper(utf8) : std::string(utf8));
  std::u16string out(bytes.size() / 2, u'\0');
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<char16_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8));
  return out;
}

}  // namespace

bool has_wildcards(std::string_view expression) {
  return expression.find_first_of("*?<>\"") != std::string_view::npos;
}

bool name_matches(std::string_view expression, std::string_view name, bool ignore_case) {
  // Part 1: the special cases.
  if (name.empty()) return expression.empty();
  if (expression.empty()) return false;
  if (expression == "*" || expression == "*.*") return true;

  // Part 2: run the expression as an automaton whose states are positions in it; a state set
  // is advanced one name character at a time, so the cost is O(|expr| * |name|).
  const std::u16string expr = units(expression, ignore_case);
  const std::u16string nm = units(name, ignore_case);
  const size_t n = expr.size();
  const size_t last_dot = nm.rfind(u'.');

  // Adds the states reachable without consuming the name character at `pos` (moves only
  // forward, so one pass in order suffices).
  auto close = [&](std::vector<char>& states, size_t pos) {
    const bool at_end = pos == nm.size();
    const bool at_dot = !at_end && nm[pos] == u'.';
    for (size_t i = 0; i < n; ++i) {
      if (!states[i]) continue;
      char16_t e = expr[i];
      if (e == u'*' || e == kDosStar || (e == kDosDot && at_end) ||
          (e == kDosQm && (at_end || at_dot)))
        states[i + 1] = 1;
    }
  };

  std::vector<char> cur(n + 1, 0), next(n + 1, 0);
  cur[0] = 1;
  close(cur, 0);
  for (size_t pos = 0; pos < nm.size(); ++pos) {
    const char16_t c = nm[pos];
    std::fill(next.begin(), next.end(), 0);
    bool any = false;
    for (size_t i = 0; i < n; ++i) {
      if (!cur[i]) continue;
      const char16_t e = expr[i];
      size_t to = n + 1;  // no transition
      if (e == u'*') {
        to = i;
      } else if (e == kDosStar) {
        if (c != u'.' || pos < last_dot) to = i;  // the last period is left for the expression
      } else if (e == u'?') {
        to = i + 1;
      } else if (e == kDosQm) {
        if (c != u'.') to = i + 1;
      } else if (e == kDosDot) {
        if (c == u'.') to = i + 1;
      } else if (e == c) {
        to = i + 1;
      }
      if (to <= n) next[to] = any = true;
    }
    if (!any) return false;
    close(next, pos + 1);
    cur.swap(next);
  }
  return cur[n];
}

}  // namespace smbkit::fscc
