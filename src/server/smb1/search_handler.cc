// The core protocol's directory searches (MS-CIFS 3.3.5.47 and 3.3.5.48): SMB_COM_SEARCH,
// SMB_COM_FIND and SMB_COM_FIND_UNIQUE list a directory in 43-byte entries with 8.3 names, and a
// search goes on from the resume key of any entry it returned; SMB_COM_FIND_CLOSE ends a FIND.
//
// Names: smbkit has no short names (FileBothDirectoryInformation reports none), so these
// searches report the entries whose own name is already a valid 8.3 name, as it is, and leave
// the others out. A mangled name (smbd's "TORTU~1.TXT") would be listed but could not be opened,
// renamed or deleted through any command, so a DOS client sees only the files it can use. The
// choice depends on nothing but the name, so it is the same in every call of a search.
//
// State: SEARCH has no close. A search stays until a continuation finds nothing more (the end
// has been reported), its tree goes, FIND_CLOSE ends it, or the connection holds
// kMaxCoreSearches of them and a new one needs the room of the least recently used.
#include <algorithm>
#include <chrono>

#include "server/core/directory_search.h"
#include "server/smb1/handler.h"
#include "smb1/file_types.h"
#include "smb1/search.h"
#include "smb1/trans2_dos_time.h"

namespace smbkit::server {
namespace {

using smb1::Command;

constexpr size_t kMaxCoreSearches = 64;

// smbkit's ServerState of a resume key: the search id (2 bytes) and the place in the search just
// after the entry (4 bytes), little-endian, then zeros. A continuation with the key of an
// earlier entry starts over from there ("rewind", smbtorture raw.search.many dirs).
struct KeyPlace {
  uint16_t sid = 0;
  uint32_t next = 0;
};

smb1::ResumeKey make_key(KeyPlace place, const std::array<uint8_t, 4>& client_state) {
  smb1::ResumeKey key;
  std::vector<uint8_t> state;
  ByteWriter w(state);
  w.u16(place.sid);
  w.u32(place.next);
  std::copy(state.begin(), state.end(), key.server_state.begin());
  key.client_state = client_state;
  return key;
}

KeyPlace read_key(const smb1::ResumeKey& key) {
  ByteReader r(key.server_state);
  KeyPlace place;
  place.sid = r.u16();
  place.next = r.u32();
  return place;
}

// A DOS client's pattern in the terms of fscc::name_matches, as MS-FSA 2.1.4.4 expects a
// redirector to hand it down: '?' is DOS_QM (it also matches nothing before a period or at the
// end, so "????????.???" takes "A.B"), a '.' before '?', '*' or the end is DOS_DOT (so
// "????????.???" takes "AB", which has no period), and a '*' before a '.' is DOS_STAR.
std::string dos_pattern(const std::string& pattern) {
  if (pattern == "*" || pattern == "*.*") return pattern;
  std::string out = pattern;
  for (size_t i = 0; i < out.size(); ++i) {
    char after = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
    if (pattern[i] == '?') out[i] = '>';
    if (pattern[i] == '.' && (after == '?' || after == '*' || after == '\0')) out[i] = '"';
    if (pattern[i] == '*' && after == '.') out[i] = '<';
  }
  return out;
}

smb1::DirectoryInformation dos_entry(const FileInfo& f, smb1::ResumeKey key) {
  smb1::DirectoryInformation d;
  d.resume_key = key;
  d.file_attributes = static_cast<uint8_t>(smb1::smb_file_attributes(f.attributes));
  smb1::DosDateTime written = smb1::dos_date_time_from_filetime(f.last_write_time);
  d.last_write_time = written.time;
  d.last_write_date = written.date;
  d.file_size = static_cast<uint32_t>(f.end_of_file);  // MS-CIFS: the low 32 bits
  d.file_name = f.name;
  return d;
}

uint64_t now_ticks() {
  return static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
}

// Entries that fit in the client's buffer besides the response's own bytes.
size_t room_for_entries(const Smb1Call& call) {
  size_t buffer = call.state.client_max_buffer;
  return buffer > smb1::kSearchResponseOverhead
             ? (buffer - smb1::kSearchResponseOverhead) / smb1::DirectoryInformation::kSize
             : 0;
}

// Appends the next entries of `search` (id `sid`) to `resp`, at most `max_count`.
void take_entries(const Smb1Call& call, Smb1Search& search, uint16_t sid, uint16_t max_count,
                  const std::array<uint8_t, 4>& client_state, smb1::SearchResponse& resp) {
  size_t count = std::min({size_t{max_count}, room_for_entries(call),
                           search.entries.size() - search.next});
  for (size_t i = 0; i < count; ++i) {
    KeyPlace place{sid, static_cast<uint32_t>(search.next + 1)};
    resp.entries.push_back(dos_entry(search.entries[search.next], make_key(place,
                                                                           client_state)));
    ++search.next;
  }
  search.last_used = now_ticks();
}

// MS-CIFS 3.3.5.47: with SMB_FILE_ATTRIBUTE_VOLUME (and no other inclusive bit) the search
// returns the volume label alone. smbkit's label is the share's name, cut to 11 characters.
smb1::SearchResponse volume_label(const Smb1Call& call, Command command) {
  smb1::SearchResponse resp;
  resp.command = command;
  smb1::DirectoryInformation label;
  label.file_attributes = smb1::kSmbFileAttributeVolume;
  label.file_name = call.tree->share->name.substr(0, 11);
  resp.entries.push_back(std::move(label));
  return resp;
}

// Makes room for one more core search by ending the least recently used one.
void limit_core_searches(Smb1State& state) {
  size_t core = 0;
  uint16_t oldest = 0;
  uint64_t oldest_use = UINT64_MAX;
  for (auto& [sid, s] : state.searches) {
    if (!s.core) continue;
    ++core;
    if (s.last_used < oldest_use) {
      oldest_use = s.last_used;
      oldest = sid;
    }
  }
  if (core >= kMaxCoreSearches) state.searches.erase(oldest);
}

NtStatus new_search(Smb1Call& call, vfs::Vfs& fs, const smb1::SearchRequest& req,
                    smb1::SearchResponse& resp) {
  if ((req.search_attributes & 0x1F) == smb1::kSmbFileAttributeVolume) {
    resp = volume_label(call, req.command);
    return NtStatus::Success;
  }
  SearchSpec spec = split_search_spec(req.file_name);
  spec.pattern = dos_pattern(spec.pattern);
  auto found = list_matches(fs, spec.dir, spec.pattern, req.search_attributes);
  if (!found) {
    // The directory part is a path, so its absence is a path's (ERRDOS/ERRbadpath).
    return found.error() == NtStatus::ObjectNameNotFound ? NtStatus::ObjectPathNotFound
                                                         : found.error();
  }
  Smb1Search search;
  search.tid = call.tid;
  search.core = true;
  search.dir = std::move(spec.dir);
  search.pattern = std::move(spec.pattern);
  search.search_attributes = req.search_attributes;
  for (FileInfo& f : *found)
    if (smb1::is_8dot3_name(f.name)) search.entries.push_back(std::move(f));
  if (search.entries.empty()) return NtStatus::NoMoreFiles;

  if (req.command == Command::FindUnique) {  // one answer, no state kept
    take_entries(call, search, 0, req.max_count, {}, resp);
    return NtStatus::Success;
  }
  limit_core_searches(call.state);
  auto sid = call.state.searches.insert(std::move(search));
  if (!sid) return NtStatus::InsufficientResources;
  take_entries(call, *call.state.searches.find(*sid), *sid, req.max_count, {}, resp);
  return NtStatus::Success;
}

// A search the resume key names, if it is a core search of this tree.
Smb1Search* keyed_search(Smb1Call& call, const smb1::ResumeKey& key, uint16_t& sid) {
  sid = read_key(key).sid;
  Smb1Search* search = call.state.searches.find(sid);
  if (!search || !search->core || search->tid != call.tid) return nullptr;
  return search;
}

}  // namespace

NtStatus handle_search(Smb1Call& call) {
  auto req = smb1::SearchRequest::decode(call.block);
  if (!req) return req.error();
  vfs::Vfs* fs = tree_fs(call);
  if (!fs) return NtStatus::InvalidDeviceRequest;
  smb1::SearchResponse resp;
  resp.command = req->command;
  if (!req->resume_key) {
    NtStatus s = new_search(call, *fs, *req, resp);
    if (s != NtStatus::Success) return s;
  } else {
    // FIND_UNIQUE keeps no search to go on with (MS-CIFS 2.2.4.60.1: no resume key).
    if (req->command == Command::FindUnique) return NtStatus::InvalidParameter;
    uint16_t sid = 0;
    Smb1Search* search = keyed_search(call, *req->resume_key, sid);
    if (!search) return NtStatus::NoMoreFiles;
    search->next = std::min<size_t>(read_key(*req->resume_key).next, search->entries.size());
    take_entries(call, *search, sid, req->max_count, req->resume_key->client_state, resp);
    // The end, once reported, ends the search.
    if (resp.entries.empty()) call.state.searches.erase(sid);
  }
  resp.encode(call.out);
  return NtStatus::Success;
}

NtStatus handle_find_close(Smb1Call& call) {
  auto req = smb1::SearchRequest::decode(call.block);
  if (!req) return req.error();
  if (!req->resume_key) return NtStatus::InvalidParameter;
  uint16_t sid = 0;
  if (!keyed_search(call, *req->resume_key, sid)) return NtStatus::InvalidHandle;
  call.state.searches.erase(sid);
  smb1::SearchResponse resp;
  resp.command = Command::FindClose;
  resp.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
