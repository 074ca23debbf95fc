// Samba's smbpasswd text format as UserDb reads it. Every account line accepted on its own must
// be found in the database the whole text makes (when the whole text is accepted).
#include <string_view>

#include "auth/user_db.h"
#include "fuzz_support.h"

using namespace smbkit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto db = auth::UserDb::parse_smbpasswd(text);
  if (!db) {
    FUZZ_CHECK(!db.error().empty());
    return 0;
  }
  size_t lines = 0;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    ++lines;
    auto one = auth::UserDb::parse_smbpasswd(line);
    FUZZ_CHECK(one);  // a line of an accepted file is accepted alone
    if (one->size() != 1) continue;
    std::string_view name = line.substr(0, line.find(':'));
    const auth::Account* alone = one->find(name);
    const auth::Account* in_db = db->find(name);
    FUZZ_CHECK(alone && in_db);
  }
  FUZZ_CHECK(db->size() <= lines);
  return 0;
}
