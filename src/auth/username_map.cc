#include "auth/username_map.h"

#include <strings.h>

#include <fstream>
#include <sstream>

namespace smbkit::auth {
namespace {

constexpr std::string_view kBlanks = " \t\r";

std::string_view trim(std::string_view s) {
  size_t first = s.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) return {};
  size_t last = s.find_last_not_of(kBlanks);
  return s.substr(first, last - first + 1);
}

// The names right of '=': separated by blanks or commas, "double quotes" around a name with
// spaces. Fails (an empty error means none) on an unterminated quote.
std::string split_names(std::string_view text, std::vector<std::string>& out) {
  constexpr std::string_view kSeparators = " \t\r,";
  size_t i = 0;
  while (true) {
    i = text.find_first_not_of(kSeparators, i);
    if (i == std::string_view::npos) return {};
    if (text[i] == '"') {
      size_t close = text.find('"', i + 1);
      if (close == std::string_view::npos) return "a quote is not closed";
      out.emplace_back(text.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      size_t end = text.find_first_of(kSeparators, i);
      out.emplace_back(text.substr(i, end == std::string_view::npos ? end : end - i));
      if (end == std::string_view::npos) return {};
      i = end;
    }
  }
}

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool matches(const std::string& entry, std::string_view client_name,
             const UsernameMap::GroupCheck& in_group) {
  if (entry.find('*') != std::string::npos) return true;
  if ((entry[0] == '@' || entry[0] == '+') && entry.size() > 1)
    return in_group && in_group(std::string(client_name), entry.substr(1));
  return same_name(entry, client_name);
}

}  // namespace

UsernameMap UsernameMap::parse(std::string_view text, std::vector<std::string>* warnings) {
  UsernameMap map;
  size_t line_no = 0;
  auto warn = [&](const std::string& why) {
    if (warnings) warnings->push_back("line " + std::to_string(line_no) + ": " + why);
  };
  while (!text.empty()) {
    ++line_no;
    size_t eol = text.find('\n');
    std::string_view line = trim(text.substr(0, eol));
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    UsernameMapLine entry;
    entry.line_no = line_no;
    if (line[0] == '!') {
      entry.stop_if_matched = true;
      line.remove_prefix(1);
    }
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      warn("no '=' between a Unix name and client names; line skipped");
      continue;
    }
    entry.unix_name = std::string(trim(line.substr(0, eq)));
    if (entry.unix_name.empty()) {
      warn("no Unix name left of '='; line skipped");
      continue;
    }
    if (std::string why = split_names(line.substr(eq + 1), entry.client_names); !why.empty()) {
      warn(why + "; line skipped");
      continue;
    }
    std::erase_if(entry.client_names, [](const std::string& n) { return n.empty(); });
    map.lines_.push_back(std::move(entry));
  }
  return map;
}

tl::expected<UsernameMap, std::string> UsernameMap::load(const std::string& path,
                                                         std::vector<std::string>* warnings) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return tl::unexpected("username map " + path + ": cannot be opened");
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<std::string> found;
  UsernameMap map = parse(text.str(), &found);
  if (warnings)
    for (auto& w : found) warnings->push_back("username map " + path + " " + w);
  return map;
}

std::string UsernameMap::map(std::string_view client_name, const GroupCheck& in_group) const {
  std::string mapped(client_name);
  if (client_name.empty()) return mapped;
  for (const auto& line : lines_) {
    bool hit = false;
    for (const auto& entry : line.client_names)
      if ((hit = matches(entry, client_name, in_group))) break;
    if (!hit) continue;
    mapped = line.unix_name;
    if (line.stop_if_matched) break;
  }
  return mapped;
}

}  // namespace smbkit::auth
