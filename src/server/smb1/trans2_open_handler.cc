// TRANS2_OPEN2 (MS-CIFS 3.3.5.58.2) and TRANS2_CREATE_DIRECTORY (MS-CIFS 3.3.5.58.13). Both may
// carry an SMB_FEA_LIST of extended attributes (MS-CIFS 2.2.1.2.2) for what they make: the list
// is checked before anything is created (STATUS_EA_LIST_INCONSISTENT when malformed,
// STATUS_INVALID_EA_NAME for a bad name) and given to a file TRANS2_OPEN2 creates or truncates
// (an existing file opened keeps its EAs, as NT_TRANSACT_CREATE's do) and to the directory
// TRANS2_CREATE_DIRECTORY makes.
#include "server/core/extended_attributes.h"
#include "server/smb1/dos_open.h"
#include "server/smb1/dos_open_modes.h"
#include "server/smb1/file_io.h"
#include "server/core/share_access.h"
#include "server/smb1/handler.h"
#include "smb1/ea_lists.h"
#include "smb1/open.h"
#include "smb1/trans2_dos_time.h"
#include "smb1/trans2_open.h"
#include "smb1/trans2_query.h"
#include "vfs/extended_attributes.h"
#include "wire/filetime.h"

namespace smbkit::server {
namespace {

// The EAs of the request's Trans2_Data, every name checked.
Result<std::vector<fscc::FullEa>> eas_to_set(Bytes data) {
  auto eas = smb1::decode_fea_list(data, NtStatus::EaListInconsistent);
  if (!eas) return fail(eas.error());
  if (auto ok = vfs::check_eas(*eas); !ok) return fail(ok.error());
  return eas;
}

}  // namespace

Result<std::vector<uint8_t>> trans2_open2(Smb1Call& call, Bytes parameters, Bytes data) {
  auto req = smb1::Open2Request::decode(parameters, call.block.unicode);
  if (!req) return fail(req.error());
  auto eas = eas_to_set(data);
  if (!eas) return fail(eas.error());
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
  if (!eas->empty() && opened->action != vfs::CreateAction::Opened) {
    Smb1File& file = *call.state.files.find(opened->fid);
    if (auto set = file.file->set_extended_attributes(*eas); !set) {
      close_fid(call, opened->fid);
      return fail(set.error());
    }
  }

  const FileInfo& info = opened->info;
  smb1::Open2ResponseParameters resp;
  resp.fid = opened->fid;
  resp.file_attributes = smb1::smb_file_attributes(info.attributes);
  resp.creation_time = utime_from_filetime(info.creation_time);
  resp.file_data_size = static_cast<uint32_t>(std::min<uint64_t>(info.end_of_file, 0xFFFFFFFF));
  resp.access_mode = req->access_mode & (smb1::kAccessModeMask | smb1::kSharingModeMask);
  resp.action_taken = open_results_of(*opened);
  // REQ_EASIZE: the size of the file's EAs (MS-CIFS 2.2.6.1.2 ExtendedAttributeLength).
  if (req->flags & smb1::kOpen2ReturnTotalEaLength) {
    auto now = call.state.files.find(opened->fid)->file->stat();
    resp.ea_length = now ? now->ea_size : 0;
  }
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
  auto eas = eas_to_set(data);
  if (!eas) return fail(eas.error());
  if (auto made = fs->mkdir(req->directory_name); !made) return fail(made.error());
  if (!eas->empty()) {
    // A directory whose EAs could not be set is not left behind.
    if (auto set = set_eas_at(*fs, req->directory_name, *eas); !set) {
      (void)fs->rmdir(req->directory_name);
      return fail(set.error());
    }
  }
  return smb1::QueryInformationResponseParameters{}.encode();  // EaErrorOffset 0
}

}  // namespace smbkit::server
