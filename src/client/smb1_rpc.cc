// srvsvc over a named pipe on IPC$ (MS-RPCE 2.1.1.2 ncacn_np over SMB1): TREE_CONNECT_ANDX to
// IPC$, NT_CREATE_ANDX of "\srvsvc", the DCE/RPC PDUs of src/rpc/client.h written with
// WRITE_ANDX and read with READ_ANDX (MS-CIFS 2.2.4.42-43, 3.2.4.5, 3.2.4.21-22), CLOSE.
#include <algorithm>
#include <string>

#include "client/rpc_status.h"
#include "client/smb1_session.h"
#include "fscc/access.h"
#include "rpc/pdu.h"
#include "rpc/srvsvc.h"
#include "smb1/read_write.h"

namespace smbkit::client {
namespace {

using smb1::Command;

constexpr uint32_t kBindCallId = 1;
constexpr uint16_t kBindFragmentSize = 4280;  // what Windows and Samba offer
// Samba's DESIRED_ACCESS_PIPE: read and write data, EAs and attributes, READ_CONTROL.
constexpr uint32_t kPipeAccess = kFileReadData | kFileWriteData | kFileAppendData | kFileReadEa |
                                 kFileWriteEa | kFileReadAttributes | kFileWriteAttributes |
                                 kReadControl;
// Bounds on a server that keeps a call going: reads of one reply (each returns at least one
// byte, or counts as empty), empty reads in a row, pages of NetrShareEnum, shares in all.
constexpr size_t kMaxReadsPerReply = 4096;
constexpr int kMaxEmptyReads = 3;
constexpr int kMaxSharePages = 1024;
constexpr size_t kMaxShares = 100000;
// The smallest READ_ANDX reply around its data and the smallest fragment worth reading.
constexpr uint32_t kMinPipeRead = static_cast<uint32_t>(rpc::kHeaderSize) + 8;

const std::vector<NtStatus> kPartialMessage{NtStatus::BufferOverflow};

std::string pdu_type_name(rpc::PduType type) {
  switch (type) {
    case rpc::PduType::Request: return "REQUEST";
    case rpc::PduType::Response: return "RESPONSE";
    case rpc::PduType::Fault: return "FAULT";
    case rpc::PduType::Bind: return "BIND";
    case rpc::PduType::BindAck: return "BIND_ACK";
    case rpc::PduType::BindNak: return "BIND_NAK";
    case rpc::PduType::AlterContext: return "ALTER_CONTEXT";
    case rpc::PduType::AlterContextResp: return "ALTER_CONTEXT_RESP";
    case rpc::PduType::Auth3: return "AUTH3";
    case rpc::PduType::Shutdown: return "SHUTDOWN";
    case rpc::PduType::CoCancel: return "CO_CANCEL";
    case rpc::PduType::Orphaned: return "ORPHANED";
  }
  return "PTYPE_" + std::to_string(static_cast<unsigned>(type));
}

std::string srvsvc_op_name(uint16_t opnum) {
  switch (opnum) {
    case rpc::kOpNetrShareEnum: return "NetrShareEnum";
    case rpc::kOpNetrShareGetInfo: return "NetrShareGetInfo";
    case rpc::kOpNetrServerGetInfo: return "NetrServerGetInfo";
  }
  return std::to_string(opnum);
}

// What the trace shows of the PDU that `data` starts with: its type, call id, fragment flags.
TraceFields describe_pdu(Bytes data) {
  auto header = rpc::PduHeader::decode(data);
  if (!header || header->rpc_vers != rpc::kRpcVersion) return {};
  TraceFields f{{"rpc", pdu_type_name(header->type)},
                {"call_id", std::to_string(header->call_id)}};
  bool first = header->pfc_flags & rpc::kPfcFirstFrag;
  bool last = header->pfc_flags & rpc::kPfcLastFrag;
  if (!first || !last)
    f.push_back({"frag", first ? "first" : last ? "last" : "middle"});
  return f;
}

}  // namespace

uint32_t Smb1Session::pipe_read_size(const rpc::BindResult& bind) const {
  // A whole fragment of the server's in one read when the connection takes it; READ_ANDX's
  // count is 16 bits for a pipe (MaxCountHigh is a time-out there).
  uint32_t size = std::min<uint32_t>({bind.max_recv_frag, max_read_size(), 0xFFFF});
  return std::max(size, kMinPipeRead);
}

asio::awaitable<Result<void>> Smb1Session::pipe_write(const FileHandle& pipe,
                                                      std::span<const uint8_t> pdu,
                                                      TraceFields fields) {
  smb1::WriteAndXRequest req;
  req.fid = pipe.fid;
  req.offset = 0;
  // MS-CIFS 2.2.4.43.1: the first (here the only) part of a message on a message-mode pipe,
  // Remaining the message's bytes.
  req.write_mode = smb1::kMsgStart;
  req.remaining = static_cast<uint16_t>(pdu.size());
  req.large_offset = true;
  req.data = pdu;
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::WriteAndX, pipe.tree));
  req.encode(mw);
  TraceFields all{{"fid", trace_hex16(pipe.fid)}, {"count", std::to_string(pdu.size())}};
  all.insert(all.end(), fields.begin(), fields.end());
  auto mid = co_await conn_.send(std::move(msg), std::move(all));
  if (!mid) co_return fail(mid.error());
  auto count = co_await receive_write(*mid, static_cast<uint32_t>(pdu.size()));
  if (!count) co_return fail(count.error());
  // A PDU is one message: a pipe that takes part of it has lost the framing.
  if (*count != pdu.size()) co_return fail(NtStatus::InvalidNetworkResponse);
  co_return Result<void>{};
}

asio::awaitable<Result<std::vector<uint8_t>>> Smb1Session::pipe_read(const FileHandle& pipe,
                                                                     uint32_t count,
                                                                     PduBoundary& boundary) {
  smb1::ReadAndXRequest req;
  req.fid = pipe.fid;
  req.offset = 0;
  req.max_count = static_cast<uint16_t>(count);
  req.min_count = 0;  // what the pipe has: a message, or the part of it that fits
  req.timeout_or_max_count_high = 0;
  req.large_offset = true;
  std::vector<uint8_t> msg;
  smb1::MessageWriter mw(msg, conn_.header(Command::ReadAndX, pipe.tree));
  req.encode(mw);
  TraceFields fields{{"fid", trace_hex16(pipe.fid)}, {"count", std::to_string(count)}};
  std::vector<uint8_t> data;
  auto handler = [&](const smb1::Message& m) -> Result<TraceFields> {
    auto resp = smb1::ReadAndXResponse::decode(m.blocks[0]);
    if (!resp) return fail(resp.error());
    if (resp->data.size() > count) return fail(NtStatus::InvalidNetworkResponse);
    data.assign(resp->data.begin(), resp->data.end());
    TraceFields f{{"bytes", std::to_string(data.size())}};
    // Name the PDU this read begins with, when it begins one.
    Bytes rest = data;
    bool begins_pdu = !boundary.lost && boundary.left == 0;
    if (begins_pdu) {
      TraceFields pdu = describe_pdu(rest);
      f.insert(f.end(), pdu.begin(), pdu.end());
    }
    while (!rest.empty() && !boundary.lost) {
      if (boundary.left == 0) {
        auto length = rpc::peek_frag_length(rest);
        if (!length || *length < rpc::kHeaderSize) {
          boundary.lost = true;
          break;
        }
        boundary.left = *length;
      }
      size_t n = std::min(boundary.left, rest.size());
      boundary.left -= n;
      rest = rest.subspan(n);
    }
    return f;
  };
  auto mid = co_await conn_.send(std::move(msg), std::move(fields));
  if (!mid) co_return fail(mid.error());
  auto status = co_await conn_.receive(*mid, Command::ReadAndX, handler, kPartialMessage);
  conn_.finish(*mid);
  if (!status) co_return fail(status.error());
  co_return data;
}

asio::awaitable<Result<void>> Smb1Session::open_srvsvc() {
  if (srvsvc_) co_return Result<void>{};
  auto tree = co_await tree_connect("IPC$", smb1::kServiceIpc);
  if (!tree) co_return fail(tree.error());
  OpenOptions options;
  options.desired_access = kPipeAccess;
  options.share_access = kFileShareRead | kFileShareWrite;
  options.create_disposition = kFileOpen;
  options.create_options = 0;
  auto pipe = co_await open(*tree, "srvsvc", options);
  if (!pipe) {
    co_await tree_disconnect(*tree);
    co_return fail(pipe.error());
  }
  auto give_up = [&](NtStatus why) -> asio::awaitable<Result<void>> {
    co_await close(*pipe);
    co_await tree_disconnect(*tree);
    co_return fail(why);
  };
  // C706 12.6.4.3: BIND to srvsvc with NDR 2.0; its BIND_ACK (or BIND_NAK) is one PDU.
  auto bind = rpc::encode_srvsvc_bind(kBindCallId, kBindFragmentSize);
  if (auto written = co_await pipe_write(*pipe, bind, describe_pdu(bind)); !written)
    co_return co_await give_up(written.error());
  std::vector<uint8_t> ack;
  PduBoundary boundary;
  rpc::BindResult offered;
  offered.max_xmit_frag = offered.max_recv_frag = kBindFragmentSize;
  const uint32_t read_limit = pipe_read_size(offered);
  for (int empty = 0;;) {
    auto length = rpc::peek_frag_length(ack);
    if (length && *length < rpc::kHeaderSize)
      co_return co_await give_up(NtStatus::InvalidNetworkResponse);
    if (length && ack.size() >= *length) break;
    uint32_t want = length ? *length - static_cast<uint32_t>(ack.size()) : kBindFragmentSize;
    auto got = co_await pipe_read(*pipe, std::min(want, read_limit), boundary);
    if (!got) co_return co_await give_up(got.error());
    if (got->empty() && ++empty > kMaxEmptyReads)
      co_return co_await give_up(NtStatus::InvalidNetworkResponse);
    ack.insert(ack.end(), got->begin(), got->end());
  }
  // Nothing may follow the BIND_ACK: its call is the only one in progress.
  if (ack.size() != *rpc::peek_frag_length(ack))
    co_return co_await give_up(NtStatus::InvalidNetworkResponse);
  auto bound = rpc::decode_bind_ack(ack, kBindCallId);
  if (!bound) co_return co_await give_up(bound.error());
  srvsvc_ = RpcPipe{*pipe, *bound, kBindCallId + 1};
  co_return Result<void>{};
}

asio::awaitable<void> Smb1Session::close_srvsvc() {
  if (!srvsvc_) co_return;
  FileHandle file = srvsvc_->file;
  srvsvc_.reset();
  co_await close(file);
  co_await tree_disconnect(file.tree);
}

asio::awaitable<Result<std::vector<uint8_t>>> Smb1Session::srvsvc_call(
    uint16_t opnum, std::vector<uint8_t> stub) {
  if (auto opened = co_await open_srvsvc(); !opened) co_return fail(opened.error());
  FileHandle pipe = srvsvc_->file;
  rpc::BindResult bind = srvsvc_->bind;
  uint32_t call_id = srvsvc_->next_call_id++;
  // Whatever goes wrong below leaves the pipe in an unknown state: the next call opens another.
  auto broken = [&](NtStatus why) -> asio::awaitable<Result<std::vector<uint8_t>>> {
    co_await close_srvsvc();
    co_return fail(why);
  };
  uint16_t fragment = static_cast<uint16_t>(
      std::min<uint32_t>(bind.max_xmit_frag, std::max(max_write_size(), kMinPipeRead)));
  auto requests = rpc::encode_request(call_id, bind.context_id, opnum, stub, fragment);
  for (const auto& pdu : requests) {
    TraceFields fields = describe_pdu(pdu);
    fields.push_back({"opnum", std::to_string(opnum)});
    fields.push_back({"op", srvsvc_op_name(opnum)});
    if (auto written = co_await pipe_write(pipe, pdu, std::move(fields)); !written)
      co_return co_await broken(written.error());
  }
  rpc::ResponseAssembler assembler(call_id);
  PduBoundary boundary;
  uint32_t size = pipe_read_size(bind);
  for (size_t reads = 0, empty = 0; !assembler.done(); ++reads) {
    if (reads >= kMaxReadsPerReply) co_return co_await broken(NtStatus::InvalidNetworkResponse);
    auto got = co_await pipe_read(pipe, size, boundary);
    if (!got) co_return co_await broken(got.error());
    if (got->empty()) {
      if (++empty > kMaxEmptyReads) co_return co_await broken(NtStatus::InvalidNetworkResponse);
      continue;
    }
    empty = 0;
    if (assembler.feed(*got) != NtStatus::Success)
      co_return co_await broken(NtStatus::InvalidNetworkResponse);
  }
  // A fault ends the call, not the association: the pipe stays for the next one.
  if (assembler.fault() != 0) co_return fail(status_from_rpc_fault(assembler.fault()));
  co_return assembler.stub();
}

asio::awaitable<Result<std::vector<ShareInfo>>> Smb1Session::list_shares() {
  std::vector<ShareInfo> shares;
  std::string server = rpc::server_unc(options_.host);
  uint32_t resume = 0;
  for (int page = 0;; ++page) {
    if (page >= kMaxSharePages) co_return fail(NtStatus::InvalidNetworkResponse);
    auto stub = co_await srvsvc_call(rpc::kOpNetrShareEnum,
                                     rpc::encode_share_enum_level1_request(server, resume));
    if (!stub) co_return fail(stub.error());
    auto list = rpc::decode_share_enum_level1(*stub);
    if (!list) co_return fail(list.error());
    if (list->status != rpc::kWerrOk && list->status != rpc::kWerrMoreData)
      co_return fail(status_from_werror(list->status));
    for (auto& s : list->shares)
      shares.push_back({std::move(s.name), s.type, std::move(s.comment)});
    if (shares.size() > kMaxShares) co_return fail(NtStatus::InvalidNetworkResponse);
    if (list->status == rpc::kWerrOk) break;
    // ERROR_MORE_DATA: the next page starts at the resume handle, which must move on, and this
    // page must have brought something (MS-SRVS 3.1.4.8), or the listing would never end.
    if (list->shares.empty() || list->resume_handle == 0 || list->resume_handle == resume)
      co_return fail(NtStatus::InvalidNetworkResponse);
    resume = list->resume_handle;
  }
  co_return shares;
}

asio::awaitable<Result<ServerDescription>> Smb1Session::describe_server() {
  auto stub = co_await srvsvc_call(
      rpc::kOpNetrServerGetInfo,
      rpc::encode_server_get_info_101_request(rpc::server_unc(options_.host)));
  if (!stub) co_return fail(stub.error());
  auto info = rpc::decode_server_info_101(*stub);
  if (!info) co_return fail(info.error());
  if (info->status != rpc::kWerrOk) co_return fail(status_from_werror(info->status));
  ServerDescription out;
  out.platform_id = info->platform_id;
  out.name = std::move(info->name);
  out.version_major = info->version_major;
  out.version_minor = info->version_minor;
  out.type = info->type;
  out.comment = std::move(info->comment);
  co_return out;
}

}  // namespace smbkit::client
