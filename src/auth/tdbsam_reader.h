// The records of a whole passdb.tdb, fed one key/value pair at a time in any order: which keys
// are users, which layout version the file says it has (doc/passdb_tdb.md). No I/O: passdb_tdb.h
// feeds it from the file.
#pragma once

#include <optional>
#include <string>
#include <tl/expected.hpp>
#include <vector>

#include "auth/user_db.h"
#include "wire/byte_reader.h"

namespace smbkit::auth {

struct TdbsamContents {
  std::vector<Account> accounts;
  // The user records that could not be read, each "USER_name: why". Their users cannot log on,
  // as smbd does not log on a user whose record it cannot read; the other users can.
  std::vector<std::string> skipped;
};

class TdbsamReader {
 public:
  // A key as stored (Samba ends its keys with a NUL) and its value. "USER_<name>" keys are
  // users, "INFO/version" the layout; the others (RIDs, the next RID, ...) are ignored.
  void add(Bytes key, Bytes value);
  // The accounts, or why the file as a whole cannot be read: no version record, or a version
  // other than kTdbsamVersion.
  tl::expected<TdbsamContents, std::string> finish() &&;

 private:
  std::optional<uint32_t> version_;
  std::string version_error_;
  TdbsamContents contents_;
};

}  // namespace smbkit::auth
