#include "vfs/extended_attributes.h"

#include <sys/xattr.h>

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <optional>

namespace smbkit::vfs {
namespace {

constexpr std::string_view kUserPrefix = "user.";
constexpr std::string_view kPrivatePrefix = "smbkit.";  // user.smbkit.*: smbkit's own
constexpr size_t kMaxValue = 0xFFFF;                      // EaValueLength is 16 bits

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && ea_names_equal(s.substr(0, prefix.size()), prefix);
}

NtStatus status_of(int err) {
  switch (err) {
    case ENOTSUP: return NtStatus::EasNotSupported;
    case E2BIG:
    case ENOSPC: return NtStatus::EaTooLarge;
    default: return status_from_errno(err);
  }
}

// Where the xattr calls go: an open descriptor (through its /proc/self/fd entry when it is an
// O_PATH one, which takes no f*xattr call; the entry names this very file, already confined),
// or an entry of a directory, not followed when it is a symlink.
class Target {
 public:
  static Target of_fd(int fd) { return Target(fd, {}, false); }
  static Target at(int dir_fd, const std::string& name) {
    return Target(-1, "/proc/self/fd/" + std::to_string(dir_fd) + "/" + name, true);
  }

  ssize_t list(char* buf, size_t size) {
    if (fd_ >= 0) {
      ssize_t n = ::flistxattr(fd_, buf, size);
      if (n >= 0 || errno != EBADF) return n;
      use_proc_path();
    }
    return nofollow_ ? ::llistxattr(path_.c_str(), buf, size)
                     : ::listxattr(path_.c_str(), buf, size);
  }
  ssize_t get(const char* name, void* buf, size_t size) {
    if (fd_ >= 0) {
      ssize_t n = ::fgetxattr(fd_, name, buf, size);
      if (n >= 0 || errno != EBADF) return n;
      use_proc_path();
    }
    return nofollow_ ? ::lgetxattr(path_.c_str(), name, buf, size)
                     : ::getxattr(path_.c_str(), name, buf, size);
  }
  int set(const char* name, const void* value, size_t size) {
    if (fd_ >= 0) {
      int rc = ::fsetxattr(fd_, name, value, size, 0);
      if (rc == 0 || errno != EBADF) return rc;
      use_proc_path();
    }
    return ::setxattr(path_.c_str(), name, value, size, 0);
  }
  int remove(const char* name) {
    if (fd_ >= 0) {
      int rc = ::fremovexattr(fd_, name);
      if (rc == 0 || errno != EBADF) return rc;
      use_proc_path();
    }
    return ::removexattr(path_.c_str(), name);
  }

 private:
  Target(int fd, std::string path, bool nofollow)
      : fd_(fd), path_(std::move(path)), nofollow_(nofollow) {}
  void use_proc_path() {
    path_ = "/proc/self/fd/" + std::to_string(fd_);
    fd_ = -1;
  }

  int fd_;
  std::string path_;
  bool nofollow_;
};

// The xattr names of the target that hold EAs ("user." and a valid EA name), as stored.
Result<std::vector<std::string>> ea_xattr_names(Target& t) {
  std::vector<char> buf;
  for (int attempt = 0; attempt < 8; ++attempt) {
    ssize_t size = t.list(nullptr, 0);
    if (size < 0) return fail(status_of(errno));
    if (size == 0) return std::vector<std::string>{};
    buf.resize(static_cast<size_t>(size));
    ssize_t n = t.list(buf.data(), buf.size());
    if (n < 0 && errno == ERANGE) continue;  // grew in between
    if (n < 0) return fail(status_of(errno));
    buf.resize(static_cast<size_t>(n));
    std::vector<std::string> names;
    for (size_t at = 0; at < buf.size();) {
      size_t len = strnlen(buf.data() + at, buf.size() - at);
      std::string_view name(buf.data() + at, len);
      at += len + 1;
      if (name.substr(0, kUserPrefix.size()) != kUserPrefix) continue;
      if (!valid_ea_name(name.substr(kUserPrefix.size()))) continue;
      names.emplace_back(name);
    }
    return names;
  }
  return fail(NtStatus::InternalError);
}

// The value of one xattr; nullopt when it vanished or does not fit an EA.
std::optional<std::vector<uint8_t>> value_of(Target& t, const std::string& xattr) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    ssize_t size = t.get(xattr.c_str(), nullptr, 0);
    if (size < 0 || static_cast<size_t>(size) > kMaxValue) return std::nullopt;
    std::vector<uint8_t> value(static_cast<size_t>(size));
    ssize_t n = t.get(xattr.c_str(), value.data(), value.size());
    if (n < 0 && errno == ERANGE) continue;
    if (n < 0) return std::nullopt;
    value.resize(static_cast<size_t>(n));
    return value;
  }
  return std::nullopt;
}

uint32_t size_of(Target& t) {
  auto names = ea_xattr_names(t);
  if (!names) return 0;
  uint64_t total = 0;
  for (const std::string& xattr : *names) {
    ssize_t size = t.get(xattr.c_str(), nullptr, 0);
    if (size <= 0 || static_cast<size_t>(size) > kMaxValue) continue;
    total += 4 + (xattr.size() - kUserPrefix.size()) + 1 + static_cast<size_t>(size);
  }
  return total == 0 ? 0 : static_cast<uint32_t>(std::min<uint64_t>(total + 4, UINT32_MAX));
}

}  // namespace

bool ea_names_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool valid_ea_name(std::string_view name) {
  if (name.empty() || name.size() > 255) return false;
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || std::strchr("\"*+,/:;<=>?[\\]|", c) != nullptr) return false;
  }
  return !starts_with_nocase(name, kPrivatePrefix);
}

uint32_t ea_size(std::span<const fscc::FullEa> eas) {
  if (eas.empty()) return 0;
  uint64_t total = 4;
  for (const fscc::FullEa& ea : eas) total += 4 + ea.name.size() + 1 + ea.value.size();
  return static_cast<uint32_t>(std::min<uint64_t>(total, UINT32_MAX));
}

Result<std::vector<fscc::FullEa>> read_eas(int fd) {
  Target t = Target::of_fd(fd);
  auto names = ea_xattr_names(t);
  if (!names) return fail(names.error());
  std::vector<fscc::FullEa> eas;
  for (const std::string& xattr : *names) {
    auto value = value_of(t, xattr);
    if (!value || value->empty()) continue;  // an empty value is no EA
    fscc::FullEa ea;
    ea.name = xattr.substr(kUserPrefix.size());
    ea.value = std::move(*value);
    eas.push_back(std::move(ea));
  }
  return eas;
}

uint32_t ea_size_of(int fd) {
  Target t = Target::of_fd(fd);
  return size_of(t);
}

uint32_t ea_size_at(int dir_fd, const std::string& name) {
  Target t = Target::at(dir_fd, name);
  return size_of(t);
}

bool supports_eas(int fd) {
  Target t = Target::of_fd(fd);
  char byte;
  // A name smbkit never writes: ENODATA where user xattrs are kept, ENOTSUP where not.
  return t.get("user.smbkit.probe", &byte, sizeof byte) >= 0 || errno != ENOTSUP;
}

Result<void> check_eas(std::span<const fscc::FullEa> eas, size_t* bad_index) {
  for (size_t i = 0; i < eas.size(); ++i) {
    const fscc::FullEa& ea = eas[i];
    if (!valid_ea_name(ea.name) || (ea.flags & ~fscc::kFileNeedEa) != 0 ||
        ea.value.size() > kMaxValue) {
      if (bad_index) *bad_index = i;
      return fail(NtStatus::InvalidEaName);
    }
  }
  return {};
}

Result<void> write_eas(int fd, std::span<const fscc::FullEa> eas) {
  if (auto ok = check_eas(eas); !ok) return ok;
  if (eas.empty()) return {};
  Target t = Target::of_fd(fd);
  auto stored = ea_xattr_names(t);
  if (!stored) return fail(stored.error());
  for (const fscc::FullEa& ea : eas) {
    std::string xattr = std::string(kUserPrefix) + ea.name;
    if (!ea.value.empty()) {
      if (t.set(xattr.c_str(), ea.value.data(), ea.value.size()) != 0)
        return fail(status_of(errno));
    }
    // Other spellings of the name go: all of them for a removal, but the one just written.
    for (auto it = stored->begin(); it != stored->end();) {
      bool same = ea_names_equal(std::string_view(*it).substr(kUserPrefix.size()), ea.name);
      if (!same || (!ea.value.empty() && *it == xattr)) {
        ++it;
        continue;
      }
      if (t.remove(it->c_str()) != 0 && errno != ENODATA) return fail(status_of(errno));
      it = stored->erase(it);
    }
    if (!ea.value.empty() &&
        std::find(stored->begin(), stored->end(), xattr) == stored->end())
      stored->push_back(xattr);
  }
  return {};
}

}  // namespace smbkit::vfs
