// SMB_COM_TRANSACTION2 (MS-CIFS 3.3.5.57) and its subcommands that clients need to list and
// fetch files: QUERY_FS_INFORMATION, QUERY_PATH_INFORMATION, QUERY_FILE_INFORMATION,
// FIND_FIRST2 and FIND_NEXT2 (MS-CIFS 3.3.5.58); and SMB_COM_FIND_CLOSE2 (MS-CIFS 3.3.5.59).
// SET_PATH_INFORMATION and SET_FILE_INFORMATION are served in trans2_set_handler.cc.
#include <algorithm>

#include "server/core/query_info.h"
#include "server/core/directory_search.h"
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
  // A query by name opens the file, which a pending delete refuses (MS-FSA 2.1.5.1.2.1).
  if (call.shared.opens.delete_pending(*fs, q->file_name))
    return fail(NtStatus::DeletePending);
  // The name levels give the path from the share root, as by handle (and as smbd: smbtorture
  // raw.rename.nttransrename reads it from FileAllInformation), its leaf spelt as on disk
  // (raw.rename.osxrename tells a case-insensitive server by that).
  const std::string& asked = q->file_name;
  size_t leaf_at = asked.find_last_of('\\');
  leaf_at = leaf_at == std::string::npos ? 0 : leaf_at + 1;
  if (leaf_at < asked.size() && !info->name.empty())
    info->name = asked.substr(0, leaf_at) + info->name;
  else
    info->name = asked;
  return file_info_reply(q->information_level, *info, call.block.unicode);
}

// A named pipe answers its standard information only (SMB_QUERY_FILE_STANDARD_INFO, or the
// pass-through FileStandardInformation), as Windows and Samba answer it on a pipe:
// AllocationSize 4096, EndOfFile 0, one link, DeletePending set, not a directory.
Result<Trans2Reply> query_pipe(uint16_t level) {
  constexpr uint16_t kQueryFileStandardInfo = 0x0102;
  constexpr uint16_t kPassThroughStandard = 1000 + 5;
  if (level != kQueryFileStandardInfo && level != kPassThroughStandard)
    return fail(NtStatus::InvalidLevel);
  std::vector<uint8_t> data;
  ByteWriter w(data);
  w.u64(4096);  // AllocationSize
  w.u64(0);     // EndOfFile
  w.u32(1);     // NumberOfLinks
  w.u8(1);      // DeletePending
  w.u8(0);      // Directory
  if (level == kPassThroughStandard) w.u16(0);  // Reserved (MS-FSCC 2.4.41)
  return Trans2Reply{smb1::QueryInformationResponseParameters{}.encode(), std::move(data)};
}

Result<Trans2Reply> query_file(Smb1Call& call, const smb1::Trans2Request& req) {
  auto q = smb1::QueryFileInformationRequest::decode(req.parameters);
  if (!q) return fail(q.error());
  Smb1File* file = call.state.files.find(q->fid);
  if (!file || file->tid != call.tid) return fail(NtStatus::InvalidHandle);
  if (file->is_pipe()) return query_pipe(q->information_level);
  auto info = stat_open(call.shared, *file);
  if (!info) return fail(info.error());
  OpenInfo open = open_info(*file);
  return file_info_reply(q->information_level, *info, call.block.unicode, open);
}

// Fills a FIND reply's data from the search's next entries, within what the client takes.
Result<smb1::FindListing> next_entries(Smb1Call& call, Smb1Search& search, uint16_t level,
                                       uint16_t max_count, uint16_t max_data, bool resume_keys,
                                       std::span<const std::string> ea_names,
                                       std::vector<uint8_t>& data) {
  size_t room = std::min<size_t>(max_data, call.state.client_max_buffer > kTrans2ReplyOverhead + 12
                                               ? call.state.client_max_buffer -
                                                     kTrans2ReplyOverhead - 12
                                               : 0);
  size_t count = std::min<size_t>(max_count ? max_count : 1, search.entries.size() - search.next);
  std::span<const FileInfo> slice(search.entries.data() + search.next, count);
  // A resume key is the entry's place in the search plus one: FIND_NEXT2 goes on after it.
  std::vector<uint32_t> keys;
  if (resume_keys)
    for (size_t i = 0; i < count; ++i) keys.push_back(static_cast<uint32_t>(search.next + i + 1));
  auto listing =
      smb1::encode_find_entries(level, slice, room, call.block.unicode, data, keys, ea_names);
  if (!listing) return listing;
  if (listing->count == 0 && count > 0) return fail(NtStatus::BufferOverflow);
  search.next += listing->count;
  return listing;
}

// The EA names SMB_INFO_QUERY_EAS_FROM_LIST asks for, in the request's Trans2_Data (none when
// it has no data); nothing at the other levels.
Result<std::vector<std::string>> requested_ea_names(uint16_t level, Bytes data) {
  if (level != smb1::kFindInfoQueryEasFromList || data.empty()) return std::vector<std::string>{};
  return smb1::decode_gea_list(data);
}

Result<Trans2Reply> find_first(Smb1Call& call, const smb1::Trans2Request& req) {
  auto q = smb1::FindFirst2Request::decode(req.parameters, call.block.unicode);
  if (!q) return fail(q.error());
  auto ea_names = requested_ea_names(q->information_level, req.data);
  if (!ea_names) return fail(ea_names.error());
  vfs::Vfs* fs = disk(call);
  if (!fs) return fail(NtStatus::ObjectNameNotFound);
  // "dir\pattern": the directory is listed, the last component filters.
  SearchSpec spec = split_search_spec(q->file_name);
  auto found = list_matches(*fs, spec.dir, spec.pattern, q->search_attributes);
  if (!found) return fail(found.error());
  if (found->empty()) return fail(NtStatus::NoSuchFile);

  Smb1Search search;
  search.tid = call.tid;
  search.dir = std::move(spec.dir);
  search.pattern = std::move(spec.pattern);
  search.search_attributes = q->search_attributes;
  search.entries = std::move(*found);

  Trans2Reply reply;
  auto listing = next_entries(call, search, q->information_level, q->search_count,
                              req.max_data_count, q->flags & smb1::kFindReturnResumeKeys,
                              *ea_names, reply.data);
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

// Where FIND_NEXT2 goes on (MS-CIFS 3.3.5.58.3): with SMB_FIND_CONTINUE_FROM_LAST, where the
// search stopped; else after the entry whose name the client sends, or after the entry of its
// resume key when it sends no name. A name other than the entry returned last (the client went
// back, as OS/2 clients do after deleting what they were shown, or names "." to start over) is
// looked for in the directory as it is now, so that the reply shows the files added, removed or
// changed since (smbtorture raw.search.modify search, os2 delete); the name need not be there.
// The usual case, the entry returned last, goes on without listing the directory again.
Result<void> resume(vfs::Vfs& fs, Smb1Search& search, const smb1::FindNext2Request& q) {
  if (q.flags & smb1::kFindContinueFromLast) return {};
  if (!q.file_name.empty()) {
    if (search.next > 0 && search.entries[search.next - 1].name == q.file_name) return {};
    auto fresh = list_matches(fs, search.dir, search.pattern, search.search_attributes);
    if (!fresh) return fail(fresh.error());
    search.entries = std::move(*fresh);
    search.next = position_after(search.entries, q.file_name);
    return {};
  }
  if (q.resume_key != 0 && q.resume_key <= search.entries.size()) search.next = q.resume_key;
  return {};
}

Result<Trans2Reply> find_next(Smb1Call& call, const smb1::Trans2Request& req) {
  auto q = smb1::FindNext2Request::decode(req.parameters, call.block.unicode);
  if (!q) return fail(q.error());
  auto ea_names = requested_ea_names(q->information_level, req.data);
  if (!ea_names) return fail(ea_names.error());
  Smb1Search* search = call.state.searches.find(q->sid);
  if (!search || search->tid != call.tid || search->core) return fail(NtStatus::InvalidHandle);
  vfs::Vfs* fs = disk(call);
  if (!fs) return fail(NtStatus::InvalidHandle);
  if (auto resumed = resume(*fs, *search, *q); !resumed) return fail(resumed.error());
  Trans2Reply reply;
  smb1::FindNext2ResponseParameters params;
  if (search->next < search->entries.size()) {
    auto listing = next_entries(call, *search, q->information_level, q->search_count,
                                req.max_data_count, q->flags & smb1::kFindReturnResumeKeys,
                                *ea_names, reply.data);
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

// The SET, OPEN2 and CREATE_DIRECTORY subcommands (trans2_set_handler.cc,
// trans2_open_handler.cc) answer parameters only.
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
    case Trans2Subcommand::Open2:
      reply = set_reply(trans2_open2(call, req->parameters, req->data));
      break;
    case Trans2Subcommand::CreateDirectory:
      reply = set_reply(trans2_create_directory(call, req->parameters, req->data));
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
  if (!search || search->tid != call.tid || search->core) return NtStatus::InvalidHandle;
  call.state.searches.erase(req->sid);
  smb1::FindClose2Response{}.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
