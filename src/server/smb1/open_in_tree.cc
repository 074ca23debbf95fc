#include "server/smb1/open_in_tree.h"

#include "server/core/pipes.h"

#include "smb1/locking.h"
#include "wire/netbios.h"

namespace smbkit::server {
namespace {

// How a break of the oplock on `fid` reaches the client: an OpLock Break request (MS-CIFS
// 3.3.4.2) queued on the connection. Empty when the connection has no reply sink (tests).
BreakNotifier break_notifier(const Smb1Call& call, uint16_t fid) {
  if (!call.state.reply_sink) return {};
  return [sink = call.state.reply_sink, tid = call.tid, uid = call.uid, fid](OplockLevel level) {
    smb1::OplockBreakRequest req{tid, uid, fid,
                                 level == OplockLevel::LevelII ? smb1::kBreakToLevelII
                                                               : smb1::kBreakToNone};
    std::vector<uint8_t> message = req.encode();
    auto header = netbios::message_header(static_cast<uint32_t>(message.size()));
    std::vector<uint8_t> frame(header.begin(), header.end());
    frame.insert(frame.end(), message.begin(), message.end());
    sink(std::move(frame));
  };
}

// Checked before opening, so that a refused create leaves no file behind.
bool session_may_open_more(const Smb1Call& call) {
  size_t open_in_session = 0;
  for (auto& [fid, f] : call.state.files) open_in_session += f.uid == call.uid;
  return open_in_session < call.shared.config.limits.max_open_files_per_session;
}

Result<Opened> file_under_fid(Smb1Call& call, Result<Opening> opening, OplockAsked asked) {
  if (!opening) return fail(opening.error());
  Smb1File entry;
  static_cast<OpenState&>(entry) = std::move(opening->open);
  entry.uid = call.uid;
  entry.tid = call.tid;
  entry.pid = call.request_header.pid();
  auto fid = call.state.files.insert(std::move(entry));
  if (!fid) return fail(NtStatus::TooManyOpenedFiles);
  call.chain_fid = *fid;
  Smb1File& opened = *call.state.files.find(*fid);
  OplockLevel level = grant_oplock(call.shared, opened, opening->info.is_directory, asked,
                                   break_notifier(call, *fid));
  return Opened{*fid, opening->action, std::move(opening->info), level};
}

}  // namespace

Result<Opened> open_in_tree(Smb1Call& call, const std::string& path, uint32_t granted,
                            uint32_t share_access, vfs::OpenRequest request, OplockAsked asked) {
  if (call.tree->is_ipc()) return fail(NtStatus::ObjectNameNotFound);  // no named pipes yet
  if (!session_may_open_more(call)) return fail(NtStatus::TooManyOpenedFiles);
  Opener opener{call.shared, *call.tree->share, call.state.connection, call.park};
  opener.read_only = call.tree->read_only;
  return file_under_fid(call, open_file(opener, path, granted, share_access, std::move(request)),
                        asked);
}

Result<uint16_t> open_pipe_in_tree(Smb1Call& call, const std::string& name, uint32_t granted) {
  size_t pipes = 0;
  for (auto& [fid, f] : call.state.files) pipes += f.uid == call.uid && f.is_pipe();
  if (pipes >= kMaxPipesPerSession) return fail(NtStatus::PipeNotAvailable);
  if (!session_may_open_more(call)) return fail(NtStatus::TooManyOpenedFiles);
  auto pipe = PipeOpen::open(name, call.shared.catalog()->rpc_info);
  if (!pipe) return fail(pipe.error());
  Smb1File entry;
  entry.path = name;
  entry.pipe = std::move(*pipe);
  entry.granted_access = granted;
  entry.uid = call.uid;
  entry.tid = call.tid;
  entry.pid = call.request_header.pid();
  auto fid = call.state.files.insert(std::move(entry));
  if (!fid) return fail(NtStatus::TooManyOpenedFiles);
  call.chain_fid = *fid;
  return *fid;
}

Result<Opened> create_in_tree(Smb1Call& call, const CreateParams& params, OplockAsked asked) {
  if (call.tree->is_ipc()) return fail(NtStatus::ObjectNameNotFound);  // no named pipes yet
  if (!session_may_open_more(call)) return fail(NtStatus::TooManyOpenedFiles);
  Opener opener{call.shared, *call.tree->share, call.state.connection, call.park};
  opener.read_only = call.tree->read_only;
  opener.delay_sharing_violation = true;  // NT creates, as Windows and Samba delay them
  return file_under_fid(call, create_file(opener, params), asked);
}

}  // namespace smbkit::server
