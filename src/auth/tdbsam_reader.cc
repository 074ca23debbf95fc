#include "auth/tdbsam_reader.h"

#include <strings.h>

#include <cstdio>

#include "auth/tdbsam_record.h"

namespace smbkit::auth {
namespace {

constexpr std::string_view kUserPrefix = "USER_";
constexpr std::string_view kVersionKey = "INFO/version";

// The key as text, without the NUL Samba stores at its end. Keys with an inner NUL are kept
// whole, so they match none of the names above.
std::string_view key_text(Bytes key) {
  std::string_view text(reinterpret_cast<const char*>(key.data()), key.size());
  if (!text.empty() && text.back() == '\0') text.remove_suffix(1);
  return text;
}

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

void TdbsamReader::add(Bytes key, Bytes value) {
  std::string_view name = key_text(key);
  if (name == kVersionKey) {
    if (value.size() != 4) {
      version_error_ =
          "its INFO/version record is " + std::to_string(value.size()) + " bytes, not 4";
      return;
    }
    ByteReader r(value);
    version_ = r.u32();
    return;
  }
  if (!name.starts_with(kUserPrefix)) return;
  std::string label(name);
  name.remove_prefix(kUserPrefix.size());
  auto user = decode_tdbsam_user(value);
  if (!user) {
    contents_.skipped.push_back(label + ": " + user.error());
    return;
  }
  // Samba keys a user by its name in lower case; a record under another name is not that user.
  if (!same_name(name, user->account.name)) {
    contents_.skipped.push_back(label + ": the record is for the user \"" + user->account.name +
                                "\"");
    return;
  }
  // Only user accounts log on to shares (MS-SAMR 2.2.1.12); trust accounts do not.
  if (!(user->account_control & kAcbNormal)) {
    char flags[16];
    std::snprintf(flags, sizeof flags, "0x%X", user->account_control);
    contents_.skipped.push_back(label + ": not a normal user account (account control " + flags +
                                ")");
    return;
  }
  contents_.accounts.push_back(std::move(user->account));
}

tl::expected<TdbsamContents, std::string> TdbsamReader::finish() && {
  if (!version_error_.empty()) return tl::unexpected(version_error_);
  if (!version_)
    return tl::unexpected(std::string("it has no INFO/version record: not a Samba passdb.tdb"));
  if (*version_ != kTdbsamVersion)
    return tl::unexpected("its records are version " + std::to_string(*version_) +
                          "; smbkit reads version " + std::to_string(kTdbsamVersion));
  return std::move(contents_);
}

}  // namespace smbkit::auth
