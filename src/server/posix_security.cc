#include "server/posix_security.h"

#include "server/access.h"

namespace smbkit::server {
namespace {

constexpr uint64_t kUnixAuthority = 22;
constexpr uint32_t kUnixUsers = 1;
constexpr uint32_t kUnixGroups = 2;

fscc::Ace allowed(const fscc::Sid& sid, uint32_t mask) {
  return fscc::Ace{.type = fscc::kAccessAllowedAceType, .flags = 0, .mask = mask, .sid = sid,
                   .other_body = {}};
}

}  // namespace

fscc::Sid unix_user_sid(uint32_t uid) { return {kUnixAuthority, {kUnixUsers, uid}}; }
fscc::Sid unix_group_sid(uint32_t gid) { return {kUnixAuthority, {kUnixGroups, gid}}; }

fscc::SecurityDescriptor descriptor_of(const vfs::PosixOwnership& file, bool directory,
                                       uint32_t security_information) {
  fscc::SecurityDescriptor sd;
  if (security_information & fscc::kOwnerSecurityInformation) sd.owner = unix_user_sid(file.uid);
  if (security_information & fscc::kGroupSecurityInformation) sd.group = unix_group_sid(file.gid);
  if (security_information & fscc::kDaclSecurityInformation) {
    fscc::Acl dacl;
    unsigned u = (file.mode >> 6) & 7, g = (file.mode >> 3) & 7, o = file.mode & 7;
    dacl.aces.push_back(allowed(unix_user_sid(file.uid), access_of_mode_bits(u, directory, true)));
    dacl.aces.push_back(
        allowed(unix_group_sid(file.gid), access_of_mode_bits(g, directory, false)));
    dacl.aces.push_back(allowed(fscc::Sid::everyone(), access_of_mode_bits(o, directory, false)));
    sd.dacl = std::move(dacl);
    // Protected: nothing is inherited from the parent, the mode is the file's own (smbd sets
    // the same bit).
    sd.control |= fscc::kSeDaclProtected;
  }
  return sd;
}

Result<uint32_t> mode_from_descriptor(const vfs::PosixOwnership& file,
                                      const fscc::SecurityDescriptor& sd,
                                      uint32_t security_information) {
  if (security_information & fscc::kSaclSecurityInformation) return fail(NtStatus::AccessDenied);
  if ((security_information & fscc::kOwnerSecurityInformation) && sd.owner &&
      *sd.owner != unix_user_sid(file.uid))
    return fail(NtStatus::AccessDenied);
  if ((security_information & fscc::kGroupSecurityInformation) && sd.group &&
      *sd.group != unix_group_sid(file.gid))
    return fail(NtStatus::AccessDenied);
  if (!(security_information & fscc::kDaclSecurityInformation)) return file.mode;
  if (sd.null_dacl && !sd.dacl) return (file.mode & 07000) | 0777;
  if (!sd.dacl) return file.mode;
  const fscc::Sid owner = unix_user_sid(file.uid);
  const fscc::Sid group = unix_group_sid(file.gid);
  const fscc::Sid everyone = fscc::Sid::everyone();
  unsigned u = 0, g = 0, o = 0;
  for (const fscc::Ace& ace : sd.dacl->aces) {
    if (ace.type != fscc::kAccessAllowedAceType || (ace.flags & ~fscc::kInheritedAce) != 0)
      return fail(NtStatus::AccessDenied);
    unsigned bits = mode_bits_of_access(ace.mask);
    if (ace.sid == owner) {
      u |= bits;
    } else if (ace.sid == group) {
      g |= bits;
    } else if (ace.sid == everyone) {
      o |= bits;
    } else {
      return fail(NtStatus::AccessDenied);
    }
  }
  return (file.mode & 07000) | u << 6 | g << 3 | o;
}

}  // namespace smbkit::server
