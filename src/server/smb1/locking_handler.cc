// SMB_COM_LOCKING_ANDX (MS-CIFS 3.3.5.30): byte-range locks, kept in the server's registry of
// opens (open_registry.h) so that every connection sees them.
#include <vector>

#include "server/smb1/handler.h"
#include "smb1/locking.h"

namespace smbkit::server {
namespace {

// SMB1's lock key is the PID of the range, 16 bits (PIDHigh takes no part: smbtorture
// raw.lock.pidhigh).
std::vector<LockElement> elements(const std::vector<smb1::LockingRange>& ranges) {
  std::vector<LockElement> out;
  out.reserve(ranges.size());
  for (const smb1::LockingRange& r : ranges) out.push_back({r.pid, {r.offset, r.length}});
  return out;
}

}  // namespace

NtStatus handle_locking_andx(Smb1Call& call) {
  auto req = smb1::LockingAndXRequest::decode(call.block);
  if (!req) return req.error();
  // No Windows server changes a lock's type in place; they answer ERRDOS/ERRnoatomiclocks.
  if (req->type_of_lock & smb1::kLockingChangeLockType) return NtStatus::SmbNoAtomicLocks;
  Smb1File& file = *call.file;
  std::vector<LockElement> unlocks = elements(req->unlocks);
  std::vector<LockElement> locks = elements(req->locks);
  if (!unlocks.empty() || !locks.empty()) {
    // MS-FSA 2.1.5.8, 2.1.5.9: no byte-range locks on a directory.
    if (file.file->is_directory()) return NtStatus::InvalidParameter;
  }

  NtStatus status;
  if (req->type_of_lock & smb1::kLockingCancelLock) {
    // MS-CIFS 2.2.4.32.1 honours a cancel with one range; Windows takes the first of several.
    status = locks.empty() ? NtStatus::SmbCancelViolation
                           : call.shared.opens.cancel(file.open, locks.front());
  } else {
    // OPLOCK_RELEASE needs no action: smbkit grants no oplocks to release.
    LockWait wait;
    wait.forever = req->timeout == smb1::kLockWaitForever;
    if (!wait.forever) wait.timeout = std::chrono::milliseconds(req->timeout);
    status = call.shared.opens.lock(file.open, unlocks, locks, !req->shared(), wait);
  }
  if (status != NtStatus::Success) return status;
  smb1::LockingAndXResponse{}.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
