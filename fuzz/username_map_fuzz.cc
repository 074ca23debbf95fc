// smb.conf's username map (auth/username_map.h): any text parses, lines it cannot use come back
// as warnings; a name maps to itself or to the Unix name of one of the lines, the same way each
// time, and the empty name to itself.
#include <string>
#include <vector>

#include "auth/username_map.h"
#include "fuzz_support.h"

using namespace smbkit;

namespace {

bool in_group(const std::string& user, const std::string& group) {
  return user.size() % 2 == group.size() % 2;  // any fixed rule will do
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> warnings;
  auto map = auth::UsernameMap::parse(text, &warnings);
  for (const auto& w : warnings) FUZZ_CHECK(w.starts_with("line "));
  std::vector<std::string> names{"", "alice", "ZED", "Map Two", "*", "@system"};
  size_t previous_line = 0;
  for (const auto& line : map.lines()) {
    FUZZ_CHECK(!line.unix_name.empty());
    FUZZ_CHECK(line.line_no > previous_line);
    previous_line = line.line_no;
    for (const auto& n : line.client_names) {
      FUZZ_CHECK(!n.empty());
      names.push_back(n);
    }
  }
  for (const auto& name : names) {
    std::string mapped = map.map(name, in_group);
    FUZZ_CHECK(mapped == map.map(name, in_group));
    if (name.empty()) {
      FUZZ_CHECK(mapped.empty());
      continue;
    }
    bool known = mapped == name;
    for (const auto& line : map.lines()) known = known || mapped == line.unix_name;
    FUZZ_CHECK(known);
  }
  return 0;
}
