// Extended attributes (EAs, MS-FSA 2.1.1.5 ExtendedAttributes) kept in the file's Linux
// extended attributes: the client's EA named N is the xattr "user.N", its value the xattr's
// value byte for byte, so `getfattr -n user.N` shows it. What both dialects ask of EAs is here
// once: the names a client may use, how names compare, what a set does, the sizes reported.
//
// - Names (MS-FSCC 2.4.15): 1 to 255 bytes, none below 0x20 and none of " * + , / : ; < = > ? [
//   \ ] | (what Windows refuses, smbtorture raw.eas); else STATUS_INVALID_EA_NAME.
// - Case: EA names compare without regard to ASCII case (MS-FSA: EaName is case-insensitive).
//   The xattr keeps the spelling of the last set: setting "Foo" where "user.FOO" is stored
//   writes "user.Foo" and removes "user.FOO". A query by name finds any spelling and answers
//   with the stored one.
// - smbkit's own xattrs, "user.smbkit.*" (dos_attributes.h), are not EAs: no name starting with
//   "smbkit." in any case is listed or read (a query by name finds nothing), and setting one is
//   STATUS_INVALID_EA_NAME. Nor are xattrs outside "user." or whose rest is no valid EA name, or
//   whose value is over 65535 bytes (MS-FSCC's EaValueLength is 16 bits): a client could not
//   name or carry them, so they are left alone.
// - Flags: only FILE_NEED_EA (0x80) is defined (else STATUS_INVALID_EA_NAME, MS-FSA
//   2.1.5.15.5); it is accepted but not kept, as POSIX xattrs have no flags.
// - A set applies a list in order after checking every name first, so a list with one bad name
//   changes nothing (smbtorture raw.eas); an empty value removes the EA (MS-FSA 2.1.5.15.5).
// - A file system without user xattrs: STATUS_EAS_NOT_SUPPORTED; a value the file system cannot
//   hold (E2BIG, ENOSPC in its xattr space): STATUS_EA_TOO_LARGE.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fscc/ea_information.h"
#include "smbkit/status.h"

namespace smbkit::vfs {

// Whether a client may name an EA so (well-formed, not one of smbkit's own).
bool valid_ea_name(std::string_view name);
// ASCII case-insensitive comparison of EA names.
bool ea_names_equal(std::string_view a, std::string_view b);

// MS-FSA 2.1.5.12.10 / MS-FSCC 2.4.12 EaSize: Open.File.ExtendedAttributesLength (per EA: Flags,
// EaNameLength, EaValueLength, the name with its NUL and the value) plus 4 for the header when
// there is any; 0 with none. It is also the SMB_FEA_LIST size SMB1's EA size levels report
// (MS-CIFS 2.2.8.3.2, 2.2.8.1.2), which counts the same.
uint32_t ea_size(std::span<const fscc::FullEa> eas);

// The EAs of the file or directory behind `fd` (O_PATH descriptors too), in the order the file
// system lists them. EasNotSupported when it keeps no user xattrs.
Result<std::vector<fscc::FullEa>> read_eas(int fd);
// The EA size (ea_size) of the file behind `fd`, or of the entry `name` of `dir_fd` (not
// following a final symlink): 0 when it has none or the file system keeps none.
uint32_t ea_size_of(int fd);
uint32_t ea_size_at(int dir_fd, const std::string& name);

// Whether the file system of the file behind `fd` keeps user xattrs (so EAs): what
// FileFsAttributeInformation's FILE_SUPPORTS_EXTENDED_ATTRIBUTES says (MS-FSCC 2.5.1).
bool supports_eas(int fd);

// Checks every EA of `eas` (names, flags) without changing anything: InvalidEaName for the
// first that is wrong. `bad_index`, when given, receives its index.
Result<void> check_eas(std::span<const fscc::FullEa> eas, size_t* bad_index = nullptr);
// Applies `eas` to the file behind `fd` as the header says: checks them all, then sets each
// (replacing a stored EA of the same name in any case) or removes it (an empty value; removing
// an EA that is not there is no error).
Result<void> write_eas(int fd, std::span<const fscc::FullEa> eas);

}  // namespace smbkit::vfs
