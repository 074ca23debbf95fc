// A share served from a directory of the host (DESIGN.md "Security rules").
//
// The share holds an O_PATH descriptor of its root, and every name is resolved relative to it
// with openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) (beneath.h): no absolute path is used
// after open(), and nothing is resolved in user space. Symlinks inside the share that stay inside
// work; one that leads out (absolute, or with too many '..') fails with EXDEV, which maps to
// STATUS_ACCESS_DENIED. (A Windows server answers STATUS_STOPPED_ON_SYMLINK with the link's
// target, MS-SMB2 2.2.2.2.1, and the client evaluates it on its own side, so a link never opens
// the server's files outside the share; Samba answers ACCESS_DENIED or OBJECT_NAME_NOT_FOUND for
// links that leave the share.) Because
// RESOLVE_BENEATH refuses every absolute symlink, one pointing back into the share is refused
// too: inside links must be relative.
//
// Mutations on a name (mkdir, unlink, rmdir, rename) act through a descriptor of the parent
// directory opened the same way, with the leaf name, so a final symlink is never followed by them.
// The share's smb.conf options (share_options.h) decide the modes of what is created
// (create_modes.h), the names hidden from clients (veto.h) and the HIDDEN attribute of dot names.
// The object keeps no other state and changes none after open(): it is safe to use from several
// threads at once.
#pragma once

#include <memory>
#include <string>

#include "vfs/share_fs.h"
#include "vfs/share_options.h"
#include "vfs/unique_fd.h"
#include "vfs/veto.h"

namespace smbkit::vfs {

class PosixVfs final : public Vfs {
 public:
  // Opens the share rooted at `root_path`, which must be an existing directory. Fails closed
  // when the kernel lacks openat2 (Linux < 5.6, or a seccomp filter hiding it): NotSupported.
  // When `why` is given it receives a sentence for the log on failure.
  static Result<std::unique_ptr<PosixVfs>> open(std::string root_path, std::string* why = nullptr,
                                                ShareOptions options = {});

  Result<FileInfo> stat(const std::string& smb_path) override;
  Result<std::unique_ptr<OpenFile>> open(const std::string& smb_path,
                                         const OpenRequest& request) override;
  Result<std::vector<FileInfo>> list(const std::string& smb_dir) override;
  Result<bool> is_empty_directory(const std::string& smb_dir) override;
  Result<FsInfo> fs_info() override;
  Result<FileKey> file_key(const std::string& smb_path) override;
  Result<void> mkdir(const std::string& smb_path) override;
  Result<void> unlink(const std::string& smb_path) override;
  Result<void> rmdir(const std::string& smb_path) override;
  Result<void> rename(const std::string& from, const std::string& to, bool replace) override;
  Result<void> link(const std::string& existing, const std::string& new_name) override;

 private:
  PosixVfs(UniqueFd root, ShareOptions options)
      : root_(std::move(root)), options_(std::move(options)), veto_(options_.veto_files) {}

  // parse_smb_path, then the veto check (veto.h) of every component.
  Result<SharePath> parse(const std::string& smb_path) const;

  UniqueFd root_;
  ShareOptions options_;
  VetoList veto_;
};

}  // namespace smbkit::vfs
