// Security descriptors by handle, for both dialects (SMB1 NT_TRANSACT_QUERY/SET_SECURITY_DESC,
// SMB2 QUERY_INFO/SET_INFO of SMB2_0_INFO_SECURITY): derived from the file's POSIX owner, group
// and mode, and mapped back to a mode when set (server/posix_security.h).
#pragma once

#include <cstdint>

#include "fscc/security_descriptor.h"
#include "server/core/open_state.h"

namespace smbkit::server {

// The parts `security_information` names (owner, group, DACL; a SACL never), when the handle may
// read them (MS-FSA 2.1.5.14: READ_CONTROL; a SACL needs ACCESS_SYSTEM_SECURITY, which no smbkit
// handle holds), else STATUS_ACCESS_DENIED.
Result<fscc::SecurityDescriptor> query_security(const OpenState& open,
                                                uint32_t security_information);

// Applies the parts `security_information` names (MS-FSA 2.1.5.16: WRITE_DAC for the DACL,
// WRITE_OWNER for owner and group) as a chmod; what a mode cannot hold is STATUS_ACCESS_DENIED.
Result<void> set_security(OpenState& open, const fscc::SecurityDescriptor& sd,
                          uint32_t security_information);

}  // namespace smbkit::server
