#include "smbkit/status.h"

#include <cerrno>
#include <cctype>
#include <cstdio>

namespace smbkit {
namespace {

// "LogonFailure" -> "STATUS_LOGON_FAILURE": the table's names are the spec's, in camel case.
std::string upper_snake(std::string_view camel) {
  std::string out = "STATUS";
  for (char c : camel) {
    if (std::isupper(static_cast<unsigned char>(c))) out += '_';
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

std::string status_name(NtStatus status) {
  switch (status) {
#define SMBKIT_STATUS_CASE(name, value) \
  case NtStatus::name:                  \
    return upper_snake(#name);
    SMBKIT_NT_STATUS_TABLE(SMBKIT_STATUS_CASE)
#undef SMBKIT_STATUS_CASE
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", to_u32(status));
  return buf;
}

NtStatus status_from_errno(int err) {
  switch (err) {
    case 0: return NtStatus::Success;
    case ENOENT: return NtStatus::ObjectNameNotFound;
    case ENOTDIR: return NtStatus::ObjectPathNotFound;
    case EACCES:
    case EPERM: return NtStatus::AccessDenied;
    case EROFS: return NtStatus::MediaWriteProtected;
    case EEXIST: return NtStatus::ObjectNameCollision;
    case EISDIR: return NtStatus::FileIsADirectory;
    case ENOTEMPTY: return NtStatus::DirectoryNotEmpty;
    case ENAMETOOLONG: return NtStatus::ObjectNameInvalid;
    case ENOSPC:
    case EDQUOT: return NtStatus::DiskFull;
    case EMFILE:
    case ENFILE: return NtStatus::TooManyOpenedFiles;
    case ENOMEM: return NtStatus::NoMemory;
    case EXDEV:
    case ELOOP: return NtStatus::AccessDenied;  // a link or mount leading out of the share
    case EINVAL: return NtStatus::InvalidParameter;
    case EBADF: return NtStatus::InvalidHandle;
    case EBUSY:
    case ETXTBSY: return NtStatus::SharingViolation;
    case EAGAIN: return NtStatus::FileLockConflict;
    default: return NtStatus::IoDeviceError;
  }
}

}  // namespace smbkit
