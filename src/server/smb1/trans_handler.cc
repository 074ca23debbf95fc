// SMB_COM_TRANSACTION (MS-CIFS 3.3.5.33) on IPC$: the named pipe subcommands RPC clients send
// (MS-CIFS 2.2.5, 3.3.5.33.x): TRANS_TRANSACT_NMPIPE, a write and the reply read back in one
// round trip, and the pipe state requests (TRANS_QUERY_NMPIPE_STATE, TRANS_SET_NMPIPE_STATE,
// TRANS_QUERY_NMPIPE_INFO). Remote Administration Protocol calls ("\PIPE\LANMAN") and mailslots
// are not served.
#include <strings.h>

#include <algorithm>

#include "server/access.h"
#include "server/core/pipes.h"
#include "server/log.h"
#include "server/smb1/handler.h"
#include "server/smb1/open_in_tree.h"
#include "smb1/trans.h"

namespace smbkit::server {
namespace {

using smb1::TransSubcommand;

// The reply of a transaction: its parameters and data, with the status they go with.
struct TransReply {
  NtStatus status = NtStatus::Success;
  std::vector<uint8_t> parameters;
  std::vector<uint8_t> data;
};

void encode_reply(smb1::MessageWriter& out, const TransReply& reply) {
  smb1::TransResponse resp;
  resp.total_parameter_count = static_cast<uint16_t>(reply.parameters.size());
  resp.total_data_count = static_cast<uint16_t>(reply.data.size());
  resp.parameters = reply.parameters;
  resp.data = reply.data;
  resp.encode(out);
}

NtStatus send(Smb1Call& call, const TransReply& reply) {
  encode_reply(call.out, reply);
  return reply.status;
}

// The pipe a subcommand names in Setup[1], in the call's tree and session.
Result<Smb1File*> pipe_of(Smb1Call& call, const smb1::TransRequest& req) {
  if (req.setup.size() < 2) return fail(NtStatus::InvalidParameter);
  Smb1File* file = call.state.files.find(req.setup[1]);
  if (!file || file->tid != call.tid) return fail(NtStatus::InvalidHandle);
  if (!file->is_pipe()) return fail(NtStatus::InvalidDeviceRequest);
  return file;
}

// MS-CIFS 2.2.5.6 TRANS_TRANSACT_NMPIPE: the data is written to the pipe and the reply read back, at most MaxDataCount bytes of it
// (STATUS_BUFFER_OVERFLOW with the part that fits; the client reads the rest with READ_ANDX).
// A reply not produced yet is waited for and answered later, as READ_ANDX does.
NtStatus transact(Smb1Call& call, const smb1::TransRequest& req) {
  auto file = pipe_of(call, req);
  if (!file) return file.error();
  uint32_t granted = (*file)->granted_access;
  if (!(granted & kFileReadData) || !can_write(granted)) return NtStatus::AccessDenied;
  PipeOpen& pipe = *(*file)->pipe;
  if (auto now = pipe.transceive(req.data, req.max_data_count)) {
    if (is_error(now->status)) return now->status;
    return send(call, TransReply{now->status, {}, std::move(now->data)});
  }
  if (!call.state.reply_sink) return NtStatus::PipeEmpty;  // nowhere to answer later
  const smb1::Header& h = call.request_header;
  auto done = [request = h, sink = call.state.reply_sink](PipeData d) {
    auto body = [&d](smb1::MessageWriter& out) {
      if (!is_error(d.status)) encode_reply(out, TransReply{d.status, {}, d.data});
    };
    sink(frame_late_reply(request, d.status, body));
  };
  pipe.wait(smb1_request_id(h.uid, h.pid(), h.mid), req.max_data_count, std::move(done));
  call.answer = Answer::Later;
  return NtStatus::Success;
}

// MS-CIFS 2.2.5.3 TRANS_QUERY_NMPIPE_STATE: the pipe's NMPipeStatus in the parameters.
NtStatus query_state(Smb1Call& call, const smb1::TransRequest& req) {
  auto file = pipe_of(call, req);
  if (!file) return file.error();
  TransReply reply;
  reply.parameters = {kPipeOpenStatus & 0xFF, kPipeOpenStatus >> 8};
  return send(call, reply);
}

// MS-CIFS 2.2.5.1 TRANS_SET_NMPIPE_STATE: PipeState's ReadMode and Nonblocking bits. The pipe
// is read in message mode and blocks, so only that state can be set (RPC clients ask no other).
NtStatus set_state(Smb1Call& call, const smb1::TransRequest& req) {
  auto file = pipe_of(call, req);
  if (!file) return file.error();
  if (req.parameters.size() < 2) return NtStatus::InvalidParameter;
  uint16_t state = static_cast<uint16_t>(req.parameters[0] | req.parameters[1] << 8);
  constexpr uint16_t kSettable = smb1::kNmPipeReadModeMessage | smb1::kNmPipeNonblocking;
  if ((state & kSettable) != smb1::kNmPipeReadModeMessage) return NtStatus::NotSupported;
  return send(call, TransReply{});
}

// MS-CIFS 2.2.5.4 TRANS_QUERY_NMPIPE_INFO level 1: OutputBufferSize, InputBufferSize,
// MaximumInstances, CurrentInstances, PipeNameLength, PipeName (as the client named it, Unicode
// when negotiated).
NtStatus query_info(Smb1Call& call, const smb1::TransRequest& req) {
  auto file = pipe_of(call, req);
  if (!file) return file.error();
  if (req.parameters.size() < 2) return NtStatus::InvalidParameter;
  if ((req.parameters[0] | req.parameters[1] << 8) != 1) return NtStatus::InvalidParameter;
  TransReply reply;
  ByteWriter w(reply.data);
  w.u16(0xFFFF);  // OutputBufferSize
  w.u16(0xFFFF);  // InputBufferSize
  w.u8(0xFF);     // MaximumInstances: unlimited
  w.u8(1);        // CurrentInstances
  std::string name = (*file)->path;
  // The name as Windows gives it: "\PIPE\srvsvc".
  if (strncasecmp(name.c_str(), "\\PIPE\\", 6) != 0)
    name = "\\PIPE" + (name.starts_with("\\") ? name : "\\" + name);
  if (call.block.unicode) {
    w.u8(static_cast<uint8_t>(std::min<size_t>(name.size() * 2, 0xFF)));  // PipeNameLength
    w.u8(0);  // pad to 2 for the Unicode name
    for (char c : name) {
      w.u8(static_cast<uint8_t>(c));
      w.u8(0);
    }
    w.u16(0);
  } else {
    w.u8(static_cast<uint8_t>(std::min<size_t>(name.size(), 0xFF)));
    for (char c : name) w.u8(static_cast<uint8_t>(c));
    w.u8(0);
  }
  if (reply.data.size() > req.max_data_count) return NtStatus::BufferTooSmall;
  return send(call, reply);
}

}  // namespace

NtStatus handle_trans(Smb1Call& call) {
  auto req = smb1::TransRequest::decode(call.block);
  if (!req) return req.error();
  // Requests that need TRANSACTION_SECONDARY parts are not served.
  if (!req->is_complete()) return NtStatus::NotSupported;
  // Mailslots, and transactions on a disk share, are not served; nor is the Remote
  // Administration Protocol ("\PIPE\LANMAN": share lists go by srvsvc).
  if (!call.tree->is_ipc() || strcasecmp(req->name.c_str(), smb1::kTransPipeName) != 0) {
    log_debug("SMB_COM_TRANSACTION '{}' not served", req->name);
    return NtStatus::NotSupported;
  }
  switch (static_cast<TransSubcommand>(req->subcommand())) {
    case TransSubcommand::TransactNmpipe: return transact(call, *req);
    case TransSubcommand::QueryNmpipeState: return query_state(call, *req);
    case TransSubcommand::SetNmpipeState: return set_state(call, *req);
    case TransSubcommand::QueryNmpipeInfo: return query_info(call, *req);
    default: return NtStatus::NotSupported;
  }
}

}  // namespace smbkit::server
