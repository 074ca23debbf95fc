// DCE/RPC codecs (src/rpc): the connection-oriented PDUs of C706 12.6, the NDR 2.0 reader, the
// srvsvc / wkssvc stubs and the client helpers. Input: one selector byte (which check, modulo the
// count below), then the input proper:
//  0    a PDU header (and the frame split of decode_pdu)
//  1-6  a whole BIND/ALTER_CONTEXT, BIND_ACK/ALTER_CONTEXT_RESP, BIND_NAK, REQUEST, RESPONSE or
//       FAULT PDU: every accepted value encodes to bytes that decode to the same value and
//       encode to the same bytes
//  7    a second selector byte (which of the eight srvsvc / wkssvc stub codecs), then a stub:
//       the same round trip
//  8    NDR reader primitives driven by the input: a byte of opcodes for each value read from
//       the rest, with the reader's invariants checked throughout
//  9    client helpers: a call id (4 bytes), then pieces (each with a 2-byte length prefix):
//       each piece goes to decode_bind_ack and to a ResponseAssembler of that call, whose stub
//       goes to the level-1 share list and server info 101 decoders; the input is also split
//       into request fragments, which must join back
#include <algorithm>
#include <functional>
#include <string>

#include "fuzz_support.h"
#include "rpc/client.h"
#include "rpc/ndr.h"
#include "rpc/pdu.h"
#include "rpc/srvsvc.h"
#include "rpc/wkssvc.h"

using namespace smbkit;
using namespace smbkit::rpc;

namespace {

void header(Bytes in) {
  auto h = PduHeader::decode(in);
  if (!h) {
    FUZZ_CHECK(in.size() < kHeaderSize);
    return;
  }
  std::vector<uint8_t> out;
  ByteWriter w(out);
  h->encode(w);
  FUZZ_CHECK(std::equal(out.begin(), out.end(), in.begin(), in.begin() + kHeaderSize));
  FUZZ_CHECK(peek_frag_length(in) == h->frag_length);
  auto f = decode_pdu(in);
  if (!f) return;
  FUZZ_CHECK(f->header == *h);
  FUZZ_CHECK(kHeaderSize + f->body.size() + f->auth.size() == h->frag_length);
  FUZZ_CHECK(f->auth.empty() ? h->auth_length == 0
                             : f->auth.size() == kSecTrailerSize + h->auth_length);
}

// decode -> encode -> decode gives the same value, and encoding it gives the same bytes; the
// encoding is a well-formed PDU of frag_length bytes.
template <class T>
void roundtrip_pdu(Bytes in) {
  auto first = T::decode(in);
  if (!first) return;
  std::vector<uint8_t> bytes1 = first->encode();
  FUZZ_CHECK(peek_frag_length(bytes1) == bytes1.size());
  auto second = T::decode(bytes1);
  FUZZ_CHECK(second);
  FUZZ_CHECK(*second == *first);
  FUZZ_CHECK(second->encode() == bytes1);
}

template <class T>
void roundtrip_stub(Bytes in) {
  auto first = T::decode(in);
  if (!first) return;
  std::vector<uint8_t> bytes1 = first->encode();
  auto second = T::decode(bytes1);
  FUZZ_CHECK(second);
  FUZZ_CHECK(*second == *first);
  FUZZ_CHECK(second->encode() == bytes1);
}

void stub(Bytes in) {
  if (in.empty()) return;
  Bytes rest = in.subspan(1);
  switch (in[0] % 8) {
    case 0: roundtrip_stub<ShareEnumRequest>(rest); break;
    case 1: roundtrip_stub<ShareEnumResponse>(rest); break;
    case 2: roundtrip_stub<ShareGetInfoRequest>(rest); break;
    case 3: roundtrip_stub<ShareGetInfoResponse>(rest); break;
    case 4: roundtrip_stub<ServerGetInfoRequest>(rest); break;
    case 5: roundtrip_stub<ServerGetInfoResponse>(rest); break;
    case 6: roundtrip_stub<WkstaGetInfoRequest>(rest); break;
    default: roundtrip_stub<WkstaGetInfoResponse>(rest); break;
  }
}

// The opcodes run against a reader over the second half of the input; the first half holds them.
// Each opcode's low 3 bits pick the read; a string read is written back with NdrWriter and must
// read back the same.
void ndr_reader(Bytes in) {
  const size_t split = in.empty() ? 0 : std::min<size_t>(in[0], in.size() - 1);
  Bytes ops = in.empty() ? in : in.subspan(1, split);
  Bytes data = in.empty() ? in : in.subspan(1 + split);
  NdrReader r(data);
  int depth = 0;
  std::function<void(NdrReader&, uint8_t)> run = [&](NdrReader& r, uint8_t op) {
    const size_t before = r.offset();
    switch (op & 7) {
      case 0: r.u8(); break;
      case 1: r.u16(); break;
      case 2: r.u32(); break;
      case 3: r.u64(); break;
      case 4: {
        std::string s = r.wstring();
        if (!r.ok()) break;
        std::vector<uint8_t> out;
        NdrWriter w(out);
        w.wstring(s);
        NdrReader back(out);
        FUZZ_CHECK(back.wstring() == s && back.ok() && back.remaining() == 0);
        break;
      }
      case 5: {
        uint32_t n = r.conformance(static_cast<size_t>(op >> 3) + 1);
        if (r.ok()) FUZZ_CHECK(size_t{n} * ((op >> 3) + 1) <= r.remaining());
        break;
      }
      case 6:
        // An embedded pointer whose referent reads a u32 and, two levels deep at most, another
        // pointer: deferred until the next flush.
        if (depth < 2) {
          r.unique([&, op](NdrReader& r) {
            ++depth;
            r.u32();
            run(r, static_cast<uint8_t>(op >> 3));
            --depth;
          });
        }
        break;
      default: r.flush(); break;
    }
    FUZZ_CHECK(r.ok() ? r.offset() >= before && r.offset() <= data.size() : r.remaining() == 0);
  };
  for (uint8_t op : ops) run(r, op);
  r.flush();
  if (!r.ok()) {
    FUZZ_CHECK(r.u32() == 0 && r.wstring().empty() && r.remaining() == 0);
  }
}

void client(Bytes in) {
  ByteReader r(in);
  const uint32_t call_id = r.u32();
  ResponseAssembler a(call_id, 1 << 16);
  bool failed = false;
  for (Bytes piece : fuzz::split_prefixed(r.rest())) {
    auto bind = decode_bind_ack(piece, call_id);
    if (bind) FUZZ_CHECK(bind->max_xmit_frag >= 32);
    NtStatus s = a.feed(piece);
    if (failed) FUZZ_CHECK(s != NtStatus::Success);  // failures are sticky
    failed = failed || s != NtStatus::Success;
  }
  FUZZ_CHECK(a.stub().size() <= (1u << 16));
  if (a.done() && !a.fault()) {
    if (auto list = decode_share_enum_level1(a.stub()))
      FUZZ_CHECK(list->shares.size() <= a.stub().size() / 12);
    (void)decode_server_info_101(a.stub());
  }
  // The request fragments of the input as a stub always split and join back.
  auto frags = encode_request(7, 1, 15, in, static_cast<uint16_t>(32 + in.size() % 512));
  std::vector<uint8_t> joined;
  for (size_t i = 0; i < frags.size(); ++i) {
    auto q = RequestPdu::decode(frags[i]);
    FUZZ_CHECK(q);
    FUZZ_CHECK(((q->pfc_flags & kPfcFirstFrag) != 0) == (i == 0));
    FUZZ_CHECK(((q->pfc_flags & kPfcLastFrag) != 0) == (i + 1 == frags.size()));
    joined.insert(joined.end(), q->stub.begin(), q->stub.end());
  }
  FUZZ_CHECK(std::equal(joined.begin(), joined.end(), in.begin(), in.end()));
}

using Check = void (*)(Bytes);
constexpr Check kChecks[] = {
    header,
    roundtrip_pdu<BindPdu>,
    roundtrip_pdu<BindAckPdu>,
    roundtrip_pdu<BindNakPdu>,
    roundtrip_pdu<RequestPdu>,
    roundtrip_pdu<ResponsePdu>,
    roundtrip_pdu<FaultPdu>,
    stub,
    ndr_reader,
    client,
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Selected in = fuzz::select(data, size);
  kChecks[in.selector % std::size(kChecks)](in.rest);
  return 0;
}
