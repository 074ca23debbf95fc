// The client side of srvsvc over a named pipe, as pure functions (for `smbkit shares`): the caller
// opens \PIPE\srvsvc on IPC$, writes what these encode and feeds back what it reads.
//
//   1. write encode_srvsvc_bind(1); read until decode_bind_ack() has a whole BIND_ACK;
//   2. for each fragment of encode_request(2, ctx, kOpNetrShareEnum,
//      encode_share_enum_level1_request("\\\\host"), bind.max_xmit_frag): write it;
//   3. feed what the pipe returns to a ResponseAssembler(2) until done(); then
//      decode_share_enum_level1(assembler.stub()).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rpc/pdu.h"
#include "rpc/srvsvc.h"

namespace smbkit::rpc {

// What the client may use after a successful bind.
struct BindResult {
  uint16_t max_xmit_frag = 0;  // the largest fragment the client may send
  uint16_t max_recv_frag = 0;  // the largest the server will send
  uint32_t assoc_group_id = 0;
  uint16_t context_id = 0;
  std::string secondary_address;
};

// A BIND for `iface` as presentation context 0 with NDR 2.0, fragments of `max_frag` both ways.
std::vector<uint8_t> encode_bind(const SyntaxId& iface, uint32_t call_id, uint16_t max_frag = 4280);
std::vector<uint8_t> encode_srvsvc_bind(uint32_t call_id, uint16_t max_frag = 4280);
// The BIND_ACK answering encode_bind(call_id): its sizes, if context 0 was accepted with NDR.
// InvalidNetworkResponse when `pdu` is not a well-formed BIND_ACK / BIND_NAK of that call,
// NotSupported for a BIND_NAK or a rejected context.
Result<BindResult> decode_bind_ack(Bytes pdu, uint32_t call_id);

// The REQUEST fragments of one call: stub chunks of at most max_xmit_frag - 24 bytes (a multiple of
// 8 but for the last), FIRST on the first, LAST on the last, alloc_hint the stub bytes left.
std::vector<std::vector<uint8_t>> encode_request(uint32_t call_id, uint16_t context_id,
                                                 uint16_t opnum, Bytes stub,
                                                 uint16_t max_xmit_frag);

// Reassembles the RESPONSE fragments (or the FAULT) of one call from the bytes read from the
// pipe, in any split.
class ResponseAssembler {
 public:
  explicit ResponseAssembler(uint32_t call_id, size_t max_stub = 1 << 20)
      : call_id_(call_id), max_stub_(max_stub) {}

  // Success while the call is in progress or done; InvalidNetworkResponse for a PDU that is not
  // a response or fault of this call, a fragment out of order, bytes after the last fragment, or
  // a stub over max_stub (then every later feed fails too).
  NtStatus feed(Bytes data);
  bool done() const { return done_; }
  // The fault status if the call ended in a FAULT (0 otherwise).
  uint32_t fault() const { return fault_; }
  const std::vector<uint8_t>& stub() const { return stub_; }

 private:
  NtStatus fail_with(NtStatus s) {
    failed_ = true;
    return s;
  }

  uint32_t call_id_;
  size_t max_stub_;
  std::vector<uint8_t> in_;
  std::vector<uint8_t> stub_;
  bool started_ = false;
  bool done_ = false;
  bool failed_ = false;
  uint32_t fault_ = 0;
};

// "\\\\host": the ServerName parameter for `host` (an SRVSVC_HANDLE, MS-SRVS 2.2.1.1).
std::string server_unc(std::string_view host);

// A NetrShareEnum level 1 request stub (ResumeHandle given, as Windows sends it).
std::vector<uint8_t> encode_share_enum_level1_request(
    std::string_view server_name, uint32_t resume_handle = 0,
    uint32_t prefered_maximum_length = kMaxPreferredLength);

struct ShareEntry {
  std::string name;
  uint32_t type = 0;
  std::string comment;
  bool operator==(const ShareEntry&) const = default;
};

struct ShareList {
  std::vector<ShareEntry> shares;
  uint32_t total_entries = 0;
  uint32_t resume_handle = 0;  // 0 when the server sent none
  uint32_t status = kWerrOk;   // kWerrMoreData: call again with resume_handle
};

// A NetrShareEnum response stub at level 1. InvalidNetworkResponse if it does not decode or is of
// another level; a failed call (status other than OK / MORE_DATA) decodes with its status.
Result<ShareList> decode_share_enum_level1(Bytes stub);

// A NetrServerGetInfo level 101 request stub.
std::vector<uint8_t> encode_server_get_info_101_request(std::string_view server_name);

struct ServerInfo101 {
  uint32_t platform_id = 0;
  std::string name;
  uint32_t version_major = 0;
  uint32_t version_minor = 0;
  uint32_t type = 0;
  std::string comment;
  uint32_t status = kWerrOk;
};

// A NetrServerGetInfo response stub at level 101 (fields empty when the call failed).
Result<ServerInfo101> decode_server_info_101(Bytes stub);

}  // namespace smbkit::rpc
