// SMB_COM_NT_CREATE_ANDX (MS-CIFS 3.3.5.50, MS-SMB 3.3.5.6), SMB_COM_OPEN_ANDX (MS-CIFS
// 3.3.5.35) and SMB_COM_CLOSE (MS-CIFS 3.3.5.8): files opened beneath the tree's share, one FID
// each, with the oplock asked for when it can be had (oplocks.h); on IPC$, named pipes
// (core/pipes.h).
#include <optional>

#include "server/access.h"
#include "server/core/pipes.h"
#include "server/smb1/handler.h"
#include "server/smb1/dos_open.h"
#include "server/smb1/dos_open_modes.h"
#include "server/smb1/file_io.h"
#include "server/smb1/nt_create_open.h"
#include "server/smb1/open_in_tree.h"
#include "smb1/close.h"
#include "smb1/nt_create.h"
#include "smb1/open.h"
#include "smb1/trans2_dos_time.h"
#include "wire/filetime.h"

namespace smbkit::server {

namespace {

// What a pipe open is granted: the rights asked for (generic ones mapped), all of a pipe's
// read and write rights for MAXIMUM_ALLOWED.
uint32_t pipe_access(uint32_t desired) {
  uint32_t granted = map_generic(desired) & 0x00FFFFFF;
  if (desired & kMaximumAllowed) granted |= kFileGenericRead | kFileGenericWrite;
  return granted;
}

// NT_CREATE_ANDX on IPC$ (MS-CIFS 3.3.5.50): a named pipe, answered as Windows answers it (no
// oplock, the file existed and was opened, no times, sizes 0, FILE_ATTRIBUTE_NORMAL, a
// message-mode pipe with its state).
NtStatus nt_create_pipe(Smb1Call& call, const smb1::NtCreateAndXRequest& req,
                        smb1::NtCreateAndXResponse& resp) {
  uint32_t granted = pipe_access(req.desired_access);
  auto fid = open_pipe_in_tree(call, req.file_name, granted);
  if (!fid) return fid.error();
  resp.fid = *fid;
  resp.oplock_level = smb1::kOplockNone;
  resp.create_disposition = static_cast<uint32_t>(vfs::CreateAction::Opened);
  resp.ext_file_attributes = kPipeFileAttributes;
  resp.resource_type = smb1::kFileTypeMessageModePipe;
  resp.nm_pipe_status = kPipeOpenStatus;
  resp.directory = 0;
  resp.extended = req.flags & smb1::kNtCreateRequestExtendedResponse;
  if (resp.extended) resp.maximal_access_rights = granted;
  return NtStatus::Success;
}

// Create options Windows refuses before it opens anything (MS-FSA 2.1.5.1; smbtorture
// raw.open.nttrans-create): the reserved bits and synchronous I/O without SYNCHRONIZE access are
// STATUS_INVALID_PARAMETER, as is FILE_RESERVE_OPFILTER but for an open of an existing file
// asking only for attributes; FILE_OPEN_BY_FILE_ID is STATUS_NOT_SUPPORTED (no file ids to open
// by). nullopt when the options may go on.
std::optional<NtStatus> refused_create_options(const smb1::NtCreateAndXRequest& req) {
  constexpr uint32_t kReserved = 0xFF000000;
  constexpr uint32_t kAttributesOnly =
      kFileReadAttributes | kFileWriteAttributes | kReadControl | kSynchronize;
  uint32_t options = req.create_options;
  if (options & kReserved) return NtStatus::InvalidParameter;
  if ((options & (kFileSynchronousIoAlert | kFileSynchronousIoNonalert)) &&
      !(req.desired_access & kSynchronize))
    return NtStatus::InvalidParameter;
  if ((options & kFileReserveOpfilter) &&
      (req.create_disposition != kFileOpen || (req.desired_access & ~kAttributesOnly) != 0))
    return NtStatus::InvalidParameter;
  if (options & kFileOpenByFileId) return NtStatus::NotSupported;
  return std::nullopt;
}

}  // namespace

NtStatus nt_create(Smb1Call& call, const smb1::NtCreateAndXRequest* req,
                   smb1::NtCreateAndXResponse& resp, std::span<const fscc::FullEa> eas) {
  if (call.tree->is_ipc()) return nt_create_pipe(call, *req, resp);
  // Opens relative to a directory handle arrive with the file-service issue; refusing them
  // beats ignoring them.
  if (req->root_directory_fid != 0) return NtStatus::NotSupported;
  if (auto refused = refused_create_options(*req)) return *refused;
  OplockAsked asked;
  if (req->flags & smb1::kNtCreateRequestOpbatch)
    asked.wanted = OplockLevel::Batch;
  else if (req->flags & smb1::kNtCreateRequestOplock)
    asked.wanted = OplockLevel::Exclusive;
  asked.level2 = call.state.client_capabilities & smb1::kCapLevel2Oplocks;
  CreateParams params{req->file_name,        req->desired_access,     req->ext_file_attributes,
                      req->share_access,     req->create_disposition, req->create_options,
                      {eas.begin(), eas.end()}};
  auto opened = create_in_tree(call, params, asked);
  if (!opened) return opened.error();
  uint32_t granted = call.state.files.find(opened->fid)->granted_access;

  const FileInfo& info = opened->info;
  resp.fid = opened->fid;
  resp.oplock_level = smb1_oplock_level(opened->oplock);
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
    // MS-SMB 2.2.4.9.2 FileStatusFlags: NO_EAS only for a file without extended attributes.
    resp.nm_pipe_status = (info.ea_size == 0 ? smb1::kNoEas : 0) | smb1::kNoSubstreams |
                          smb1::kNoReparseTag;
    // FileId stays 0, as Samba's smbd sends it: the response's WordCount says 42 though it
    // holds 50 words (MS-SMB 2.2.4.9.2), and Samba's clients read ByteCount right after word 42,
    // i.e. from FileId's first bytes; any other value makes them drop the connection
    // (smbtorture raw.oplock: "103 bytes left, expected at least 64376").
    resp.maximal_access_rights = granted;
  }
  return NtStatus::Success;
}

NtStatus handle_nt_create(Smb1Call& call) {
  auto req = smb1::NtCreateAndXRequest::decode(call.block);
  if (!req) return req.error();
  smb1::NtCreateAndXResponse resp;
  NtStatus status = nt_create(call, &*req, resp);
  if (status != NtStatus::Success) return status;
  resp.encode(call.out);
  return NtStatus::Success;
}

// The AccessMode and OpenMode maps, also used by SMB_COM_OPEN (dos_open_modes.h).

// MS-DTYP 2.4.3 STANDARD_RIGHTS_ALL.
constexpr uint32_t kStandardRightsAll =
    kDelete | kReadControl | kWriteDac | kWriteOwner | kSynchronize;

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

Result<Opened> open_with_dos_modes(Smb1Call& call, const std::string& path, uint16_t access_mode,
                                   vfs::CreateDisposition disposition, uint32_t allocation_size,
                                   OplockAsked asked) {
  auto granted = access_of(access_mode);
  if (!granted) return fail(NtStatus::SmbBadAccess);  // ERRDOS/ERRbadaccess, as Windows answers
  auto sharing = sharing_of(access_mode);
  if (!sharing) return fail(NtStatus::InvalidParameter);
  vfs::OpenRequest open;
  open.disposition = disposition;
  open.non_directory = true;  // files only: a directory is FILE_IS_A_DIRECTORY, as on Windows
  auto opened = open_in_tree(call, path, *granted, *sharing, open, asked);
  if (!opened) return opened;
  // AllocationSize: the bytes to reserve for a file created or truncated. Windows (and smbd)
  // give the file that size, and the response's size says so.
  if (allocation_size != 0 && opened->action != vfs::CreateAction::Opened &&
      can_write(*granted)) {
    vfs::OpenFile& file = *call.state.files.find(opened->fid)->file;
    if (auto sized = file.truncate(allocation_size); !sized) return fail(sized.error());
    auto info = file.stat();
    if (!info) return fail(info.error());
    opened->info = std::move(*info);
  }
  return opened;
}

uint16_t open_results_of(const Opened& opened) {
  uint16_t results = smb1::kOpenResultOpened;
  switch (opened.action) {
    case vfs::CreateAction::Created: results = smb1::kOpenResultCreated; break;
    case vfs::CreateAction::Overwritten:
    case vfs::CreateAction::Superseded: results = smb1::kOpenResultTruncated; break;
    default: break;
  }
  if (opened.oplock != OplockLevel::None) results |= smb1::kOpenResultOplockGranted;
  return results;
}

NtStatus handle_open_andx(Smb1Call& call) {
  auto req = smb1::OpenAndXRequest::decode(call.block);
  if (!req) return req.error();
  if (!access_of(req->access_mode)) return NtStatus::SmbBadAccess;
  auto disposition = disposition_of(req->open_mode);
  // "Fail if it exists, do not create" can succeed on nothing: Windows refuses it with
  // ERRDOS/ERRbadaccess, except for an execute open, which it takes as a create (smbtorture
  // raw.open.openx checks both).
  if (!disposition && (req->open_mode & smb1::kFileExistsOptsMask) == smb1::kFileExistsFail) {
    if ((req->access_mode & smb1::kAccessModeMask) != smb1::kAccessExecute)
      return NtStatus::SmbBadAccess;
    disposition = vfs::CreateDisposition::Create;
  }
  if (!disposition) return NtStatus::InvalidParameter;
  if (call.tree->is_ipc()) {
    // A named pipe (MS-CIFS 3.3.5.35), opened as NT_CREATE_ANDX opens one.
    auto fid = open_pipe_in_tree(call, req->file_name, *access_of(req->access_mode));
    if (!fid) return fid.error();
    smb1::OpenAndXResponse resp;
    resp.fid = *fid;
    resp.access_rights = req->access_mode & smb1::kAccessModeMask;
    resp.resource_type = smb1::kFileTypeMessageModePipe;
    resp.nm_pipe_status = kPipeOpenStatus;
    resp.open_results = smb1::kOpenResultOpened;
    resp.extended = req->flags & smb1::kOpenExtendedResponse;
    if (resp.extended) resp.maximal_access_rights = kStandardRightsAll;
    resp.encode(call.out);
    return NtStatus::Success;
  }
  // OPEN_ANDX's response can say only that an exclusive or batch oplock was granted.
  OplockAsked asked;
  if (req->flags & smb1::kOpenRequestOplockBatch)
    asked.wanted = OplockLevel::Batch;
  else if (req->flags & smb1::kOpenRequestOplock)
    asked.wanted = OplockLevel::Exclusive;
  auto opened = open_with_dos_modes(call, req->file_name, req->access_mode, *disposition,
                                    req->allocation_size, asked);
  if (!opened) return opened.error();

  const FileInfo& info = opened->info;
  smb1::OpenAndXResponse resp;
  resp.fid = opened->fid;
  resp.file_attrs = smb1::smb_file_attributes(info.attributes);
  resp.last_write_time = utime_from_filetime(info.last_write_time);
  resp.file_data_size = static_cast<uint32_t>(std::min<uint64_t>(info.end_of_file, 0xFFFFFFFF));
  resp.access_rights = req->access_mode & smb1::kAccessModeMask;
  resp.open_results = open_results_of(*opened);
  resp.extended = req->flags & smb1::kOpenExtendedResponse;
  // MS-SMB 2.2.4.1.2: Windows reports the standard rights here whatever the access mode asked
  // (smbtorture raw.open.openx checks SEC_STD_ALL).
  if (resp.extended) resp.maximal_access_rights = kStandardRightsAll;
  resp.encode(call.out);
  return NtStatus::Success;
}

NtStatus handle_close(Smb1Call& call) {
  auto req = smb1::CloseRequest::decode(call.block);
  if (!req) return req.error();
  // LastTimeModified (UTIME) set at close: 0 and 0xFFFFFFFF mean "leave it" (MS-CIFS 2.2.4.5.1).
  if (req->last_time_modified != 0 && req->last_time_modified != 0xFFFFFFFF &&
      !call.file->is_pipe() && can_write(call.file->granted_access)) {
    vfs::SetTimes times;
    times.last_write_time = filetime_from_utime(req->last_time_modified);
    call.file->file->set_times(times);
  }
  close_fid(call, req->fid);
  smb1::CloseResponse{}.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
