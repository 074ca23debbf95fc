// Windows wildcard matching for directory searches: MS-FSA 2.1.4.4 "Algorithm for Determining if
// a FileName Is in an Expression" (MS-FSCC 2.1.4.4 in older revisions).
#pragma once

#include <string_view>

namespace smbkit::fscc {

// MS-FSA 2.1.4.3: the expression holds `*`, `?`, `<` (DOS_STAR), `>` (DOS_QM) or `"` (DOS_DOT).
bool has_wildcards(std::string_view expression);

// Does the file name (UTF-8, no wildcards) match the expression (UTF-8)?
//   *  zero or more characters          ?  exactly one character
//   <  zero or more characters, but never the name's last period (so "<.txt" is "*.txt" as DOS
//      saw it)
//   >  one character, or nothing at a period or at the end of the name
//   "  a period, or nothing at the end of the name
// "*" and "*.*" match every non-empty name; an empty name matches only an empty expression.
// Letters compare case-insensitively unless `ignore_case` is false.
bool name_matches(std::string_view expression, std::string_view name, bool ignore_case = true);

}  // namespace smbkit::fscc
