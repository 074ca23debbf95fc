// Delete-on-close for an SMB1 open (MS-FSA 2.1.5.4: closing an open whose file has a delete
// pending removes the file). Armed by TRANS2_SET_FILE_INFORMATION's disposition level and carried
// out when the open goes, whichever way it goes: CLOSE, TREE_DISCONNECT, LOGOFF_ANDX or the end
// of the connection. Errors at that point have no one to go to and are dropped, as a close cannot
// fail on their account.
#pragma once

#include <string>
#include <utility>

#include "vfs/share_fs.h"

namespace smbkit::server {

class PendingDelete {
 public:
  PendingDelete() = default;
  PendingDelete(PendingDelete&& other) noexcept { take(other); }
  PendingDelete& operator=(PendingDelete&& other) noexcept {
    if (this != &other) {
      run();
      take(other);
    }
    return *this;
  }
  ~PendingDelete() { run(); }

  // `path` is the share path of the open's file or directory in `fs`.
  void arm(vfs::Vfs* fs, std::string path, bool directory) {
    fs_ = fs;
    path_ = std::move(path);
    directory_ = directory;
  }
  void disarm() { fs_ = nullptr; }
  bool armed() const { return fs_ != nullptr; }
  // The file was renamed through its open: the delete follows it.
  void moved_to(std::string path) { path_ = std::move(path); }

 private:
  void take(PendingDelete& other) {
    fs_ = std::exchange(other.fs_, nullptr);
    path_ = std::move(other.path_);
    directory_ = other.directory_;
  }
  void run() {
    if (!fs_) return;
    if (directory_)
      (void)fs_->rmdir(path_);
    else
      (void)fs_->unlink(path_);
    fs_ = nullptr;
  }

  vfs::Vfs* fs_ = nullptr;
  std::string path_;
  bool directory_ = false;
};

}  // namespace smbkit::server
