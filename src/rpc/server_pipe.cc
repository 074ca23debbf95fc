#include "rpc/server_pipe.h"

#include <algorithm>
#include <cctype>

#include "rpc/wkssvc.h"

namespace smbkit::rpc {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

constexpr size_t kResponseHeaderSize = kHeaderSize + 8;  // alloc_hint, p_cont_id, cancel_count

}  // namespace

std::optional<RpcPipeKind> rpc_pipe_kind(std::string_view name) {
  if (!name.empty() && name.front() == '\\') name.remove_prefix(1);
  if (name.size() >= 5 && iequals(name.substr(0, 5), "PIPE\\")) name.remove_prefix(5);
  if (iequals(name, "srvsvc")) return RpcPipeKind::Srvsvc;
  if (iequals(name, "wkssvc")) return RpcPipeKind::Wkssvc;
  return std::nullopt;
}

bool rpc_pipe_known(std::string_view name) { return rpc_pipe_kind(name).has_value(); }

SyntaxId rpc_pipe_interface(RpcPipeKind kind) {
  return kind == RpcPipeKind::Srvsvc ? kSrvsvcSyntax : kWkssvcSyntax;
}

std::string_view rpc_pipe_address(RpcPipeKind kind) {
  return kind == RpcPipeKind::Srvsvc ? "\\PIPE\\srvsvc" : "\\PIPE\\wkssvc";
}

RpcPipeServer::RpcPipeServer(RpcPipeKind kind, RpcServerInfo server, RpcPipeLimits limits)
    : kind_(kind), server_(std::move(server)), limits_(limits) {}

std::optional<RpcPipeServer> RpcPipeServer::open(std::string_view name, RpcServerInfo server,
                                                 RpcPipeLimits limits) {
  auto kind = rpc_pipe_kind(name);
  if (!kind) return std::nullopt;
  return RpcPipeServer(*kind, std::move(server), limits);
}

bool RpcPipeServer::write(Bytes data) {
  if (broken_) return false;
  in_.insert(in_.end(), data.begin(), data.end());
  size_t used = 0;
  while (!broken_ && in_.size() - used >= kHeaderSize) {
    Bytes rest = Bytes(in_).subspan(used);
    auto header = PduHeader::decode(rest);
    if (!header || header->frag_length < kHeaderSize) {
      protocol_error(header ? header->call_id : 0);
      break;
    }
    // A fragment over the size the server accepts is refused as soon as its header is seen
    // (C706 12.6.3.1: max_recv_frag). Before the bind only the 16-bit field bounds it.
    if (associated_ && header->frag_length > recv_) {
      protocol_error(header->call_id);
      break;
    }
    if (rest.size() < header->frag_length) break;
    process(rest.first(header->frag_length), *header);
    used += header->frag_length;
  }
  if (broken_)
    in_.clear();
  else
    in_.erase(in_.begin(), in_.begin() + static_cast<std::ptrdiff_t>(used));
  return true;
}

PipeRead RpcPipeServer::read(size_t max) {
  PipeRead r;
  if (out_.empty()) return r;
  const std::vector<uint8_t>& front = out_.front();
  size_t n = std::min(max, front.size() - out_offset_);
  r.data.assign(front.begin() + static_cast<std::ptrdiff_t>(out_offset_),
                front.begin() + static_cast<std::ptrdiff_t>(out_offset_ + n));
  out_offset_ += n;
  pending_ -= n;
  if (out_offset_ == front.size()) {
    out_.pop_front();
    out_offset_ = 0;
  } else {
    r.message_incomplete = true;
  }
  return r;
}

std::optional<PipeRead> RpcPipeServer::transceive(Bytes in, size_t max_out) {
  if (broken_ || !out_.empty()) return std::nullopt;
  write(in);
  return read(max_out);
}

void RpcPipeServer::process(Bytes pdu, const PduHeader& h) {
  const bool bind = h.type == PduType::Bind;
  // C706 12.6.3.1: rpc_vers 5, minor 0 or 1. smbkit reads little-endian bodies only.
  if (h.rpc_vers != kRpcVersion || h.rpc_vers_minor > 1 || !h.little_endian()) {
    if (bind && !associated_)
      queue_bind_nak(h.call_id, kRejectProtocolVersionNotSupported);
    else
      protocol_error(h.call_id);
    return;
  }
  switch (h.type) {
    case PduType::Bind:
    case PduType::AlterContext:
      on_bind(pdu, h, !bind);
      return;
    case PduType::Request:
      on_request(pdu, h);
      return;
    case PduType::Orphaned:
      // C706 12.6.4.8 / MS-RPCE 3.3.1.5.10: the client abandons the call it was sending.
      if (call_ && call_->call_id == h.call_id) call_.reset();
      return;
    case PduType::CoCancel:  // calls run to completion at once: nothing to cancel
    case PduType::Auth3:     // no authentication is ever negotiated here
      return;
    default:
      protocol_error(h.call_id);
  }
}

void RpcPipeServer::on_bind(Bytes pdu, const PduHeader& h, bool alter) {
  auto b = BindPdu::decode(pdu);
  if (!alter) {
    if (!b) return queue_bind_nak(h.call_id, kRejectProtocolVersionNotSupported);
    // C706 12.6.4.3: one bind per association; a second one is refused, the first one stands.
    if (associated_) return queue_bind_nak(h.call_id, kRejectNotSpecified);
    if (!b->auth.empty()) return queue_bind_nak(h.call_id, kRejectAuthenticationTypeNotRecognized);
    // C706 12.6.3.1 / 12.6.4.3: fragments of 1432 bytes are always allowed.
    xmit_ = std::min(std::max(b->max_recv_frag, kMustRecvFragSize), limits_.max_xmit_frag);
    recv_ = std::min(std::max(b->max_xmit_frag, kMustRecvFragSize), limits_.max_recv_frag);
  } else if (!b || !associated_ || !b->auth.empty()) {
    return protocol_error(h.call_id);
  }

  BindAckPdu ack;
  ack.type = alter ? PduType::AlterContextResp : PduType::BindAck;
  ack.call_id = b->call_id;
  ack.max_xmit_frag = xmit_;
  ack.max_recv_frag = recv_;
  if (!alter) ack.secondary_address = rpc_pipe_address(kind_);
  const SyntaxId iface = rpc_pipe_interface(kind_);
  ack.assoc_group_id = b->assoc_group_id ? b->assoc_group_id : limits_.assoc_group_id;
  for (const ContextElement& c : b->contexts) {
    ContextResult res;
    std::optional<uint8_t> features;
    if (c.transfer_syntaxes.size() == 1) features = bind_time_features(c.transfer_syntaxes[0]);
    if (features) {
      // MS-RPCE 3.3.1.5.3: negotiate_ack, the granted bits in reason, transfer syntax zero.
      res.result = kResultNegotiateAck;
      res.reason = *features & limits_.bind_time_features;
    } else if (c.abstract_syntax.uuid != iface.uuid || c.abstract_syntax.major != iface.major ||
               c.abstract_syntax.minor > iface.minor) {
      res.result = kResultProviderRejection;
      res.reason = kReasonAbstractSyntaxNotSupported;
    } else if (std::find(c.transfer_syntaxes.begin(), c.transfer_syntaxes.end(), kNdrSyntax) ==
               c.transfer_syntaxes.end()) {
      res.result = kResultProviderRejection;
      res.reason = kReasonTransferSyntaxesNotSupported;  // NDR64 alone, or nothing known
    } else {
      res.result = kResultAcceptance;
      res.transfer_syntax = kNdrSyntax;
      contexts_.insert(c.context_id);
    }
    ack.results.push_back(res);
  }
  associated_ = true;
  queue(ack.encode());
}

void RpcPipeServer::on_request(Bytes pdu, const PduHeader& h) {
  auto q = RequestPdu::decode(pdu);
  if (!q || !associated_ || !q->auth.empty()) return protocol_error(h.call_id);
  if (q->pfc_flags & kPfcFirstFrag) {
    if (call_) return protocol_error(h.call_id);  // one call at a time on a pipe
    call_.emplace();
    call_->call_id = q->call_id;
    call_->context_id = q->context_id;
    call_->opnum = q->opnum;
  } else if (!call_ || call_->call_id != q->call_id || call_->context_id != q->context_id ||
             call_->opnum != q->opnum) {
    return protocol_error(h.call_id);
  }
  if (q->stub.size() > limits_.max_request_stub - call_->stub.size()) {
    uint32_t call_id = call_->call_id;
    uint16_t context_id = call_->context_id;
    call_.reset();
    queue_fault(call_id, context_id, kFaultRemoteNoMemory, true);
    broken_ = true;
    return;
  }
  call_->stub.insert(call_->stub.end(), q->stub.begin(), q->stub.end());
  if (q->pfc_flags & kPfcLastFrag) run_call();
}

void RpcPipeServer::run_call() {
  detail::PipeCall call = std::move(*call_);
  call_.reset();
  if (!contexts_.count(call.context_id))
    return queue_fault(call.call_id, call.context_id, kFaultUnknownInterface, true);
  RpcCallResult result = kind_ == RpcPipeKind::Srvsvc
                             ? srvsvc_call(server_, call.opnum, call.stub)
                             : wkssvc_call(server_, call.opnum, call.stub);
  if (result.fault)
    return queue_fault(call.call_id, call.context_id, result.fault,
                       result.fault == kFaultOpRangeError);

  // C706 12.6.4.10: the stub split over fragments of at most max_xmit_frag bytes; every chunk
  // but the last a multiple of 8 so that NDR alignment stays where the receiver expects it.
  const size_t room = xmit_ > kResponseHeaderSize ? xmit_ - kResponseHeaderSize : 0;
  const size_t chunk = std::max<size_t>(8, room & ~size_t{7});
  const std::vector<uint8_t>& stub = result.stub;
  size_t offset = 0;
  do {
    size_t n = std::min(chunk, stub.size() - offset);
    ResponsePdu p;
    p.call_id = call.call_id;
    p.context_id = call.context_id;
    p.alloc_hint = static_cast<uint32_t>(stub.size() - offset);
    p.pfc_flags = (offset == 0 ? kPfcFirstFrag : 0) |
                  (offset + n == stub.size() ? kPfcLastFrag : 0);
    p.stub.assign(stub.begin() + static_cast<std::ptrdiff_t>(offset),
                  stub.begin() + static_cast<std::ptrdiff_t>(offset + n));
    queue(p.encode());
    offset += n;
  } while (offset < stub.size() && !broken_);
}

void RpcPipeServer::queue(std::vector<uint8_t> pdu) {
  pending_ += pdu.size();
  out_.push_back(std::move(pdu));
  // A client that writes calls and never reads their replies does not get to grow the queue.
  if (pending_ > limits_.max_pending_output) {
    broken_ = true;
    call_.reset();
  }
}

void RpcPipeServer::queue_fault(uint32_t call_id, uint16_t context_id, uint32_t status,
                                bool did_not_execute) {
  // C706 12.6.4.7
  FaultPdu f;
  f.call_id = call_id;
  f.context_id = context_id;
  f.status = status;
  if (did_not_execute) f.pfc_flags |= kPfcDidNotExecute;
  queue(f.encode());
}

void RpcPipeServer::queue_bind_nak(uint32_t call_id, uint16_t reason) {
  // C706 12.6.4.5: the versions supported, 5.0.
  BindNakPdu n;
  n.call_id = call_id;
  n.reason = reason;
  queue(n.encode());
}

void RpcPipeServer::protocol_error(uint32_t call_id) {
  queue_fault(call_id, 0, kFaultProtocolError, true);
  call_.reset();
  broken_ = true;
}

}  // namespace smbkit::rpc
