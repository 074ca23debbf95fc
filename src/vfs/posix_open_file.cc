#include "vfs/posix_open_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "vfs/file_stat.h"
#include "vfs/lookup.h"
#include "vfs/permission.h"
#include "wire/filetime.h"

namespace smbkit::vfs {
namespace {

// Offsets reach the kernel as off_t: a value past its range (or a range ending past it) is the
// client's mistake, not an I/O error.
bool fits_off_t(uint64_t offset, size_t length) {
  constexpr uint64_t kMax = static_cast<uint64_t>(INT64_MAX);
  return offset <= kMax && length <= kMax - offset;
}

timespec time_or_omit(const std::optional<uint64_t>& ft) {
  if (!ft) return timespec{0, UTIME_OMIT};
  return timespec_from_filetime(*ft);
}

}  // namespace

Result<size_t> PosixOpenFile::pread(uint64_t offset, std::span<uint8_t> out) {
  if (is_directory_) return fail(NtStatus::InvalidDeviceRequest);
  if (!fits_off_t(offset, out.size())) return fail(NtStatus::InvalidParameter);
  for (;;) {
    ssize_t n = ::pread(fd_.get(), out.data(), out.size(), static_cast<off_t>(offset));
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR) return fail(status_from_errno(errno));
  }
}

Result<size_t> PosixOpenFile::pwrite(uint64_t offset, std::span<const uint8_t> data) {
  if (is_directory_) return fail(NtStatus::InvalidDeviceRequest);
  if (!fits_off_t(offset, data.size())) return fail(NtStatus::InvalidParameter);
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::pwrite(fd_.get(), data.data() + done, data.size() - done,
                         static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(status_from_errno(errno));
    }
    done += static_cast<size_t>(n);
  }
  return done;
}

Result<FileInfo> PosixOpenFile::stat() { return stat_fd(fd_.get(), std::string(leaf_rel(path_))); }

Result<void> PosixOpenFile::check_access(bool read, bool write) {
  struct stat st {};
  if (::fstat(fd_.get(), &st) != 0) return fail(status_from_errno(errno));
  return mode_allows(st.st_mode, st.st_uid, st.st_gid, read, write);
}

Result<void> PosixOpenFile::flush() {
  if (::fsync(fd_.get()) != 0) return fail(status_from_errno(errno));
  return {};
}

Result<void> PosixOpenFile::truncate(uint64_t size) {
  if (is_directory_) return fail(NtStatus::InvalidDeviceRequest);
  if (!fits_off_t(size, 0)) return fail(NtStatus::InvalidParameter);
  if (::ftruncate(fd_.get(), static_cast<off_t>(size)) != 0) {
    return fail(status_from_errno(errno));
  }
  return {};
}

Result<void> PosixOpenFile::set_times(const SetTimes& times) {
  const timespec ts[2] = {time_or_omit(times.last_access_time),
                          time_or_omit(times.last_write_time)};
  // With AT_EMPTY_PATH the descriptor itself is changed, whatever kind it is (O_PATH included).
  if (::utimensat(fd_.get(), "", ts, AT_EMPTY_PATH) != 0) return fail(status_from_errno(errno));
  return {};
}

}  // namespace smbkit::vfs
