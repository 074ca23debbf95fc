// The open every SMB1 open command shares (NT_CREATE_ANDX, OPEN_ANDX, TRANS2_OPEN2,
// NT_TRANSACT_CREATE, ...): a file opened beneath the call's tree, admitted to the server's
// registry of opens, filed under a new FID, with the oplock asked for when it can be had.
#pragma once

#include <cstdint>
#include <string>

#include "server/smb1/handler.h"

namespace smbkit::server {

struct Opened {
  uint16_t fid;
  vfs::CreateAction action;
  FileInfo info;
  OplockLevel oplock;
};

// The oplock a request asks for, and whether its response can tell of a level II grant.
struct OplockAsked {
  OplockLevel wanted = OplockLevel::None;  // Exclusive, Batch or None
  bool level2 = false;
};

// Opens `path` in the call's tree and files it under a new FID, which also becomes the FID of
// the commands that follow in the call's AndX chain (Smb1Call::chain_fid). The open enters the
// server's registry of opens (share modes, byte-range locks) before an overwrite can truncate
// the file; conflicting batch oplocks break before that check (so that a holder that closes on
// the break lets it through), exclusive ones after it; its own oplock is granted once it has
// its FID.
Result<Opened> open_in_tree(Smb1Call& call, const std::string& path, uint32_t granted,
                            uint32_t share_access, vfs::OpenRequest request, OplockAsked asked);

}  // namespace smbkit::server
