#include "rpc/client.h"

#include <algorithm>

namespace smbkit::rpc {
namespace {

constexpr NtStatus kBadResponse = NtStatus::InvalidNetworkResponse;
constexpr size_t kRequestHeaderSize = kHeaderSize + 8;  // alloc_hint, p_cont_id, opnum

}  // namespace

std::vector<uint8_t> encode_bind(const SyntaxId& iface, uint32_t call_id, uint16_t max_frag) {
  // C706 12.6.4.3
  BindPdu b;
  b.call_id = call_id;
  b.max_xmit_frag = max_frag;
  b.max_recv_frag = max_frag;
  b.contexts.push_back({0, iface, {kNdrSyntax}});
  return b.encode();
}

std::vector<uint8_t> encode_srvsvc_bind(uint32_t call_id, uint16_t max_frag) {
  return encode_bind(kSrvsvcSyntax, call_id, max_frag);
}

Result<BindResult> decode_bind_ack(Bytes pdu, uint32_t call_id) {
  auto header = PduHeader::decode(pdu);
  if (!header || header->call_id != call_id) return fail(kBadResponse);
  if (header->type == PduType::BindNak) {
    if (!BindNakPdu::decode(pdu)) return fail(kBadResponse);
    return fail(NtStatus::NotSupported);
  }
  auto ack = BindAckPdu::decode(pdu);
  if (!ack || ack->type != PduType::BindAck) return fail(kBadResponse);
  // C706 12.6.3.1: one result per context offered, in order; context 0 is the interface.
  if (ack->results.empty()) return fail(kBadResponse);
  const ContextResult& r = ack->results[0];
  if (r.result != kResultAcceptance || r.transfer_syntax != kNdrSyntax)
    return fail(NtStatus::NotSupported);
  // The client needs room for a request header and 8 stub bytes a fragment.
  if (ack->max_recv_frag < kRequestHeaderSize + 8) return fail(kBadResponse);
  BindResult out;
  // The server's max_recv_frag bounds what the client sends, and its max_xmit_frag what it sends.
  out.max_xmit_frag = ack->max_recv_frag;
  out.max_recv_frag = ack->max_xmit_frag;
  out.assoc_group_id = ack->assoc_group_id;
  out.context_id = 0;
  out.secondary_address = ack->secondary_address;
  return out;
}

std::vector<std::vector<uint8_t>> encode_request(uint32_t call_id, uint16_t context_id,
                                                 uint16_t opnum, Bytes stub,
                                                 uint16_t max_xmit_frag) {
  // C706 12.6.4.9
  const size_t chunk =
      std::max<size_t>(8, (std::max<size_t>(max_xmit_frag, kRequestHeaderSize) -
                           kRequestHeaderSize) & ~size_t{7});
  std::vector<std::vector<uint8_t>> out;
  size_t offset = 0;
  do {
    size_t n = std::min(chunk, stub.size() - offset);
    RequestPdu q;
    q.call_id = call_id;
    q.context_id = context_id;
    q.opnum = opnum;
    q.alloc_hint = static_cast<uint32_t>(stub.size() - offset);
    q.pfc_flags =
        (offset == 0 ? kPfcFirstFrag : 0) | (offset + n == stub.size() ? kPfcLastFrag : 0);
    q.stub.assign(stub.begin() + static_cast<std::ptrdiff_t>(offset),
                  stub.begin() + static_cast<std::ptrdiff_t>(offset + n));
    out.push_back(q.encode());
    offset += n;
  } while (offset < stub.size());
  return out;
}

NtStatus ResponseAssembler::feed(Bytes data) {
  if (failed_) return kBadResponse;
  in_.insert(in_.end(), data.begin(), data.end());
  while (in_.size() >= kHeaderSize) {
    auto length = peek_frag_length(in_);
    if (!length || *length < kHeaderSize) return fail_with(kBadResponse);
    if (in_.size() < *length) break;
    if (done_) return fail_with(kBadResponse);  // nothing may follow the last fragment
    Bytes pdu = Bytes(in_).first(*length);
    auto header = PduHeader::decode(pdu);
    if (!header || header->call_id != call_id_) return fail_with(kBadResponse);
    if (header->type == PduType::Fault) {
      auto f = FaultPdu::decode(pdu);
      if (!f) return fail_with(kBadResponse);
      fault_ = f->status ? f->status : kFaultProtocolError;
      done_ = true;
    } else {
      auto p = ResponsePdu::decode(pdu);
      if (!p) return fail_with(kBadResponse);
      // C706 12.6.4.10: PFC_FIRST_FRAG exactly on the first fragment.
      if (static_cast<bool>(p->pfc_flags & kPfcFirstFrag) == started_)
        return fail_with(kBadResponse);
      if (p->stub.size() > max_stub_ - stub_.size()) return fail_with(kBadResponse);
      started_ = true;
      stub_.insert(stub_.end(), p->stub.begin(), p->stub.end());
      done_ = (p->pfc_flags & kPfcLastFrag) != 0;
    }
    in_.erase(in_.begin(), in_.begin() + *length);
  }
  if (done_ && !in_.empty()) return fail_with(kBadResponse);
  return NtStatus::Success;
}

std::string server_unc(std::string_view host) { return "\\\\" + std::string(host); }

std::vector<uint8_t> encode_share_enum_level1_request(std::string_view server_name,
                                                      uint32_t resume_handle,
                                                      uint32_t prefered_maximum_length) {
  // MS-SRVS 3.1.4.8: level 1 with an empty container, as a client asks.
  ShareEnumRequest q;
  q.server_name = std::string(server_name);
  q.info.level = 1;
  q.info.container = true;
  q.info.entries_read = 0;
  q.prefered_maximum_length = prefered_maximum_length;
  q.resume_handle = resume_handle;
  return q.encode();
}

Result<ShareList> decode_share_enum_level1(Bytes stub) {
  auto p = ShareEnumResponse::decode(stub);
  if (!p || p->info.level != 1) return fail(kBadResponse);
  ShareList out;
  out.total_entries = p->total_entries;
  out.resume_handle = p->resume_handle.value_or(0);
  out.status = p->status;
  if (p->info.buffer) {
    for (const ShareInfo& s : *p->info.buffer)
      out.shares.push_back({s.netname.value_or(""), s.type, s.remark.value_or("")});
  }
  return out;
}

std::vector<uint8_t> encode_server_get_info_101_request(std::string_view server_name) {
  ServerGetInfoRequest q;
  q.server_name = std::string(server_name);
  q.level = 101;
  return q.encode();
}

Result<ServerInfo101> decode_server_info_101(Bytes stub) {
  auto p = ServerGetInfoResponse::decode(stub);
  if (!p || p->level != 101) return fail(kBadResponse);
  ServerInfo101 out;
  out.status = p->status;
  if (p->info) {
    out.platform_id = p->info->platform_id;
    out.name = p->info->name.value_or("");
    out.version_major = p->info->version_major;
    out.version_minor = p->info->version_minor;
    out.type = p->info->type;
    out.comment = p->info->comment.value_or("");
  }
  return out;
}

}  // namespace smbkit::rpc
