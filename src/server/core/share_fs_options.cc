#include "server/core/share_fs_options.h"

namespace smbkit::server {

vfs::ShareOptions share_fs_options(const ShareConfig& share) {
  vfs::ShareOptions o;
  o.create_mask = share.create_mask;
  o.directory_mask = share.directory_mask;
  o.force_create_mode = share.force_create_mode;
  o.force_directory_mode = share.force_directory_mode;
  o.veto_files = share.veto_files;
  o.hide_dot_files = share.hide_dot_files;
  return o;
}

}  // namespace smbkit::server
