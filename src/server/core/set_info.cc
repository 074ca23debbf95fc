#include "server/core/set_info.h"

#include <type_traits>

#include "server/access.h"
#include "server/core/open_file.h"

namespace smbkit::server {
namespace {


// A time of 0 or -1 in FileBasicInformation leaves that time alone (MS-FSCC 2.4.7).
std::optional<uint64_t> time_to_set(uint64_t filetime) {
  if (filetime == 0 || filetime == fscc::FileBasicInformation::kKeepTimeFixed) return std::nullopt;
  return filetime;
}

// Creation and change times cannot be set on POSIX file systems and are passed over, as the
// VFS says (vfs::SetTimes).
Result<void> apply_basic(vfs::OpenFile& file, const fscc::FileBasicInformation& info) {
  // MS-FSA 2.1.5.14.2: a directory cannot be temporary (smbtorture smb2.create.dosattr_tmp_dir).
  if (file.is_directory() && (info.file_attributes & kFileAttributeTemporary))
    return fail(NtStatus::InvalidParameter);
  vfs::SetTimes times;
  times.last_access_time = time_to_set(info.last_access_time);
  times.last_write_time = time_to_set(info.last_write_time);
  if (times.last_access_time || times.last_write_time) {
    if (auto r = file.set_times(times); !r) return r;
  }
  if (info.file_attributes != 0) return file.set_attributes(info.file_attributes);
  return {};
}

Result<void> apply_end_of_file(vfs::OpenFile& file, uint64_t end_of_file) {
  if (file.is_directory()) return fail(NtStatus::InvalidParameter);  // MS-FSA 2.1.5.15.4
  return file.truncate(end_of_file);
}

// MS-FSA 2.1.5.15.1: an allocation below the end of file cuts the file to it; a larger one is
// a reservation that a POSIX file system makes as it writes.
Result<void> apply_allocation(vfs::OpenFile& file, uint64_t allocation_size) {
  if (file.is_directory()) return fail(NtStatus::InvalidParameter);
  auto info = file.stat();
  if (!info) return fail(info.error());
  if (allocation_size < info->end_of_file) return file.truncate(allocation_size);
  return {};
}

// The share path a FileRenameInformation / FileLinkInformation names for the file at `path`.
// SMB1: a bare name stays in the file's directory, a name with separators is a path from the
// root (MS-FSA 2.1.5.15.12); SMB2: always a path from the root (MS-SMB2 3.3.5.21.1).
Result<std::string> target_path(const std::string& path, const fscc::FileRenameInformation& info,
                                TargetNames names) {
  if (info.root_directory != 0 || info.file_name.empty()) return fail(NtStatus::InvalidParameter);
  std::string name = info.file_name;
  if (names == TargetNames::FromRoot) {
    // A leading separator names the root too.
    size_t first = name.find_first_not_of('\\');
    if (first == std::string::npos) return fail(NtStatus::InvalidParameter);
    return name.substr(first);
  }
  if (name.find('\\') != std::string::npos) return name;
  size_t cut = path.find_last_of('\\');
  return cut == std::string::npos ? name : path.substr(0, cut + 1) + name;
}

// A link that may replace what is at its name: the old entry goes first.
Result<void> make_link(vfs::Vfs& fs, const std::string& existing, const std::string& target,
                       bool replace) {
  auto r = fs.link(existing, target);
  if (r || r.error() != NtStatus::ObjectNameCollision || !replace) return r;
  if (auto gone = fs.unlink(target); !gone) return gone;
  return fs.link(existing, target);
}

// MS-FSA 2.1.5.15.3: only an empty directory or a writable file can be marked for deletion.
Result<void> check_deletable(vfs::Vfs& fs, const std::string& path, const OpenState& file) {
  auto info = file.file->stat();
  if (!info) return fail(info.error());
  if (info->is_directory) {
    auto empty = fs.is_empty_directory(path);
    if (!empty) return fail(empty.error());
    if (!*empty) return fail(NtStatus::DirectoryNotEmpty);
  } else if (info->attributes & kFileAttributeReadonly) {
    return fail(NtStatus::CannotDelete);
  }
  return {};
}

}  // namespace

Result<void> check_rename_of(OpenRegistry& opens, vfs::Vfs& fs, const std::string& path,
                             bool is_directory) {
  if (is_directory && opens.has_open_below(fs, path)) return fail(NtStatus::AccessDenied);
  size_t cut = path.find_last_of('\\');
  std::string parent = cut == std::string::npos ? std::string() : path.substr(0, cut);
  return opens.check_as_open(fs, parent, kFileWriteData, kFileShareRead | kFileShareWrite);
}

Result<void> set_by_handle(SharedState& shared, OpenState& file, const fscc::SetInformation& set,
                           TargetNames names) {
  OpenRegistry& opens = shared.opens;
  vfs::Vfs& fs = *file.fs;
  uint32_t granted = file.granted_access;
  // Where the file is now, should another open or a request by path have renamed it.
  std::string path = current_path(opens, file);
  // A size change is a write: the other opens' level II oplocks (cached reads) break to none.
  if (std::holds_alternative<fscc::FileEndOfFileInformation>(set) ||
      std::holds_alternative<fscc::FileAllocationInformation>(set))
    shared.oplocks.break_level2(file.oplock);
  return std::visit(
      [&](const auto& info) -> Result<void> {
        using T = std::decay_t<decltype(info)>;
        if constexpr (std::is_same_v<T, fscc::FileBasicInformation>) {
          if (!(granted & kFileWriteAttributes)) return fail(NtStatus::AccessDenied);
          return apply_basic(*file.file, info);
        } else if constexpr (std::is_same_v<T, fscc::FileEndOfFileInformation>) {
          if (!can_write(granted)) return fail(NtStatus::AccessDenied);
          return apply_end_of_file(*file.file, info.end_of_file);
        } else if constexpr (std::is_same_v<T, fscc::FileAllocationInformation>) {
          if (!can_write(granted)) return fail(NtStatus::AccessDenied);
          return apply_allocation(*file.file, info.allocation_size);
        } else if constexpr (std::is_same_v<T, fscc::FileDispositionInformation>) {
          // MS-FSA 2.1.5.15.3: the file's delete pending, which every open of it shares.
          if (!(granted & kDelete)) return fail(NtStatus::AccessDenied);
          if (info.delete_pending) {
            if (auto ok = check_deletable(fs, path, file); !ok) return ok;
          }
          opens.set_delete_pending(file.open, info.delete_pending);
          return {};
        } else if constexpr (std::is_same_v<T, fscc::FilePositionInformation>) {
          file.position_information = info.current_byte_offset;  // MS-FSA 2.1.5.15.9
          return {};
        } else if constexpr (std::is_same_v<T, fscc::FileLinkInformation>) {
          if (file.read_only_tree) return fail(NtStatus::AccessDenied);
          auto target = target_path(path, info, names);
          if (!target) return fail(target.error());
          return make_link(fs, path, *target, info.replace_if_exists);
        } else {
          static_assert(std::is_same_v<T, fscc::FileRenameInformation>);
          if (!(granted & kDelete)) return fail(NtStatus::AccessDenied);
          auto target = target_path(path, info, names);
          if (!target) return fail(target.error());
          // The open renames itself: only its directories, and a target it replaces, must be
          // free of opens that do not share delete.
          if (auto ok = check_rename_of(opens, fs, path, file.file->is_directory()); !ok)
            return ok;
          if (info.replace_if_exists) {
            if (auto shared = opens.check_delete(fs, *target); !shared) return shared;
          }
          if (auto r = fs.rename(path, *target, info.replace_if_exists); !r) return r;
          file.path = *target;
          opens.renamed(file.open, FileName{&fs, *target});  // a pending delete follows it
          return {};
        }
      },
      set);
}

namespace {

// A rename by path moves the file as an open with DELETE access would, and replacing the target
// deletes that: both must not be open without FILE_SHARE_DELETE. The file's opens follow it to
// its new name (smbtorture raw.rename.trans2rename).
Result<void> rename_by_path(SharedState& shared, ConnectionId connection, vfs::Vfs& fs,
                            const std::string& path, const std::string& target, bool replace,
                            Park* later) {
  OpenRegistry& opens = shared.opens;
  constexpr uint32_t kShareAll = kFileShareRead | kFileShareWrite | kFileShareDelete;
  if (auto r = open_for_namespace_change(shared, connection, fs, path, kShareAll, false, later);
      !r)
    return r;
  auto info = fs.stat(path);
  if (!info) return fail(info.error());
  bool is_directory = info->attributes & kFileAttributeDirectory;
  if (auto ok = check_rename_of(opens, fs, path, is_directory); !ok) return ok;
  if (replace) {
    if (auto shared = opens.check_delete(fs, target); !shared) return shared;
  }
  auto key = fs.file_key(path);
  if (!key) return fail(key.error());
  if (auto r = fs.rename(path, target, replace); !r) return r;
  opens.renamed(*key, FileName{&fs, target});
  return {};
}

}  // namespace

Result<void> set_by_path(SharedState& shared, ConnectionId connection, vfs::Vfs& fs,
                         const std::string& path, const fscc::SetInformation& set,
                         TargetNames names, Park* later) {
  return std::visit(
      [&](const auto& info) -> Result<void> {
        using T = std::decay_t<decltype(info)>;
        if constexpr (std::is_same_v<T, fscc::FileRenameInformation>) {
          auto target = target_path(path, info, names);
          if (!target) return fail(target.error());
          return rename_by_path(shared, connection, fs, path, *target, info.replace_if_exists,
                                later);
        } else if constexpr (std::is_same_v<T, fscc::FileLinkInformation>) {
          auto target = target_path(path, info, names);
          if (!target) return fail(target.error());
          return make_link(fs, path, *target, info.replace_if_exists);
        } else if constexpr (std::is_same_v<T, fscc::FileDispositionInformation>) {
          // Delete-on-close needs an open to close; a path has none.
          return fail(NtStatus::InvalidParameter);
        } else if constexpr (std::is_same_v<T, fscc::FilePositionInformation>) {
          // The position of the short-lived open that a path stands for, gone with it; smbd
          // answers so too. Only the name is checked.
          auto exists = fs.stat(path);
          if (!exists) return fail(exists.error());
          return {};
        } else {
          vfs::OpenRequest open;
          open.write = !std::is_same_v<T, fscc::FileBasicInformation>;
          // A size set by path truncates as an open would: other opens' oplocks break first.
          if (open.write) {
            auto broken =
                open_for_namespace_change(shared, connection, fs, path, kNoShareCheck, true, later);
            if (!broken && broken.error() == NtStatus::Pending) return broken;  // parked
          }
          auto file = fs.open(path, open);
          if (!file) return fail(file.error());
          if constexpr (std::is_same_v<T, fscc::FileBasicInformation>)
            return apply_basic(**file, info);
          else if constexpr (std::is_same_v<T, fscc::FileEndOfFileInformation>)
            return apply_end_of_file(**file, info.end_of_file);
          else
            return apply_allocation(**file, info.allocation_size);
        }
      },
      set);
}


}  // namespace smbkit::server
