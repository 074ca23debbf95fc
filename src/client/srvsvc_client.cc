#include "client/srvsvc_client.h"

#include <algorithm>

#include "client/rpc_status.h"
#include "rpc/pdu.h"
#include "rpc/srvsvc.h"

namespace smbkit::client {
namespace {

constexpr uint32_t kBindCallId = 1;
constexpr uint16_t kBindFragmentSize = 4280;  // what Windows and Samba offer
// Bounds on a server that keeps a call going: reads of one reply (each returns at least one
// byte, or counts as empty), empty reads in a row, pages of NetrShareEnum, shares in all.
constexpr size_t kMaxReadsPerReply = 4096;
constexpr int kMaxEmptyReads = 3;
constexpr int kMaxSharePages = 1024;
constexpr size_t kMaxShares = 100000;
// The smallest READ_ANDX reply around its data and the smallest fragment worth reading.
constexpr uint32_t kMinPipeRead = static_cast<uint32_t>(rpc::kHeaderSize) + 8;

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

}  // namespace

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

TraceFields describe_pipe_read(Bytes data, PduBoundary& boundary) {
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
}

uint32_t SrvsvcClient::read_size(const rpc::BindResult& bind) const {
  // A whole fragment of the server's in one read when the connection takes it.
  return std::max(std::min<uint32_t>(bind.max_recv_frag, io_.max_pipe_read()), kMinPipeRead);
}

asio::awaitable<Result<void>> SrvsvcClient::open() {
  if (pipe_) co_return Result<void>{};
  auto pipe = co_await io_.open_pipe("srvsvc");
  if (!pipe) co_return fail(pipe.error());
  auto give_up = [&](NtStatus why) -> asio::awaitable<Result<void>> {
    co_await io_.close_pipe(*pipe);
    co_return fail(why);
  };
  // C706 12.6.4.3: BIND to srvsvc with NDR 2.0; its BIND_ACK (or BIND_NAK) is one PDU.
  auto bind = rpc::encode_srvsvc_bind(kBindCallId, kBindFragmentSize);
  if (auto written = co_await io_.pipe_write(*pipe, bind, describe_pdu(bind)); !written)
    co_return co_await give_up(written.error());
  std::vector<uint8_t> ack;
  PduBoundary boundary;
  rpc::BindResult offered;
  offered.max_xmit_frag = offered.max_recv_frag = kBindFragmentSize;
  const uint32_t read_limit = read_size(offered);
  for (int empty = 0;;) {
    auto length = rpc::peek_frag_length(ack);
    if (length && *length < rpc::kHeaderSize)
      co_return co_await give_up(NtStatus::InvalidNetworkResponse);
    if (length && ack.size() >= *length) break;
    uint32_t want = length ? *length - static_cast<uint32_t>(ack.size()) : kBindFragmentSize;
    auto got = co_await io_.pipe_read(*pipe, std::min(want, read_limit), boundary);
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
  pipe_ = Pipe{*pipe, *bound, kBindCallId + 1};
  co_return Result<void>{};
}

asio::awaitable<void> SrvsvcClient::close() {
  if (!pipe_) co_return;
  FileHandle file = pipe_->file;
  pipe_.reset();
  co_await io_.close_pipe(file);
}

asio::awaitable<Result<std::vector<uint8_t>>> SrvsvcClient::call(uint16_t opnum,
                                                                 std::vector<uint8_t> stub) {
  if (auto opened = co_await open(); !opened) co_return fail(opened.error());
  FileHandle pipe = pipe_->file;
  rpc::BindResult bind = pipe_->bind;
  uint32_t call_id = pipe_->next_call_id++;
  // Whatever goes wrong below leaves the pipe in an unknown state: the next call opens another.
  auto broken = [&](NtStatus why) -> asio::awaitable<Result<std::vector<uint8_t>>> {
    co_await close();
    co_return fail(why);
  };
  uint16_t fragment = static_cast<uint16_t>(
      std::min<uint32_t>(bind.max_xmit_frag, std::max(io_.max_pipe_write(), kMinPipeRead)));
  auto requests = rpc::encode_request(call_id, bind.context_id, opnum, stub, fragment);
  for (const auto& pdu : requests) {
    TraceFields fields = describe_pdu(pdu);
    fields.push_back({"opnum", std::to_string(opnum)});
    fields.push_back({"op", srvsvc_op_name(opnum)});
    if (auto written = co_await io_.pipe_write(pipe, pdu, std::move(fields)); !written)
      co_return co_await broken(written.error());
  }
  rpc::ResponseAssembler assembler(call_id);
  PduBoundary boundary;
  uint32_t size = read_size(bind);
  for (size_t reads = 0, empty = 0; !assembler.done(); ++reads) {
    if (reads >= kMaxReadsPerReply) co_return co_await broken(NtStatus::InvalidNetworkResponse);
    auto got = co_await io_.pipe_read(pipe, size, boundary);
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

asio::awaitable<Result<std::vector<ShareInfo>>> SrvsvcClient::list_shares() {
  std::vector<ShareInfo> shares;
  std::string server = rpc::server_unc(host_);
  uint32_t resume = 0;
  for (int page = 0;; ++page) {
    if (page >= kMaxSharePages) co_return fail(NtStatus::InvalidNetworkResponse);
    auto stub = co_await call(rpc::kOpNetrShareEnum,
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

asio::awaitable<Result<ServerDescription>> SrvsvcClient::describe_server() {
  auto stub = co_await call(
      rpc::kOpNetrServerGetInfo,
      rpc::encode_server_get_info_101_request(rpc::server_unc(host_)));
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
