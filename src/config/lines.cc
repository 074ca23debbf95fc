#include "config/lines.h"

namespace smbkit::config {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

// A malformed line is quoted in its error, shortened so that one line stays one line.
std::string quote_text(std::string_view text) {
  constexpr size_t kMax = 60;
  std::string out = "\"" + std::string(text.substr(0, kMax));
  if (text.size() > kMax) out += "...";
  return out + "\"";
}

}  // namespace

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string_view LineReader::physical_line() {
  size_t eol = rest_.find('\n');
  std::string_view line = rest_.substr(0, eol);
  rest_ = eol == std::string_view::npos ? std::string_view() : rest_.substr(eol + 1);
  ++number_;
  return line;
}

tl::expected<std::optional<Line>, LineError> LineReader::next() {
  while (!rest_.empty()) {
    unsigned start = number_ + 1;
    std::string_view first = trim(physical_line());
    if (first.empty() || first.front() == ';' || first.front() == '#') continue;
    // A trailing '\' joins the next line, whose leading blanks go (smb.conf(5) "FILE FORMAT");
    // at the end of the file it is dropped, so no value ends in '\'.
    std::string text(first);
    for (;;) {
      while (!text.empty() && is_space(text.back())) text.pop_back();
      if (text.empty() || text.back() != '\\') break;
      text.pop_back();
      if (!rest_.empty()) text += trim(physical_line());
    }
    std::string_view body = trim(text);
    Line line;
    line.number = start;
    if (body.empty()) continue;  // a lone '\' joined to blank lines
    if (body.front() == '[') {
      size_t close = body.find(']');
      if (close == std::string_view::npos)
        return tl::unexpected(LineError{start, "unterminated section header " + quote_text(body)});
      // What follows ']' is ignored, as Samba does.
      line.kind = Line::Kind::Section;
      line.name = trim(body.substr(1, close - 1));
      if (line.name.empty()) return tl::unexpected(LineError{start, "empty section name"});
      return line;
    }
    size_t eq = body.find('=');
    if (eq == std::string_view::npos)
      return tl::unexpected(
          LineError{start, "not a parameter (no \"=\") nor a section header: " + quote_text(body)});
    line.name = trim(body.substr(0, eq));
    line.value = trim(body.substr(eq + 1));
    if (line.name.empty())
      return tl::unexpected(LineError{start, "missing parameter name before \"=\""});
    return line;
  }
  return std::nullopt;
}

}  // namespace smbkit::config
