// SMB_COM_NT_TRANSACT (MS-CIFS 2.2.4.62) and SMB_COM_NT_CANCEL (MS-CIFS 2.2.4.65). Of the
// NT_TRANSACT functions NOTIFY_CHANGE is served, answered later when something changes
// (notify_watcher.h), QUERY_SECURITY_DESC / SET_SECURITY_DESC, with a descriptor derived from
// the file's owner, group and mode (posix_security.h), CREATE (NT_CREATE_ANDX's open) and
// RENAME (accepted and ignored, as Windows does).
#include "fscc/ea_information.h"
#include "server/core/security_info.h"
#include "server/access.h"
#include "server/log.h"
#include "server/posix_security.h"
#include "server/smb1/handler.h"
#include "server/smb1/nt_create_open.h"
#include "smb1/nt_cancel.h"
#include "smb1/nt_transact.h"
#include "smb1/nt_transact_create.h"
#include "smb1/nt_transact_notify.h"
#include "smb1/nt_transact_rename.h"
#include "smb1/nt_transact_security.h"

namespace smbkit::server {
namespace {

// MS-CIFS 3.3.5.59.4: a directory handle; the changes kept between requests, if any, at once.
NtStatus notify_change(Smb1Call& call, const smb1::NtTransactRequest& req) {
  auto setup = smb1::NotifyChangeSetup::decode(req.setup);
  if (!setup) return setup.error();
  Smb1File* file = call.state.files.find(setup->fid);
  if (!file || file->tid != call.tid) return NtStatus::InvalidHandle;
  if (tree_fs(call) == nullptr || !file->file->is_directory()) return NtStatus::InvalidParameter;
  if (!call.state.reply_sink) return NtStatus::NotSupported;  // nowhere to answer later
  if (!call.state.notify) {
    call.state.notify = NotifyWatcher::create(call.state.loop);
    if (!call.state.notify) return NtStatus::InsufficientResources;
  }
  const smb1::Header& h = call.request_header;
  // The late reply: the entries as NT_Trans_Parameters, or an error with no block.
  auto done = [request = h, sink = call.state.reply_sink](
                  NtStatus status, std::vector<fscc::FileNotifyEntry> entries) {
    std::vector<uint8_t> parameters;
    if (status == NtStatus::Success) parameters = fscc::encode_notify_entries(entries);
    auto body = [&parameters, status](smb1::MessageWriter& out) {
      if (status != NtStatus::Success && status != NtStatus::NotifyEnumDir) return;
      smb1::NtTransactResponse resp;
      resp.total_parameter_count = static_cast<uint32_t>(parameters.size());
      resp.parameters = parameters;
      resp.encode(out);
    };
    sink(frame_late_reply(request, status, body));
  };
  NotifyAsk ask{setup->completion_filter, setup->watch_tree, req.max_parameter_count};
  auto now = call.state.notify->request(setup->fid, call.tid, file->file->fd(), ask,
                                        smb1_request_id(h.uid, h.pid(), h.mid), std::move(done));
  if (!now) {
    call.answer = Answer::Later;
    return NtStatus::Success;
  }
  smb1::NtTransactResponse resp;
  if (now->status == NtStatus::Success) resp.parameters = fscc::encode_notify_entries(now->entries);
  resp.total_parameter_count = static_cast<uint32_t>(resp.parameters.size());
  resp.encode(call.out);
  return now->status;
}

// The open named by a FID of the transaction's parameters, in the call's tree.
Smb1File* file_of(Smb1Call& call, uint16_t fid) {
  Smb1File* file = call.state.files.find(fid);
  return file && file->tid == call.tid ? file : nullptr;
}

// MS-CIFS 3.3.5.59.6: the parts SecurityInfoFields asks for. A descriptor larger than
// MaxDataCount is STATUS_BUFFER_TOO_SMALL with LengthNeeded in the parameters and no data.
NtStatus query_security_desc(Smb1Call& call, const smb1::NtTransactRequest& req) {
  auto query = smb1::QuerySecurityDescRequest::decode(req.parameters);
  if (!query) return query.error();
  Smb1File* file = file_of(call, query->fid);
  if (!file) return NtStatus::InvalidHandle;
  if (file->is_pipe()) return NtStatus::NotSupported;  // a pipe keeps no descriptor here
  auto descriptor = query_security(*file, query->security_information);
  if (!descriptor) return descriptor.error();
  fscc::SecurityDescriptor sd = std::move(*descriptor);
  smb1::QuerySecurityDescResponse answer;
  answer.length_needed = static_cast<uint32_t>(sd.wire_size());
  NtStatus status = NtStatus::BufferTooSmall;
  if (answer.length_needed <= req.max_data_count) {
    answer.descriptor = std::move(sd);
    status = NtStatus::Success;
  }
  smb1::NtTransactResponse resp;
  resp.parameters = answer.encode_parameters();
  resp.data = answer.encode_data();
  resp.total_parameter_count = static_cast<uint32_t>(resp.parameters.size());
  resp.total_data_count = static_cast<uint32_t>(resp.data.size());
  resp.encode(call.out);
  return status;
}

// MS-CIFS 3.3.5.59.3: the parts SecurityInformation names, as far as a mode can hold them
// (mode_from_descriptor); bits beyond OWNER, GROUP, DACL and SACL are ignored (MS-SMB 2.2.7.3).
NtStatus set_security_desc(Smb1Call& call, const smb1::NtTransactRequest& req) {
  auto set = smb1::SetSecurityDescRequest::decode(req);
  if (!set) return set.error();
  Smb1File* file = file_of(call, set->fid);
  if (!file) return NtStatus::InvalidHandle;
  if (file->is_pipe()) return NtStatus::NotSupported;
  if (auto r = set_security(*file, set->descriptor, set->security_information); !r)
    return r.error();
  smb1::NtTransactResponse resp;
  resp.encode(call.out);
  return NtStatus::Success;
}

// MS-CIFS 3.3.5.59.1: NT_CREATE_ANDX's open, with the extended attributes of NT_Trans_Data
// (2.2.7.1.1: a FILE_FULL_EA_INFORMATION list of EALength bytes after the security descriptor)
// given to a file it makes or overwrites; a malformed list is STATUS_EA_LIST_INCONSISTENT and a
// bad name STATUS_INVALID_EA_NAME, before anything opens. No security descriptor is applied at
// create: a request carrying one is refused.
NtStatus nt_transact_create(Smb1Call& call, const smb1::NtTransactRequest& req) {
  auto create = smb1::NtTransactCreateRequest::decode(req.parameters, call.block.unicode);
  if (!create) return create.error();
  uint64_t described = uint64_t{create->security_descriptor_length} + create->ea_length;
  if (described > req.data.size()) return NtStatus::InvalidParameter;
  if (create->security_descriptor_length != 0) return NtStatus::NotSupported;
  auto eas = fscc::decode_full_ea_list(
      Bytes(req.data).subspan(create->security_descriptor_length, create->ea_length));
  smb1::NtCreateAndXResponse opened;
  NtStatus status = eas ? nt_create(call, &create->create, opened, *eas) : eas.error();
  if (status != NtStatus::Success && !is_error(status)) {
    // A warning (STATUS_INVALID_EA_NAME, STATUS_EA_LIST_INCONSISTENT) is a reply the client
    // parses (MS-CIFS 2.2.2.4): an NT_TRANSACT response with no parameters.
    smb1::NtTransactResponse{}.encode(call.out);
    return status;
  }
  if (status != NtStatus::Success) return status;
  smb1::NtTransactResponse resp;
  resp.parameters = smb1::encode_nt_transact_create_response(opened);
  resp.total_parameter_count = static_cast<uint32_t>(resp.parameters.size());
  resp.encode(call.out);
  return NtStatus::Success;
}

// MS-CIFS 3.3.5.59.5: Windows checks the handle and renames nothing (smbtorture
// raw.rename.nttransrename finds the name unchanged), and so does smbkit.
NtStatus nt_transact_rename(Smb1Call& call, const smb1::NtTransactRequest& req) {
  auto rename = smb1::NtTransactRenameRequest::decode(req.parameters, call.block.unicode);
  if (!rename) return rename.error();
  if (!file_of(call, rename->fid)) return NtStatus::InvalidHandle;
  smb1::NtTransactResponse{}.encode(call.out);
  return NtStatus::Success;
}

}  // namespace

NtStatus handle_nt_transact(Smb1Call& call) {
  auto req = smb1::NtTransactRequest::decode(call.block);
  if (!req) return req.error();
  // The functions served fit in one message; secondaries are not served.
  if (req->parameters.size() != req->total_parameter_count ||
      req->data.size() != req->total_data_count)
    return NtStatus::NotSupported;
  switch (static_cast<smb1::NtTransactFunction>(req->function)) {
    case smb1::NtTransactFunction::NotifyChange: return notify_change(call, *req);
    case smb1::NtTransactFunction::QuerySecurityDesc: return query_security_desc(call, *req);
    case smb1::NtTransactFunction::SetSecurityDesc: return set_security_desc(call, *req);
    case smb1::NtTransactFunction::Create: return nt_transact_create(call, *req);
    case smb1::NtTransactFunction::Rename: return nt_transact_rename(call, *req);
    default: return NtStatus::NotSupported;
  }
}

NtStatus handle_nt_cancel(Smb1Call& call) {
  call.answer = Answer::Never;  // MS-CIFS 3.3.5.52: the cancelled request answers
  auto req = smb1::NtCancelRequest::decode(call.block);
  if (!req) return req.error();
  const smb1::Header& h = call.request_header;
  // The request cancelled is a pending NOTIFY_CHANGE or a waiting lock (then FILE_LOCK_CONFLICT,
  // smbtorture raw.mux); the connection's `Smb1State` is what its opens were admitted with.
  RequestId id = smb1_request_id(h.uid, h.pid(), h.mid);
  bool cancelled = call.state.notify && call.state.notify->cancel(id);
  // A read or transaction waiting on a named pipe (STATUS_CANCELLED).
  for (auto it = call.state.files.begin(); !cancelled && it != call.state.files.end(); ++it)
    cancelled = it->second.pipe && it->second.pipe->cancel(id);
  if (cancelled || call.shared.opens.cancel_request(call.state.connection, id))
    log_debug("NT_CANCEL of MID {} answered", h.mid);
  return NtStatus::Success;
}

}  // namespace smbkit::server
