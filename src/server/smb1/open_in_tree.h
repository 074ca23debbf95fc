// The open every SMB1 open command shares (NT_CREATE_ANDX, OPEN_ANDX, TRANS2_OPEN2,
// NT_TRANSACT_CREATE, ...): the core's open (core/open_file.h) in the call's tree, filed under a
// new FID, with the oplock asked for when it can be had.
#pragma once

#include <cstdint>
#include <string>

#include "server/core/open_file.h"
#include "server/smb1/handler.h"

namespace smbkit::server {

// MS-CIFS 2.2.4.64.2 OplockLevel of NT_CREATE_ANDX's response: 0 none, 1 exclusive, 2 batch,
// 3 level II.
inline uint8_t smb1_oplock_level(OplockLevel level) {
  switch (level) {
    case OplockLevel::Exclusive: return 1;
    case OplockLevel::Batch: return 2;
    case OplockLevel::LevelII: return 3;
    default: return 0;
  }
}

struct Opened {
  uint16_t fid;
  vfs::CreateAction action;
  FileInfo info;
  OplockLevel oplock;
};

// Opens `path` in the call's tree (open_file) and files it under a new FID, which also becomes
// the FID of the commands that follow in the call's AndX chain (Smb1Call::chain_fid); its
// oplock is granted once it has its FID.
Result<Opened> open_in_tree(Smb1Call& call, const std::string& path, uint32_t granted,
                            uint32_t share_access, vfs::OpenRequest request, OplockAsked asked);

// The same for an NT create (core create_file) of NT_CREATE_ANDX and NT_TRANSACT_CREATE.
Result<Opened> create_in_tree(Smb1Call& call, const CreateParams& params, OplockAsked asked);

// On IPC$: opens the named pipe `name` names ("\srvsvc" or "\PIPE\srvsvc", core/pipes.h)
// with the access granted, under a new FID (also the AndX chain's). STATUS_OBJECT_NAME_NOT_FOUND
// for a pipe not served, STATUS_PIPE_NOT_AVAILABLE past kMaxPipesPerSession.
Result<uint16_t> open_pipe_in_tree(Smb1Call& call, const std::string& name, uint32_t granted);

// NMPipeStatus of an open pipe (MS-CIFS 2.2.4.64.2): a message pipe read in message mode,
// blocking, the client end, instance count 0xFF (unlimited), as Windows and Samba answer.
inline constexpr uint16_t kPipeOpenStatus = 0x05FF;

}  // namespace smbkit::server
