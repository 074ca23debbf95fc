// The open behind NT_CREATE_ANDX and NT_TRANSACT_CREATE (MS-CIFS 3.3.5.50, 3.3.5.59.1): the
// same fields, carried in a block or in NT_Trans_Parameters. Defined in open_handlers.cc.
#pragma once

#include <span>

#include "fscc/ea_information.h"
#include "server/smb1/handler.h"
#include "smb1/nt_create.h"

namespace smbkit::server {

// Opens what `req` (never null) names in the call's tree and fills `resp` (the extended fields
// too when the request asks for them); an error status leaves no open behind. `eas`
// (NT_TRANSACT_CREATE's list) are given to a file the open makes or overwrites
// (core/open_file.h CreateParams::eas).
NtStatus nt_create(Smb1Call& call, const smb1::NtCreateAndXRequest* req,
                   smb1::NtCreateAndXResponse& resp, std::span<const fscc::FullEa> eas = {});

}  // namespace smbkit::server
