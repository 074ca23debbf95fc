#include "server/smb1/open_in_tree.h"

#include "server/access.h"
#include "smb1/locking.h"
#include "wire/netbios.h"

namespace smbkit::server {
namespace {

// Rights that read and change no data: an open with no others breaks no exclusive oplock.
constexpr uint32_t kStatOnlyAccess =
    kFileReadAttributes | kFileWriteAttributes | kSynchronize | kReadControl;

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

}  // namespace

Result<Opened> open_in_tree(Smb1Call& call, const std::string& path, uint32_t granted,
                            uint32_t share_access, vfs::OpenRequest request, OplockAsked asked) {
  if (call.tree->is_ipc()) return fail(NtStatus::ObjectNameNotFound);  // no named pipes yet
  // Checked before opening, so that a refused create leaves no file behind.
  size_t open_in_session = 0;
  for (auto& [fid, f] : call.state.files) open_in_session += f.uid == call.uid;
  if (open_in_session >= call.shared.config.limits.max_open_files_per_session)
    return fail(NtStatus::TooManyOpenedFiles);
  request.read = can_read(granted);
  request.write = can_write(granted);
  OpenRegistry::Handle registration;
  OplockTable::Open oplock;
  OplockIntent intent;
  intent.connection = &call.state;
  intent.stat_only = (granted & ~kStatOnlyAccess) == 0;
  intent.truncating = request.disposition == vfs::CreateDisposition::Overwrite ||
                      request.disposition == vfs::CreateDisposition::OverwriteIf ||
                      request.disposition == vfs::CreateDisposition::Supersede;
  request.admit = [&](const vfs::FileKey& key) -> Result<void> {
    // A pending delete refuses the open before any oplock breaks (smbtorture raw.oplock.doc1).
    if (call.shared.opens.delete_pending(key)) return fail(NtStatus::DeletePending);
    oplock = call.shared.oplocks.enter(key, intent);
    FileName name{call.tree->share->fs.get(), path};  // for a delete when it is closed
    auto admitted = call.shared.opens.admit(key, granted, share_access, &call.state, name);
    if (!admitted) return fail(admitted.error());
    registration = std::move(*admitted);
    call.shared.oplocks.admitted(oplock);
    return {};
  };
  auto file = call.tree->share->fs->open(path, request);
  if (!file) return fail(file.error());
  auto info = (*file)->stat();
  if (!info) return fail(info.error());
  vfs::CreateAction action = (*file)->action();
  auto fid = call.state.files.insert(Smb1File{.uid = call.uid,
                                              .tid = call.tid,
                                              .pid = call.request_header.pid(),
                                              .path = path,
                                              .file = std::move(*file),
                                              .granted_access = granted,
                                              .open = std::move(registration),
                                              .oplock = std::move(oplock)});
  if (!fid) return fail(NtStatus::TooManyOpenedFiles);
  // MS-CIFS 3.3.5.50: no oplocks on directories.
  if (info->is_directory) asked.wanted = OplockLevel::None;
  call.chain_fid = *fid;
  Smb1File& opened = *call.state.files.find(*fid);
  OplockLevel level = call.shared.oplocks.grant(opened.oplock, asked.wanted, asked.level2,
                                                break_notifier(call, *fid));
  return Opened{*fid, action, *info, level};
}

}  // namespace smbkit::server
