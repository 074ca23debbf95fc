// Opening a file for either dialect (MS-FSA 2.1.5.1 as NtCreateFile does it): the open enters
// the server's registry of opens (share modes, delete pending) before an overwrite can truncate
// the file, conflicting batch oplocks break before that check (so that a holder that closes on
// the break lets it through) and exclusive ones after it. The dialect files the open under its
// own id, then grants it the oplock it asked for (grant_oplock), whose break notifier needs that
// id.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fscc/ea_information.h"
#include "server/core/open_state.h"
#include "server/ids.h"
#include "server/shared_state.h"

namespace smbkit::server {

// Who opens and where.
struct Opener {
  SharedState& shared;
  const Share& share;
  ConnectionId connection;
  // Where the open parks when a holder on another connection must acknowledge an oplock break
  // (oplocks.h): the open then fails with STATUS_PENDING and `park->wait` is set; its
  // request is answered by running it again once the wait completes. Null: no parking, the
  // oplocks are lowered at once.
  Park* park = nullptr;
  // A sharing violation parks in `park` too, until its deadline (SMB1's NT creates:
  // OpenRegistry::admit, smbtorture raw.mux).
  bool delay_sharing_violation = false;
  // The tree may not change the share (smb.conf's read only; core/share_access.h): opens that
  // ask for a right that changes something, or that would create or overwrite, are refused
  // with STATUS_ACCESS_DENIED, as smbd refuses them; MAXIMUM_ALLOWED yields reading rights only.
  bool read_only = false;
};

// An open made, not yet filed under a dialect's id.
struct Opening {
  OpenState open;
  vfs::CreateAction action = vfs::CreateAction::Opened;
  FileInfo info;
};

// Opens `path` with the access already granted (generic rights mapped) and the sharing it
// allows. `request`'s read/write/admit are filled in here.
Result<Opening> open_file(const Opener& opener, const std::string& path, uint32_t granted,
                          uint32_t share_access, vfs::OpenRequest request);

// NtCreateFile's parameters, whichever dialect carried them (MS-SMB2 2.2.13, MS-CIFS
// 2.2.4.64.1): the values are the wire's (fscc/access.h).
struct CreateParams {
  std::string path;
  uint32_t desired_access = 0;
  uint32_t file_attributes = 0;
  uint32_t share_access = 0;
  uint32_t create_disposition = 0;
  uint32_t create_options = 0;
  // Extended attributes to give the file when the create makes, overwrites or supersedes it
  // (SMB2's ExtA create context, NT_TRANSACT_CREATE's EA list); an open of an existing file
  // leaves its EAs as they are (smbtorture raw.eas). A bad name fails the create before anything
  // is made (STATUS_INVALID_EA_NAME).
  std::vector<fscc::FullEa> eas;
};

// The NT create: dispositions and options checked (STATUS_INVALID_PARAMETER for values out of
// range or contradictory), FILE_DELETE_ON_CLOSE and READONLY/HIDDEN/SYSTEM rules (core/
// create_semantics.h), then open_file(), then the attributes and EAs asked for and delete on
// close.
// On failure nothing is left open.
Result<Opening> create_file(const Opener& opener, const CreateParams& params);

// A name-space operation on `path` that Windows carries out as an open of the file with DELETE
// access (a delete or rename by path) or as a truncating open (a size change by path): the
// conflicting batch oplocks of other opens break first, then the share modes are checked
// against an open sharing `share_access` (kNoShareCheck: none); a truncation then breaks the
// exclusive and level II oplocks too. The holders' acknowledgements (or closes) are waited for
// (smbtorture raw.oplock.batch1-3, batch17, batch18; exclusive1, exclusive6, exclusive7 for what
// does not break). It parks in `later` as an open does (Opener::park), failing with
// STATUS_PENDING. Call it off the event loop. Fails with the share-mode check's status.
inline constexpr uint32_t kNoShareCheck = 0xFFFFFFFF;
Result<void> open_for_namespace_change(SharedState& shared, ConnectionId connection, vfs::Vfs& fs,
                                       const std::string& path, uint32_t share_access,
                                       bool truncating = false, Park* later = nullptr);

// The oplock an open asks for, and whether its client can be told of a level II grant.
struct OplockAsked {
  OplockLevel wanted = OplockLevel::None;  // Exclusive, Batch or None
  bool level2 = false;
};

// Grants `open` (filed under the dialect's id, which `notify` uses) the oplock asked for, as
// OplockTable::grant says; never on a directory (MS-CIFS 3.3.5.50, MS-SMB2 3.3.5.9).
OplockLevel grant_oplock(SharedState& shared, OpenState& open, bool is_directory,
                         OplockAsked asked, BreakNotifier notify);

}  // namespace smbkit::server
