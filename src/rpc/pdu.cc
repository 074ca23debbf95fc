#include "rpc/pdu.h"

#include <algorithm>

#include "wire/byte_writer.h"

namespace smbkit::rpc {
namespace {

constexpr size_t kContextElementMinSize = 4 + SyntaxId::kSize;  // p_cont_id, n, reserved, abstract
constexpr size_t kResultSize = 4 + SyntaxId::kSize;             // result, reason, transfer_syntax

// The frame of `pdu` if it is a little-endian PDU of one of `types`.
Result<PduFrame> frame_of(Bytes pdu, PduType a, PduType b) {
  auto frame = decode_pdu(pdu);
  if (!frame) return fail(frame.error());
  if (frame->header.type != a && frame->header.type != b) return fail(kBadPdu);
  if (!frame->header.little_endian()) return fail(kUnsupportedDrep);
  return frame;
}

std::vector<uint8_t> to_vector(Bytes b) { return std::vector<uint8_t>(b.begin(), b.end()); }

// Writes the common header; the body follows, then finish() adds the auth verifier and lengths.
ByteWriter start(std::vector<uint8_t>& out, PduType type, uint8_t flags, uint32_t call_id) {
  ByteWriter w(out);
  PduHeader h;
  h.type = type;
  h.pfc_flags = flags;
  h.call_id = call_id;
  h.encode(w);
  return w;
}

void finish(ByteWriter& w, const std::vector<uint8_t>& auth) {
  uint16_t auth_length = 0;
  if (auth.size() >= kSecTrailerSize) {
    w.bytes(auth);
    auth_length = static_cast<uint16_t>(auth.size() - kSecTrailerSize);
  }
  // frag_length (C706 12.6.3.1): the caller keeps a PDU within 65535 bytes (fragmenting stubs).
  w.patch_u16(8, static_cast<uint16_t>(w.offset()));
  w.patch_u16(10, auth_length);
}

}  // namespace

Result<PduHeader> PduHeader::decode(Bytes data) {
  // C706 12.6.3.1: rpc_vers, rpc_vers_minor, PTYPE, pfc_flags, packed_drep[4], frag_length,
  // auth_length, call_id; the last three in the integer representation drep[0] names.
  ByteReader r(data, kBadPdu);
  PduHeader h;
  h.rpc_vers = r.u8();
  h.rpc_vers_minor = r.u8();
  h.type = static_cast<PduType>(r.u8());
  h.pfc_flags = r.u8();
  Bytes drep = r.bytes(4);
  if (!r.ok()) return fail(kBadPdu);
  std::copy(drep.begin(), drep.end(), h.drep.begin());
  if (h.little_endian()) {
    h.frag_length = r.u16();
    h.auth_length = r.u16();
    h.call_id = r.u32();
  } else {
    h.frag_length = r.u16be();
    h.auth_length = r.u16be();
    h.call_id = r.u32be();
  }
  if (!r.ok()) return fail(kBadPdu);
  return h;
}

void PduHeader::encode(ByteWriter& w) const {
  w.u8(rpc_vers);
  w.u8(rpc_vers_minor);
  w.u8(static_cast<uint8_t>(type));
  w.u8(pfc_flags);
  w.bytes(drep);
  if (little_endian()) {
    w.u16(frag_length);
    w.u16(auth_length);
    w.u32(call_id);
  } else {
    w.u16be(frag_length);
    w.u16be(auth_length);
    w.u32be(call_id);
  }
}

std::optional<uint16_t> peek_frag_length(Bytes data) {
  if (data.size() < kHeaderSize) return std::nullopt;
  auto h = PduHeader::decode(data);
  if (!h) return std::nullopt;
  return h->frag_length;
}

Result<PduFrame> decode_pdu(Bytes data) {
  auto h = PduHeader::decode(data);
  if (!h) return fail(h.error());
  if (h->rpc_vers != kRpcVersion) return fail(kBadPdu);
  if (h->frag_length < kHeaderSize || h->frag_length > data.size()) return fail(kBadPdu);
  size_t auth_size = h->auth_length ? kSecTrailerSize + h->auth_length : 0;
  if (auth_size > h->frag_length - kHeaderSize) return fail(kBadPdu);
  PduFrame f;
  f.header = *h;
  f.body = data.subspan(kHeaderSize, h->frag_length - kHeaderSize - auth_size);
  f.auth = data.subspan(h->frag_length - auth_size, auth_size);
  return f;
}

Result<BindPdu> BindPdu::decode(Bytes pdu) {
  auto f = frame_of(pdu, PduType::Bind, PduType::AlterContext);
  if (!f) return fail(f.error());
  // C706 12.6.4.3 / 12.6.4.1
  ByteReader r(f->body, kBadPdu);
  BindPdu b;
  b.type = f->header.type;
  b.pfc_flags = f->header.pfc_flags;
  b.call_id = f->header.call_id;
  b.max_xmit_frag = r.u16();
  b.max_recv_frag = r.u16();
  b.assoc_group_id = r.u32();
  uint8_t n = r.u8();
  r.skip(3);  // reserved, reserved2
  if (!r.ok() || n > r.remaining() / kContextElementMinSize) return fail(kBadPdu);
  b.contexts.resize(n);
  for (ContextElement& c : b.contexts) {
    c.context_id = r.u16();
    uint8_t count = r.u8();
    r.skip(1);  // reserved
    c.abstract_syntax = SyntaxId::decode(r);
    if (!r.ok() || count > r.remaining() / SyntaxId::kSize) return fail(kBadPdu);
    c.transfer_syntaxes.resize(count);
    for (SyntaxId& s : c.transfer_syntaxes) s = SyntaxId::decode(r);
  }
  if (!r.ok()) return fail(kBadPdu);
  b.auth = to_vector(f->auth);
  return b;
}

std::vector<uint8_t> BindPdu::encode() const {
  std::vector<uint8_t> out;
  ByteWriter w = start(out, type, pfc_flags, call_id);
  w.u16(max_xmit_frag);
  w.u16(max_recv_frag);
  w.u32(assoc_group_id);
  w.u8(static_cast<uint8_t>(contexts.size()));
  w.zeros(3);
  for (const ContextElement& c : contexts) {
    w.u16(c.context_id);
    w.u8(static_cast<uint8_t>(c.transfer_syntaxes.size()));
    w.u8(0);
    c.abstract_syntax.encode(w);
    for (const SyntaxId& s : c.transfer_syntaxes) s.encode(w);
  }
  finish(w, auth);
  return out;
}

Result<BindAckPdu> BindAckPdu::decode(Bytes pdu) {
  auto f = frame_of(pdu, PduType::BindAck, PduType::AlterContextResp);
  if (!f) return fail(f.error());
  // C706 12.6.4.4 / 12.6.4.2. The body starts 16 bytes into the PDU, so aligning within the body
  // aligns within the PDU.
  ByteReader r(f->body, kBadPdu);
  BindAckPdu b;
  b.type = f->header.type;
  b.pfc_flags = f->header.pfc_flags;
  b.call_id = f->header.call_id;
  b.max_xmit_frag = r.u16();
  b.max_recv_frag = r.u16();
  b.assoc_group_id = r.u32();
  uint16_t addr_length = r.u16();
  Bytes addr = r.bytes(addr_length);
  if (!addr.empty() && addr.back() == 0) addr = addr.first(addr.size() - 1);
  b.secondary_address.assign(addr.begin(), addr.end());
  r.align(4);
  uint8_t n = r.u8();
  r.skip(3);
  if (!r.ok() || n > r.remaining() / kResultSize) return fail(kBadPdu);
  b.results.resize(n);
  for (ContextResult& c : b.results) {
    c.result = r.u16();
    c.reason = r.u16();
    c.transfer_syntax = SyntaxId::decode(r);
  }
  if (!r.ok()) return fail(kBadPdu);
  b.auth = to_vector(f->auth);
  return b;
}

std::vector<uint8_t> BindAckPdu::encode() const {
  std::vector<uint8_t> out;
  ByteWriter w = start(out, type, pfc_flags, call_id);
  w.u16(max_xmit_frag);
  w.u16(max_recv_frag);
  w.u32(assoc_group_id);
  if (secondary_address.empty()) {
    w.u16(0);
  } else {
    w.u16(static_cast<uint16_t>(secondary_address.size() + 1));  // port_any_t counts the NUL
    w.ascii(secondary_address, true);
  }
  w.align(4);
  w.u8(static_cast<uint8_t>(results.size()));
  w.zeros(3);
  for (const ContextResult& c : results) {
    w.u16(c.result);
    w.u16(c.reason);
    c.transfer_syntax.encode(w);
  }
  finish(w, auth);
  return out;
}

Result<BindNakPdu> BindNakPdu::decode(Bytes pdu) {
  auto f = frame_of(pdu, PduType::BindNak, PduType::BindNak);
  if (!f) return fail(f.error());
  // C706 12.6.4.5
  ByteReader r(f->body, kBadPdu);
  BindNakPdu b;
  b.pfc_flags = f->header.pfc_flags;
  b.call_id = f->header.call_id;
  b.reason = r.u16();
  uint8_t n = r.u8();
  if (!r.ok() || n > r.remaining() / 2) return fail(kBadPdu);
  b.versions.resize(n);
  for (auto& [major, minor] : b.versions) {
    major = r.u8();
    minor = r.u8();
  }
  if (!r.ok()) return fail(kBadPdu);
  return b;
}

std::vector<uint8_t> BindNakPdu::encode() const {
  std::vector<uint8_t> out;
  ByteWriter w = start(out, PduType::BindNak, pfc_flags, call_id);
  w.u16(reason);
  w.u8(static_cast<uint8_t>(versions.size()));
  for (auto [major, minor] : versions) {
    w.u8(major);
    w.u8(minor);
  }
  w.align(4);
  finish(w, {});
  return out;
}

Result<RequestPdu> RequestPdu::decode(Bytes pdu) {
  auto f = frame_of(pdu, PduType::Request, PduType::Request);
  if (!f) return fail(f.error());
  // C706 12.6.4.9
  ByteReader r(f->body, kBadPdu);
  RequestPdu q;
  q.pfc_flags = f->header.pfc_flags;
  q.call_id = f->header.call_id;
  q.alloc_hint = r.u32();
  q.context_id = r.u16();
  q.opnum = r.u16();
  if (q.pfc_flags & kPfcObjectUuid) {
    Bytes object = r.bytes(16);
    if (r.ok()) {
      q.object.emplace();
      std::copy(object.begin(), object.end(), q.object->bytes.begin());
    }
  }
  if (!r.ok()) return fail(kBadPdu);
  q.stub = to_vector(r.rest());
  q.auth = to_vector(f->auth);
  return q;
}

std::vector<uint8_t> RequestPdu::encode() const {
  uint8_t flags = object ? (pfc_flags | kPfcObjectUuid) : (pfc_flags & ~kPfcObjectUuid);
  std::vector<uint8_t> out;
  ByteWriter w = start(out, PduType::Request, flags, call_id);
  w.u32(alloc_hint);
  w.u16(context_id);
  w.u16(opnum);
  if (object) w.bytes(object->bytes);
  w.bytes(stub);
  finish(w, auth);
  return out;
}

Result<ResponsePdu> ResponsePdu::decode(Bytes pdu) {
  auto f = frame_of(pdu, PduType::Response, PduType::Response);
  if (!f) return fail(f.error());
  // C706 12.6.4.10
  ByteReader r(f->body, kBadPdu);
  ResponsePdu p;
  p.pfc_flags = f->header.pfc_flags;
  p.call_id = f->header.call_id;
  p.alloc_hint = r.u32();
  p.context_id = r.u16();
  p.cancel_count = r.u8();
  r.skip(1);  // reserved
  if (!r.ok()) return fail(kBadPdu);
  p.stub = to_vector(r.rest());
  p.auth = to_vector(f->auth);
  return p;
}

std::vector<uint8_t> ResponsePdu::encode() const {
  std::vector<uint8_t> out;
  ByteWriter w = start(out, PduType::Response, pfc_flags, call_id);
  w.u32(alloc_hint);
  w.u16(context_id);
  w.u8(cancel_count);
  w.u8(0);
  w.bytes(stub);
  finish(w, auth);
  return out;
}

Result<FaultPdu> FaultPdu::decode(Bytes pdu) {
  auto f = frame_of(pdu, PduType::Fault, PduType::Fault);
  if (!f) return fail(f.error());
  // C706 12.6.4.7. The 4 reserved bytes after status are skipped when there.
  ByteReader r(f->body, kBadPdu);
  FaultPdu p;
  p.pfc_flags = f->header.pfc_flags;
  p.call_id = f->header.call_id;
  p.alloc_hint = r.u32();
  p.context_id = r.u16();
  p.cancel_count = r.u8();
  p.flags = r.u8();
  p.status = r.u32();
  if (!r.ok()) return fail(kBadPdu);
  r.skip(std::min<size_t>(4, r.remaining()));
  p.stub = to_vector(r.rest());
  p.auth = to_vector(f->auth);
  return p;
}

std::vector<uint8_t> FaultPdu::encode() const {
  std::vector<uint8_t> out;
  ByteWriter w = start(out, PduType::Fault, pfc_flags, call_id);
  w.u32(alloc_hint);
  w.u16(context_id);
  w.u8(cancel_count);
  w.u8(flags);
  w.u32(status);
  w.u32(0);  // reserved
  w.bytes(stub);
  finish(w, auth);
  return out;
}

}  // namespace smbkit::rpc
