// smb.conf's lines (smb.conf(5) "FILE FORMAT"): [section] headers, "name = value" parameters,
// ';' and '#' comment lines, and a trailing '\' that continues a line on the next.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>

namespace smbkit::config {

struct Line {
  enum class Kind { Section, Parameter } kind = Kind::Parameter;
  unsigned number = 0;  // the physical line it starts on
  std::string name;     // section name, or parameter name as written; both trimmed
  std::string value;    // parameter value, trimmed
};

struct LineError {
  unsigned number = 0;
  std::string message;
};

// Reads one logical line at a time, so that a file's diagnostics come in file order.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : rest_(text) {}
  // The next section or parameter line, std::nullopt at the end, or the error of a malformed
  // line (no '=', an unterminated '[', an empty name).
  tl::expected<std::optional<Line>, LineError> next();

 private:
  std::string_view physical_line();
  std::string_view rest_;
  unsigned number_ = 0;  // physical lines consumed
};

std::string_view trim(std::string_view text);

}  // namespace smbkit::config
