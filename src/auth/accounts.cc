#include "auth/accounts.h"

#include "auth/passdb_tdb.h"
#include "auth/unix_group.h"

namespace smbkit::auth {

tl::expected<LoadedAccounts, std::string> load_accounts(const AccountSources& sources) {
  LoadedAccounts out;
  if (!sources.smbpasswd_file.empty()) {
    auto db = UserDb::load_smbpasswd(sources.smbpasswd_file);
    if (!db) return tl::unexpected(db.error());
    out.users = std::move(*db);
  }
  if (!sources.tdbsam_file.empty()) {
    auto tdb = load_tdbsam(sources.tdbsam_file);
    if (!tdb) return tl::unexpected(tdb.error());
    for (auto& account : tdb->accounts)
      if (!out.users.find(account.name)) out.users.add(std::move(account));
    for (auto& why : tdb->skipped)
      out.warnings.push_back("tdbsam " + sources.tdbsam_file + ": " + why +
                             "; that user cannot log on");
  }
  if (!sources.username_map_file.empty()) {
    auto map = UsernameMap::load(sources.username_map_file, &out.warnings);
    if (!map) return tl::unexpected(map.error());
    out.users.set_username_map(std::move(*map), in_unix_group);
  }
  return out;
}

}  // namespace smbkit::auth
