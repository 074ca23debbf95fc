// SMB2 QUERY_DIRECTORY (MS-SMB2 3.3.5.18): a directory open's enumeration, in the order and with
// the wildcard rules of the core's directory search (core/directory_search.h), as MS-FSCC
// directory-class entries.
#include <algorithm>

#include "fscc/directory_info.h"
#include "server/core/directory_search.h"
#include "server/core/open_file.h"
#include "server/smb2/handler.h"
#include "smb2/query_directory.h"

namespace smbkit::server {
namespace {

using namespace smb2;
using fscc::FileInfoClass;

// Every entry, hidden and system ones and directories included: SMB2 has no search attributes.
constexpr uint16_t kAllEntries = 0x0016;

bool served_class(uint8_t cls) {
  switch (static_cast<FileInfoClass>(cls)) {
    case FileInfoClass::Directory:
    case FileInfoClass::FullDirectory:
    case FileInfoClass::BothDirectory:
    case FileInfoClass::Names:
    case FileInfoClass::IdBothDirectory:
    case FileInfoClass::IdFullDirectory: return true;
    default: return false;
  }
}

}  // namespace

NtStatus handle_smb2_query_directory(Smb2Call& call) {
  auto req = QueryDirectoryRequest::decode(call.message);
  if (!req) return req.error();
  Smb2Open& open = *call.open;
  // A pipe is not a directory either.
  if (open.is_pipe() || !open.file->is_directory()) return NtStatus::InvalidParameter;
  if (!(open.granted_access & kFileListDirectory)) return NtStatus::AccessDenied;
  if (!served_class(req->file_information_class)) return NtStatus::InvalidInfoClass;
  if (req->output_buffer_length > 8 * 1024 * 1024) return NtStatus::InvalidParameter;

  // MS-SMB2 3.3.5.18: REOPEN or RESTART_SCANS start over (REOPEN with a new pattern); the first
  // query's pattern stays for the rest of the enumeration.
  bool restart = req->flags & (kRestartScans | kReopen);
  if (!open.search || restart) {
    std::string pattern = req->file_name.empty() ? "*" : req->file_name;
    if (open.search && !(req->flags & kReopen) && req->file_name.empty())
      pattern = open.search->pattern;
    auto entries =
        list_matches(*open.fs, current_path(call.shared.opens, open), pattern, kAllEntries);
    if (!entries) return entries.error();
    open.search = Smb2Search{pattern, std::move(*entries), 0};
  }
  Smb2Search& search = *open.search;
  if (search.next >= search.entries.size())
    return search.next == 0 ? NtStatus::NoSuchFile : NtStatus::NoMoreFiles;

  size_t wanted = req->flags & kReturnSingleEntry ? 1 : search.entries.size() - search.next;
  std::span<const FileInfo> slice(search.entries.data() + search.next, wanted);
  QueryDirectoryResponse::begin(call.out);
  auto listing =
      fscc::encode_directory_list(static_cast<FileInfoClass>(req->file_information_class), slice,
                                  req->output_buffer_length, call.out.buffer());
  if (!listing) return listing.error();
  if (listing->count == 0) {
    // Not even one entry fits the client's buffer.
    call.out.buffer().resize(call.header_start + kHeaderSize);
    return NtStatus::InfoLengthMismatch;
  }
  QueryDirectoryResponse::finish(call.out, call.header_start);
  search.next += listing->count;
  return NtStatus::Success;
}

}  // namespace smbkit::server
