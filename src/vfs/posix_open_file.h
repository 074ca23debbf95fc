// An open file or directory of a PosixVfs share: owns its descriptor.
#pragma once

#include <string>

#include "vfs/share_fs.h"
#include "vfs/unique_fd.h"

namespace smbkit::vfs {

class PosixOpenFile final : public OpenFile {
 public:
  // `fd` is a regular file opened for data, a directory opened O_RDONLY, or an O_PATH descriptor
  // for an attributes-only open (then reads, writes, flush and truncate fail with InvalidHandle).
  // `hide_dot_files`: the share's "hide dot files" (dos_attributes.h hide_dot_name), for stat().
  PosixOpenFile(UniqueFd fd, std::string path, bool is_directory, CreateAction action,
                bool hide_dot_files)
      : fd_(std::move(fd)),
        path_(std::move(path)),
        is_directory_(is_directory),
        action_(action),
        hide_dot_files_(hide_dot_files) {}

  bool is_directory() const override { return is_directory_; }
  CreateAction action() const override { return action_; }
  const std::string& path() const override { return path_; }
  int fd() const override { return fd_.get(); }

  Result<size_t> pread(uint64_t offset, std::span<uint8_t> out) override;
  std::optional<Result<size_t>> pread_cached(uint64_t offset, std::span<uint8_t> out) override;
  std::optional<uint64_t> cached_length(uint64_t offset, uint64_t max, uint64_t size) override;
  Result<size_t> pwrite(uint64_t offset, std::span<const uint8_t> data) override;
  std::optional<Result<size_t>> pwrite_without_reading(uint64_t offset,
                                                       std::span<const uint8_t> data,
                                                       uint64_t size) override;
  Result<FileInfo> stat() override;
  Result<uint64_t> check_access(bool read, bool write) override;
  Result<void> flush() override;
  Result<void> truncate(uint64_t size) override;
  Result<void> set_times(const SetTimes& times) override;
  Result<void> set_attributes(uint32_t attributes) override;
  Result<PosixOwnership> ownership() override;
  Result<void> set_mode(uint32_t mode) override;
  Result<std::vector<fscc::FullEa>> extended_attributes() override;
  Result<void> set_extended_attributes(std::span<const fscc::FullEa> eas) override;

 private:
  UniqueFd fd_;
  std::string path_;
  bool is_directory_;
  CreateAction action_;
  bool hide_dot_files_;
  // The file system refused RWF_NOWAIT for a buffered write (ext4 does): not asked again.
  bool nowait_writes_refused_ = false;
};

}  // namespace smbkit::vfs
