// Samba passdb.tdb user records (auth/tdbsam_record.h) and whole files fed record by record
// (auth/tdbsam_reader.h). Input: a selector byte; even: the rest is one user record; odd: the
// rest is key/value pairs, each a 2-byte little-endian length and that many bytes (a pair cut
// short ends the input). An accepted record must come back out of a reader as its user, or be
// skipped as not a normal user account; a reader never yields more users than USER_ keys.
#include <cctype>
#include <string>
#include <vector>

#include "auth/tdbsam_reader.h"
#include "auth/tdbsam_record.h"
#include "fuzz_support.h"

using namespace smbkit;

namespace {

std::vector<uint8_t> key_of(std::string_view text) {
  std::vector<uint8_t> key(text.begin(), text.end());
  key.push_back(0);
  return key;
}

void one_record(Bytes record) {
  auto user = auth::decode_tdbsam_user(record);
  if (!user) {
    FUZZ_CHECK(!user.error().empty());
    return;
  }
  const std::string& name = user->account.name;
  FUZZ_CHECK(!name.empty() && name.find('\0') == std::string::npos);
  FUZZ_CHECK(user->account.disabled ==
             ((user->account_control & (auth::kAcbDisabled | auth::kAcbAutoLocked)) != 0));
  FUZZ_CHECK(user->account.no_password_required ==
             ((user->account_control & auth::kAcbPasswordNotRequired) != 0));

  std::string lower = name;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auth::TdbsamReader reader;
  reader.add(key_of("USER_" + lower), record);
  reader.add(key_of("INFO/version"), std::vector<uint8_t>{4, 0, 0, 0});
  auto contents = std::move(reader).finish();
  FUZZ_CHECK(contents);
  if (user->account_control & auth::kAcbNormal) {
    FUZZ_CHECK(contents->accounts.size() == 1 && contents->skipped.empty());
    FUZZ_CHECK(contents->accounts[0].name == name);
    FUZZ_CHECK(contents->accounts[0].nt_hash == user->account.nt_hash);
  } else {
    FUZZ_CHECK(contents->accounts.empty() && contents->skipped.size() == 1);
  }
}

void whole_file(Bytes pairs) {
  auth::TdbsamReader reader;
  size_t user_keys = 0;
  ByteReader r(pairs);
  while (r.remaining() >= 2) {
    Bytes key = r.bytes(r.u16());
    if (r.remaining() < 2) break;
    Bytes value = r.bytes(r.u16());
    if (!r.ok()) break;
    std::string_view text(reinterpret_cast<const char*>(key.data()), key.size());
    user_keys += text.starts_with("USER_");
    reader.add(key, value);
  }
  auto contents = std::move(reader).finish();
  if (!contents) {
    FUZZ_CHECK(!contents.error().empty());
    return;
  }
  FUZZ_CHECK(contents->accounts.size() + contents->skipped.size() == user_keys);
  for (const auto& a : contents->accounts) FUZZ_CHECK(!a.name.empty());
  for (const auto& s : contents->skipped) FUZZ_CHECK(s.starts_with("USER_"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  Bytes rest(data + 1, size - 1);
  if (data[0] % 2 == 0)
    one_record(rest);
  else
    whole_file(rest);
  return 0;
}
