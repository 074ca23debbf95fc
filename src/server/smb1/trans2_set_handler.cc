// TRANS2_SET_PATH_INFORMATION (MS-CIFS 3.3.5.58.7) and TRANS2_SET_FILE_INFORMATION (3.3.5.58.9),
// with the pass-through levels of MS-SMB 3.3.5.10.x: each level is applied as
// NtSetInformationFile would apply its MS-FSCC class (MS-FSA 2.1.5.15), through the VFS; the EA
// levels (SMB_INFO_SET_EAS, MS-CIFS 2.2.8.4.2, and the pass-through FileFullEaInformation) as
// NtSetEaFile (MS-FSA 2.1.5.15.5), through the EA core.
#include "fscc/ea_information.h"
#include "fscc/info_classes.h"
#include "server/core/extended_attributes.h"
#include "server/core/set_info.h"
#include "server/smb1/handler.h"
#include "smb1/ea_lists.h"
#include "smb1/trans2_set.h"

namespace smbkit::server {
namespace {

constexpr uint16_t kPassThroughFullEa =
    smb1::kSmbInfoPassthrough + static_cast<uint16_t>(fscc::FileInfoClass::FullEa);

bool is_ea_level(uint16_t level) {
  return level == smb1::kSmbInfoSetEas || level == kPassThroughFullEa;
}

// The EAs an EA level's data holds: an SMB_FEA_LIST, or a FILE_FULL_EA_INFORMATION list; either
// malformed is STATUS_EA_LIST_INCONSISTENT.
Result<std::vector<fscc::FullEa>> eas_of(uint16_t level, Bytes data) {
  if (level == smb1::kSmbInfoSetEas)
    return smb1::decode_fea_list(data, NtStatus::EaListInconsistent);
  return fscc::decode_full_ea_list(data);
}

}  // namespace

Result<std::vector<uint8_t>> trans2_set_path_information(Smb1Call& call, Bytes parameters,
                                                         Bytes data) {
  auto req = smb1::SetPathInformationRequest::decode(parameters, call.block.unicode);
  if (!req) return fail(req.error());
  vfs::Vfs* fs = tree_fs(call);
  if (!fs) return fail(NtStatus::ObjectNameNotFound);
  // smbd answers this one ACCESS_DENIED on a read-only share (not MEDIA_WRITE_PROTECTED as for
  // the other changes by path): smbclient -m NT1 utimes.
  if (call.tree->read_only) return fail(NtStatus::AccessDenied);
  if (is_ea_level(req->information_level)) {
    auto eas = eas_of(req->information_level, data);
    if (!eas) return fail(eas.error());
    if (auto r = set_eas_at(*fs, req->file_name, *eas); !r) return fail(r.error());
    return smb1::SetInformationResponseParameters{}.encode();
  }
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
  if (is_ea_level(req->information_level)) {
    auto eas = eas_of(req->information_level, data);
    if (!eas) return fail(eas.error());
    if (auto r = set_eas(*file, *eas); !r) return fail(r.error());
    return smb1::SetInformationResponseParameters{}.encode();
  }
  auto set = smb1::decode_set_info_level(req->information_level, data);
  if (!set) return fail(set.error());
  if (auto r = set_by_handle(call.shared, *file, *set, TargetNames::NearFile); !r)
    return fail(r.error());
  return smb1::SetInformationResponseParameters{}.encode();
}

}  // namespace smbkit::server
