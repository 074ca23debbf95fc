// What directory searches share: SMB2 QUERY_DIRECTORY, SMB1 TRANS2_FIND_FIRST2 / FIND_NEXT2 and
// the core SEARCH, FIND and FIND_UNIQUE (search_handler.cc). A search lists the entries of a
// directory that match its pattern and search attributes, in one fixed order, so that a search
// can resume after a name even when that entry has gone or the directory has changed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "fscc/file_info.h"
#include "smbkit/status.h"
#include "vfs/share_fs.h"

namespace smbkit::server {

// MS-CIFS 2.2.1.2.4 (SMB_FILE_ATTRIBUTES as a search mask): hidden, system and directory
// entries match only when the low byte includes their attribute; when the high byte holds
// SMB_SEARCH_ATTRIBUTE_* bits, an entry must also have every attribute they name (smbtorture
// base.dir2 lists only directories with 0x1010, only archived entries with 0x2010).
bool search_attributes_match(uint32_t attributes, uint16_t search_attributes);

// The order of search results: "." and ".." first, then names compared with ASCII letters in
// upper case (as NTFS, whose listings come in its upcase order), exact bytes breaking ties.
bool search_order_less(std::string_view a, std::string_view b);

// A search specification "dir\pattern" split: the directory to list and the pattern (the last
// component; "*" when empty).
struct SearchSpec {
  std::string dir;
  std::string pattern;
};
SearchSpec split_search_spec(const std::string& spec);

// The entries of `dir` that `pattern` (fscc/wildcard.h) and `search_attributes` select, in
// search order. A pattern without wildcards names one entry, which is looked up rather than
// found in a listing (clients search for a name before deleting or renaming it, and a listing
// per name made that O(n) per file). Errors as the VFS reports them (a missing directory ...).
Result<std::vector<FileInfo>> list_matches(vfs::Vfs& fs, const std::string& dir,
                                           const std::string& pattern,
                                           uint16_t search_attributes);

// Where a search resumes after `name` among `entries` (in search order): the index of the first
// entry that comes after it, whether or not `name` itself is still there.
size_t position_after(std::span<const FileInfo> entries, std::string_view name);

}  // namespace smbkit::server
