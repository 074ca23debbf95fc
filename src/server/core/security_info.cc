#include "server/core/security_info.h"

#include "server/posix_security.h"

namespace smbkit::server {
namespace {

// MS-FSA 2.1.5.14 / 2.1.5.16, as NtQuerySecurityObject and NtSetSecurityObject check the handle.
bool handle_allows(uint32_t granted, uint32_t security_information, bool set) {
  using namespace fscc;
  uint32_t ids = kOwnerSecurityInformation | kGroupSecurityInformation;
  if ((security_information & kSaclSecurityInformation) && !(granted & kAccessSystemSecurity))
    return false;
  if (!set) return !(security_information & (ids | kDaclSecurityInformation)) ||
                   (granted & kReadControl);
  if ((security_information & ids) && !(granted & kWriteOwner)) return false;
  return !(security_information & kDaclSecurityInformation) || (granted & kWriteDac);
}

}  // namespace

Result<fscc::SecurityDescriptor> query_security(const OpenState& open,
                                                uint32_t security_information) {
  if (!handle_allows(open.granted_access, security_information, false))
    return fail(NtStatus::AccessDenied);
  auto ownership = open.file->ownership();
  if (!ownership) return fail(ownership.error());
  return descriptor_of(*ownership, open.file->is_directory(), security_information);
}

Result<void> set_security(OpenState& open, const fscc::SecurityDescriptor& sd,
                          uint32_t security_information) {
  uint32_t parts = security_information & 0xF;
  if (!handle_allows(open.granted_access, parts, true)) return fail(NtStatus::AccessDenied);
  auto ownership = open.file->ownership();
  if (!ownership) return fail(ownership.error());
  auto mode = mode_from_descriptor(*ownership, sd, parts);
  if (!mode) return fail(mode.error());
  if (*mode != ownership->mode) return open.file->set_mode(*mode);
  return {};
}

}  // namespace smbkit::server
