#include "vfs/dos_attributes.h"

#include <sys/xattr.h>

#include <cerrno>
#include <charconv>
#include <cstdio>

namespace smbkit::vfs {
namespace {

// "0x" and up to 8 hex digits; anything else is not a value smbkit wrote.
std::optional<uint32_t> parse(const char* text, ssize_t n) {
  if (n < 3 || n > 10 || text[0] != '0' || text[1] != 'x') return std::nullopt;
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(text + 2, text + n, value, 16);
  if (ec != std::errc() || end != text + n) return std::nullopt;
  return value & kStoredDosAttributes;
}

std::optional<uint32_t> from_read(const char* text, ssize_t n) {
  if (n < 0) return std::nullopt;  // ENODATA, ENOTSUP, and anything else: nothing stored
  return parse(text, n);
}

// An O_PATH descriptor takes no f*xattr() call; its /proc/self/fd entry names the same file.
std::string proc_path(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

Result<void> store(int fd, const char* text, size_t n) {
  if (::fsetxattr(fd, kDosAttributesXattr, text, n, 0) == 0) return {};
  if (errno == EBADF &&
      ::setxattr(proc_path(fd).c_str(), kDosAttributesXattr, text, n, 0) == 0)
    return {};
  if (errno == ENOTSUP) return fail(NtStatus::NotSupported);
  return fail(status_from_errno(errno));
}

Result<void> remove(int fd) {
  int rc = ::fremovexattr(fd, kDosAttributesXattr);
  if (rc != 0 && errno == EBADF) rc = ::removexattr(proc_path(fd).c_str(), kDosAttributesXattr);
  if (rc == 0 || errno == ENODATA || errno == ENOTSUP) return {};
  return fail(status_from_errno(errno));
}

}  // namespace

uint32_t default_dos_attributes(bool is_directory) {
  return is_directory ? 0u : uint32_t{kFileAttributeArchive};
}

std::optional<uint32_t> get_dos_attributes(int fd) {
  char text[16];
  ssize_t n = ::fgetxattr(fd, kDosAttributesXattr, text, sizeof text);
  if (n < 0 && errno == EBADF) {
    n = ::getxattr(proc_path(fd).c_str(), kDosAttributesXattr, text, sizeof text);
  }
  return from_read(text, n);
}

std::optional<uint32_t> get_dos_attributes_at(int dir_fd, const std::string& name) {
  char text[16];
  std::string path = proc_path(dir_fd) + "/" + name;
  return from_read(text, ::lgetxattr(path.c_str(), kDosAttributesXattr, text, sizeof text));
}

Result<void> set_dos_attributes(int fd, uint32_t attributes, bool is_directory) {
  uint32_t wanted = attributes & kStoredDosAttributes;
  if (wanted == default_dos_attributes(is_directory)) return remove(fd);
  char text[16];
  int n = std::snprintf(text, sizeof text, "0x%x", wanted);
  return store(fd, text, static_cast<size_t>(n));
}

void apply_dos_attributes(FileInfo& f, std::optional<uint32_t> stored) {
  if (!stored) return;
  f.attributes = (f.attributes & ~kStoredDosAttributes) | (*stored & kStoredDosAttributes);
  if (f.attributes == 0) f.attributes = kFileAttributeNormal;
}

void hide_dot_name(FileInfo& f, bool hide) {
  if (!hide || f.name.empty() || f.name[0] != '.' || f.name == "." || f.name == "..") return;
  f.attributes = (f.attributes & ~uint32_t{kFileAttributeNormal}) | kFileAttributeHidden;
}

}  // namespace smbkit::vfs
