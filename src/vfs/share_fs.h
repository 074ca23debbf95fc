// The share's file system as the server sees it: names are SMB paths (UTF-8, '\' separators,
// relative to the share root) and errors are NTSTATUS values. `Vfs` is the interface the server
// talks to; PosixVfs (posix_vfs.h) serves a directory of the host, and a test double can stand in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "fscc/ea_information.h"
#include "fscc/file_info.h"
#include "smbkit/status.h"

namespace smbkit::vfs {

// MS-SMB2 2.2.13 CreateDisposition (the same values as MS-CIFS 2.2.4.64.1).
enum class CreateDisposition : uint32_t {
  Supersede = 0,    // replace an existing file, else create
  Open = 1,         // open an existing file, else fail
  Create = 2,       // create, and fail if the name exists
  OpenIf = 3,       // open an existing file, else create
  Overwrite = 4,    // truncate an existing file, else fail
  OverwriteIf = 5,  // truncate an existing file, else create
};

// MS-SMB2 2.2.14 CreateAction: what an open did.
enum class CreateAction : uint32_t {
  Superseded = 0,
  Opened = 1,
  Created = 2,
  Overwritten = 3,
};

// Names one file however it is reached (any name, any share): st_dev and st_ino.
struct FileKey {
  uint64_t device = 0;
  uint64_t inode = 0;
  friend bool operator==(const FileKey&, const FileKey&) = default;
};

struct FileKeyHash {
  size_t operator()(const FileKey& k) const {
    return std::hash<uint64_t>{}(k.inode * 0x9E3779B97F4A7C15ull ^ k.device);
  }
};

// What the server asks of an open, already reduced from the access mask and create options.
struct OpenRequest {
  bool read = false;   // FILE_READ_DATA (or GENERIC_READ / GENERIC_ALL)
  bool write = false;  // FILE_WRITE_DATA or FILE_APPEND_DATA (or GENERIC_WRITE / GENERIC_ALL)
  CreateDisposition disposition = CreateDisposition::Open;
  bool directory_only = false;  // FILE_DIRECTORY_FILE
  bool non_directory = false;   // FILE_NON_DIRECTORY_FILE
  // Called with the file's key once the file to open is known (or made), before an overwrite
  // truncates it: the server's share-mode check (MS-FSA 2.1.5.1.2.2 comes before the overwrite).
  // An error fails the open with that status.
  std::function<Result<void>(const FileKey&)> admit;
};

// New times for a file, as FILETIME; nullopt leaves one as it is (SMB's 0 and -1 mean that).
// Creation and change times cannot be set on POSIX file systems.
struct SetTimes {
  std::optional<uint64_t> last_access_time;
  std::optional<uint64_t> last_write_time;
};

// The POSIX identity of a file: owner, group and permission bits (07777), from which the server
// derives a security descriptor.
struct PosixOwnership {
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint32_t mode = 0;
};

// One open file or directory.
class OpenFile {
 public:
  virtual ~OpenFile() = default;

  virtual bool is_directory() const = 0;
  virtual CreateAction action() const = 0;
  // The on-disk path relative to the share root, '/'-separated ("." for the root), as resolved at
  // open time; for names in replies and for delete-on-close.
  virtual const std::string& path() const = 0;
  // The descriptor behind the open, for sendfile(); -1 when there is none (a test double).
  virtual int fd() const = 0;

  // Reads at `offset` into `out`; returns the bytes read, 0 at or past the end of the file.
  virtual Result<size_t> pread(uint64_t offset, std::span<uint8_t> out) = 0;
  // Like pread, but only if the page cache holds all of it, so it cannot block on storage (an
  // event loop may call it); nullopt otherwise, and the caller reads with pread off the loop.
  virtual std::optional<Result<size_t>> pread_cached(uint64_t offset, std::span<uint8_t> out) {
    return std::nullopt;
  }
  // How many bytes a read of up to `max` at `offset` would return (fewer at the end of the file,
  // whose size check_access has just seen), if the page cache holds all of them, so that sending
  // them with sendfile() from an event loop cannot block on storage; nullopt otherwise, or when
  // it cannot tell.
  virtual std::optional<uint64_t> cached_length(uint64_t offset, uint64_t max, uint64_t size) {
    return std::nullopt;
  }
  // Writes all of `data` at `offset`; returns the bytes written.
  virtual Result<size_t> pwrite(uint64_t offset, std::span<const uint8_t> data) = 0;
  // Like pwrite, but only when storage need not be read first (so an event loop may call it):
  // RWF_NOWAIT where the file system takes it for buffered writes; elsewhere, when every page
  // the write covers only in part lies past the end of the file (`size`, as check_access has
  // just seen it) or is in the page cache. nullopt
  // otherwise, and then part of `data` may have been written: the caller writes it all again
  // with pwrite off the loop. Writing into memory can still be throttled while writeback catches
  // up; the server watches for that (server/loop_writes.h).
  virtual std::optional<Result<size_t>> pwrite_without_reading(uint64_t offset,
                                                               std::span<const uint8_t> data,
                                                               uint64_t size) {
    return std::nullopt;
  }
  virtual Result<FileInfo> stat() = 0;
  // Whether the file's permissions still allow reading / writing it now (vfs/permission.h); if
  // so, the file's size that moment, which the read or write that follows goes by rather than
  // asking again (cached_length, pwrite_without_reading).
  virtual Result<uint64_t> check_access(bool read, bool write) = 0;
  virtual Result<void> flush() = 0;  // to stable storage
  virtual Result<void> truncate(uint64_t size) = 0;
  virtual Result<void> set_times(const SetTimes& times) = 0;
  // Applies FILE_ATTRIBUTE_* bits: READONLY on a file takes every write bit away (and its
  // absence gives the owner's back); HIDDEN, SYSTEM and ARCHIVE are kept in an extended
  // attribute (dos_attributes.h); READONLY on a directory (Windows reads it as "customised
  // folder") and the other bits are not stored.
  virtual Result<void> set_attributes(uint32_t attributes) = 0;
  virtual Result<PosixOwnership> ownership() = 0;
  // chmod: sets the permission bits (07777). Only the file's owner may (AccessDenied).
  virtual Result<void> set_mode(uint32_t mode) = 0;
  // The file's extended attributes, and changes to them, as vfs/extended_attributes.h says
  // (names checked, case-insensitive, an empty value removes, smbkit's own xattrs left out).
  // A VFS that keeps none: EasNotSupported.
  virtual Result<std::vector<fscc::FullEa>> extended_attributes() {
    return fail(NtStatus::EasNotSupported);
  }
  virtual Result<void> set_extended_attributes(std::span<const fscc::FullEa> eas) {
    return fail(NtStatus::EasNotSupported);
  }
};

class Vfs {
 public:
  virtual ~Vfs() = default;

  // The file or directory named by `smb_path`; FileInfo::name is its leaf name as spelled on
  // disk (empty for the root).
  virtual Result<FileInfo> stat(const std::string& smb_path) = 0;
  // Opens or creates per `request` (MS-SMB2 3.3.5.9 / MS-FSA 2.1.5.1 semantics):
  // - FILE_DIRECTORY_FILE with FILE_NON_DIRECTORY_FILE, or with a disposition that replaces
  //   (supersede, overwrite, overwrite-if): InvalidParameter;
  // - FILE_DIRECTORY_FILE on a file: NotADirectory; FILE_NON_DIRECTORY_FILE on a directory:
  //   FileIsADirectory; an existing directory with a replacing disposition: InvalidParameter;
  // - Create on an existing name: ObjectNameCollision; Open or Overwrite on a missing name:
  //   ObjectNameNotFound; a missing directory on the way: ObjectPathNotFound;
  // - FILE_DIRECTORY_FILE with Create or OpenIf makes a directory, otherwise a file is made.
  virtual Result<std::unique_ptr<OpenFile>> open(const std::string& smb_path,
                                                 const OpenRequest& request) = 0;
  // The entries of a directory: "." and ".." first, as Windows lists them, then every other entry
  // once. Entries a client could not name or open (invalid UTF-8, illegal characters, symlinks
  // that lead out of the share or nowhere, entries that vanish while listed) are left out.
  virtual Result<std::vector<FileInfo>> list(const std::string& smb_dir) = 0;
  // Whether the directory holds nothing but "." and "..", counting what list() leaves out (a
  // share's vetoed names among them: smb.conf's "delete veto files = no", its default, keeps
  // such a directory from being deleted). For MS-FSA 2.1.5.15.3's DIRECTORY_NOT_EMPTY.
  virtual Result<bool> is_empty_directory(const std::string& smb_dir) {
    auto entries = list(smb_dir);
    if (!entries) return fail(entries.error());
    return entries->size() <= 2;
  }
  virtual Result<FsInfo> fs_info() = 0;
  // The key of the file or directory named by `smb_path` (a final symlink followed).
  virtual Result<FileKey> file_key(const std::string& smb_path) = 0;

  virtual Result<void> mkdir(const std::string& smb_path) = 0;
  // Removes a file (FileIsADirectory for a directory) or a symlink.
  virtual Result<void> unlink(const std::string& smb_path) = 0;
  // Removes an empty directory (NotADirectory for anything else, DirectoryNotEmpty).
  virtual Result<void> rmdir(const std::string& smb_path) = 0;
  // Renames within the share; an existing target fails with ObjectNameCollision unless `replace`.
  // A rename that changes only the case of a name is allowed.
  virtual Result<void> rename(const std::string& from, const std::string& to, bool replace) = 0;
  // Makes `new_name` a hard link to the file `existing` (FileIsADirectory for a directory;
  // ObjectNameCollision when `new_name` exists).
  virtual Result<void> link(const std::string& existing, const std::string& new_name) = 0;
};

}  // namespace smbkit::vfs
