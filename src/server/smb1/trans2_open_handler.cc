// TRANS2_OPEN2 (MS-CIFS 3.3.5.58.2) and TRANS2_CREATE_DIRECTORY (MS-CIFS 3.3.5.58.13). Both may
// carry extended attributes to set, which smbkit does not keep: a non-empty list is refused with
// STATUS_EAS_NOT_SUPPORTED before anything is created.
#include "server/smb1/dos_open.h"
#include "server/smb1/dos_open_modes.h"
#include "server/core/share_access.h"
#include "server/smb1/handler.h"
#include "smb1/open.h"
#include "smb1/trans2_dos_time.h"
#include "smb1/trans2_open.h"
#include "smb1/trans2_query.h"
#include "wire/filetime.h"

namespace smbkit::server {
namespace {

Result<void> refuse_eas(Bytes data) {
  auto eas = smb1::fea_list_has_entries(data);
  if (!eas) return fail(eas.error());
  if (*eas) return fail(NtStatus::EasNotSupported);
  return {};
}

}  // namespace

Result<std::vector<uint8_t>> trans2_open2(Smb1Call& call, Bytes parameters, Bytes data) {
  auto req = smb1::Open2Request::decode(parameters, call.block.unicode);
  if (!req) return fail(req.error());
  if (auto ok = refuse_eas(data); !ok) return fail(ok.error());
  // OpenMode as OPEN_ANDX's, but "fail if it exists, do not create" is taken as a create, as
  // Windows does (smbtorture raw.open.t2open).
  auto disposition = disposition_of(req->open_mode);
  if (!disposition &&
      (req->open_mode & smb1::kFileExistsOptsMask) == smb1::kFileExistsFail)
    disposition = vfs::CreateDisposition::Create;
  if (!disposition) return fail(NtStatus::InvalidParameter);
  OplockAsked asked;
  if (req->flags & smb1::kOpen2RequestOpbatch)
    asked.wanted = OplockLevel::Batch;
  else if (req->flags & smb1::kOpen2RequestOplock)
    asked.wanted = OplockLevel::Exclusive;
  auto opened = open_with_dos_modes(call, req->file_name, req->access_mode, *disposition,
                                    req->allocation_size, asked);
  if (!opened) return fail(opened.error());

  const FileInfo& info = opened->info;
  smb1::Open2ResponseParameters resp;
  resp.fid = opened->fid;
  resp.file_attributes = smb1::smb_file_attributes(info.attributes);
  resp.creation_time = utime_from_filetime(info.creation_time);
  resp.file_data_size = static_cast<uint32_t>(std::min<uint64_t>(info.end_of_file, 0xFFFFFFFF));
  resp.access_mode = req->access_mode & (smb1::kAccessModeMask | smb1::kSharingModeMask);
  resp.action_taken = open_results_of(*opened);
  return resp.encode();
}

Result<std::vector<uint8_t>> trans2_create_directory(Smb1Call& call, Bytes parameters,
                                                     Bytes data) {
  auto req = smb1::CreateDirectory2Request::decode(parameters, call.block.unicode);
  if (!req) return fail(req.error());
  vfs::Vfs* fs = tree_fs(call);
  if (!fs) return fail(NtStatus::InvalidDeviceRequest);
  if (auto writable = check_tree_writable(call.tree->read_only); !writable)
    return fail(writable.error());
  if (auto ok = refuse_eas(data); !ok) return fail(ok.error());
  if (auto made = fs->mkdir(req->directory_name); !made) return fail(made.error());
  return smb1::QueryInformationResponseParameters{}.encode();  // EaErrorOffset 0
}

}  // namespace smbkit::server
