// SMB_COM_TRANSACTION2 (MS-CIFS 3.3.5.57) and its subcommands that clients need to list and
// fetch files: QUERY_FS_INFORMATION, QUERY_PATH_INFORMATION, QUERY_FILE_INFORMATION,
// FIND_FIRST2 and FIND_NEXT2 (MS-CIFS 3.3.5.58); and SMB_COM_FIND_CLOSE2 (MS-CIFS 3.3.5.59).
// SET_PATH_INFORMATION and SET_FILE_INFORMATION are served in trans2_set_handler.cc.
#include <algorithm>

#include "fscc/wildcard.h"
#include "server/smb1/handler.h"
#include "smb1/file_types.h"
#include "smb1/trans2.h"
#include "smb1/trans2_find.h"
#include "smb1/trans2_query.h"

namespace smbkit::server {
namespace {

using smb1::Trans2Subcommand;

// Room a TRANSACTION2 reply needs besides its parameters and data: the header, ten words, the
// byte count and up to eight bytes of alignment padding.
constexpr size_t kTrans2ReplyOverhead = smb1::kHeaderSize + 1 + 2 * 10 + 2 + 8;

struct Trans2Reply {
  std::vector<uint8_t> parameters;
  std::vector<uint8_t> data;
};

NtStatus send(Smb1Call& call, Trans2Reply reply) {
  smb1::Trans2Response resp;
  resp.total_parameter_count = static_cast<uint16_t>(reply.parameters.size());
  resp.total_data_count = static_cast<uint16_t>(reply.data.size());
  resp.parameters = std::move(reply.parameters);
  resp.data = std::move(reply.data);
  resp.encode(call.out);
  return NtStatus::Success;
}

vfs::Vfs* disk(Smb1Call& call) { return call.tree->is_ipc() ? nullptr : call.tree->share->fs.get(); }

Result<Trans2Reply> query_fs(Smb1Call& call, const smb1::Trans2Request& req) {
  auto q = smb1::QueryFsInformationRequest::decode(req.parameters);
  if (!q) return fail(q.error());
  vfs::Vfs* fs = disk(call);
  if (!fs) return fail(NtStatus::InvalidDeviceRequest);
  auto info = fs->fs_info();
  if (!info) return fail(info.error());
  info->volume_label = call.tree->share->name;
  auto data = smb1::encode_fs_info_level(q->information_level, *info, call.block.unicode);
  if (!data) return fail(data.error());
  return Trans2Reply{{}, std::move(*data)};
}

Result<Trans2Reply> file_info_reply(uint16_t level, const FileInfo& info, bool unicode,
                                    const OpenInfo& open = {}) {
  auto data = smb1::encode_file_info_level(level, info, unicode, open);
  if (!data) return fail(data.error());
  return Trans2Reply{smb1::QueryInformationResponseParameters{}.encode(), std::move(*data)};
}

Result<Trans2Reply> query_path(Smb1Call& call, const smb1::Trans2Request& req) {
  auto q = smb1::QueryPathInformationRequest::decode(req.parameters, call.block.unicode);
  if (!q) return fail(q.error());
  vfs::Vfs* fs = disk(call);
  if (!fs) return fail(NtStatus::ObjectNameNotFound);
  auto info = fs->stat(q->file_name);
  if (!info) return fail(info.error());
  return file_info_reply(q->information_level, *info, call.block.unicode);
}

Result<Trans2Reply> query_file(Smb1Call& call, const smb1::Trans2Request& req) {
  auto q = smb1::QueryFileInformationRequest::decode(req.parameters);
  if (!q) return fail(q.error());
  Smb1File* file = call.state.files.find(q->fid);
  if (!file || file->tid != call.tid) return fail(NtStatus::InvalidHandle);
  auto info = file->file->stat();
  if (!info) return fail(info.error());
  info->name = file->path;
  OpenInfo open;
  open.access_flags = file->granted_access;
  return file_info_reply(q->information_level, *info, call.block.unicode, open);
}

// MS-CIFS 2.2.1.2.4: hidden, system and directory entries are listed only when the search
// attributes include them.
bool wanted(const FileInfo& f, uint16_t search_attributes) {
  auto excluded = [&](uint32_t attr, uint16_t search_bit) {
    return (f.attributes & attr) && !(search_attributes & search_bit);
  };
  return !excluded(kFileAttributeHidden, smb1::kSmbFileAttributeHidden) &&
         !excluded(kFileAttributeSystem, smb1::kSmbFileAttributeSystem) &&
         !excluded(kFileAttributeDirectory, smb1::kSmbFileAttributeDirectory);
}

// Fills a FIND reply's data from the search's next entries, within what the client takes.
Result<smb1::FindListing> next_entries(Smb1Call& call, Smb1Search& search, uint16_t level,
                                       uint16_t max_count, uint16_t max_data, bool resume_keys,
                                       std::vector<uint8_t>& data) {
  size_t room = std::min<size_t>(max_data, call.state.client_max_buffer > kTrans2ReplyOverhead + 12
                                               ? call.state.client_max_buffer -
                                                     kTrans2ReplyOverhead - 12
                                               : 0);
  size_t count = std::min<size_t>(max_count ? max_count : 1, search.entries.size() - search.next);
  std::span<const FileInfo> slice(search.entries.data() + search.next, count);
  std::vector<uint32_t> keys;
  if (resume_keys)
    for (size_t i = 0; i < count; ++i) keys.push_back(static_cast<uint32_t>(search.next + i + 1));
  auto listing =
      smb1::encode_find_entries(level, slice, room, call.block.unicode, data, keys);
  if (!listing) return listing;
  if (listing->count == 0 && count > 0) return fail(NtStatus::BufferOverflow);
  search.next += listing->count;
  return listing;
}

// The entries of `dir` that `pattern` matches. A pattern without wildcards names one file, which
// is looked up rather than found in a listing: clients search for a name before deleting or
// renaming it (smbclient's `del`), and a listing per name made that O(n) per file.
Result<std::vector<FileInfo>> find_matches(vfs::Vfs& fs, const std::string& dir,
                                           const std::string& pattern) {
  if (!fscc::has_wildcards(pattern) && pattern != "." && pattern != "..") {
    auto info = fs.stat(dir.empty() ? pattern : dir + "\\" + pattern);
    if (info) return std::vector<FileInfo>{std::move(*info)};
    // The directory exists and the name is not in it.
    if (info.error() == NtStatus::ObjectNameNotFound) return std::vector<FileInfo>{};
    // Anything else (no such directory, a name the share cannot hold, a link leading out) is
    // answered as a listing answers it.
  }
  auto listed = fs.list(dir);
  if (!listed) return fail(listed.error());
  std::vector<FileInfo> matches;
  for (auto& f : *listed)
    if (fscc::name_matches(pattern, f.name)) matches.push_back(std::move(f));
  return matches;
}

Result<Trans2Reply> find_first(Smb1Call& call, const smb1::Trans2Request& req) {
  auto q = smb1::FindFirst2Request::decode(req.parameters, call.block.unicode);
  if (!q) return fail(q.error());
  vfs::Vfs* fs = disk(call);
  if (!fs) return fail(NtStatus::ObjectNameNotFound);
  // "dir\pattern": the directory is listed, the last component filters.
  const std::string& spec = q->file_name;
  auto cut = spec.find_last_of('\\');
  std::string dir = cut == std::string::npos ? "" : spec.substr(0, cut);
  std::string pattern = cut == std::string::npos ? spec : spec.substr(cut + 1);
  if (pattern.empty()) pattern = "*";
  auto found = find_matches(*fs, dir, pattern);
  if (!found) return fail(found.error());

  Smb1Search search;
  search.tid = call.tid;
  for (auto& f : *found)
    if (wanted(f, q->search_attributes)) search.entries.push_back(std::move(f));
  if (search.entries.empty()) return fail(NtStatus::NoSuchFile);

  Trans2Reply reply;
  auto listing = next_entries(call, search, q->information_level, q->search_count,
                              req.max_data_count, q->flags & smb1::kFindReturnResumeKeys,
                              reply.data);
  if (!listing) return fail(listing.error());
  bool end = search.next == search.entries.size();
  smb1::FindFirst2ResponseParameters params;
  params.search_count = static_cast<uint16_t>(listing->count);
  params.end_of_search = end;
  // The offset of the last entry, as Samba sends it and Linux's cifs client reads it (MS-CIFS
  // names it the offset of the last file name).
  params.last_name_offset = static_cast<uint16_t>(listing->last_entry_offset);
  bool close = (q->flags & smb1::kFindCloseAfterRequest) ||
               (end && (q->flags & smb1::kFindCloseAtEos));
  if (!close) {
    auto sid = call.state.searches.insert(std::move(search));
    if (!sid) return fail(NtStatus::InsufficientResources);
    params.sid = *sid;
  }
  reply.parameters = params.encode();
  return reply;
}

Result<Trans2Reply> find_next(Smb1Call& call, const smb1::Trans2Request& req) {
  auto q = smb1::FindNext2Request::decode(req.parameters, call.block.unicode);
  if (!q) return fail(q.error());
  Smb1Search* search = call.state.searches.find(q->sid);
  if (!search || search->tid != call.tid) return fail(NtStatus::InvalidHandle);
  // Resume after the named entry when the client names one it saw; else where we stopped.
  if (!(q->flags & smb1::kFindContinueFromLast) && !q->file_name.empty()) {
    for (size_t i = 0; i < search->entries.size(); ++i) {
      if (search->entries[i].name == q->file_name) {
        search->next = i + 1;
        break;
      }
    }
  }
  Trans2Reply reply;
  smb1::FindNext2ResponseParameters params;
  if (search->next < search->entries.size()) {
    auto listing = next_entries(call, *search, q->information_level, q->search_count,
                                req.max_data_count, q->flags & smb1::kFindReturnResumeKeys,
                                reply.data);
    if (!listing) return fail(listing.error());
    params.search_count = static_cast<uint16_t>(listing->count);
    params.last_name_offset = static_cast<uint16_t>(listing->last_entry_offset);
  }
  bool end = search->next == search->entries.size();
  params.end_of_search = end;
  if ((q->flags & smb1::kFindCloseAfterRequest) || (end && (q->flags & smb1::kFindCloseAtEos)))
    call.state.searches.erase(q->sid);
  reply.parameters = params.encode();
  return reply;
}

// The SET subcommands (trans2_set_handler.cc) answer parameters only.
Result<Trans2Reply> set_reply(Result<std::vector<uint8_t>> parameters) {
  if (!parameters) return fail(parameters.error());
  return Trans2Reply{std::move(*parameters), {}};
}

}  // namespace

NtStatus handle_trans2(Smb1Call& call) {
  auto req = smb1::Trans2Request::decode(call.block);
  if (!req) return req.error();
  // Requests that need TRANSACTION2_SECONDARY parts are not served yet.
  if (!req->is_complete()) return NtStatus::NotSupported;
  Result<Trans2Reply> reply = fail(NtStatus::NotSupported);
  switch (static_cast<Trans2Subcommand>(req->subcommand())) {
    case Trans2Subcommand::QueryFsInformation: reply = query_fs(call, *req); break;
    case Trans2Subcommand::QueryPathInformation: reply = query_path(call, *req); break;
    case Trans2Subcommand::QueryFileInformation: reply = query_file(call, *req); break;
    case Trans2Subcommand::FindFirst2: reply = find_first(call, *req); break;
    case Trans2Subcommand::FindNext2: reply = find_next(call, *req); break;
    case Trans2Subcommand::SetPathInformation:
      reply = set_reply(trans2_set_path_information(call, req->parameters, req->data));
      break;
    case Trans2Subcommand::SetFileInformation:
      reply = set_reply(trans2_set_file_information(call, req->parameters, req->data));
      break;
    default: break;
  }
  if (!reply) return reply.error();
  return send(call, std::move(*reply));
}

NtStatus handle_find_close2(Smb1Call& call) {
  auto req = smb1::FindClose2Request::decode(call.block);
  if (!req) return req.error();
  Smb1Search* search = call.state.searches.find(req->sid);
  if (!search || search->tid != call.tid) return NtStatus::InvalidHandle;
  call.state.searches.erase(req->sid);
  smb1::FindClose2Response{}.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
