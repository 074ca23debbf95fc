#include "auth/tdbsam_record.h"

#include <algorithm>
#include <array>

#include "crypto/secure.h"

namespace smbkit::auth {
namespace {

// The twelve length-prefixed strings of a record, in order (doc/passdb_tdb.md).
constexpr std::array<const char*, 12> kStrings = {"user name",    "domain",         "NT user name",
                                                  "full name",    "home directory", "home drive",
                                                  "logon script", "profile path",   "description",
                                                  "workstations", "comment",        "munged dial"};

std::string ends_inside(const char* what) { return std::string("record ends inside the ") + what; }

// A u32 length, then that many bytes.
Bytes blob(ByteReader& r) {
  uint32_t n = r.u32();
  return r.bytes(n);
}

// A hash field: none (length 0) or 16 bytes.
std::string read_hash(ByteReader& r, const char* what, std::optional<NtHash>& out) {
  Bytes b = blob(r);
  if (!r.ok()) return ends_inside(what);
  if (b.empty()) return {};
  if (b.size() != 16)
    return std::string(what) + " is " + std::to_string(b.size()) + " bytes, not 16 or none";
  std::copy(b.begin(), b.end(), out.emplace().begin());
  return {};
}

}  // namespace

tl::expected<TdbsamUser, std::string> decode_tdbsam_user(Bytes record) {
  auto failed = [](std::string why) { return tl::unexpected(std::move(why)); };
  ByteReader r(record);
  for (int i = 0; i < 7; ++i) r.u32();  // logon, logoff, kickoff, bad password, password times
  if (!r.ok()) return failed(ends_inside("times"));
  TdbsamUser user;
  for (size_t i = 0; i < kStrings.size(); ++i) {
    const char* what = kStrings[i];
    Bytes s = blob(r);
    if (!r.ok()) return failed(ends_inside(what));
    // Stored with their NUL; an absent string has length 0, an empty one is a lone NUL.
    if (!s.empty() && s.back() != 0) return failed(std::string(what) + " does not end in NUL");
    if (i == 0) {
      if (s.size() < 2) return failed("user name is empty");
      if (std::find(s.begin(), s.end() - 1, 0) != s.end() - 1)
        return failed("user name holds a NUL");
      user.account.name.assign(s.begin(), s.end() - 1);
    }
  }
  r.u32();  // user RID
  r.u32();  // primary group RID
  if (!r.ok()) return failed(ends_inside("RIDs"));
  std::optional<NtHash> lm;  // read and dropped
  std::string error = read_hash(r, "LM hash", lm);
  if (lm) crypto::secure_wipe(*lm);
  if (error.empty()) error = read_hash(r, "NT hash", user.account.nt_hash);
  if (!error.empty()) return failed(error);
  blob(r);  // password history: salted hashes of earlier passwords
  user.account_control = r.u32();
  r.u16();  // logon divisions
  r.u32();  // logon hours length
  blob(r);  // logon hours
  r.u16();  // bad password count
  r.u16();  // logon count
  r.u32();  // unknown
  if (!r.ok()) return failed(ends_inside("account flags and logon hours"));
  if (r.remaining() != 0)
    return failed(std::to_string(r.remaining()) + " bytes after the record's last field");
  user.account.disabled = (user.account_control & (kAcbDisabled | kAcbAutoLocked)) != 0;
  user.account.no_password_required = (user.account_control & kAcbPasswordNotRequired) != 0;
  return user;
}

}  // namespace smbkit::auth
