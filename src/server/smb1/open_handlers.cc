// SMB_COM_NT_CREATE_ANDX (MS-CIFS 3.3.5.50, MS-SMB 3.3.5.6), SMB_COM_OPEN_ANDX (MS-CIFS
// 3.3.5.35) and SMB_COM_CLOSE (MS-CIFS 3.3.5.8): files opened beneath the tree's share, one FID
// each, with the oplock asked for when it can be had (oplocks.h).
#include "server/access.h"
#include "server/smb1/handler.h"
#include "smb1/close.h"
#include "smb1/locking.h"
#include "smb1/nt_create.h"
#include "smb1/open.h"
#include "smb1/trans2_dos_time.h"
#include "wire/filetime.h"
#include "wire/netbios.h"

namespace smbkit::server {
namespace {

struct Opened {
  uint16_t fid;
  vfs::CreateAction action;
  FileInfo info;
  OplockLevel oplock;
};

// The oplock a request asks for, and whether its response can tell of a level II grant.
struct OplockAsked {
  OplockLevel wanted = OplockLevel::None;  // Exclusive, Batch or None
  bool level2 = false;
};

// Rights that read and change no data: an open with no others breaks no exclusive oplock.
constexpr uint32_t kStatOnlyAccess =
    kFileReadAttributes | kFileWriteAttributes | kSynchronize | kReadControl;

// How a break of the oplock on `fid` reaches the client: an OpLock Break request (MS-CIFS
// 3.3.4.2) queued on the connection. Empty when the connection has no reply sink (tests).
BreakNotifier break_notifier(const Smb1Call& call, uint16_t fid) {
  if (!call.state.reply_sink) return {};
  return [sink = call.state.reply_sink, tid = call.tid, uid = call.uid, fid](OplockLevel level) {
    smb1::OplockBreakRequest req{tid, uid, fid,
                                 level == OplockLevel::LevelII ? smb1::kBreakToLevelII
                                                               : smb1::kBreakToNone};
    std::vector<uint8_t> message = req.encode();
    auto header = netbios::message_header(static_cast<uint32_t>(message.size()));
    std::vector<uint8_t> frame(header.begin(), header.end());
    frame.insert(frame.end(), message.begin(), message.end());
    sink(std::move(frame));
  };
}

// Opens `path` in the call's tree and files it under a new FID. The open enters the server's
// registry of opens (share modes, byte-range locks) before an overwrite can truncate the file;
// conflicting batch oplocks break before that check (so that a holder that closes on the break
// lets it through), exclusive ones after it; its own oplock is granted once it has its FID.
Result<Opened> open_in_tree(Smb1Call& call, const std::string& path, uint32_t granted,
                            uint32_t share_access, vfs::OpenRequest request, OplockAsked asked) {
  if (call.tree->is_ipc()) return fail(NtStatus::ObjectNameNotFound);  // no named pipes yet
  // Checked before opening, so that a refused create leaves no file behind.
  size_t open_in_session = 0;
  for (auto& [fid, f] : call.state.files) open_in_session += f.uid == call.uid;
  if (open_in_session >= call.shared.config.limits.max_open_files_per_session)
    return fail(NtStatus::TooManyOpenedFiles);
  request.read = can_read(granted);
  request.write = can_write(granted);
  OpenRegistry::Handle registration;
  OplockTable::Open oplock;
  OplockIntent intent;
  intent.connection = &call.state;
  intent.stat_only = (granted & ~kStatOnlyAccess) == 0;
  intent.truncating = request.disposition == vfs::CreateDisposition::Overwrite ||
                      request.disposition == vfs::CreateDisposition::OverwriteIf ||
                      request.disposition == vfs::CreateDisposition::Supersede;
  request.admit = [&](const vfs::FileKey& key) -> Result<void> {
    oplock = call.shared.oplocks.enter(key, intent);
    auto admitted = call.shared.opens.admit(key, granted, share_access, &call.state);
    if (!admitted) return fail(admitted.error());
    registration = std::move(*admitted);
    call.shared.oplocks.admitted(oplock);
    return {};
  };
  auto file = call.tree->share->fs->open(path, request);
  if (!file) return fail(file.error());
  auto info = (*file)->stat();
  if (!info) return fail(info.error());
  vfs::CreateAction action = (*file)->action();
  auto fid = call.state.files.insert(Smb1File{.uid = call.uid,
                                              .tid = call.tid,
                                              .path = path,
                                              .file = std::move(*file),
                                              .granted_access = granted,
                                              .open = std::move(registration),
                                              .oplock = std::move(oplock),
                                              .delete_on_close = {}});
  if (!fid) return fail(NtStatus::TooManyOpenedFiles);
  // MS-CIFS 3.3.5.50: no oplocks on directories.
  if (info->is_directory) asked.wanted = OplockLevel::None;
  Smb1File& opened = *call.state.files.find(*fid);
  OplockLevel level = call.shared.oplocks.grant(opened.oplock, asked.wanted, asked.level2,
                                                break_notifier(call, *fid));
  return Opened{*fid, action, *info, level};
}

}  // namespace

NtStatus handle_nt_create(Smb1Call& call) {
  auto req = smb1::NtCreateAndXRequest::decode(call.block);
  if (!req) return req.error();
  // Opens relative to a directory handle, and delete-on-close, arrive with the file-service
  // issue; refusing them beats ignoring them.
  if (req->root_directory_fid != 0 || (req->create_options & kFileDeleteOnClose))
    return NtStatus::NotSupported;
  if (req->create_disposition > kFileOverwriteIf) return NtStatus::InvalidParameter;
  vfs::OpenRequest open;
  open.disposition = static_cast<vfs::CreateDisposition>(req->create_disposition);
  open.directory_only = req->create_options & kFileDirectoryFile;
  open.non_directory = req->create_options & kFileNonDirectoryFile;
  if (open.directory_only && open.non_directory) return NtStatus::InvalidParameter;
  uint32_t granted = expand_generic(req->desired_access);
  uint32_t share = req->share_access & (kFileShareRead | kFileShareWrite | kFileShareDelete);
  OplockAsked asked;
  if (req->flags & smb1::kNtCreateRequestOpbatch)
    asked.wanted = OplockLevel::Batch;
  else if (req->flags & smb1::kNtCreateRequestOplock)
    asked.wanted = OplockLevel::Exclusive;
  asked.level2 = call.state.client_capabilities & smb1::kCapLevel2Oplocks;
  auto opened = open_in_tree(call, req->file_name, granted, share, open, asked);
  if (!opened) return opened.error();
  call.state.files.find(opened->fid)->write_through = req->create_options & kFileWriteThrough;

  const FileInfo& info = opened->info;
  smb1::NtCreateAndXResponse resp;
  resp.fid = opened->fid;
  resp.oplock_level = static_cast<uint8_t>(opened->oplock);
  resp.create_disposition = static_cast<uint32_t>(opened->action);
  resp.create_time = info.creation_time;
  resp.last_access_time = info.last_access_time;
  resp.last_write_time = info.last_write_time;
  resp.last_change_time = info.change_time;
  resp.ext_file_attributes = info.attributes;
  resp.allocation_size = info.allocation_size;
  resp.end_of_file = info.end_of_file;
  resp.directory = info.is_directory;
  resp.extended = req->flags & smb1::kNtCreateRequestExtendedResponse;
  if (resp.extended) {
    resp.nm_pipe_status = smb1::kNoEas | smb1::kNoSubstreams | smb1::kNoReparseTag;
    // FileId stays 0, as Samba's smbd sends it: the response's WordCount says 42 though it
    // holds 50 words (MS-SMB 2.2.4.9.2), and Samba's clients read ByteCount right after word 42,
    // i.e. from FileId's first bytes; any other value makes them drop the connection
    // (smbtorture raw.oplock: "103 bytes left, expected at least 64376").
    resp.maximal_access_rights = granted;
  }
  resp.encode(call.out);
  return NtStatus::Success;
}

namespace {

// MS-CIFS 2.2.4.41.1 OpenMode -> the NT create disposition it means.
std::optional<vfs::CreateDisposition> disposition_of(uint16_t open_mode) {
  bool create = (open_mode & smb1::kCreateFileMask) == smb1::kCreateFileCreate;
  switch (open_mode & smb1::kFileExistsOptsMask) {
    case smb1::kFileExistsFail:
      return create ? std::optional(vfs::CreateDisposition::Create) : std::nullopt;
    case smb1::kFileExistsOpen:
      return create ? vfs::CreateDisposition::OpenIf : vfs::CreateDisposition::Open;
    case smb1::kFileExistsTruncate:
      return create ? vfs::CreateDisposition::OverwriteIf : vfs::CreateDisposition::Overwrite;
    default:
      return std::nullopt;
  }
}

// MS-CIFS 2.2.4.41.1 AccessMode's access bits -> an access mask.
std::optional<uint32_t> access_of(uint16_t access_mode) {
  switch (access_mode & smb1::kAccessModeMask) {
    case smb1::kAccessRead: return kFileGenericRead;
    case smb1::kAccessWrite: return kFileGenericWrite;
    case smb1::kAccessReadWrite: return kFileGenericRead | kFileGenericWrite;
    case smb1::kAccessExecute: return kFileGenericRead | kFileGenericExecute;
    default: return std::nullopt;
  }
}

// MS-CIFS 2.2.4.41.1 AccessMode's sharing mode -> the FILE_SHARE_* bits it allows. The DOS
// compatibility mode (and 7, the FCB form) has no NT equivalent; it shares reading and writing,
// so two compatibility opens of one file by a client succeed as they do on Windows.
std::optional<uint32_t> sharing_of(uint16_t access_mode) {
  switch (access_mode & smb1::kSharingModeMask) {
    case smb1::kSharingDenyReadWriteExecute: return kFileShareNone;
    case smb1::kSharingDenyWrite: return kFileShareRead;
    case smb1::kSharingDenyReadExecute: return kFileShareWrite;
    case smb1::kSharingCompatibility:
    case smb1::kSharingDenyNone:
    case smb1::kSharingModeMask: return kFileShareRead | kFileShareWrite;
    default: return std::nullopt;
  }
}

}  // namespace

NtStatus handle_open_andx(Smb1Call& call) {
  auto req = smb1::OpenAndXRequest::decode(call.block);
  if (!req) return req.error();
  auto disposition = disposition_of(req->open_mode);
  auto granted = access_of(req->access_mode);
  auto sharing = sharing_of(req->access_mode);
  if (!disposition || !granted || !sharing) return NtStatus::InvalidParameter;
  vfs::OpenRequest open;
  open.disposition = *disposition;
  // OPEN_ANDX's response can say only that an exclusive or batch oplock was granted.
  OplockAsked asked;
  if (req->flags & smb1::kOpenRequestOplockBatch)
    asked.wanted = OplockLevel::Batch;
  else if (req->flags & smb1::kOpenRequestOplock)
    asked.wanted = OplockLevel::Exclusive;
  auto opened = open_in_tree(call, req->file_name, *granted, *sharing, open, asked);
  if (!opened) return opened.error();

  const FileInfo& info = opened->info;
  smb1::OpenAndXResponse resp;
  resp.fid = opened->fid;
  resp.file_attrs = smb1::smb_file_attributes(info.attributes);
  resp.last_write_time = utime_from_filetime(info.last_write_time);
  resp.file_data_size = static_cast<uint32_t>(std::min<uint64_t>(info.end_of_file, 0xFFFFFFFF));
  resp.access_rights = req->access_mode & smb1::kAccessModeMask;
  switch (opened->action) {
    case vfs::CreateAction::Created: resp.open_results = smb1::kOpenResultCreated; break;
    case vfs::CreateAction::Overwritten:
    case vfs::CreateAction::Superseded: resp.open_results = smb1::kOpenResultTruncated; break;
    default: resp.open_results = smb1::kOpenResultOpened; break;
  }
  if (opened->oplock != OplockLevel::None) resp.open_results |= smb1::kOpenResultOplockGranted;
  resp.extended = req->flags & smb1::kOpenExtendedResponse;
  if (resp.extended) resp.maximal_access_rights = *granted;
  resp.encode(call.out);
  return NtStatus::Success;
}

NtStatus handle_close(Smb1Call& call) {
  auto req = smb1::CloseRequest::decode(call.block);
  if (!req) return req.error();
  // LastTimeModified (UTIME) set at close: 0 and 0xFFFFFFFF mean "leave it" (MS-CIFS 2.2.4.5.1).
  if (req->last_time_modified != 0 && req->last_time_modified != 0xFFFFFFFF &&
      can_write(call.file->granted_access)) {
    vfs::SetTimes times;
    times.last_write_time = filetime_from_utime(req->last_time_modified);
    call.file->file->set_times(times);
  }
  // A notify pending on the handle ends with STATUS_NOTIFY_CLEANUP, as on Windows.
  if (call.state.notify) call.state.notify->forget_fid(req->fid);
  call.state.files.erase(req->fid);
  smb1::CloseResponse{}.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
