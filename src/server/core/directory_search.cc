#include "server/core/directory_search.h"

#include <algorithm>

#include "fscc/wildcard.h"
#include "smb1/file_types.h"

namespace smbkit::server {
namespace {

int dot_rank(std::string_view name) { return name == "." ? 0 : name == ".." ? 1 : 2; }

unsigned char folded(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 'a' && u <= 'z' ? static_cast<unsigned char>(u - 'a' + 'A') : u;
}

}  // namespace

bool search_attributes_match(uint32_t attributes, uint16_t search_attributes) {
  constexpr uint32_t kInclusive = kFileAttributeHidden | kFileAttributeSystem |
                                  kFileAttributeDirectory;
  if (attributes & kInclusive & ~uint32_t{search_attributes}) return false;
  // The SMB_SEARCH_ATTRIBUTE_* bits are the attribute bits shifted left by 8.
  constexpr uint32_t kMustHaveMask = smb1::kSmbFileAttributeReadonly |
                                     smb1::kSmbFileAttributeHidden |
                                     smb1::kSmbFileAttributeSystem |
                                     smb1::kSmbFileAttributeDirectory |
                                     smb1::kSmbFileAttributeArchive;
  uint32_t must_have = (uint32_t{search_attributes} >> 8) & kMustHaveMask;
  return (attributes & must_have) == must_have;
}

bool search_order_less(std::string_view a, std::string_view b) {
  int ra = dot_rank(a), rb = dot_rank(b);
  if (ra != rb) return ra < rb;
  auto less_folded = [](char x, char y) { return folded(x) < folded(y); };
  if (std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), less_folded))
    return true;
  if (std::lexicographical_compare(b.begin(), b.end(), a.begin(), a.end(), less_folded))
    return false;
  return a < b;
}

SearchSpec split_search_spec(const std::string& spec) {
  SearchSpec s;
  auto cut = spec.find_last_of('\\');
  s.dir = cut == std::string::npos ? "" : spec.substr(0, cut);
  s.pattern = cut == std::string::npos ? spec : spec.substr(cut + 1);
  if (s.pattern.empty()) s.pattern = "*";
  return s;
}

Result<std::vector<FileInfo>> list_matches(vfs::Vfs& fs, const std::string& dir,
                                           const std::string& pattern,
                                           uint16_t search_attributes) {
  std::vector<FileInfo> matches;
  if (!fscc::has_wildcards(pattern) && pattern != "." && pattern != "..") {
    auto info = fs.stat(dir.empty() ? pattern : dir + "\\" + pattern);
    if (info) {
      if (search_attributes_match(info->attributes, search_attributes))
        matches.push_back(std::move(*info));
      return matches;
    }
    // The directory exists and the name is not in it.
    if (info.error() == NtStatus::ObjectNameNotFound) return matches;
    // Anything else (no such directory, a name the share cannot hold, a link leading out) is
    // answered as a listing answers it.
  }
  auto listed = fs.list(dir);
  if (!listed) return fail(listed.error());
  for (auto& f : *listed)
    if (fscc::name_matches(pattern, f.name) &&
        search_attributes_match(f.attributes, search_attributes))
      matches.push_back(std::move(f));
  std::sort(matches.begin(), matches.end(), [](const FileInfo& a, const FileInfo& b) {
    return search_order_less(a.name, b.name);
  });
  return matches;
}

size_t position_after(std::span<const FileInfo> entries, std::string_view name) {
  auto it = std::upper_bound(entries.begin(), entries.end(), name,
                             [](std::string_view n, const FileInfo& f) {
                               return search_order_less(n, f.name);
                             });
  return static_cast<size_t>(it - entries.begin());
}

}  // namespace smbkit::server
