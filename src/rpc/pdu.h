// Connection-oriented DCE/RPC PDUs (C706 chapter 12.6, MS-RPCE 2.2.2): the common header and
// the bodies of BIND / ALTER_CONTEXT, BIND_ACK / ALTER_CONTEXT_RESP, BIND_NAK, REQUEST, RESPONSE
// and FAULT, as used over a named pipe (ncacn_np).
//
// Every decode() takes one whole PDU (more bytes after frag_length are ignored) and checks
// frag_length against the buffer, auth_length against frag_length, and every count against the
// bytes that are there. Bodies are read in little-endian only: a header whose packed_drep says
// big-endian decodes (PduHeader reads its fields in that order, so a server can answer it), but
// no body does (kUnsupportedDrep). encode() returns the whole PDU with frag_length filled in.
//
// Authentication is not implemented: a PDU's auth verifier (the 8-byte sec_trailer and the
// auth_length bytes of auth_value, C706 13.2.6.1) is kept as raw bytes so that it can be seen and
// refused, and written back unchanged by encode().
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rpc/syntax.h"
#include "smbkit/status.h"
#include "wire/byte_reader.h"

namespace smbkit::rpc {

inline constexpr size_t kHeaderSize = 16;
inline constexpr uint8_t kRpcVersion = 5;        // C706 12.6.3.1 rpc_vers
inline constexpr uint8_t kRpcVersionMinor = 0;   // rpc_vers_minor (0 and 1 are accepted)
inline constexpr size_t kSecTrailerSize = 8;     // auth_verifier_co_t before auth_value
// C706 12.6.3.1 / 12.6.4.3: every implementation accepts fragments of this size.
inline constexpr uint16_t kMustRecvFragSize = 1432;

// C706 12.6.3.1 PTYPE (MS-RPCE adds rpc_auth_3, 16).
enum class PduType : uint8_t {
  Request = 0,
  Response = 2,
  Fault = 3,
  Bind = 11,
  BindAck = 12,
  BindNak = 13,
  AlterContext = 14,
  AlterContextResp = 15,
  Auth3 = 16,
  Shutdown = 17,
  CoCancel = 18,
  Orphaned = 19,
};

// C706 12.6.3.1 pfc_flags (MS-RPCE 2.2.2.3: 0x04 is PFC_SUPPORT_HEADER_SIGN in a bind).
inline constexpr uint8_t kPfcFirstFrag = 0x01;
inline constexpr uint8_t kPfcLastFrag = 0x02;
inline constexpr uint8_t kPfcPendingCancel = 0x04;
inline constexpr uint8_t kPfcSupportHeaderSign = 0x04;
inline constexpr uint8_t kPfcConcMpx = 0x10;
inline constexpr uint8_t kPfcDidNotExecute = 0x20;
inline constexpr uint8_t kPfcMaybe = 0x40;
inline constexpr uint8_t kPfcObjectUuid = 0x80;

// C706 12.6.3.1 packed_drep: integers little-endian, characters ASCII (0x10), floats IEEE (0).
inline constexpr std::array<uint8_t, 4> kDrepLittleEndian = {0x10, 0x00, 0x00, 0x00};

// C706 12.6.3.1 p_cont_def_result_t, with negotiate_ack (MS-RPCE 3.3.1.5.3).
inline constexpr uint16_t kResultAcceptance = 0;
inline constexpr uint16_t kResultUserRejection = 1;
inline constexpr uint16_t kResultProviderRejection = 2;
inline constexpr uint16_t kResultNegotiateAck = 3;
// C706 12.6.3.1 p_provider_reason_t.
inline constexpr uint16_t kReasonNotSpecified = 0;
inline constexpr uint16_t kReasonAbstractSyntaxNotSupported = 1;
inline constexpr uint16_t kReasonTransferSyntaxesNotSupported = 2;
inline constexpr uint16_t kReasonLocalLimitExceeded = 3;
// C706 12.6.3.1 p_reject_reason_t (bind_nak), with MS-RPCE 2.2.2.5's additions.
inline constexpr uint16_t kRejectNotSpecified = 0;
inline constexpr uint16_t kRejectTemporaryCongestion = 1;
inline constexpr uint16_t kRejectLocalLimitExceeded = 2;
inline constexpr uint16_t kRejectProtocolVersionNotSupported = 4;
inline constexpr uint16_t kRejectAuthenticationTypeNotRecognized = 8;
inline constexpr uint16_t kRejectInvalidChecksum = 9;

// Fault status values (C706 appendix E; RPC_X_BAD_STUB_DATA from MS-ERREF 2.2).
inline constexpr uint32_t kFaultOpRangeError = 0x1C010002;     // nca_s_op_rng_error
inline constexpr uint32_t kFaultUnknownInterface = 0x1C010003;  // nca_s_unk_if
inline constexpr uint32_t kFaultProtocolError = 0x1C01000B;    // nca_proto_error
inline constexpr uint32_t kFaultRemoteNoMemory = 0x1C00001B;   // nca_s_fault_remote_no_memory
inline constexpr uint32_t kFaultBadStubData = 0x000006F7;      // RPC_X_BAD_STUB_DATA (MS-ERREF)

// Decode failures.
inline constexpr NtStatus kBadPdu = NtStatus::InvalidParameter;
inline constexpr NtStatus kUnsupportedDrep = NtStatus::NotSupported;

// C706 12.6.3.1 common header, 16 bytes.
struct PduHeader {
  uint8_t rpc_vers = kRpcVersion;
  uint8_t rpc_vers_minor = kRpcVersionMinor;
  PduType type = PduType::Request;
  uint8_t pfc_flags = kPfcFirstFrag | kPfcLastFrag;
  std::array<uint8_t, 4> drep = kDrepLittleEndian;
  uint16_t frag_length = 0;
  uint16_t auth_length = 0;
  uint32_t call_id = 0;

  bool little_endian() const { return (drep[0] & 0xF0) == 0x10; }

  // Reads the 16 bytes (frag_length, auth_length and call_id in the byte order drep names) and
  // checks only that they are there; decode_pdu() checks the rest.
  static Result<PduHeader> decode(Bytes data);
  void encode(ByteWriter& w) const;
  bool operator==(const PduHeader&) const = default;
};

// The length of the PDU starting `data`, from its header; nullopt until 16 bytes are there.
std::optional<uint16_t> peek_frag_length(Bytes data);

// A PDU split at its boundaries: header, body (after the header, before the auth verifier) and
// the auth verifier (sec_trailer + auth_value, empty when auth_length is 0). Checks rpc_vers 5,
// frag_length >= 16 and <= data.size(), and that the verifier fits after the header.
struct PduFrame {
  PduHeader header;
  Bytes body;
  Bytes auth;
};
Result<PduFrame> decode_pdu(Bytes data);

// C706 12.6.3.1 p_cont_elem_t.
struct ContextElement {
  uint16_t context_id = 0;
  SyntaxId abstract_syntax;
  std::vector<SyntaxId> transfer_syntaxes;
  bool operator==(const ContextElement&) const = default;
};

// C706 12.6.4.3 bind / 12.6.4.1 alter_context (same body): max_xmit_frag, max_recv_frag,
// assoc_group_id, p_context_elem (n_context_elem u8, 3 reserved bytes, the elements).
struct BindPdu {
  PduType type = PduType::Bind;  // or AlterContext
  uint8_t pfc_flags = kPfcFirstFrag | kPfcLastFrag;
  uint32_t call_id = 0;
  uint16_t max_xmit_frag = 4280;
  uint16_t max_recv_frag = 4280;
  uint32_t assoc_group_id = 0;
  std::vector<ContextElement> contexts;
  std::vector<uint8_t> auth;  // sec_trailer + auth_value, as received

  static Result<BindPdu> decode(Bytes pdu);
  std::vector<uint8_t> encode() const;
  bool operator==(const BindPdu&) const = default;
};

// C706 12.6.3.1 p_result_t.
struct ContextResult {
  uint16_t result = kResultAcceptance;
  uint16_t reason = 0;  // provider reason, or the feature bits of a negotiate_ack
  SyntaxId transfer_syntax;
  bool operator==(const ContextResult&) const = default;
};

// C706 12.6.4.4 bind_ack / 12.6.4.2 alter_context_resp: max_xmit_frag, max_recv_frag,
// assoc_group_id, sec_addr (port_any_t: u16 length counting the NUL, the ASCII bytes), padding
// to 4 (from the PDU start), p_result_list (n_results u8, 3 reserved bytes, the results).
struct BindAckPdu {
  PduType type = PduType::BindAck;  // or AlterContextResp
  uint8_t pfc_flags = kPfcFirstFrag | kPfcLastFrag;
  uint32_t call_id = 0;
  uint16_t max_xmit_frag = 4280;
  uint16_t max_recv_frag = 4280;
  uint32_t assoc_group_id = 0;
  std::string secondary_address;  // "\\PIPE\\srvsvc", without the NUL; "" is written as length 0
  std::vector<ContextResult> results;
  std::vector<uint8_t> auth;

  static Result<BindAckPdu> decode(Bytes pdu);
  std::vector<uint8_t> encode() const;
  bool operator==(const BindAckPdu&) const = default;
};

// C706 12.6.4.5 bind_nak: provider_reject_reason, p_rt_versions_supported (n_protocols u8, then
// major/minor octet pairs). MS-RPCE's optional signature and extended error after it are not
// read.
struct BindNakPdu {
  uint8_t pfc_flags = kPfcFirstFrag | kPfcLastFrag;
  uint32_t call_id = 0;
  uint16_t reason = kRejectNotSpecified;
  std::vector<std::pair<uint8_t, uint8_t>> versions{{kRpcVersion, kRpcVersionMinor}};

  static Result<BindNakPdu> decode(Bytes pdu);
  std::vector<uint8_t> encode() const;
  bool operator==(const BindNakPdu&) const = default;
};

// C706 12.6.4.9 request: alloc_hint, p_cont_id, opnum, object UUID when PFC_OBJECT_UUID, stub.
struct RequestPdu {
  uint8_t pfc_flags = kPfcFirstFrag | kPfcLastFrag;
  uint32_t call_id = 0;
  uint32_t alloc_hint = 0;
  uint16_t context_id = 0;
  uint16_t opnum = 0;
  std::optional<Uuid> object;  // present iff pfc_flags has kPfcObjectUuid (encode() sets the flag)
  std::vector<uint8_t> stub;
  std::vector<uint8_t> auth;

  static Result<RequestPdu> decode(Bytes pdu);
  std::vector<uint8_t> encode() const;
  bool operator==(const RequestPdu&) const = default;
};

// C706 12.6.4.10 response: alloc_hint, p_cont_id, cancel_count, reserved, stub.
struct ResponsePdu {
  uint8_t pfc_flags = kPfcFirstFrag | kPfcLastFrag;
  uint32_t call_id = 0;
  uint32_t alloc_hint = 0;
  uint16_t context_id = 0;
  uint8_t cancel_count = 0;
  std::vector<uint8_t> stub;
  std::vector<uint8_t> auth;

  static Result<ResponsePdu> decode(Bytes pdu);
  std::vector<uint8_t> encode() const;
  bool operator==(const ResponsePdu&) const = default;
};

// C706 12.6.4.7 fault: alloc_hint, p_cont_id, cancel_count, reserved (MS-RPCE uses it for flags,
// 0x01 = extended error information present), status, 4 reserved bytes, stub.
struct FaultPdu {
  uint8_t pfc_flags = kPfcFirstFrag | kPfcLastFrag;
  uint32_t call_id = 0;
  uint32_t alloc_hint = 0;
  uint16_t context_id = 0;
  uint8_t cancel_count = 0;
  uint8_t flags = 0;
  uint32_t status = 0;
  std::vector<uint8_t> stub;
  std::vector<uint8_t> auth;

  static Result<FaultPdu> decode(Bytes pdu);
  std::vector<uint8_t> encode() const;
  bool operator==(const FaultPdu&) const = default;
};

}  // namespace smbkit::rpc
