// Samba's passdb.tdb ("passdb backend = tdbsam:FILE"), read through libtdb.
#pragma once

#include <string>
#include <tl/expected.hpp>

#include "auth/tdbsam_reader.h"

namespace smbkit::auth {

// Opens `path` read-only and reads every record. A running smbd or pdbedit may keep using the
// file: the read takes only the shared locks of tdb_traverse_read(), for as long as the
// traversal lasts. Fails with "tdbsam FILE: why" when the file cannot be opened or read or is
// not a passdb.tdb smbkit knows; user records it cannot read are listed in `skipped`.
tl::expected<TdbsamContents, std::string> load_tdbsam(const std::string& path);

}  // namespace smbkit::auth
