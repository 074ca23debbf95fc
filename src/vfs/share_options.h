// What a share's smb.conf section asks of its file system beyond the directory itself: the modes
// of what clients create, the names they may not see, and whether dot names are hidden. The
// server fills it from ShareConfig; PosixVfs::open takes it. The defaults keep what smbkit did
// before these options existed (the process umask decides modes, nothing is vetoed, dot names
// are hidden).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace smbkit::vfs {

struct ShareOptions {
  // smb.conf(5) "create mask", "force create mode", "directory mask", "force directory mode";
  // create_modes.h says how they combine. 07777 and 0: not set.
  uint32_t create_mask = 07777;
  uint32_t directory_mask = 07777;
  uint32_t force_create_mode = 0;
  uint32_t force_directory_mode = 0;
  // smb.conf(5) "veto files": name patterns with '*' and '?' (veto.h).
  std::vector<std::string> veto_files;
  // smb.conf(5) "hide dot files": names starting with '.' report FILE_ATTRIBUTE_HIDDEN.
  bool hide_dot_files = true;
};

}  // namespace smbkit::vfs
