// SMB_COM_NT_TRANSACT (MS-CIFS 2.2.4.62) and SMB_COM_NT_CANCEL (MS-CIFS 2.2.4.65). Of the
// NT_TRANSACT functions only NOTIFY_CHANGE is served; it is answered later, when something changes
// (notify_watcher.h).
#include "server/log.h"
#include "server/smb1/handler.h"
#include "smb1/nt_cancel.h"
#include "smb1/nt_transact.h"
#include "smb1/nt_transact_notify.h"

namespace smbkit::server {
namespace {

// MS-CIFS 3.3.5.59.4: a directory handle; the changes kept between requests, if any, at once.
NtStatus notify_change(Smb1Call& call, const smb1::NtTransactRequest& req) {
  auto setup = smb1::NotifyChangeSetup::decode(req.setup);
  if (!setup) return setup.error();
  Smb1File* file = call.state.files.find(setup->fid);
  if (!file || file->tid != call.tid) return NtStatus::InvalidHandle;
  if (!file->file->is_directory() || tree_fs(call) == nullptr) return NtStatus::InvalidParameter;
  if (!call.state.reply_sink) return NtStatus::NotSupported;  // nowhere to answer later
  if (!call.state.notify) {
    call.state.notify = NotifyWatcher::create(call.state.loop, call.state.reply_sink);
    if (!call.state.notify) return NtStatus::InsufficientResources;
  }
  auto now = call.state.notify->request(setup->fid, call.tid, file->file->fd(), *setup,
                                        call.request_header, req.max_parameter_count);
  if (!now) {
    call.answer = Answer::Later;
    return NtStatus::Success;
  }
  smb1::NtTransactResponse resp;
  if (now->status == NtStatus::Success) resp.parameters = smb1::encode_notify_entries(now->entries);
  resp.total_parameter_count = static_cast<uint32_t>(resp.parameters.size());
  resp.encode(call.out);
  return now->status;
}

}  // namespace

NtStatus handle_nt_transact(Smb1Call& call) {
  auto req = smb1::NtTransactRequest::decode(call.block);
  if (!req) return req.error();
  // NOTIFY_CHANGE has neither parameters nor data, so comes whole; secondaries are not served.
  if (req->parameters.size() != req->total_parameter_count ||
      req->data.size() != req->total_data_count)
    return NtStatus::NotSupported;
  if (req->function == static_cast<uint16_t>(smb1::NtTransactFunction::NotifyChange))
    return notify_change(call, *req);
  return NtStatus::NotSupported;
}

NtStatus handle_nt_cancel(Smb1Call& call) {
  call.answer = Answer::Never;  // MS-CIFS 3.3.5.52: the cancelled request answers
  auto req = smb1::NtCancelRequest::decode(call.block);
  if (!req) return req.error();
  const smb1::Header& h = call.request_header;
  if (call.state.notify && call.state.notify->cancel(h.uid, h.pid(), h.mid))
    log_debug("NT_CANCEL of MID {} answered", h.mid);
  return NtStatus::Success;
}

}  // namespace smbkit::server
