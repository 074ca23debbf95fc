// The name-space commands: SMB_COM_CREATE_DIRECTORY (MS-CIFS 3.3.5.3), SMB_COM_DELETE_DIRECTORY
// (3.3.5.4), SMB_COM_CHECK_DIRECTORY (3.3.5.16), SMB_COM_DELETE (3.3.5.9), SMB_COM_RENAME
// (3.3.5.10) and SMB_COM_NT_RENAME (3.3.5.51). Names go to the VFS as the client sent them: it
// resolves them beneath the share and answers the statuses Windows does for a missing name
// (OBJECT_NAME_NOT_FOUND), a missing directory on the way (OBJECT_PATH_NOT_FOUND), a name that
// exists (OBJECT_NAME_COLLISION) and a directory that is not empty (DIRECTORY_NOT_EMPTY).
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "fscc/wildcard.h"
#include "server/core/open_file.h"
#include "server/core/set_info.h"
#include "server/core/share_access.h"
#include "server/smb1/handler.h"
#include "smb1/file_types.h"
#include "smb1/namespace.h"

namespace smbkit::server {
namespace {

// "dir\name" -> {"dir", "name"}; "name" -> {"", "name"}.
std::pair<std::string, std::string> split_last(const std::string& path) {
  size_t cut = path.find_last_of('\\');
  if (cut == std::string::npos) return {"", path};
  return {path.substr(0, cut), path.substr(cut + 1)};
}

std::string join(const std::string& dir, const std::string& name) {
  return dir.empty() ? name : dir + '\\' + name;
}

// MS-CIFS 3.3.5.9 / 3.3.5.10: hidden and system files are matched only when SearchAttributes
// names those attributes.
bool attributes_searched(const FileInfo& f, uint16_t search_attributes) {
  uint32_t special = f.attributes & (kFileAttributeHidden | kFileAttributeSystem);
  return (special & ~uint32_t{search_attributes}) == 0;
}

// One file of a DELETE: directories are never deleted by it, read-only files refuse, and so does
// a file with its delete pending or open at all with data access: deleting is opening with
// DELETE access and no sharing, as smbd does (smbtorture base.unlink: an open sharing delete
// still keeps the file).
NtStatus delete_one(Smb1Call& call, vfs::Vfs& fs, const std::string& path, const FileInfo& f) {
  if (f.attributes & kFileAttributeReadonly) return NtStatus::CannotDelete;
  // The delete is an open with DELETE access: a batch oplock on the file breaks first, and a
  // holder that closes on the break lets it through (smbtorture raw.oplock.batch1-3).
  if (auto r = open_for_namespace_change(call.shared, call.state.connection, fs, path,
                                         kFileShareNone, false, call.park);
      !r)
    return r.error();
  auto r = fs.unlink(path);
  return r ? NtStatus::Success : r.error();
}

}  // namespace

NtStatus handle_create_directory(Smb1Call& call) {
  auto req = smb1::CreateDirectoryRequest::decode(call.block);
  if (!req) return req.error();
  vfs::Vfs* fs = tree_fs(call);
  if (!fs) return NtStatus::InvalidDeviceRequest;
  if (auto writable = check_tree_writable(call.tree->read_only); !writable)
    return writable.error();
  if (auto r = fs->mkdir(req->directory_name); !r) return r.error();
  smb1::CreateDirectoryResponse{}.encode(call.out);
  return NtStatus::Success;
}

NtStatus handle_delete_directory(Smb1Call& call) {
  auto req = smb1::DeleteDirectoryRequest::decode(call.block);
  if (!req) return req.error();
  vfs::Vfs* fs = tree_fs(call);
  if (!fs) return NtStatus::InvalidDeviceRequest;
  if (auto writable = check_tree_writable(call.tree->read_only); !writable)
    return writable.error();
  // Removing is opening with DELETE access: opens that do not share delete keep it there, and a
  // pending delete is answered DELETE_PENDING.
  if (auto shared = call.shared.opens.check_delete(*fs, req->directory_name); !shared)
    return shared.error();
  if (auto r = fs->rmdir(req->directory_name); !r) return r.error();
  smb1::DeleteDirectoryResponse{}.encode(call.out);
  return NtStatus::Success;
}

NtStatus handle_check_directory(Smb1Call& call) {
  auto req = smb1::CheckDirectoryRequest::decode(call.block);
  if (!req) return req.error();
  vfs::Vfs* fs = tree_fs(call);
  if (!fs) return NtStatus::InvalidDeviceRequest;
  auto info = fs->stat(req->directory_name);
  NtStatus status = !info ? info.error()
                    : info->is_directory ? NtStatus::Success
                                         : NtStatus::NotADirectory;
  // MS-CIFS 3.3.5.16: a directory that is not there is ERRDOS/ERRbadpath to a client of DOS
  // errors, whichever part of the path is missing.
  if (status == NtStatus::ObjectNameNotFound &&
      !(call.request_header.flags2 & smb1::kFlags2NtStatus))
    status = NtStatus::ObjectPathNotFound;
  if (status != NtStatus::Success) return status;
  smb1::CheckDirectoryResponse{}.encode(call.out);
  return NtStatus::Success;
}

NtStatus handle_delete(Smb1Call& call) {
  auto req = smb1::DeleteRequest::decode(call.block);
  if (!req) return req.error();
  vfs::Vfs* fs = tree_fs(call);
  if (!fs) return NtStatus::InvalidDeviceRequest;
  if (auto writable = check_tree_writable(call.tree->read_only); !writable)
    return writable.error();
  auto [dir, pattern] = split_last(req->file_name);

  if (!fscc::has_wildcards(pattern)) {
    auto info = fs->stat(req->file_name);
    if (!info) return info.error();
    if (info->is_directory) return NtStatus::FileIsADirectory;
    if (!attributes_searched(*info, req->search_attributes)) return NtStatus::NoSuchFile;
    NtStatus s = delete_one(call, *fs, req->file_name, *info);
    if (s != NtStatus::Success) return s;
  } else {
    auto listed = fs->list(dir);
    if (!listed) {
      // The directory part is a path, so its absence is a path's.
      return listed.error() == NtStatus::ObjectNameNotFound ? NtStatus::ObjectPathNotFound
                                                            : listed.error();
    }
    size_t deleted = 0;
    // MS-CIFS 3.3.5.9: matching files go one by one, and the first error ends the request.
    for (const FileInfo& f : *listed) {
      if (f.is_directory || !attributes_searched(f, req->search_attributes) ||
          !fscc::name_matches(pattern, f.name))
        continue;
      NtStatus s = delete_one(call, *fs, join(dir, f.name), f);
      if (s != NtStatus::Success) return s;
      ++deleted;
    }
    if (deleted == 0) return NtStatus::NoSuchFile;
  }
  smb1::DeleteResponse{}.encode(call.out);
  return NtStatus::Success;
}

namespace {

// The source of a RENAME or NT_RENAME: it must exist, be matched by SearchAttributes and, for a
// rename, be free to open with DELETE access sharing read and write, as smbd opens it: not open
// without FILE_SHARE_DELETE nor with DELETE access (smbtorture raw.rename.ntrename), its delete
// not pending.
Result<FileInfo> rename_source(Smb1Call& call, vfs::Vfs& fs, const std::string& path,
                               uint16_t search_attributes, bool renaming) {
  auto info = fs.stat(path);
  if (!info) return fail(info.error());
  if (!attributes_searched(*info, search_attributes)) return fail(NtStatus::NoSuchFile);
  if (renaming) {
    // As for a delete: the rename is an open with DELETE access (raw.oplock.batch17, batch18).
    auto r = open_for_namespace_change(call.shared, call.state.connection, fs, path,
                                       kFileShareRead | kFileShareWrite, false, call.park);
    if (!r) return fail(r.error());
    bool is_directory = info->attributes & kFileAttributeDirectory;
    if (auto ok = check_rename_of(call.shared.opens, fs, path, is_directory); !ok)
      return fail(ok.error());
  }
  return info;
}

// Renames `from` to `to` (never replacing) and tells the registry of opens, whose record of the
// file's name a pending delete uses.
Result<void> rename_file(Smb1Call& call, vfs::Vfs& fs, const std::string& from,
                         const std::string& to) {
  auto key = fs.file_key(from);
  if (!key) return fail(key.error());
  if (auto r = fs.rename(from, to, false); !r) return r;
  call.shared.opens.renamed(*key, FileName{&fs, to});
  return {};
}

}  // namespace

NtStatus handle_rename(Smb1Call& call) {
  auto req = smb1::RenameRequest::decode(call.block);
  if (!req) return req.error();
  vfs::Vfs* fs = tree_fs(call);
  if (!fs) return NtStatus::InvalidDeviceRequest;
  if (auto writable = check_tree_writable(call.tree->read_only); !writable)
    return writable.error();
  // Wildcards (a rename of many files to a pattern) are refused by the VFS's name check with
  // OBJECT_NAME_INVALID; smbkit renames one file or directory per request.
  auto source = rename_source(call, *fs, req->old_file_name, req->search_attributes, true);
  if (!source) return source.error();
  // An existing target is never replaced (MS-CIFS 3.3.5.10: OBJECT_NAME_COLLISION).
  if (auto r = rename_file(call, *fs, req->old_file_name, req->new_file_name); !r)
    return r.error();
  smb1::RenameResponse{}.encode(call.out);
  return NtStatus::Success;
}

namespace {

// SMB_NT_RENAME_MOVE_FILE (0x0105, obsolete in MS-CIFS 2.2.4.66.1), which Windows and smbd carry
// out as a copy of the file to a new name, attributes included (smbtorture raw.rename.ntrename).
// The source is read as an open sharing read and write only, so no one writes it meanwhile.
Result<void> copy_file(Smb1Call& call, vfs::Vfs& fs, const std::string& from,
                       const std::string& to) {
  OpenRegistry::Handle reading;
  vfs::OpenRequest in_request;
  in_request.read = true;
  in_request.non_directory = true;
  in_request.admit = [&](const vfs::FileKey& key) -> Result<void> {
    auto admitted = call.shared.opens.admit(key, kFileReadData, kFileShareRead | kFileShareWrite,
                                            call.state.connection);
    if (!admitted) return fail(admitted.error());
    reading = std::move(*admitted);
    return {};
  };
  auto in = fs.open(from, in_request);
  if (!in) return fail(in.error());
  auto info = (*in)->stat();
  if (!info) return fail(info.error());
  vfs::OpenRequest out_request;
  out_request.write = true;
  out_request.disposition = vfs::CreateDisposition::Create;
  out_request.non_directory = true;
  auto out = fs.open(to, out_request);
  if (!out) return fail(out.error());
  std::vector<uint8_t> buffer(64 * 1024);
  for (uint64_t offset = 0;;) {
    auto n = (*in)->pread(offset, buffer);
    if (!n) return fail(n.error());
    if (*n == 0) break;
    auto written = (*out)->pwrite(offset, std::span<const uint8_t>(buffer.data(), *n));
    if (!written) return fail(written.error());
    offset += *n;
  }
  constexpr uint32_t kCopied = kFileAttributeReadonly | kFileAttributeHidden |
                               kFileAttributeSystem | kFileAttributeArchive;
  return (*out)->set_attributes(info->attributes & kCopied);
}

// MS-CIFS 2.2.4.66.1 SMB_NT_RENAME_MOVE_CLUSTER_INFO.
constexpr uint16_t kNtRenameMoveClusterInfo = 0x0102;

}  // namespace

NtStatus handle_nt_rename(Smb1Call& call) {
  auto req = smb1::NtRenameRequest::decode(call.block);
  if (!req) return req.error();
  vfs::Vfs* fs = tree_fs(call);
  if (!fs) return NtStatus::InvalidDeviceRequest;
  if (auto writable = check_tree_writable(call.tree->read_only); !writable)
    return writable.error();
  // One file per request: a name with wildcards is refused as smbd and Windows refuse it.
  if (fscc::has_wildcards(split_last(req->old_file_name).second) ||
      fscc::has_wildcards(split_last(req->new_file_name).second))
    return NtStatus::ObjectPathSyntaxBad;
  bool renaming = req->information_level == smb1::kNtRenameRenameFile;
  auto source = rename_source(call, *fs, req->old_file_name, req->search_attributes, renaming);
  if (!source) return source.error();
  Result<void> r;
  switch (req->information_level) {
    case smb1::kNtRenameRenameFile:
      r = rename_file(call, *fs, req->old_file_name, req->new_file_name);
      break;
    case smb1::kNtRenameSetLinkInfo:
      r = fs->link(req->old_file_name, req->new_file_name);
      break;
    case smb1::kNtRenameMoveFile:
      r = copy_file(call, *fs, req->old_file_name, req->new_file_name);
      break;
    case kNtRenameMoveClusterInfo:
      return NtStatus::InvalidParameter;
    default:  // other levels: ACCESS_DENIED, as Windows before 7 and smbd answer
      return NtStatus::AccessDenied;
  }
  if (!r) return r.error();
  smb1::NtRenameResponse{}.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
