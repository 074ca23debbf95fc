// The server end of one DCE/RPC named pipe (ncacn_np, MS-RPCE 2.1.1.2) on IPC$: a pure state
// machine with no I/O. The SMB layer creates one per open of a known pipe name, hands it what
// the client writes (write(), any split: partial PDUs or several at once) and gives back what it
// produces (read()). Message mode, as Windows' RPC pipes: each PDU the server sends is one
// message, and read() returns bytes of one message at a time; when `max` cuts a message short,
// PipeRead::message_incomplete is set (the SMB layer answers STATUS_BUFFER_OVERFLOW with the
// data, and the client reads the rest).
//
// Protocol (C706 12.6, MS-RPCE 3.3.3):
//  - BIND: each presentation context is accepted when its abstract syntax is the pipe's
//    interface (same major version, minor <= ours) and NDR 2.0 is among its transfer syntaxes;
//    otherwise rejected (reason 1 abstract syntax not supported, reason 2 transfer syntaxes not
//    supported: NDR64 alone gets 2). A bind time feature negotiation element (MS-RPCE 3.3.1.5.3)
//    gets result negotiate_ack with the features granted in its reason field. Fragment sizes:
//    the server sends at most min(max(client max_recv_frag, 1432), limits.max_xmit_frag) bytes
//    a fragment and accepts at most min(max(client max_xmit_frag, 1432), limits.max_recv_frag).
//    A bind with an auth verifier gets BIND_NAK (authentication type not recognized: smbkit has
//    no RPC authentication, the SMB session secures the pipe); rpc_vers other than 5 or a
//    big-endian packed_drep gets BIND_NAK (reason 4) and the pipe stays unbound.
//  - ALTER_CONTEXT adds contexts to the association (answer without a secondary address).
//  - REQUEST: fragments (FIRST ... LAST, one call at a time) are reassembled up to
//    limits.max_request_stub; the call then runs, and its response stub is split into RESPONSE
//    fragments of at most the negotiated size (stub chunks a multiple of 8 bytes, alloc_hint the
//    stub bytes left). A context id not accepted gets FAULT nca_s_unk_if, an opnum the interface
//    lacks nca_s_op_rng_error (both with PFC_DID_NOT_EXECUTE), a stub that does not decode
//    RPC_X_BAD_STUB_DATA.
//  - ORPHANED drops the call being reassembled; CO_CANCEL and AUTH3 are ignored.
//  - Anything else (a request before BIND, a fragment out of sequence, a fragment over the
//    accepted size, a stub over the limit, a PDU type a client does not send, a header that does
//    not parse) gets FAULT nca_proto_error and breaks the pipe: what is queued can still be
//    read, later writes are refused (the SMB layer reports STATUS_PIPE_BROKEN / DISCONNECTED).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "rpc/pdu.h"
#include "rpc/srvsvc.h"

namespace smbkit::rpc {

enum class RpcPipeKind { Srvsvc, Wkssvc };

// The pipe `name` names, case-insensitively, with or without a leading "\\PIPE\\" or "\\"
// ("srvsvc", "\\srvsvc", "\\PIPE\\SRVSVC"); nullopt for any other pipe (lsarpc, samr, ...: the
// SMB layer fails the open with STATUS_OBJECT_NAME_NOT_FOUND).
std::optional<RpcPipeKind> rpc_pipe_kind(std::string_view name);
bool rpc_pipe_known(std::string_view name);
// The interface served on a pipe, and its secondary address in BIND_ACK ("\\PIPE\\srvsvc").
SyntaxId rpc_pipe_interface(RpcPipeKind kind);
std::string_view rpc_pipe_address(RpcPipeKind kind);

struct RpcPipeLimits {
  uint16_t max_xmit_frag = 5840;       // largest fragment the server sends
  uint16_t max_recv_frag = 5840;       // largest fragment it accepts
  size_t max_request_stub = 1 << 20;   // a reassembled request's stub
  size_t max_pending_output = 4 << 20;  // unread replies; past it the pipe breaks
  uint32_t assoc_group_id = 0x000053F0;  // given to a BIND whose assoc_group_id is 0
  // MS-RPCE 2.2.2.14 bits the server grants in a negotiate_ack: keeping the connection after an
  // orphaned PDU (it does); not security context multiplexing (it has no security contexts).
  uint8_t bind_time_features = kFeatureKeepConnectionOnOrphan;
};

struct PipeRead {
  std::vector<uint8_t> data;
  bool message_incomplete = false;  // the message read from has bytes left
};

namespace detail {
// A request being reassembled (outside the class: clang 14 cannot check an optional of a nested
// class with member initializers before the enclosing class is complete).
struct PipeCall {
  uint32_t call_id = 0;
  uint16_t context_id = 0;
  uint16_t opnum = 0;
  std::vector<uint8_t> stub;
};
}  // namespace detail

class RpcPipeServer {
 public:
  RpcPipeServer(RpcPipeKind kind, RpcServerInfo server, RpcPipeLimits limits = {});
  // A server for the pipe `name`, or nullopt if rpc_pipe_known(name) is false.
  static std::optional<RpcPipeServer> open(std::string_view name, RpcServerInfo server,
                                           RpcPipeLimits limits = {});

  RpcPipeKind kind() const { return kind_; }
  bool bound() const { return associated_; }
  bool broken() const { return broken_; }
  uint16_t max_xmit_frag() const { return xmit_; }
  uint16_t max_recv_frag() const { return recv_; }

  // Bytes the client wrote. Returns false (and takes nothing) once the pipe is broken.
  bool write(Bytes data);
  // Up to `max` bytes of the next reply message (empty if none is pending).
  PipeRead read(size_t max);
  // Unread reply bytes, all messages.
  size_t pending() const { return pending_; }
  // FSCTL_PIPE_TRANSCEIVE / TransactNmPipe: write `in` and read the reply it produces, up to
  // `max_out` bytes. nullopt, with nothing written, while earlier replies are still unread (the
  // reply could not be told from them; the SMB layer answers STATUS_PIPE_BUSY) or the pipe is
  // broken.
  std::optional<PipeRead> transceive(Bytes in, size_t max_out);

 private:
  void process(Bytes pdu, const PduHeader& header);
  void on_bind(Bytes pdu, const PduHeader& header, bool alter);
  void on_request(Bytes pdu, const PduHeader& header);
  void run_call();
  void queue(std::vector<uint8_t> pdu);
  void queue_fault(uint32_t call_id, uint16_t context_id, uint32_t status, bool did_not_execute);
  void queue_bind_nak(uint32_t call_id, uint16_t reason);
  void protocol_error(uint32_t call_id);

  RpcPipeKind kind_;
  RpcServerInfo server_;
  RpcPipeLimits limits_;
  bool associated_ = false;
  bool broken_ = false;
  uint16_t xmit_ = kMustRecvFragSize;
  uint16_t recv_ = kMustRecvFragSize;
  std::set<uint16_t> contexts_;  // accepted presentation context ids
  std::optional<detail::PipeCall> call_;  // the request being reassembled
  std::vector<uint8_t> in_;      // bytes of an incomplete PDU
  std::deque<std::vector<uint8_t>> out_;
  size_t out_offset_ = 0;  // bytes of out_.front() already read
  size_t pending_ = 0;
};

}  // namespace smbkit::rpc
