#include "server/core/open_file.h"

#include "server/access.h"
#include "server/core/create_semantics.h"
#include "server/core/query_info.h"
#include "server/core/share_access.h"
#include "vfs/extended_attributes.h"

namespace smbkit::server {
namespace {

// Rights that read and change no data: an open with no others breaks no exclusive oplock.
constexpr uint32_t kStatOnlyAccess =
    kFileReadAttributes | kFileWriteAttributes | kSynchronize | kReadControl;

// MAXIMUM_ALLOWED (MS-DTYP 2.5.3.2, MS-FSA 2.1.5.1.2.1): every right the file's security grants
// the caller, which the POSIX mode bits stand for here (maximal_access_of); a file the open
// will create is its creator's, who holds all rights on it. Looked up through an
// attributes-only open, which takes no data access and enters no registry.
uint32_t maximum_allowed(vfs::Vfs& fs, const std::string& path) {
  auto existing = fs.stat(path);
  if (!existing) {
    return existing.error() == NtStatus::ObjectNameNotFound ? kFileAllAccess : 0;
  }
  vfs::OpenRequest look;  // no read, no write: the attributes only
  auto file = fs.open(path, look);
  if (!file) return 0;
  return maximal_access_of(**file);
}

// An open on a read-only tree (Opener::read_only): refused when it asks for a right that changes
// something, would truncate, or would create (smbd answers ACCESS_DENIED to all three); an
// open-if of an existing file stays an open, so nothing can be created meanwhile.
Result<void> admit_read_only(vfs::Vfs& fs, const std::string& path, uint32_t granted,
                             vfs::OpenRequest& request) {
  using vfs::CreateDisposition;
  if (granted & kShareWriteRights) return fail(NtStatus::AccessDenied);
  switch (request.disposition) {
    case CreateDisposition::Open:
      return {};
    case CreateDisposition::Create:
    case CreateDisposition::OpenIf: {
      auto existing = fs.stat(path);
      if (!existing) {
        if (existing.error() == NtStatus::ObjectNameNotFound) return fail(NtStatus::AccessDenied);
        return fail(existing.error());
      }
      if (request.disposition == CreateDisposition::Create)
        return fail(NtStatus::ObjectNameCollision);
      request.disposition = CreateDisposition::Open;
      return {};
    }
    default:  // supersede, overwrite, overwrite-if
      return fail(NtStatus::AccessDenied);
  }
}

}  // namespace

Result<Opening> open_file(const Opener& opener, const std::string& path, uint32_t granted,
                          uint32_t share_access, vfs::OpenRequest request) {
  SharedState& shared = opener.shared;
  vfs::Vfs& fs = *opener.share.fs;
  if (opener.read_only) {
    if (auto admitted = admit_read_only(fs, path, granted, request); !admitted)
      return fail(admitted.error());
  }
  request.read = can_read(granted);
  request.write = can_write(granted);
  OpenRegistry::Handle registration;
  OplockTable::Open oplock;
  OplockIntent intent;
  intent.connection = opener.connection;
  intent.stat_only = (granted & ~kStatOnlyAccess) == 0;
  intent.truncating = request.disposition == vfs::CreateDisposition::Overwrite ||
                      request.disposition == vfs::CreateDisposition::OverwriteIf ||
                      request.disposition == vfs::CreateDisposition::Supersede;
  request.admit = [&](const vfs::FileKey& key) -> Result<void> {
    // A pending delete refuses the open before any oplock breaks (smbtorture raw.oplock.doc1).
    if (shared.opens.delete_pending(key)) return fail(NtStatus::DeletePending);
    Park* later = opener.park;
    oplock = shared.oplocks.enter(key, intent, later);
    if (later && later->wait) return fail(NtStatus::Pending);  // parked
    FileName name{&fs, path};  // for a delete when it is closed
    auto admitted = shared.opens.admit(key, granted, share_access, opener.connection, name,
                                       opener.delay_sharing_violation ? later : nullptr);
    if (!admitted) return fail(admitted.error());
    registration = std::move(*admitted);
    shared.oplocks.admitted(oplock, later);
    if (later && later->wait) return fail(NtStatus::Pending);
    return {};
  };
  auto file = fs.open(path, request);
  if (!file) return fail(file.error());
  auto info = (*file)->stat();
  if (!info) return fail(info.error());
  Opening opening;
  opening.action = (*file)->action();
  opening.info = std::move(*info);
  opening.open.path = path;
  opening.open.fs = &fs;
  opening.open.file = std::move(*file);
  opening.open.granted_access = granted;
  opening.open.read_only_tree = opener.read_only;
  opening.open.open = std::move(registration);
  opening.open.oplock = std::move(oplock);
  return opening;
}

Result<Opening> create_file(const Opener& opener, const CreateParams& params) {
  if (params.create_disposition > kFileOverwriteIf) return fail(NtStatus::InvalidParameter);
  vfs::OpenRequest request;
  request.disposition = static_cast<vfs::CreateDisposition>(params.create_disposition);
  request.directory_only = params.create_options & kFileDirectoryFile;
  request.non_directory = params.create_options & kFileNonDirectoryFile;
  if (request.directory_only && request.non_directory) return fail(NtStatus::InvalidParameter);
  // MS-FSA 2.1.5.1: nor can a directory be created or opened as temporary.
  if (request.directory_only && (params.file_attributes & kFileAttributeTemporary))
    return fail(NtStatus::InvalidParameter);
  uint32_t granted = expand_generic(params.desired_access);
  if (params.desired_access & kMaximumAllowed)
    granted |= maximum_allowed(*opener.share.fs, params.path) &
               (opener.read_only ? kReadOnlyShareAccess : ~0u);
  uint32_t sharing = params.share_access & (kFileShareRead | kFileShareWrite | kFileShareDelete);
  CreateAsked asked{request.disposition, granted, params.file_attributes,
                    (params.create_options & kFileDeleteOnClose) != 0};
  if (auto allowed = check_create(*opener.share.fs, params.path, asked); !allowed)
    return fail(allowed.error());
  if (auto named = vfs::check_eas(params.eas); !named) return fail(named.error());
  auto opening = open_file(opener, params.path, granted, sharing, request);
  if (!opening) return opening;
  OpenState& open = opening->open;
  open.write_through = params.create_options & kFileWriteThrough;
  if (auto attributed = apply_create_attributes(*open.file, opening->action, asked.attributes,
                                                params.path, opening->info);
      !attributed)
    return fail(attributed.error());
  if (!params.eas.empty() && opening->action != vfs::CreateAction::Opened) {
    if (auto set = open.file->set_extended_attributes(params.eas); !set) return fail(set.error());
    if (auto now = open.file->stat()) opening->info.ea_size = now->ea_size;
  }
  // MS-FSA 2.1.5.5: the close of this open makes the file's delete pending.
  if (asked.delete_on_close) opener.shared.opens.delete_on_close(open.open);
  return opening;
}

std::string current_path(const OpenRegistry& opens, const OpenState& open) {
  FileName name = opens.name_of(open.open);
  return name.fs == open.fs && !name.path.empty() ? name.path : open.path;
}

Result<void> open_for_namespace_change(SharedState& shared, ConnectionId connection, vfs::Vfs& fs,
                                       const std::string& path, uint32_t share_access,
                                       bool truncating, Park* later) {
  auto key = fs.file_key(path);
  if (!key) return {};  // no file: the operation itself reports it
  OplockIntent intent;
  intent.connection = connection;
  intent.truncating = truncating;
  // Batch oplocks break before the share-mode check, as for an open (open_file's admit). An
  // exclusive oplock does not break for a delete or rename (smbtorture raw.oplock.exclusive1,
  // exclusive6, exclusive7: Windows leaves it, and so does smbd), nor do level II ones; a
  // truncation breaks both once the share modes let it through.
  OplockTable::Open as_if = shared.oplocks.enter(*key, intent, later);
  if (later && later->wait) return fail(NtStatus::Pending);  // parked
  if (share_access != kNoShareCheck) {
    auto shared_ok = shared.opens.check_delete(fs, path, share_access);
    if (!shared_ok) return fail(shared_ok.error());
  }
  if (truncating) shared.oplocks.admitted(as_if, later);
  if (later && later->wait) return fail(NtStatus::Pending);
  return {};
}

OplockLevel grant_oplock(SharedState& shared, OpenState& open, bool is_directory,
                         OplockAsked asked, BreakNotifier notify) {
  if (is_directory) asked.wanted = OplockLevel::None;
  return shared.oplocks.grant(open.oplock, asked.wanted, asked.level2, std::move(notify));
}

}  // namespace smbkit::server
