// SMB_COM_SET_INFORMATION2 and SMB_COM_QUERY_INFORMATION2 (MS-CIFS 2.2.4.22, 2.2.4.23): an open
// file's times in the DOS date and time form (UTC: smbkit has no server time zone), and for the
// query its sizes and attributes.
#include <algorithm>

#include "server/access.h"
#include "server/smb1/handler.h"
#include "smb1/information2.h"
#include "smb1/trans2_dos_time.h"

namespace smbkit::server {
namespace {

uint32_t clamp32(uint64_t v) { return static_cast<uint32_t>(std::min<uint64_t>(v, 0xFFFFFFFF)); }

// A date and time to set: nothing for the date 0 (MS-CIFS 2.2.4.22.1: "not changed").
std::optional<uint64_t> time_to_set(smb1::DosDateTime dt) {
  uint64_t ft = smb1::filetime_from_dos_date_time(dt);
  return ft ? std::optional(ft) : std::nullopt;
}

}  // namespace

NtStatus handle_query_information2(Smb1Call& call) {
  auto req = smb1::QueryInformation2Request::decode(call.block);
  if (!req) return req.error();
  auto info = call.file->file->stat();
  if (!info) return info.error();
  smb1::QueryInformation2Response resp;
  resp.creation = smb1::dos_date_time_from_filetime(info->creation_time);
  resp.last_access = smb1::dos_date_time_from_filetime(info->last_access_time);
  resp.last_write = smb1::dos_date_time_from_filetime(info->last_write_time);
  resp.file_data_size = clamp32(info->end_of_file);
  resp.file_allocation_size = clamp32(info->allocation_size);
  resp.file_attributes = smb1::smb_file_attributes(info->attributes);
  resp.encode(call.out);
  return NtStatus::Success;
}

NtStatus handle_set_information2(Smb1Call& call) {
  auto req = smb1::SetInformation2Request::decode(call.block);
  if (!req) return req.error();
  Smb1File& file = *call.file;
  vfs::SetTimes times;
  times.last_access_time = time_to_set(req->last_access);
  times.last_write_time = time_to_set(req->last_write);
  // The creation time cannot be set on a POSIX file system; asking for it changes nothing.
  if (times.last_access_time || times.last_write_time) {
    if (!(file.granted_access & kFileWriteAttributes)) return NtStatus::AccessDenied;
    if (auto set = file.file->set_times(times); !set) return set.error();
  }
  smb1::SetInformation2Response{}.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
