// One user record of Samba's passdb.tdb ("passdb backend = tdbsam"), as doc/passdb_tdb.md
// describes it: the bytes stored under a "USER_<name>" key in, the account out. No I/O.
#pragma once

#include <cstdint>
#include <string>
#include <tl/expected.hpp>

#include "auth/user_db.h"
#include "wire/byte_reader.h"

namespace smbkit::auth {

// The record layout decode_tdbsam_user() reads, as found in the file's "INFO/version" record.
constexpr uint32_t kTdbsamVersion = 4;

// Account control bits the reader looks at (MS-SAMR 2.2.1.12 USER_ACCOUNT codes).
constexpr uint32_t kAcbDisabled = 0x0001;             // USER_ACCOUNT_DISABLED
constexpr uint32_t kAcbPasswordNotRequired = 0x0004;  // USER_PASSWORD_NOT_REQUIRED
constexpr uint32_t kAcbNormal = 0x0010;               // USER_NORMAL_ACCOUNT
constexpr uint32_t kAcbAutoLocked = 0x0400;           // USER_ACCOUNT_AUTO_LOCKED

struct TdbsamUser {
  // name: the record's user name; nt_hash: absent when the record holds none; disabled: the
  // disabled or auto-locked bit (both refuse the logon); no_password_required: that bit.
  Account account;
  uint32_t account_control = 0;  // every bit as stored
};

// Decodes a version-4 user record. Fails with what is wrong ("ends inside the NT hash", "NT hash
// is 8 bytes, not 16 or none", ...) for a record that does not have that layout exactly.
tl::expected<TdbsamUser, std::string> decode_tdbsam_user(Bytes record);

}  // namespace smbkit::auth
