// TRANS2_SET_PATH_INFORMATION (MS-CIFS 3.3.5.58.7) and TRANS2_SET_FILE_INFORMATION (3.3.5.58.9),
// with the pass-through levels of MS-SMB 3.3.5.10.x: each level is applied as
// NtSetInformationFile would apply its MS-FSCC class (MS-FSA 2.1.5.15), through the VFS.
#include "server/core/set_info.h"
#include "server/smb1/handler.h"
#include "smb1/trans2_set.h"

namespace smbkit::server {

Result<std::vector<uint8_t>> trans2_set_path_information(Smb1Call& call, Bytes parameters,
                                                         Bytes data) {
  auto req = smb1::SetPathInformationRequest::decode(parameters, call.block.unicode);
  if (!req) return fail(req.error());
  vfs::Vfs* fs = tree_fs(call);
  if (!fs) return fail(NtStatus::ObjectNameNotFound);
  // smbd answers this one ACCESS_DENIED on a read-only share (not MEDIA_WRITE_PROTECTED as for
  // the other changes by path): smbclient -m NT1 utimes.
  if (call.tree->read_only) return fail(NtStatus::AccessDenied);
  auto set = smb1::decode_set_info_level(req->information_level, data);
  if (!set) return fail(set.error());
  if (auto r = set_by_path(call.shared, call.state.connection, *fs, req->file_name, *set,
                           TargetNames::NearFile, call.park);
      !r)
    return fail(r.error());
  return smb1::SetInformationResponseParameters{}.encode();
}

Result<std::vector<uint8_t>> trans2_set_file_information(Smb1Call& call, Bytes parameters,
                                                         Bytes data) {
  auto req = smb1::SetFileInformationRequest::decode(parameters);
  if (!req) return fail(req.error());
  Smb1File* file = call.state.files.find(req->fid);
  if (!file || file->tid != call.tid) return fail(NtStatus::InvalidHandle);
  vfs::Vfs* fs = tree_fs(call);
  if (!fs) return fail(NtStatus::InvalidHandle);
  auto set = smb1::decode_set_info_level(req->information_level, data);
  if (!set) return fail(set.error());
  if (auto r = set_by_handle(call.shared, *file, *set, TargetNames::NearFile); !r)
    return fail(r.error());
  return smb1::SetInformationResponseParameters{}.encode();
}

}  // namespace smbkit::server
