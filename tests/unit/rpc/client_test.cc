#include "rpc/client.h"

#include <gtest/gtest.h>

#include "rpc/server_pipe.h"
#include "rpc_test_util.h"

namespace smbkit::rpc {
namespace {

using test::hex;

// C706 12.6.4.3 bind for srvsvc v3.0 with NDR v2.0 as context 0 (see pdu_test.cc).
constexpr std::string_view kSrvsvcBind =
    "05 00 0b 03 10000000 4800 0000 01000000 b810 b810 00000000 01 00 0000 0000 01 00"
    "c84f324b 7016 d301 1278 5a47bf6ee188 03000000"
    "045d888a eb1c c911 9fe8 08002b104860 02000000";

// C706 12.6.4.4 bind_ack from a server sending 4280 and receiving 2048.
constexpr std::string_view kSrvsvcBindAck =
    "05 00 0c 03 10000000 4400 0000 01000000 b810 0008 f0530000"
    "0d00 5c504950455c73727673766300 00"
    "01 00 0000 0000 0000 045d888a eb1c c911 9fe8 08002b104860 02000000";

// MS-SRVS 3.1.4.8 level 1 request for "\\S" with ResumeHandle 0 (see srvsvc_test.cc).
constexpr std::string_view kShareEnumRequest =
    "00000200 04000000 00000000 04000000 5c005c005300 0000"
    "01000000 01000000 04000200 00000000 00000000 ffffffff 08000200 00000000";

// Its response with "data" (disk, "Data") and "IPC$" (IPC|special, "IPC").
constexpr std::string_view kShareEnumResponse =
    "01000000 01000000 00000200 02000000 04000200 02000000"
    "08000200 00000000 0c000200 10000200 03000080 14000200"
    "05000000 00000000 05000000 64006100740061000000 0000"
    "05000000 00000000 05000000 44006100740061000000 0000"
    "05000000 00000000 05000000 49005000430024000000 0000"
    "04000000 00000000 04000000 4900500043000000"
    "02000000 18000200 00000000 00000000";

RpcServerInfo server_with(int shares) {
  RpcServerInfo s;
  s.server_name = "SMBKIT";
  s.domain = "WORKGROUP";
  s.comment = "smbkit test server";
  s.shares.push_back({"IPC$", "IPC Service", "", RpcShare::Type::Ipc, true});
  for (int i = 0; i < shares; ++i)
    s.shares.push_back({"share" + std::to_string(i), "comment " + std::to_string(i), "/srv",
                        RpcShare::Type::Disk, true});
  s.shares.push_back({"secret", "", "/srv/secret", RpcShare::Type::Disk, false});
  return s;
}

// A response fragment of call `call_id`.
std::vector<uint8_t> fragment(uint32_t call_id, uint8_t flags, std::vector<uint8_t> stub) {
  ResponsePdu p;
  p.call_id = call_id;
  p.pfc_flags = flags;
  p.stub = std::move(stub);
  return p.encode();
}

TEST(RpcClient, BindBytesFromTheSpec) {
  EXPECT_EQ(encode_srvsvc_bind(1), hex(kSrvsvcBind));
  EXPECT_EQ(encode_bind(kSrvsvcSyntax, 1, 4280), hex(kSrvsvcBind));
}

TEST(RpcClient, BindAckFromTheSpec) {
  auto r = decode_bind_ack(hex(kSrvsvcBindAck), 1);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->max_xmit_frag, 2048);  // the server's max_recv_frag
  EXPECT_EQ(r->max_recv_frag, 4280);
  EXPECT_EQ(r->assoc_group_id, 0x53F0u);
  EXPECT_EQ(r->secondary_address, "\\PIPE\\srvsvc");
  auto wrong_call = decode_bind_ack(hex(kSrvsvcBindAck), 2);
  ASSERT_FALSE(wrong_call);
  EXPECT_EQ(wrong_call.error(), NtStatus::InvalidNetworkResponse);
}

TEST(RpcClient, RejectedBinds) {
  BindNakPdu nak;
  nak.call_id = 1;
  auto r = decode_bind_ack(nak.encode(), 1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), NtStatus::NotSupported);

  auto ack = hex(kSrvsvcBindAck);
  ack[44] = 2;  // result: provider rejection
  r = decode_bind_ack(ack, 1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), NtStatus::NotSupported);

  auto small = hex(kSrvsvcBindAck);
  small[18] = 0x1F;
  small[19] = 0x00;  // max_recv_frag 31: no room for a request
  EXPECT_FALSE(decode_bind_ack(small, 1));
  EXPECT_FALSE(decode_bind_ack(hex("05 00 0c 03"), 1));
}

TEST(RpcClient, RequestFragments) {
  std::vector<uint8_t> stub(100);
  for (size_t i = 0; i < stub.size(); ++i) stub[i] = static_cast<uint8_t>(i);
  auto frags = encode_request(7, 0, kOpNetrShareEnum, stub, 64);  // 40 stub bytes a fragment
  ASSERT_EQ(frags.size(), 3u);
  std::vector<uint8_t> back;
  uint32_t hints[] = {100, 60, 20};
  uint8_t flags[] = {kPfcFirstFrag, 0, kPfcLastFrag};
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_LE(frags[i].size(), 64u);
    auto q = RequestPdu::decode(frags[i]);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->alloc_hint, hints[i]);
    EXPECT_EQ(q->pfc_flags, flags[i]);
    EXPECT_EQ(q->opnum, kOpNetrShareEnum);
    back.insert(back.end(), q->stub.begin(), q->stub.end());
  }
  EXPECT_EQ(back, stub);
  auto one = encode_request(1, 0, 21, {}, 4280);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0], hex("05 00 00 03 10000000 1800 0000 01000000 00000000 0000 1500"));
}

TEST(RpcClient, ShareEnumRequestFromTheSpec) {
  EXPECT_EQ(encode_share_enum_level1_request(server_unc("S")), hex(kShareEnumRequest));
}

TEST(RpcClient, ShareEnumResponseFromTheSpec) {
  auto list = decode_share_enum_level1(hex(kShareEnumResponse));
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, kWerrOk);
  EXPECT_EQ(list->total_entries, 2u);
  EXPECT_EQ(list->shares, (std::vector<ShareEntry>{{"data", 0, "Data"},
                                                   {"IPC$", 0x80000003, "IPC"}}));
  auto level0 = hex(kShareEnumResponse);
  level0[0] = level0[4] = 0;
  EXPECT_FALSE(decode_share_enum_level1(level0));
}

TEST(RpcClient, ServerInfo101FromTheSpec) {
  auto info = decode_server_info_101(hex("65000000 00000200"
                                         "f4010000 04000200 0a000000 00000000 03900000 08000200"
                                         "02000000 00000000 02000000 5300 0000"
                                         "03000000 00000000 03000000 6800 6900 0000 0000"
                                         "00000000"));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->platform_id, 500u);
  EXPECT_EQ(info->name, "S");
  EXPECT_EQ(info->version_major, 10u);
  EXPECT_EQ(info->type, 0x9003u);
  EXPECT_EQ(info->comment, "hi");
  auto failed = decode_server_info_101(hex("65000000 00000000 7c000000"));
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, kWerrInvalidLevel);
  EXPECT_EQ(failed->name, "");
}

TEST(RpcClient, AssemblerJoinsFragmentsInAnySplit) {
  std::vector<uint8_t> stream = fragment(4, kPfcFirstFrag, {1, 2, 3, 4, 5, 6, 7, 8});
  test::append(stream, fragment(4, 0, {9, 10, 11, 12, 13, 14, 15, 16}));
  test::append(stream, fragment(4, kPfcLastFrag, {17}));
  ResponseAssembler whole(4);
  EXPECT_EQ(whole.feed(stream), NtStatus::Success);
  EXPECT_TRUE(whole.done());
  EXPECT_EQ(whole.stub().size(), 17u);
  EXPECT_EQ(whole.fault(), 0u);
  ResponseAssembler bytewise(4);
  for (size_t i = 0; i < stream.size(); ++i) {
    EXPECT_FALSE(bytewise.done());
    EXPECT_EQ(bytewise.feed(Bytes(stream).subspan(i, 1)), NtStatus::Success);
  }
  EXPECT_TRUE(bytewise.done());
  EXPECT_EQ(bytewise.stub(), whole.stub());
}

TEST(RpcClient, AssemblerRefusesWhatIsNotThisCallsResponse) {
  ResponseAssembler not_first(4);
  EXPECT_NE(not_first.feed(fragment(4, kPfcLastFrag, {1})), NtStatus::Success);
  EXPECT_NE(not_first.feed(fragment(4, kPfcFirstFrag | kPfcLastFrag, {1})), NtStatus::Success);

  ResponseAssembler other_call(4);
  EXPECT_NE(other_call.feed(fragment(5, kPfcFirstFrag | kPfcLastFrag, {1})), NtStatus::Success);

  ResponseAssembler two_firsts(4);
  EXPECT_EQ(two_firsts.feed(fragment(4, kPfcFirstFrag, {1})), NtStatus::Success);
  EXPECT_NE(two_firsts.feed(fragment(4, kPfcFirstFrag, {1})), NtStatus::Success);

  ResponseAssembler after_last(4);
  auto both = fragment(4, kPfcFirstFrag | kPfcLastFrag, {1});
  test::append(both, fragment(4, kPfcLastFrag, {2}));
  EXPECT_NE(after_last.feed(both), NtStatus::Success);

  ResponseAssembler too_big(4, 8);
  EXPECT_NE(too_big.feed(fragment(4, kPfcFirstFrag, std::vector<uint8_t>(9))), NtStatus::Success);

  ResponseAssembler bind_ack(1);
  EXPECT_NE(bind_ack.feed(hex(kSrvsvcBindAck)), NtStatus::Success);
}

TEST(RpcClient, AssemblerReportsAFault) {
  FaultPdu f;
  f.call_id = 4;
  f.status = kFaultOpRangeError;
  ResponseAssembler a(4);
  EXPECT_EQ(a.feed(f.encode()), NtStatus::Success);
  EXPECT_TRUE(a.done());
  EXPECT_EQ(a.fault(), kFaultOpRangeError);
}

// The whole exchange against the server side: bind, then a call, reading the replies with
// reads smaller than a fragment.
template <class Decode>
auto call(RpcPipeServer& pipe, const BindResult& bind, uint32_t call_id, uint16_t opnum,
          const std::vector<uint8_t>& stub, Decode decode) {
  for (const auto& f : encode_request(call_id, bind.context_id, opnum, stub, bind.max_xmit_frag))
    EXPECT_TRUE(pipe.write(f));
  ResponseAssembler a(call_id);
  while (pipe.pending() && !a.done()) EXPECT_EQ(a.feed(pipe.read(100).data), NtStatus::Success);
  EXPECT_TRUE(a.done());
  EXPECT_EQ(a.fault(), 0u);
  return decode(a.stub());
}

TEST(RpcClient, RoundTripAgainstTheServer) {
  RpcPipeLimits limits;
  limits.max_xmit_frag = 1024;
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, server_with(100), limits);
  auto reply = pipe.transceive(encode_srvsvc_bind(1), 4280);
  ASSERT_TRUE(reply);
  auto bind = decode_bind_ack(reply->data, 1);
  ASSERT_TRUE(bind);
  EXPECT_EQ(bind->max_recv_frag, 1024);

  auto list = call(pipe, *bind, 2, kOpNetrShareEnum,
                   encode_share_enum_level1_request(server_unc("SMBKIT")),
                   [](Bytes stub) { return decode_share_enum_level1(stub); });
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, kWerrOk);
  ASSERT_EQ(list->shares.size(), 101u);  // "secret" is not browseable
  EXPECT_EQ(list->shares[0], (ShareEntry{"IPC$", 0x80000003, "IPC Service"}));
  EXPECT_EQ(list->shares[100], (ShareEntry{"share99", 0, "comment 99"}));

  auto info = call(pipe, *bind, 3, kOpNetrServerGetInfo,
                   encode_server_get_info_101_request(server_unc("SMBKIT")),
                   [](Bytes stub) { return decode_server_info_101(stub); });
  ASSERT_TRUE(info);
  EXPECT_EQ(info->name, "SMBKIT");
  EXPECT_EQ(info->comment, "smbkit test server");
  EXPECT_EQ(info->platform_id, kPlatformIdNt);
  EXPECT_FALSE(pipe.broken());
}

TEST(RpcClient, PagedEnumerationWithResumeHandle) {
  RpcPipeServer pipe(RpcPipeKind::Srvsvc, server_with(30));
  auto bind = decode_bind_ack(pipe.transceive(encode_srvsvc_bind(1), 4280)->data, 1);
  ASSERT_TRUE(bind);
  std::vector<ShareEntry> all;
  uint32_t resume = 0;
  for (uint32_t call_id = 2; call_id < 40; ++call_id) {
    auto list = call(pipe, *bind, call_id, kOpNetrShareEnum,
                     encode_share_enum_level1_request(server_unc("SMBKIT"), resume, 200),
                     [](Bytes stub) { return decode_share_enum_level1(stub); });
    ASSERT_TRUE(list);
    all.insert(all.end(), list->shares.begin(), list->shares.end());
    if (list->status == kWerrOk) break;
    ASSERT_EQ(list->status, kWerrMoreData);
    resume = list->resume_handle;
  }
  ASSERT_EQ(all.size(), 31u);
  EXPECT_EQ(all.back().name, "share29");
}

}  // namespace
}  // namespace smbkit::rpc
