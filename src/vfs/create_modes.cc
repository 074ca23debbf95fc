#include "vfs/create_modes.h"

#include <sys/stat.h>

#include <cerrno>

namespace smbkit::vfs {
namespace {

constexpr mode_t kFileBase = 0766;  // see create_modes.h
constexpr mode_t kDirectoryBase = 0777;
constexpr uint32_t kNoMask = 07777;

}  // namespace

std::optional<mode_t> new_file_mode(const ShareOptions& o) {
  if (o.create_mask == kNoMask && o.force_create_mode == 0) return std::nullopt;
  return static_cast<mode_t>(((kFileBase & o.create_mask) | o.force_create_mode) & 07777);
}

std::optional<mode_t> new_directory_mode(const ShareOptions& o) {
  if (o.directory_mask == kNoMask && o.force_directory_mode == 0) return std::nullopt;
  return static_cast<mode_t>(((kDirectoryBase & o.directory_mask) | o.force_directory_mode) &
                             07777);
}

Result<void> settle_mode(int fd, std::optional<mode_t> wanted) {
  if (!wanted) return {};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail(status_from_errno(errno));
  if ((st.st_mode & 07777) == *wanted) return {};
  if (::fchmod(fd, *wanted) != 0) return fail(status_from_errno(errno));
  return {};
}

}  // namespace smbkit::vfs
