// The Core Protocol attribute commands: SMB_COM_QUERY_INFORMATION (MS-CIFS 3.3.5.11),
// SMB_COM_SET_INFORMATION (3.3.5.12) and SMB_COM_QUERY_INFORMATION_DISK (3.3.5.46).
#include "server/core/share_access.h"
#include "server/smb1/handler.h"
#include "smb1/query_information.h"
#include "smb1/trans2_dos_time.h"
#include "wire/filetime.h"

namespace smbkit::server {

NtStatus handle_query_information(Smb1Call& call) {
  auto req = smb1::QueryInformationRequest::decode(call.block);
  if (!req) return req.error();
  vfs::Vfs* fs = tree_fs(call);
  if (!fs) return NtStatus::InvalidDeviceRequest;
  auto info = fs->stat(req->file_name);
  if (!info) return info.error();
  smb1::QueryInformationResponse resp;
  resp.file_attributes = smb1::smb_file_attributes(info->attributes);
  resp.last_write_time = utime_from_filetime(info->last_write_time);
  resp.file_size = static_cast<uint32_t>(info->end_of_file);  // the low 32 bits (3.3.5.11)
  resp.encode(call.out);
  return NtStatus::Success;
}

NtStatus handle_set_information(Smb1Call& call) {
  auto req = smb1::SetInformationRequest::decode(call.block);
  if (!req) return req.error();
  vfs::Vfs* fs = tree_fs(call);
  if (!fs) return NtStatus::InvalidDeviceRequest;
  if (auto writable = check_tree_writable(call.tree->read_only); !writable)
    return writable.error();
  // An attributes-only open: no data access is asked for, so no read or write permission on the
  // file is needed to change its attributes or times (the file system still asks ownership).
  vfs::OpenRequest attributes_only;
  auto file = fs->open(req->file_name, attributes_only);
  if (!file) return file.error();
  // FileAttributes is applied as sent: 0 clears READONLY, as `setmode -r` expects.
  if (auto r = (*file)->set_attributes(smb1::fscc_attributes_from_smb(req->file_attributes)); !r)
    return r.error();
  if (req->last_write_time != 0 && req->last_write_time != 0xFFFFFFFF) {
    vfs::SetTimes times;
    times.last_write_time = filetime_from_utime(req->last_write_time);
    if (auto r = (*file)->set_times(times); !r) return r.error();
  }
  smb1::SetInformationResponse{}.encode(call.out);
  return NtStatus::Success;
}

NtStatus handle_query_information_disk(Smb1Call& call) {
  auto req = smb1::QueryInformationDiskRequest::decode(call.block);
  if (!req) return req.error();
  vfs::Vfs* fs = tree_fs(call);
  if (!fs) return NtStatus::InvalidDeviceRequest;
  auto info = fs->fs_info();
  if (!info) return info.error();
  smb1::QueryInformationDiskResponse::from_fs_info(*info).encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
