#include "server/core/query_info.h"

#include <unistd.h>

#include "server/access.h"
#include "server/core/open_file.h"
#include "vfs/permission.h"

namespace smbkit::server {

Result<FileInfo> stat_open(const SharedState& shared, const OpenState& open) {
  auto info = open.file->stat();
  if (!info) return fail(info.error());
  info->name = current_path(shared.opens, open);
  info->delete_pending = shared.opens.delete_pending(open.open);
  if (info->delete_pending && info->number_of_links > 0) --info->number_of_links;
  return info;
}

OpenInfo open_info(const OpenState& open) {
  OpenInfo info;
  info.access_flags = open.granted_access;
  info.current_byte_offset = open.position_information;
  return info;
}

uint32_t maximal_access_of(vfs::OpenFile& file) {
  auto owner = file.ownership();
  if (!owner) return 0;
  vfs::Credentials who = vfs::acting_credentials();
  bool is_owner = owner->uid == who.uid;
  unsigned shift = is_owner ? 6 : who.in_group(owner->gid) ? 3 : 0;
  unsigned rwx = (owner->mode >> shift) & 7;
  // Whether the parent lets the user remove the entry is not looked up: DELETE is granted with
  // write permission on the file itself, as Samba reports it for a plain share.
  return maximal_access(rwx, file.is_directory(), is_owner, (rwx & kModeWrite) != 0);
}

}  // namespace smbkit::server
