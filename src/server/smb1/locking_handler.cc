// SMB_COM_LOCKING_ANDX (MS-CIFS 3.3.5.30): byte-range locks, kept in the server's registry of
// opens (open_registry.h) so that every connection sees them. A lock request that must wait is
// answered later (doc/architecture.md, "A request's path", step 5).
#include <optional>
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

// How a lock request that must wait is answered later (the MS-CIFS 2.2.4.32.2 response, or
// the status it ends with), so that no thread waits and the connection's other requests go on.
// Only a request that stands alone waits so: the replies of blocks chained with it would be lost.
// Without it, a request that would wait fails as after its time-out.
std::optional<LockLater> answer_later(const Smb1Call& call,
                                      const smb1::LockingAndXRequest& req) {
  if (!call.state.reply_sink ||
      call.request_header.command != static_cast<uint8_t>(smb1::Command::LockingAndX) ||
      call.block.andx_command() != smb1::kNoAndX)
    return std::nullopt;
  LockLater later;
  later.loop = call.state.loop;
  later.request = smb1_request_id(call.request_header.uid, call.request_header.pid(),
                                  call.request_header.mid);
  later.large_ranges = req.large_files();
  later.done = [request = call.request_header, sink = call.state.reply_sink](NtStatus status) {
    auto body = [status](smb1::MessageWriter& out) {
      if (status == NtStatus::Success) smb1::LockingAndXResponse{}.encode(out);
    };
    sink(frame_late_reply(request, status, body));
  };
  return later;
}

}  // namespace

NtStatus handle_locking_andx(Smb1Call& call) {
  auto req = smb1::LockingAndXRequest::decode(call.block);
  if (!req) return req.error();
  // An oplock break's acknowledgement (oplocks.h); with no ranges it has no reply (MS-CIFS
  // 3.3.5.30).
  if (req->type_of_lock & smb1::kLockingOplockRelease) {
    // MS-CIFS 2.2.4.32.1 NewOpLockLevel: 1 keeps level II, anything else none.
    call.shared.oplocks.acknowledge(call.file->oplock, req->new_oplock_level == 0x01
                                                           ? OplockLevel::LevelII
                                                           : OplockLevel::None);
    if (req->unlocks.empty() && req->locks.empty()) {
      call.answer = Answer::Never;
      return NtStatus::Success;
    }
  }
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
                           : call.shared.opens.cancel(file.open, locks.front(),
                                                      req->large_files());
  } else {
    LockWait wait;
    wait.forever = req->timeout == smb1::kLockWaitForever;
    if (!wait.forever) wait.timeout = std::chrono::milliseconds(req->timeout);
    std::optional<LockLater> later = answer_later(call, *req);
    status = call.shared.opens.lock(file.open, unlocks, locks, !req->shared(), wait,
                                    later ? &*later : nullptr);
    if (status == NtStatus::Pending) {
      call.answer = Answer::Later;  // the registry answers through the reply sink
      return NtStatus::Success;
    }
  }
  if (status != NtStatus::Success) return status;
  // MS-FSA 2.1.5.7: a byte-range lock breaks the file's level II oplocks, the locker's own too
  // (smbtorture raw.oplock.brl1).
  if (!locks.empty()) call.shared.oplocks.break_level2(file.oplock);
  smb1::LockingAndXResponse{}.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
