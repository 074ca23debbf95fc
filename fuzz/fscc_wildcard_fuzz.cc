// MS-FSA 2.1.4.4 wildcard matching with bounded input: the expression and the name are the
// input split at its first NUL, each at most 512 bytes (a path component is at most 255
// characters). Matching must stay quick (it is O(|expression| * |name|)) and keep its identities.
#include <cstring>

#include "fscc/wildcard.h"
#include "fuzz_support.h"
#include "wire/utf16.h"

using namespace smbkit;

namespace {

constexpr size_t kMaxLength = 512;

bool valid_utf8(std::string_view s) {
  auto back = utf16le_to_utf8(utf8_to_utf16le(s));
  return back && *back == s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t nul = input.find('\0');
  std::string_view expression = input.substr(0, std::min(nul, kMaxLength));
  std::string_view name =
      nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1, kMaxLength);

  bool wild = fscc::has_wildcards(expression);
  bool matched = fscc::name_matches(expression, name);
  bool exact = fscc::name_matches(expression, name, false);
  if (exact) FUZZ_CHECK(matched);  // a case-sensitive match is a case-insensitive one too
  if (!name.empty()) FUZZ_CHECK(fscc::name_matches("*", name));
  if (name.empty()) FUZZ_CHECK(matched == expression.empty());
  if (!wild && valid_utf8(expression) && valid_utf8(name)) {
    FUZZ_CHECK(exact == (expression == name));
    if (!fscc::has_wildcards(name)) FUZZ_CHECK(fscc::name_matches(name, name, false));
  }
  return 0;
}
