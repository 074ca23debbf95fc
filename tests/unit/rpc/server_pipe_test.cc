#include "rpc/server_pipe.h"

#include <gtest/gtest.h>

#include "rpc/wkssvc.h"
#include "rpc_test_util.h"

namespace smbkit::rpc {
namespace {

using test::hex;

RpcServerInfo sample_server(int extra_shares = 0) {
  RpcServerInfo s;
  s.server_name = "SMBKIT";
  s.domain = "WORKGROUP";
  s.comment = "smbkit server";
  s.shares = {
      {"data", "Data", "/srv/data", RpcShare::Type::Disk, true},
      {"IPC$", "IPC Service", "", RpcShare::Type::Ipc, true},
  };
  for (int i = 0; i < extra_shares; ++i)
    s.shares.push_back({"share" + std::to_string(i), "Share number " + std::to_string(i),
                        "/srv/" + std::to_string(i), RpcShare::Type::Disk, true});
  return s;
}

// Every reply message the pipe holds, each read whole.
std::vector<std::vector<uint8_t>> drain(RpcPipeServer& pipe) {
  std::vector<std::vector<uint8_t>> out;
  while (pipe.pending()) {
    PipeRead r = pipe.read(1 << 16);
    EXPECT_FALSE(r.message_incomplete);
    out.push_back(std::move(r.data));
  }
  return out;
}

BindPdu bind_for(const SyntaxId& iface, uint32_t call_id = 1, uint16_t frag = 4280) {
  BindPdu b;
  b.call_id = call_id;
  b.max_xmit_frag = frag;
  b.max_recv_frag = frag;
  b.contexts.push_back({0, iface, {kNdrSyntax}});
  return b;
}

BindAckPdu bind(RpcPipeServer& pipe, const BindPdu& b) {
  EXPECT_TRUE(pipe.write(b.encode()));
  auto replies = drain(pipe);
  EXPECT_EQ(replies.size(), 1u);
  auto ack = BindAckPdu::decode(replies.at(0));
  EXPECT_TRUE(ack);
  return ack.value_or(BindAckPdu{});
}

RequestPdu request(uint32_t call_id, uint16_t opnum, std::vector<uint8_t> stub,
                   uint16_t context_id = 0) {
  RequestPdu q;
  q.call_id = call_id;
  q.opnum = opnum;
  q.context_id = context_id;
  q.alloc_hint = static_cast<uint32_t>(stub.size());
  q.stub = std::move(stub);
  return q;
}

std::vector<uint8_t> share_enum_stub(uint32_t level = 1) {
  ShareEnumRequest q;
  q.server_name = "\\\\SMBKIT";
  q.info.level = level;
  q.resume_handle = 0;
  return q.encode();
}

FaultPdu expect_fault(RpcPipeServer& pipe) {
  auto replies = drain(pipe);
  EXPECT_EQ(replies.size(), 1u);
  auto f = FaultPdu::decode(replies.at(0));
  EXPECT_TRUE(f);
  return f.value_or(FaultPdu{});
}

TEST(RpcPipe, KnownNames) {
  for (const char* name : {"srvsvc", "SRVSVC", "\\srvsvc", "\\PIPE\\srvsvc", "\\pipe\\SrvSvc",
                           "PIPE\\srvsvc"})
    EXPECT_EQ(rpc_pipe_kind(name), RpcPipeKind::Srvsvc) << name;
  EXPECT_EQ(rpc_pipe_kind("\\PIPE\\wkssvc"), RpcPipeKind::Wkssvc);
  for (const char* name : {"lsarpc", "\\PIPE\\samr", "", "\\", "srvsvc2", "\\\\srvsvc",
                           "\\PIPE\\\\srvsvc", "PIPE"})
    EXPECT_FALSE(rpc_pipe_known(name)) << name;
  EXPECT_FALSE(RpcPipeServer::open("lsarpc", sample_server()));
  EXPECT_TRUE(RpcPipeServer::open("srvsvc", sample_server()));
}

TEST(RpcPipe, BindIsAcknowledgedWithTheNegotiatedSizes) {
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server());
  auto ack = bind(pipe, bind_for(kSrvsvcSyntax, 1, 4280));
  EXPECT_EQ(ack.type, PduType::BindAck);
  EXPECT_EQ(ack.call_id, 1u);
  EXPECT_EQ(ack.max_xmit_frag, 4280);
  EXPECT_EQ(ack.max_recv_frag, 4280);
  EXPECT_EQ(ack.assoc_group_id, 0x53F0u);
  EXPECT_EQ(ack.secondary_address, "\\PIPE\\srvsvc");
  ASSERT_EQ(ack.results.size(), 1u);
  EXPECT_EQ(ack.results[0].result, kResultAcceptance);
  EXPECT_EQ(ack.results[0].transfer_syntax, kNdrSyntax);
  EXPECT_TRUE(pipe.bound());

  // Larger than the server's limit: capped. Smaller than 1432: raised to 1432.
  RpcPipeServer big(RpcPipeKind::Srvsvc, sample_server());
  auto b = bind_for(kSrvsvcSyntax, 1, 65535);
  b.assoc_group_id = 0x1234;
  ack = bind(big, b);
  EXPECT_EQ(ack.max_xmit_frag, 5840);
  EXPECT_EQ(ack.max_recv_frag, 5840);
  EXPECT_EQ(ack.assoc_group_id, 0x1234u);
  RpcPipeServer small(RpcPipeKind::Srvsvc, sample_server());
  ack = bind(small, bind_for(kSrvsvcSyntax, 1, 100));
  EXPECT_EQ(ack.max_xmit_frag, 1432);
  EXPECT_EQ(ack.max_recv_frag, 1432);
}

TEST(RpcPipe, ResultListRejectsNdr64AndAnswersFeatureNegotiation) {
  // What a Windows client offers: NDR, NDR64 and bind time feature negotiation (bits 0x03).
  BindPdu b;
  b.call_id = 2;
  b.contexts.push_back({0, kSrvsvcSyntax, {kNdrSyntax}});
  b.contexts.push_back({1, kSrvsvcSyntax, {kNdr64Syntax}});
  b.contexts.push_back({2, kSrvsvcSyntax, {bind_time_feature_syntax(0x03)}});
  b.contexts.push_back({3, kWkssvcSyntax, {kNdrSyntax}});
  SyntaxId newer = kSrvsvcSyntax;
  newer.minor = 1;
  b.contexts.push_back({4, newer, {kNdrSyntax}});
  b.contexts.push_back({5, kSrvsvcSyntax, {kNdr64Syntax, kNdrSyntax}});
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server());
  auto ack = bind(pipe, b);
  ASSERT_EQ(ack.results.size(), 6u);
  EXPECT_EQ(ack.results[0].result, kResultAcceptance);
  EXPECT_EQ(ack.results[1].result, kResultProviderRejection);
  EXPECT_EQ(ack.results[1].reason, kReasonTransferSyntaxesNotSupported);
  EXPECT_EQ(ack.results[1].transfer_syntax, SyntaxId{});
  EXPECT_EQ(ack.results[2].result, kResultNegotiateAck);
  EXPECT_EQ(ack.results[2].reason, kFeatureKeepConnectionOnOrphan);
  EXPECT_EQ(ack.results[2].transfer_syntax, SyntaxId{});
  EXPECT_EQ(ack.results[3].result, kResultProviderRejection);
  EXPECT_EQ(ack.results[3].reason, kReasonAbstractSyntaxNotSupported);
  EXPECT_EQ(ack.results[4].reason, kReasonAbstractSyntaxNotSupported);
  EXPECT_EQ(ack.results[5].result, kResultAcceptance);
  EXPECT_EQ(ack.results[5].transfer_syntax, kNdrSyntax);

  // Context 5 works, context 1 (rejected) faults.
  pipe.write(request(3, kOpNetrShareEnum, share_enum_stub(), 5).encode());
  auto replies = drain(pipe);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_TRUE(ResponsePdu::decode(replies[0]));
  pipe.write(request(4, kOpNetrShareEnum, share_enum_stub(), 1).encode());
  EXPECT_EQ(expect_fault(pipe).status, kFaultUnknownInterface);
}

TEST(RpcPipe, ShareEnumCall) {
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server());
  bind(pipe, bind_for(kSrvsvcSyntax));
  ASSERT_TRUE(pipe.write(request(2, kOpNetrShareEnum, share_enum_stub()).encode()));
  auto replies = drain(pipe);
  ASSERT_EQ(replies.size(), 1u);
  auto p = ResponsePdu::decode(replies[0]);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->call_id, 2u);
  EXPECT_EQ(p->pfc_flags, kPfcFirstFrag | kPfcLastFrag);
  EXPECT_EQ(p->alloc_hint, p->stub.size());
  auto r = ShareEnumResponse::decode(p->stub);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->info.buffer->size(), 2u);
  EXPECT_EQ((*r->info.buffer)[1].netname, "IPC$");
  EXPECT_FALSE(pipe.broken());
}

TEST(RpcPipe, WkssvcPipeServesWkstaGetInfo) {
  RpcPipeServer pipe(RpcPipeKind::Wkssvc, sample_server());
  auto ack = bind(pipe, bind_for(kWkssvcSyntax));
  EXPECT_EQ(ack.secondary_address, "\\PIPE\\wkssvc");
  EXPECT_EQ(ack.results.at(0).result, kResultAcceptance);
  WkstaGetInfoRequest q;
  pipe.write(request(2, kOpNetrWkstaGetInfo, q.encode()).encode());
  auto replies = drain(pipe);
  ASSERT_EQ(replies.size(), 1u);
  auto w = WkstaGetInfoResponse::decode(ResponsePdu::decode(replies[0])->stub);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->info->lan_group, "WORKGROUP");
  // srvsvc is not served on the wkssvc pipe
  RpcPipeServer other(RpcPipeKind::Wkssvc, sample_server());
  ack = bind(other, bind_for(kSrvsvcSyntax));
  EXPECT_EQ(ack.results.at(0).reason, kReasonAbstractSyntaxNotSupported);
}

TEST(RpcPipe, FaultsForUnknownOpnumAndContext) {
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server());
  bind(pipe, bind_for(kSrvsvcSyntax));
  pipe.write(request(2, 200, {}).encode());
  FaultPdu f = expect_fault(pipe);
  EXPECT_EQ(f.status, kFaultOpRangeError);
  EXPECT_EQ(f.call_id, 2u);
  EXPECT_TRUE(f.pfc_flags & kPfcDidNotExecute);

  pipe.write(request(3, kOpNetrShareEnum, share_enum_stub(), 7).encode());
  f = expect_fault(pipe);
  EXPECT_EQ(f.status, kFaultUnknownInterface);
  EXPECT_EQ(f.context_id, 7);

  pipe.write(request(4, kOpNetrShareEnum, hex("00000000")).encode());
  EXPECT_EQ(expect_fault(pipe).status, kFaultBadStubData);
  EXPECT_FALSE(pipe.broken());  // faults of a call leave the pipe usable

  pipe.write(request(5, kOpNetrShareEnum, share_enum_stub()).encode());
  EXPECT_TRUE(ResponsePdu::decode(drain(pipe).at(0)));
}

TEST(RpcPipe, RequestBeforeBindBreaksThePipe) {
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server());
  EXPECT_TRUE(pipe.write(request(1, kOpNetrShareEnum, share_enum_stub()).encode()));
  FaultPdu f = expect_fault(pipe);
  EXPECT_EQ(f.status, kFaultProtocolError);
  EXPECT_TRUE(pipe.broken());
  EXPECT_FALSE(pipe.write(bind_for(kSrvsvcSyntax).encode()));
  EXPECT_EQ(pipe.pending(), 0u);
}

TEST(RpcPipe, BindNaks) {
  // A second bind on the association
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server());
  bind(pipe, bind_for(kSrvsvcSyntax));
  pipe.write(bind_for(kSrvsvcSyntax, 2).encode());
  auto nak = BindNakPdu::decode(drain(pipe).at(0));
  ASSERT_TRUE(nak);
  EXPECT_EQ(nak->call_id, 2u);
  EXPECT_FALSE(pipe.broken());

  // rpc_vers 4
  RpcPipeServer v4(RpcPipeKind::Srvsvc, sample_server());
  auto bytes = bind_for(kSrvsvcSyntax).encode();
  bytes[0] = 4;
  v4.write(bytes);
  auto reply = drain(v4).at(0);
  ASSERT_EQ(reply[2], static_cast<uint8_t>(PduType::BindNak));
  nak = BindNakPdu::decode(reply);
  ASSERT_TRUE(nak);
  EXPECT_EQ(nak->reason, kRejectProtocolVersionNotSupported);
  EXPECT_EQ(nak->versions, (std::vector<std::pair<uint8_t, uint8_t>>{{5, 0}}));
  EXPECT_FALSE(v4.bound());

  // a big-endian drep: the header is read in that order, and refused
  RpcPipeServer be(RpcPipeKind::Srvsvc, sample_server());
  bytes = bind_for(kSrvsvcSyntax).encode();
  bytes[4] = 0x00;
  std::swap(bytes[8], bytes[9]);
  std::swap(bytes[12], bytes[15]);
  std::swap(bytes[13], bytes[14]);
  be.write(bytes);
  nak = BindNakPdu::decode(drain(be).at(0));
  ASSERT_TRUE(nak);
  EXPECT_EQ(nak->call_id, 1u);
  EXPECT_FALSE(be.bound());

  // an auth verifier: no RPC authentication here
  RpcPipeServer auth(RpcPipeKind::Srvsvc, sample_server());
  auto b = bind_for(kSrvsvcSyntax);
  b.auth = hex("0a 02 00 00 00000000 4e544c4d53535000");
  auth.write(b.encode());
  nak = BindNakPdu::decode(drain(auth).at(0));
  ASSERT_TRUE(nak);
  EXPECT_EQ(nak->reason, kRejectAuthenticationTypeNotRecognized);
  EXPECT_FALSE(auth.bound());
}

TEST(RpcPipe, AlterContextAddsAContext) {
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server());
  BindPdu b = bind_for(kSrvsvcSyntax);
  b.contexts[0].transfer_syntaxes = {kNdr64Syntax};  // nothing accepted at first
  auto ack = bind(pipe, b);
  EXPECT_EQ(ack.results.at(0).result, kResultProviderRejection);
  EXPECT_TRUE(pipe.bound());

  BindPdu alter = bind_for(kSrvsvcSyntax, 2);
  alter.type = PduType::AlterContext;
  alter.contexts[0].context_id = 1;
  pipe.write(alter.encode());
  auto resp = BindAckPdu::decode(drain(pipe).at(0));
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->type, PduType::AlterContextResp);
  EXPECT_EQ(resp->secondary_address, "");
  EXPECT_EQ(resp->max_xmit_frag, 4280);
  EXPECT_EQ(resp->results.at(0).result, kResultAcceptance);
  pipe.write(request(3, kOpNetrShareEnum, share_enum_stub(), 1).encode());
  EXPECT_TRUE(ResponsePdu::decode(drain(pipe).at(0)));

  RpcPipeServer early(RpcPipeKind::Srvsvc, sample_server());
  early.write(alter.encode());
  EXPECT_EQ(expect_fault(early).status, kFaultProtocolError);
  EXPECT_TRUE(early.broken());
}

TEST(RpcPipe, WritesInAnySplit) {
  std::vector<uint8_t> stream = bind_for(kSrvsvcSyntax).encode();
  test::append(stream, request(2, kOpNetrShareEnum, share_enum_stub()).encode());
  test::append(stream, request(3, kOpNetrServerGetInfo, ServerGetInfoRequest{}.encode()).encode());

  // All at once
  RpcPipeServer whole(RpcPipeKind::Srvsvc, sample_server());
  whole.write(stream);
  auto expected = drain(whole);
  ASSERT_EQ(expected.size(), 3u);

  // A byte at a time
  RpcPipeServer bytewise(RpcPipeKind::Srvsvc, sample_server());
  for (uint8_t byte : stream) bytewise.write(Bytes(&byte, 1));
  EXPECT_EQ(drain(bytewise), expected);
}

TEST(RpcPipe, MultiFragmentRequestIsReassembled) {
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server());
  bind(pipe, bind_for(kSrvsvcSyntax));
  std::vector<uint8_t> stub = share_enum_stub();
  ASSERT_GT(stub.size(), 16u);
  for (size_t off = 0; off < stub.size(); off += 8) {
    size_t n = std::min<size_t>(8, stub.size() - off);
    RequestPdu q = request(9, kOpNetrShareEnum,
                           std::vector<uint8_t>(stub.begin() + off, stub.begin() + off + n));
    q.pfc_flags = (off == 0 ? kPfcFirstFrag : 0) | (off + n == stub.size() ? kPfcLastFrag : 0);
    ASSERT_TRUE(pipe.write(q.encode()));
    if (off + n < stub.size()) {
      EXPECT_EQ(pipe.pending(), 0u);
    }
  }
  auto replies = drain(pipe);
  ASSERT_EQ(replies.size(), 1u);
  auto p = ResponsePdu::decode(replies[0]);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->call_id, 9u);
  EXPECT_TRUE(ShareEnumResponse::decode(p->stub));
}

TEST(RpcPipe, FragmentsOutOfSequenceBreakThePipe) {
  auto middle = request(2, kOpNetrShareEnum, {0, 0, 0, 0});
  middle.pfc_flags = 0;  // neither FIRST nor LAST, no call started
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server());
  bind(pipe, bind_for(kSrvsvcSyntax));
  pipe.write(middle.encode());
  EXPECT_EQ(expect_fault(pipe).status, kFaultProtocolError);
  EXPECT_TRUE(pipe.broken());

  // A FIRST while a call is being reassembled
  RpcPipeServer twice(RpcPipeKind::Srvsvc, sample_server());
  bind(twice, bind_for(kSrvsvcSyntax));
  auto first = request(2, kOpNetrShareEnum, {0, 0, 0, 0});
  first.pfc_flags = kPfcFirstFrag;
  twice.write(first.encode());
  first.call_id = 3;
  twice.write(first.encode());
  EXPECT_EQ(expect_fault(twice).status, kFaultProtocolError);

  // A following fragment of another call id
  RpcPipeServer other(RpcPipeKind::Srvsvc, sample_server());
  bind(other, bind_for(kSrvsvcSyntax));
  first.call_id = 2;
  other.write(first.encode());
  middle.call_id = 5;
  other.write(middle.encode());
  EXPECT_EQ(expect_fault(other).status, kFaultProtocolError);
}

TEST(RpcPipe, OrphanedDropsTheCallBeingReassembled) {
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server());
  bind(pipe, bind_for(kSrvsvcSyntax));
  auto first = request(2, kOpNetrShareEnum, {0, 0, 0, 0});
  first.pfc_flags = kPfcFirstFrag;
  pipe.write(first.encode());
  // C706 12.6.4.8 orphaned: the common header alone.
  pipe.write(hex("05 00 13 03 10000000 1000 0000 02000000"));
  EXPECT_EQ(pipe.pending(), 0u);
  pipe.write(request(3, kOpNetrShareEnum, share_enum_stub()).encode());
  EXPECT_TRUE(ResponsePdu::decode(drain(pipe).at(0)));
  EXPECT_FALSE(pipe.broken());
}

TEST(RpcPipe, StubOverTheLimitFaultsAndBreaks) {
  RpcPipeLimits limits;
  limits.max_request_stub = 64;
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server(), limits);
  bind(pipe, bind_for(kSrvsvcSyntax));
  auto first = request(2, kOpNetrShareEnum, std::vector<uint8_t>(40));
  first.pfc_flags = kPfcFirstFrag;
  pipe.write(first.encode());
  EXPECT_EQ(pipe.pending(), 0u);
  auto next = request(2, kOpNetrShareEnum, std::vector<uint8_t>(40));
  next.pfc_flags = 0;
  pipe.write(next.encode());
  FaultPdu f = expect_fault(pipe);
  EXPECT_EQ(f.status, kFaultRemoteNoMemory);
  EXPECT_TRUE(pipe.broken());
}

TEST(RpcPipe, FragmentOverTheNegotiatedSizeBreaksThePipe) {
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server());
  bind(pipe, bind_for(kSrvsvcSyntax, 1, 1432));
  auto big = request(2, kOpNetrShareEnum, std::vector<uint8_t>(1500));
  auto bytes = big.encode();
  pipe.write(Bytes(bytes).first(16));  // refused on its header alone
  EXPECT_EQ(expect_fault(pipe).status, kFaultProtocolError);
  EXPECT_TRUE(pipe.broken());
}

TEST(RpcPipe, HeaderWithTooSmallFragLengthBreaksThePipe) {
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server());
  pipe.write(hex("05 00 0b 03 10000000 0800 0000 01000000"));
  EXPECT_EQ(expect_fault(pipe).status, kFaultProtocolError);
  EXPECT_TRUE(pipe.broken());
}

TEST(RpcPipe, ClientOnlyPduTypesFromTheClientBreakThePipe) {
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server());
  bind(pipe, bind_for(kSrvsvcSyntax));
  ResponsePdu p;
  pipe.write(p.encode());
  EXPECT_EQ(expect_fault(pipe).status, kFaultProtocolError);
  EXPECT_TRUE(pipe.broken());
}

TEST(RpcPipe, HundredShareEnumerationOver1024ByteFragments) {
  RpcPipeLimits limits;
  limits.max_xmit_frag = 1024;
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server(100), limits);
  auto ack = bind(pipe, bind_for(kSrvsvcSyntax));
  EXPECT_EQ(ack.max_xmit_frag, 1024);
  pipe.write(request(2, kOpNetrShareEnum, share_enum_stub(1)).encode());
  auto replies = drain(pipe);
  ASSERT_GT(replies.size(), 5u);
  std::vector<uint8_t> stub;
  for (size_t i = 0; i < replies.size(); ++i) {
    EXPECT_LE(replies[i].size(), 1024u);
    auto p = ResponsePdu::decode(replies[i]);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->call_id, 2u);
    EXPECT_EQ(static_cast<bool>(p->pfc_flags & kPfcFirstFrag), i == 0);
    EXPECT_EQ(static_cast<bool>(p->pfc_flags & kPfcLastFrag), i + 1 == replies.size());
    if (i + 1 < replies.size()) {
      EXPECT_EQ(p->stub.size() % 8, 0u);
    }
    stub.insert(stub.end(), p->stub.begin(), p->stub.end());
  }
  // alloc_hint: the stub bytes left from each fragment on.
  size_t left = stub.size();
  for (const auto& m : replies) {
    auto p = ResponsePdu::decode(m);
    EXPECT_EQ(p->alloc_hint, left);
    left -= p->stub.size();
  }
  auto r = ShareEnumResponse::decode(stub);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->info.buffer->size(), 102u);
  EXPECT_EQ(r->total_entries, 102u);
  EXPECT_EQ((*r->info.buffer)[101].netname, "share99");
  EXPECT_EQ((*r->info.buffer)[101].remark, "Share number 99");
}

TEST(RpcPipe, ReadsAreMessageMode) {
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server());
  pipe.write(bind_for(kSrvsvcSyntax).encode());
  pipe.write(request(2, kOpNetrServerGetInfo, ServerGetInfoRequest{}.encode()).encode());
  const size_t total = pipe.pending();
  PipeRead a = pipe.read(10);
  EXPECT_EQ(a.data.size(), 10u);
  EXPECT_TRUE(a.message_incomplete);
  PipeRead b = pipe.read(1 << 16);  // the rest of the bind_ack only
  EXPECT_FALSE(b.message_incomplete);
  a.data.insert(a.data.end(), b.data.begin(), b.data.end());
  EXPECT_TRUE(BindAckPdu::decode(a.data));
  PipeRead c = pipe.read(1 << 16);
  EXPECT_TRUE(ResponsePdu::decode(c.data));
  EXPECT_EQ(a.data.size() + c.data.size(), total);
  EXPECT_EQ(pipe.pending(), 0u);
  EXPECT_TRUE(pipe.read(100).data.empty());
}

TEST(RpcPipe, TransceiveReturnsTheReplyToOneWrite) {
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server());
  auto r = pipe.transceive(bind_for(kSrvsvcSyntax).encode(), 4280);
  ASSERT_TRUE(r);
  EXPECT_TRUE(BindAckPdu::decode(r->data));
  r = pipe.transceive(request(2, kOpNetrShareEnum, share_enum_stub()).encode(), 16);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->message_incomplete);
  EXPECT_GT(pipe.pending(), 0u);
  // Unread data in the pipe: no transceive until it is read.
  EXPECT_FALSE(pipe.transceive(request(3, kOpNetrShareEnum, share_enum_stub()).encode(), 4280));
  drain(pipe);
  EXPECT_TRUE(pipe.transceive(request(3, kOpNetrShareEnum, share_enum_stub()).encode(), 4280));
}

TEST(RpcPipe, UnreadRepliesAreBounded) {
  RpcPipeLimits limits;
  limits.max_pending_output = 2000;
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, sample_server(), limits);
  bind(pipe, bind_for(kSrvsvcSyntax));
  auto call = request(2, kOpNetrShareEnum, share_enum_stub()).encode();
  int writes = 0;
  while (pipe.write(call) && writes < 100) ++writes;
  EXPECT_LT(writes, 100);
  EXPECT_TRUE(pipe.broken());
}

}  // namespace
}  // namespace smbkit::rpc
