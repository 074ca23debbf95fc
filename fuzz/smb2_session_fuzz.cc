// SMB2 connection- and session-level codecs (MS-SMB2 2.2.2-2.2.12, 2.2.23-2.2.30): NEGOTIATE
// with its context list, SESSION_SETUP, LOGOFF, TREE_CONNECT (3.1.1 and earlier dialects),
// TREE_DISCONNECT, ECHO, CANCEL, ERROR and OPLOCK_BREAK (oplock and lease forms). Input: one
// selector byte (which decoder, modulo the count below), then a whole SMB2 message (64-byte header
// and body); for the last selector, a ContextType (2 bytes) and the Data of one negotiate context.
#include <algorithm>

#include "fuzz_support_smb2.h"
#include "smb2/cancel.h"
#include "smb2/echo.h"
#include "smb2/error.h"
#include "smb2/logoff.h"
#include "smb2/negotiate.h"
#include "smb2/oplock_break.h"
#include "smb2/session_setup.h"
#include "smb2/tree.h"

using namespace smbkit;
using namespace smbkit::smb2;

namespace {

// Every context's Data, as its encoder writes it, parses back to the same context.
void check_contexts(const std::vector<NegotiateContext>& contexts) {
  for (const auto& c : contexts) {
    std::vector<uint8_t> bytes;
    ByteWriter w(bytes);
    encode_negotiate_contexts(w, 0, {c});
    FUZZ_CHECK(bytes.size() >= 8);
    auto back = parse_negotiate_context(context_type(c), Bytes(bytes).subspan(8));
    FUZZ_CHECK(back == c);
  }
}

void negotiate_request(Bytes in) {
  fuzz::roundtrip_message<NegotiateRequest>(
      in, [](Bytes m) { return NegotiateRequest::decode(m); },
      [](const NegotiateRequest& req) {
        FUZZ_CHECK(!req.dialects.empty());  // DialectCount 0 is refused
        FUZZ_CHECK(req.contexts.empty() || req.offers(kDialect311));
        check_contexts(req.contexts);
      });
}

void negotiate_response(Bytes in) {
  fuzz::roundtrip_message<NegotiateResponse>(
      in, [](Bytes m) { return NegotiateResponse::decode(m); },
      [](const NegotiateResponse& resp) {
        FUZZ_CHECK(resp.contexts.empty() || resp.dialect_revision == kDialect311);
        check_contexts(resp.contexts);
      });
}

void tree_connect_311(Bytes in) {
  fuzz::roundtrip_message<TreeConnectRequest>(
      in, [](Bytes m) { return TreeConnectRequest::decode(m, kDialect311); },
      [](const TreeConnectRequest& req) {
        FUZZ_CHECK(req.extension == ((req.flags & kTreeConnectFlagExtensionPresent) != 0));
      });
}

void tree_connect_302(Bytes in) {
  fuzz::roundtrip_message<TreeConnectRequest>(
      in, [](Bytes m) { return TreeConnectRequest::decode(m, kDialect302); },
      [](const TreeConnectRequest& req) { FUZZ_CHECK(!req.extension); });
}

void error_response(Bytes in) {
  fuzz::roundtrip_message<ErrorResponse>(
      in, [](Bytes m) { return ErrorResponse::decode(m); },
      [](const ErrorResponse& e) {
        FUZZ_CHECK(e.error_data.empty() || e.contexts.empty());
        (void)e.required_length();
      });
  auto h = Header::decode(in);
  if (h) (void)is_error_response(h->command, h->status);
}

void oplock_break(Bytes in) {
  auto kind = oplock_break_kind(in);
  if (!kind) {
    FUZZ_CHECK(!OplockBreak::decode(in) && !LeaseBreakNotification::decode(in) &&
               !LeaseBreakAck::decode(in));
    return;
  }
  switch (*kind) {
    case OplockBreakKind::Oplock:
      FUZZ_CHECK(!LeaseBreakNotification::decode(in) && !LeaseBreakAck::decode(in));
      fuzz::roundtrip_message<OplockBreak>(in);
      break;
    case OplockBreakKind::LeaseNotification:
      FUZZ_CHECK(!OplockBreak::decode(in) && !LeaseBreakAck::decode(in));
      fuzz::roundtrip_message<LeaseBreakNotification>(in);
      break;
    case OplockBreakKind::LeaseAck:
      FUZZ_CHECK(!OplockBreak::decode(in) && !LeaseBreakNotification::decode(in));
      fuzz::roundtrip_message<LeaseBreakAck>(in);
      break;
  }
}

// One negotiate context's Data: parsing it, encoding the result and parsing again is stable, and
// a parsed (not raw) context encodes to no more bytes than it was read from.
void negotiate_context(Bytes in) {
  if (in.size() < 2) return;
  const uint16_t type = static_cast<uint16_t>(in[0] | (in[1] << 8));
  Bytes data = in.subspan(2, std::min<size_t>(in.size() - 2, 0xFFFF));
  NegotiateContext first = parse_negotiate_context(type, data);
  FUZZ_CHECK(context_type(first) == type);
  std::vector<uint8_t> bytes;
  ByteWriter w(bytes);
  encode_negotiate_contexts(w, 0, {first});
  if (std::holds_alternative<RawNegotiateContext>(first))
    FUZZ_CHECK(std::equal(bytes.begin() + 8, bytes.end(), data.begin(), data.end()));
  else
    FUZZ_CHECK(bytes.size() - 8 <= data.size());
  auto list = decode_negotiate_contexts(bytes, 0, 1, 0);
  FUZZ_CHECK(list && list->size() == 1);
  FUZZ_CHECK((*list)[0] == first);
}

constexpr fuzz::MessageCheck kChecks[] = {
    negotiate_request,
    negotiate_response,
    fuzz::roundtrip_message<SessionSetupRequest>,
    fuzz::roundtrip_message<SessionSetupResponse>,
    fuzz::roundtrip_message<LogoffRequest>,
    fuzz::roundtrip_message<LogoffResponse>,
    tree_connect_311,
    tree_connect_302,
    fuzz::roundtrip_message<TreeConnectResponse>,
    fuzz::roundtrip_message<TreeDisconnectRequest>,
    fuzz::roundtrip_message<TreeDisconnectResponse>,
    fuzz::roundtrip_message<EchoRequest>,
    fuzz::roundtrip_message<EchoResponse>,
    fuzz::roundtrip_message<CancelRequest>,
    error_response,
    oplock_break,
    negotiate_context,
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::run_message_checks(data, size, kChecks);
  return 0;
}
