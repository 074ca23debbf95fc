// The core protocol's byte-range locks: SMB_COM_LOCK_BYTE_RANGE (MS-CIFS 3.3.5.15) and
// SMB_COM_UNLOCK_BYTE_RANGE (3.3.5.16), one exclusive range each, kept in the server's registry
// of opens as LOCKING_ANDX's are (open_registry.h), with the header's PID (low 16 bits, as
// LOCKING_ANDX's ranges carry it) as the lock key. A lock that cannot be had fails at once.
#include "server/smb1/handler.h"
#include "smb1/core_lock.h"

namespace smbkit::server {
namespace {

// The request's range as a lock element keyed by the header's PID.
Result<LockElement> element_of(const Smb1Call& call, const smb1::ByteRangeLockRequest& req) {
  // MS-FSA 2.1.5.8, 2.1.5.9: no byte-range locks on a directory.
  if (call.file->file->is_directory()) return fail(NtStatus::InvalidParameter);
  return LockElement{call.request_header.pid_low, {req.offset, req.count}};
}

}  // namespace

NtStatus handle_lock_byte_range(Smb1Call& call) {
  auto req = smb1::ByteRangeLockRequest::decode(call.block);
  if (!req) return req.error();
  auto element = element_of(call, *req);
  if (!element) return element.error();
  NtStatus status = call.shared.opens.lock(call.file->open, {}, std::span(&*element, 1),
                                           /*exclusive=*/true, LockWait{});
  if (status != NtStatus::Success) return status;
  smb1::LockByteRangeResponse{}.encode(call.out);
  return NtStatus::Success;
}

NtStatus handle_unlock_byte_range(Smb1Call& call) {
  auto req = smb1::ByteRangeLockRequest::decode(call.block);
  if (!req) return req.error();
  auto element = element_of(call, *req);
  if (!element) return element.error();
  NtStatus status = call.shared.opens.lock(call.file->open, std::span(&*element, 1), {},
                                           /*exclusive=*/true, LockWait{});
  if (status != NtStatus::Success) return status;
  smb1::UnlockByteRangeResponse{}.encode(call.out);
  return NtStatus::Success;
}

}  // namespace smbkit::server
