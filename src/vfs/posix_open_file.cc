#include "vfs/posix_open_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <string>

#include "vfs/dos_attributes.h"
#include "vfs/extended_attributes.h"
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

// chmod of the open file. An O_PATH descriptor (an attributes-only open) takes no fchmod, so the
// change goes through its /proc/self/fd entry, which names this very file, already confined.
Result<void> change_mode(int fd, mode_t mode) {
  if (::fchmod(fd, mode) == 0) return {};
  if (errno != EBADF) return fail(status_from_errno(errno));
  std::string self = "/proc/self/fd/" + std::to_string(fd);
  if (::fchmodat(AT_FDCWD, self.c_str(), mode, 0) != 0) return fail(status_from_errno(errno));
  return {};
}

timespec time_or_omit(const std::optional<uint64_t>& ft) {
  if (!ft) return timespec{0, UTIME_OMIT};
  return timespec_from_filetime(*ft);
}

// cachestat(2) (Linux 6.5): how many pages of a range the page cache holds. Its number is the
// same on every architecture (new system calls share one table); older headers lack it.
struct CachestatRange {
  uint64_t off;
  uint64_t len;
};
struct Cachestat {
  uint64_t nr_cache;
  uint64_t nr_dirty;
  uint64_t nr_writeback;
  uint64_t nr_evicted;
  uint64_t nr_recently_evicted;
};
constexpr long kSysCachestat = 451;

// Whether every page of [offset, offset + length) is in the page cache; false when the kernel
// cannot tell (ENOSYS before 6.5).
bool cached_pages(int fd, uint64_t offset, uint64_t length) {
  static const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  uint64_t first = offset / page * page;
  uint64_t end = (offset + length + page - 1) / page * page;
  CachestatRange range{first, end - first};
  Cachestat stat{};
  if (::syscall(kSysCachestat, fd, &range, &stat, 0) != 0) return false;
  return stat.nr_cache == (end - first) / page;
}

// Whether a write of [offset, offset + length) to a file of `size` bytes would have to read a
// page first: a page it covers only in part that holds file data and is not in the page cache.
bool write_must_read(int fd, uint64_t size, uint64_t offset, uint64_t length) {
  static const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  auto must_read = [&](uint64_t at) {  // the page holding byte `at`, covered in part
    uint64_t start = at / page * page;
    return start < size && !cached_pages(fd, start, page);
  };
  uint64_t end = offset + length;
  if (offset % page != 0 && must_read(offset)) return true;
  bool end_in_first_page = end / page == offset / page && offset % page != 0;
  return end % page != 0 && !end_in_first_page && must_read(end);
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

std::optional<Result<size_t>> PosixOpenFile::pread_cached(uint64_t offset,
                                                          std::span<uint8_t> out) {
  if (is_directory_ || !fits_off_t(offset, out.size())) return std::nullopt;
  iovec iov{out.data(), out.size()};
  // RWF_NOWAIT: EAGAIN, or a short count, rather than waiting for storage (preadv2(2)).
  ssize_t n = ::preadv2(fd_.get(), &iov, 1, static_cast<off_t>(offset), RWF_NOWAIT);
  if (n < 0) return std::nullopt;
  if (static_cast<size_t>(n) == out.size()) return static_cast<size_t>(n);
  // A short count is the end of the file only if the file ends there.
  struct stat st {};
  if (::fstat(fd_.get(), &st) != 0 ||
      offset + static_cast<uint64_t>(n) < static_cast<uint64_t>(st.st_size))
    return std::nullopt;
  return static_cast<size_t>(n);
}

std::optional<uint64_t> PosixOpenFile::cached_length(uint64_t offset, uint64_t max,
                                                    uint64_t size) {
  if (is_directory_ || !fits_off_t(offset, max)) return std::nullopt;
  uint64_t length = offset >= size ? 0 : std::min(max, size - offset);
  if (length == 0) return 0;
  if (!cached_pages(fd_.get(), offset, length)) return std::nullopt;
  return length;
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

std::optional<Result<size_t>> PosixOpenFile::pwrite_without_reading(
    uint64_t offset, std::span<const uint8_t> data, uint64_t size) {
  if (is_directory_ || !fits_off_t(offset, data.size())) return std::nullopt;
  if (!nowait_writes_refused_) {
    iovec iov{const_cast<uint8_t*>(data.data()), data.size()};
    ssize_t n = ::pwritev2(fd_.get(), &iov, 1, static_cast<off_t>(offset), RWF_NOWAIT);
    if (n >= 0 && static_cast<size_t>(n) == data.size()) return static_cast<size_t>(n);
    if (n >= 0 || errno != EOPNOTSUPP) return std::nullopt;  // short, EAGAIN, or an error
    nowait_writes_refused_ = true;
  }
  if (write_must_read(fd_.get(), size, offset, data.size())) return std::nullopt;
  return pwrite(offset, data);
}

Result<FileInfo> PosixOpenFile::stat() {
  return stat_fd(fd_.get(), std::string(leaf_rel(path_)), hide_dot_files_);
}

Result<uint64_t> PosixOpenFile::check_access(bool read, bool write) {
  struct stat st {};
  if (::fstat(fd_.get(), &st) != 0) return fail(status_from_errno(errno));
  if (auto allowed = mode_allows(st.st_mode, st.st_uid, st.st_gid, read, write); !allowed)
    return fail(allowed.error());
  return static_cast<uint64_t>(st.st_size);
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

Result<void> PosixOpenFile::set_attributes(uint32_t attributes) {
  if (is_directory_) return set_dos_attributes(fd_.get(), attributes, true);
  // User extended attributes need write permission: HIDDEN, SYSTEM and ARCHIVE are stored while
  // the file is writable, before READONLY takes the write bits away or after its absence gives
  // them back.
  bool readonly = attributes & kFileAttributeReadonly;
  if (readonly) {
    if (auto stored = set_dos_attributes(fd_.get(), attributes, false); !stored)
      return stored;
  }
  struct stat st {};
  if (::fstat(fd_.get(), &st) != 0) return fail(status_from_errno(errno));
  mode_t mode = st.st_mode & 07777;
  mode_t wanted = readonly ? mode & ~mode_t{S_IWUSR | S_IWGRP | S_IWOTH} : mode | S_IWUSR;
  if (wanted != mode) {
    if (auto changed = change_mode(fd_.get(), wanted); !changed) return changed;
  }
  if (readonly) return {};
  return set_dos_attributes(fd_.get(), attributes, false);
}

Result<PosixOwnership> PosixOpenFile::ownership() {
  struct stat st {};
  if (::fstat(fd_.get(), &st) != 0) return fail(status_from_errno(errno));
  return PosixOwnership{st.st_uid, st.st_gid, static_cast<uint32_t>(st.st_mode & 07777)};
}

// The owner check is made here as well as by the kernel: a server run as root still lets only
// the file's owner change its mode, as permission.h keeps root's override out of reads and
// writes.
Result<void> PosixOpenFile::set_mode(uint32_t mode) {
  struct stat st {};
  if (::fstat(fd_.get(), &st) != 0) return fail(status_from_errno(errno));
  if (st.st_uid != acting_credentials().uid) return fail(NtStatus::AccessDenied);
  return change_mode(fd_.get(), static_cast<mode_t>(mode & 07777));
}

Result<std::vector<fscc::FullEa>> PosixOpenFile::extended_attributes() {
  return read_eas(fd_.get());
}

Result<void> PosixOpenFile::set_extended_attributes(std::span<const fscc::FullEa> eas) {
  return write_eas(fd_.get(), eas);
}

}  // namespace smbkit::vfs
