// A named pipe's RPC server (RpcPipeServer) fed arbitrary bytes, as a client on IPC$ could write
// them. Input: one selector byte, then pieces, each prefixed with a 2-byte little-endian length,
// each written to the pipe as one write. Selector bit 0: the wkssvc pipe instead of srvsvc;
// bit 1: the harness first binds (srvsvc or wkssvc, NDR, fragments of 4280) so that the pieces
// are calls; bit 2: small limits (fragments of 1024 bytes sent, 512-byte request stubs, 8 KiB of
// unread replies); bit 3: each piece of 16 bytes or more gets its frag_length set to its size (so
// mutations of the body are not lost to a broken frame); bits 4-5: the size of each read
// (65536, 7, 100, or the piece's first byte + 1).
//
// Checked after every write: a broken pipe takes no more writes and produces nothing more;
// reading returns whole messages (message mode), and every message is one well-formed PDU of its
// frag_length, version 5.0, little-endian, of a type a server sends (BIND_ACK, BIND_NAK,
// ALTER_CONTEXT_RESP, RESPONSE, FAULT) that its decoder reads; a RESPONSE comes only on a bound
// pipe and fits its negotiated max_xmit_frag; pending() counts exactly the bytes read.
#include <algorithm>

#include "fuzz_support.h"
#include "rpc/client.h"
#include "rpc/server_pipe.h"

using namespace smbkit;
using namespace smbkit::rpc;

namespace {

RpcServerInfo server_info() {
  RpcServerInfo s;
  s.server_name = "SMBKIT";
  s.domain = "WORKGROUP";
  s.comment = "fuzz";
  s.shares = {
      {"IPC$", "IPC Service", "", RpcShare::Type::Ipc, true},
      {"data", "Data", "/srv/data", RpcShare::Type::Disk, true},
      {"hidden$", "", "C:\\hidden", RpcShare::Type::Disk, false},
  };
  for (int i = 0; i < 20; ++i)
    s.shares.push_back({"share" + std::to_string(i), std::string(i * 3, 'c'), "/srv",
                        RpcShare::Type::Disk, true});
  return s;
}

void check_message(const RpcPipeServer& pipe, const std::vector<uint8_t>& m) {
  auto f = decode_pdu(m);
  FUZZ_CHECK(f);
  FUZZ_CHECK(f->header.frag_length == m.size());
  FUZZ_CHECK(f->header.rpc_vers == 5 && f->header.rpc_vers_minor == 0);
  FUZZ_CHECK(f->header.little_endian());
  FUZZ_CHECK(f->header.auth_length == 0);
  switch (f->header.type) {
    case PduType::BindAck:
    case PduType::AlterContextResp:
      FUZZ_CHECK(BindAckPdu::decode(m));
      FUZZ_CHECK(pipe.bound());
      break;
    case PduType::BindNak:
      FUZZ_CHECK(BindNakPdu::decode(m));
      break;
    case PduType::Response: {
      auto p = ResponsePdu::decode(m);
      FUZZ_CHECK(p);
      FUZZ_CHECK(pipe.bound());
      FUZZ_CHECK(m.size() <= pipe.max_xmit_frag());
      FUZZ_CHECK(p->alloc_hint >= p->stub.size());
      break;
    }
    case PduType::Fault:
      FUZZ_CHECK(FaultPdu::decode(m));
      break;
    default:
      FUZZ_CHECK(false);
  }
}

size_t read_size(uint8_t mode, Bytes piece) {
  switch (mode) {
    case 0: return 65536;
    case 1: return 7;
    case 2: return 100;
    default: return piece.empty() ? 1 : size_t{piece[0]} + 1;
  }
}

void drain(RpcPipeServer& pipe, size_t max) {
  std::vector<uint8_t> message;
  while (pipe.pending()) {
    const size_t before = pipe.pending();
    PipeRead r = pipe.read(max);
    FUZZ_CHECK(!r.data.empty() && r.data.size() <= max);
    FUZZ_CHECK(pipe.pending() == before - r.data.size());
    message.insert(message.end(), r.data.begin(), r.data.end());
    if (!r.message_incomplete) {
      check_message(pipe, message);
      message.clear();
    }
  }
  FUZZ_CHECK(message.empty());
  FUZZ_CHECK(pipe.read(max).data.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Selected in = fuzz::select(data, size);
  const RpcPipeKind kind = (in.selector & 1) ? RpcPipeKind::Wkssvc : RpcPipeKind::Srvsvc;
  RpcPipeLimits limits;
  if (in.selector & 4) {
    limits.max_xmit_frag = 1024;
    limits.max_request_stub = 512;
    limits.max_pending_output = 8192;
  }
  RpcPipeServer pipe(kind, server_info(), limits);
  const uint8_t read_mode = (in.selector >> 4) & 3;
  if (in.selector & 2) {
    FUZZ_CHECK(pipe.write(encode_bind(rpc_pipe_interface(kind), 1)));
    drain(pipe, 65536);
    FUZZ_CHECK(pipe.bound() && !pipe.broken());
  }
  for (Bytes piece : fuzz::split_prefixed(in.rest, 256)) {
    std::vector<uint8_t> bytes(piece.begin(), piece.end());
    if ((in.selector & 8) && bytes.size() >= kHeaderSize) {
      bytes[8] = static_cast<uint8_t>(bytes.size());
      bytes[9] = static_cast<uint8_t>(bytes.size() >> 8);
    }
    const bool was_broken = pipe.broken();
    const size_t pending_before = pipe.pending();
    FUZZ_CHECK(pipe.write(bytes) == !was_broken);
    if (was_broken) FUZZ_CHECK(pipe.pending() == pending_before);
    drain(pipe, read_size(read_mode, piece));
  }
  return 0;
}
