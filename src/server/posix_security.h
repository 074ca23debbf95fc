// A file's POSIX owner, group and mode seen as a Windows security descriptor, and a descriptor
// set by a client mapped back to a mode (chmod). smbkit keeps no ACLs of its own: the descriptor
// is derived on every query, so what clients see is always what the file system enforces.
//
// SIDs are those Samba gives Unix ids without a directory service: S-1-22-1-<uid> ("Unix
// Users") and S-1-22-2-<gid> ("Unix Groups"). The DACL has three ACCESS_ALLOWED ACEs, owner,
// group and Everyone (S-1-1-0) for the "other" bits, each with the rights access.h's
// access_of_mode_bits gives its bits (an ACE with mask 0 for a class without any bit, so the
// three classes are always there to edit, as smbd shows them), marked protected (SE_DACL_PROTECTED:
// nothing comes from the parent).
#pragma once

#include <cstdint>

#include "fscc/security_descriptor.h"
#include "smbkit/status.h"
#include "vfs/share_fs.h"

namespace smbkit::server {

fscc::Sid unix_user_sid(uint32_t uid);
fscc::Sid unix_group_sid(uint32_t gid);

// The parts of the descriptor `security_information` names (fscc::SecurityInformation: owner,
// group, DACL; a SACL is never produced here).
fscc::SecurityDescriptor descriptor_of(const vfs::PosixOwnership& file, bool directory,
                                       uint32_t security_information);

// The mode (07777) that applying the parts `security_information` names of `sd` gives `file`:
// - owner and group: unchanged, or AccessDenied (changing them is chown, which only root may);
//   left out of `sd`, they are left as they are;
// - DACL: each class's bits from the ACCESS_ALLOWED ACEs for its SID (mode_bits_of_access,
//   several ACEs for one SID add up; a class without an ACE gets no bits); a NULL DACL is 0777.
//   AccessDenied for what a mode cannot hold, rather than dropping it and reporting success:
//   an ACE for any other SID, a DENIED or other ACE type, an ACE with inheritance flags
//   (INHERITED_ACE alone is accepted: it says where the ACE came from); a DACL left out of `sd`
//   changes nothing;
// - SACL: AccessDenied (no handle holds ACCESS_SYSTEM_SECURITY).
// The set-uid, set-gid and sticky bits are kept.
Result<uint32_t> mode_from_descriptor(const vfs::PosixOwnership& file,
                                      const fscc::SecurityDescriptor& sd,
                                      uint32_t security_information);

}  // namespace smbkit::server
