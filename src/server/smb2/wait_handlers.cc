// The SMB2 requests that may answer later: CHANGE_NOTIFY (MS-SMB2 3.3.5.19) through the
// connection's change watcher, and LOCK (3.3.5.14) through the server's registry of byte-range
// locks, both shared with SMB1; and OPLOCK_BREAK acknowledgements (3.3.5.22.1).
#include "fscc/notify_information.h"
#include "server/log.h"
#include "server/smb2/handler.h"
#include "smb2/change_notify.h"
#include "smb2/lock.h"
#include "smb2/oplock_break.h"

namespace smbkit::server {
namespace {

using namespace smb2;

// The response body for notify entries (empty for STATUS_NOTIFY_ENUM_DIR: the client lists the
// directory again).
std::vector<uint8_t> notify_body(const std::vector<fscc::FileNotifyEntry>& entries) {
  std::vector<uint8_t> data = fscc::encode_notify_entries(entries);
  std::vector<uint8_t> body;
  ByteWriter w(body);
  ChangeNotifyResponse resp;
  resp.output = data;
  // The body is framed later after a 64-byte header: offsets count from that header's start.
  std::vector<uint8_t> message(kHeaderSize);
  ByteWriter mw(message);
  resp.encode(mw, 0);
  return std::vector<uint8_t>(message.begin() + kHeaderSize, message.end());
}

}  // namespace

NtStatus handle_smb2_change_notify(Smb2Call& call) {
  auto req = ChangeNotifyRequest::decode(call.message);
  if (!req) return req.error();
  Smb2Open& open = *call.open;
  if (open.is_pipe() || !open.file->is_directory()) return NtStatus::InvalidParameter;
  if (!(open.granted_access & kFileListDirectory)) return NtStatus::AccessDenied;
  if (req->output_buffer_length > 8 * 1024 * 1024) return NtStatus::InvalidParameter;
  Smb2State& state = call.state;
  if (!state.reply_sink) return NtStatus::NotSupported;  // nowhere to answer later
  if (!state.notify) {
    state.notify = NotifyWatcher::create(state.loop);
    if (!state.notify) return NtStatus::InsufficientResources;
  }
  auto async = call.go_async();
  if (!async) return async.error();
  auto done = [reply = async->reply](NtStatus status,
                                     std::vector<fscc::FileNotifyEntry> entries) {
    bool with_body = status == NtStatus::Success || status == NtStatus::NotifyEnumDir;
    reply(status, with_body ? notify_body(entries) : std::vector<uint8_t>{});
  };
  NotifyAsk ask{req->completion_filter, req->watch_tree(), req->output_buffer_length};
  auto now = state.notify->request(open.id.volatile_id, open.tree_id, open.file->fd(), ask,
                                   async->request, std::move(done));
  if (!now) return NtStatus::Pending;
  call.drop_async();
  ChangeNotifyResponse resp;
  std::vector<uint8_t> data;
  if (now->status == NtStatus::Success) data = fscc::encode_notify_entries(now->entries);
  resp.output = data;
  resp.encode(call.out, call.header_start);
  return now->status;
}

NtStatus handle_smb2_lock(Smb2Call& call) {
  auto req = LockRequest::decode(call.message);
  if (!req) return req.error();
  // A pipe has no byte ranges to lock: the pipe file system refuses the request (NPFS).
  if (call.open->is_pipe()) return NtStatus::InvalidDeviceRequest;
  const auto& elements = req->locks;
  // MS-SMB2 3.3.5.14: the first element makes the request an unlock or a lock; the elements are
  // taken in order, and the first with flags of the wrong kind, or not one of the valid
  // combinations, fails the request with STATUS_INVALID_PARAMETER there: the unlocks before it
  // stay made, the locks before it are undone (smbtorture smb2.lock.valid-request,
  // multiple-unlock). Only a lone lock may wait.
  bool unlocking = elements[0].flags == kLockFlagUnlock;
  auto bad_lock = [&](uint32_t f) {
    return !lock_flags_valid(f) || f == kLockFlagUnlock ||
           (elements.size() > 1 && !(f & kLockFlagFailImmediately));
  };
  bool may_wait = !unlocking && elements.size() == 1 &&
                  !(elements[0].flags & kLockFlagFailImmediately);
  OpenRegistry& registry = call.shared.opens;
  const OpenRegistry::Handle& handle = call.open->open;
  auto element_of = [](const smb2::LockElement& e) {
    return server::LockElement{0, ByteRange{e.offset, e.length}};
  };
  if (unlocking) {
    for (const smb2::LockElement& e : elements) {
      if (e.flags != kLockFlagUnlock) return NtStatus::InvalidParameter;
      server::LockElement one = element_of(e);
      NtStatus s = registry.lock(handle, {&one, 1}, {}, false, {});
      if (s != NtStatus::Success) return s;
    }
    LockResponse{}.encode(call.out, call.header_start);
    return NtStatus::Success;
  }
  if (may_wait) {
    const smb2::LockElement& e = elements[0];
    if (bad_lock(e.flags)) return NtStatus::InvalidParameter;
    server::LockElement one = element_of(e);
    auto async = call.go_async();
    if (!async) return async.error();
    LockLater later;
    later.loop = call.state.loop;
    later.request = async->request;
    later.done = [reply = async->reply](NtStatus status) {
      // A cancelled wait fails the way MS-SMB2 3.3.5.16 says: STATUS_CANCELLED.
      if (status == NtStatus::FileLockConflict) status = NtStatus::Cancelled;
      if (status != NtStatus::Success) return reply(status, {});
      std::vector<uint8_t> body = {4, 0, 0, 0};  // MS-SMB2 2.2.27: StructureSize 4, Reserved
      reply(status, std::move(body));
    };
    LockWait wait;
    wait.forever = true;  // until granted or cancelled (SMB2 locks have no time-out)
    NtStatus s = registry.lock(handle, {}, {&one, 1}, e.flags & kLockFlagExclusiveLock, wait,
                               &later);
    if (s == NtStatus::Pending) return NtStatus::Pending;
    call.drop_async();
    if (s != NtStatus::Success) return s == NtStatus::FileLockConflict ? NtStatus::LockNotGranted : s;
    call.shared.oplocks.break_level2(call.open->oplock);  // MS-FSA 2.1.5.7
    LockResponse{}.encode(call.out, call.header_start);
    return NtStatus::Success;
  }
  // Several locks, or one that fails at once: all or none (3.3.5.14.2).
  std::vector<server::LockElement> taken;
  for (const smb2::LockElement& e : elements) {
    server::LockElement one = element_of(e);
    NtStatus s = bad_lock(e.flags) ? NtStatus::InvalidParameter
                                       : registry.lock(handle, {}, {&one, 1},
                                                       e.flags & kLockFlagExclusiveLock, {});
    if (s != NtStatus::Success) {
      for (const server::LockElement& t : taken) registry.lock(handle, {&t, 1}, {}, false, {});
      return s == NtStatus::FileLockConflict ? NtStatus::LockNotGranted : s;
    }
    taken.push_back(one);
  }
  call.shared.oplocks.break_level2(call.open->oplock);  // MS-FSA 2.1.5.7
  LockResponse{}.encode(call.out, call.header_start);
  return NtStatus::Success;
}

NtStatus handle_smb2_oplock_break(Smb2Call& call) {
  auto kind = oplock_break_kind(call.message);
  if (!kind) return kind.error();
  // No leases are granted: a lease acknowledgement names none (3.3.5.22.2).
  if (*kind != OplockBreakKind::Oplock) return NtStatus::ObjectNameNotFound;
  auto ack = OplockBreak::decode(call.message);
  if (!ack) return ack.error();
  Smb2Open& open = *call.open;
  OplockLevel level = ack->oplock_level == kOplockLevelII ? OplockLevel::LevelII
                                                            : OplockLevel::None;
  call.shared.oplocks.acknowledge(open.oplock, level);
  OplockLevel now = call.shared.oplocks.level(open.oplock);
  open.oplock_level = now == OplockLevel::LevelII ? kOplockLevelII : kOplockLevelNone;
  OplockBreak resp;
  resp.oplock_level = open.oplock_level;
  resp.file_id = open.id;
  resp.encode(call.out, call.header_start);
  return NtStatus::Success;
}

}  // namespace smbkit::server
