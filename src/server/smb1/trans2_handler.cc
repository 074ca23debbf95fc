// SMB_COM_TRANSACTION2 (MS-CIFS 3.3.5.57) and its subcommands that clients need to list and
// fetch files: QUERY_FS_INFORMATION, QUERY_PATH_INFORMATION, QUERY_FILE_INFORMATION,
// FIND_FIRST2 and FIND_NEXT2 (MS-CIFS 3.3.5.58); and SMB_COM_FIND_CLOSE2 (MS-CIFS 3.3.5.59).
// SET_PATH_INFORMATION and SET_FILE_INFORMATION are served in trans2_set_handler.cc.
#include <algorithm>

#include "fscc/ea_information.h"
#include "fscc/info_classes.h"
#include "server/core/directory_search.h"
#include "server/core/extended_attributes.h"
#include "server/core/query_info.h"
#include "server/smb1/handler.h"
#include "smb1/ea_lists.h"
#include "smb1/file_types.h"
#include "smb1/trans2.h"
#include "smb1/trans2_find.h"
#include "smb1/trans2_open.h"
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

// The levels that return EAs themselves rather than a FileInfo: SMB_INFO_QUERY_EAS_FROM_LIST
// (MS-CIFS 2.2.8.3.3), SMB_INFO_QUERY_ALL_EAS (2.2.8.3.4), both an SMB_FEA_LIST, and the
// pass-through FileFullEaInformation (MS-FSCC 2.4.15), all of the file's EAs as
// FILE_FULL_EA_INFORMATION (STATUS_NO_EAS_ON_FILE with none, as MS-FSA 2.1.5.12.12).
constexpr uint16_t kPassThroughFullEa =
    smb1::kSmbInfoPassthrough + static_cast<uint16_t>(fscc::FileInfoClass::FullEa);

bool is_ea_list_level(uint16_t level) {
  return level == smb1::kSmbInfoQueryEasFromList || level == smb1::kSmbInfoQueryAllEas ||
         level == kPassThroughFullEa;
}

// The reply at an EA level, from the file's EAs; the names SMB_INFO_QUERY_EAS_FROM_LIST asks
// for are the request's SMB_GEA_LIST (Trans2_Data). A list larger than the client takes
// (MaxDataCount) is STATUS_BUFFER_OVERFLOW.
Result<Trans2Reply> ea_list_reply(const smb1::Trans2Request& req, uint16_t level,
                                  Result<std::vector<fscc::FullEa>> eas) {
  Bytes request_data = req.data;
  std::vector<std::string> names;
  if (level == smb1::kSmbInfoQueryEasFromList && !request_data.empty()) {
    auto asked = smb1::decode_gea_list(request_data);
    if (!asked) return fail(asked.error());
    names = std::move(*asked);
  }
  if (!eas) return fail(eas.error());
  Trans2Reply reply{smb1::QueryInformationResponseParameters{}.encode(), {}};
  if (level == kPassThroughFullEa) {
    if (eas->empty()) return fail(NtStatus::NoEasOnFile);
    ByteWriter w(reply.data);
    if (auto ok = fscc::encode_full_ea_list(w, *eas); !ok) return fail(ok.error());
    if (reply.data.size() > req.max_data_count) return fail(NtStatus::BufferOverflow);
    return reply;
  }
  std::vector<fscc::FullEa> chosen =
      level == smb1::kSmbInfoQueryEasFromList ? select_eas(*eas, names) : std::move(*eas);
  auto list = smb1::encode_fea_list(chosen);
  if (!list) return fail(list.error());
  if (list->size() > req.max_data_count) return fail(NtStatus::BufferOverflow);
  reply.data = std::move(*list);
  return reply;
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
  if (is_ea_list_level(q->information_level))
    return ea_list_reply(req, q->information_level, query_eas_at(*fs, q->file_name));
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
  if (is_ea_list_level(q->information_level))
    return ea_list_reply(req, q->information_level, query_eas(*file));
  auto info = stat_open(call.shared, *file);
  if (!info) return fail(info.error());
  OpenInfo open = open_info(*file);
  return file_info_reply(q->information_level, *info, call.block.unicode, open);
}

// The share path of a listed entry of `dir` ("." is the directory, ".." its parent).
std::string entry_path(const std::string& dir, const std::string& name) {
  if (name == ".") return dir;
  if (name == "..") {
    size_t cut = dir.find_last_of('\\');
    return cut == std::string::npos ? std::string() : dir.substr(0, cut);
  }
  return dir.empty() ? name : dir + "\\" + name;
}

// SMB_INFO_QUERY_EAS_FROM_LIST (MS-CIFS 2.2.8.1.3): for each entry, the EAs `ea_names` asks for
// (select_eas: a missing one with an empty value). An entry whose EAs cannot be read (gone since
// it was listed) answers as one without any.
std::vector<std::vector<fscc::FullEa>> entries_eas(vfs::Vfs& fs, const std::string& dir,
                                                   std::span<const FileInfo> entries,
                                                   std::span<const std::string> ea_names) {
  std::vector<std::vector<fscc::FullEa>> lists;
  lists.reserve(entries.size());
  for (const FileInfo& f : entries) {
    auto eas = query_eas_at(fs, entry_path(dir, f.name));
    lists.push_back(select_eas(eas ? *eas : std::vector<fscc::FullEa>{}, ea_names));
  }
  return lists;
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
  std::vector<std::vector<fscc::FullEa>> eas;
  if (level == smb1::kFindInfoQueryEasFromList) {
    vfs::Vfs* fs = disk(call);
    if (!fs) return fail(NtStatus::InvalidHandle);
    eas = entries_eas(*fs, search.dir, slice, ea_names);
  }
  auto listing =
      smb1::encode_find_entries(level, slice, room, call.block.unicode, data, keys, eas);
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

bool answers_warnings(uint16_t subcommand) {
  switch (static_cast<Trans2Subcommand>(subcommand)) {
    case Trans2Subcommand::QueryPathInformation:
    case Trans2Subcommand::QueryFileInformation:
    case Trans2Subcommand::SetPathInformation:
    case Trans2Subcommand::SetFileInformation:
    case Trans2Subcommand::CreateDirectory: return true;
    default: return false;
  }
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
  if (!reply) {
    // A warning (STATUS_INVALID_EA_NAME, STATUS_EA_LIST_INCONSISTENT, STATUS_BUFFER_OVERFLOW
    // of an EA level) is a reply the client parses (MS-CIFS 2.2.2.4: not an error), so the
    // information subcommands answer it with their parameters, EaErrorOffset 0, and no data;
    // OPEN2 with its response parameters, all zero (nothing was opened).
    NtStatus status = reply.error();
    if (!is_error(status) && req->subcommand() == static_cast<uint16_t>(Trans2Subcommand::Open2))
      send(call, Trans2Reply{smb1::Open2ResponseParameters{}.encode(), {}});  // FID 0
    else if (!is_error(status) && answers_warnings(req->subcommand()))
      send(call, Trans2Reply{smb1::QueryInformationResponseParameters{}.encode(), {}});
    return status;
  }
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
