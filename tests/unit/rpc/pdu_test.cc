#include "rpc/pdu.h"

#include <gtest/gtest.h>

#include "rpc_test_util.h"

namespace smbkit::rpc {
namespace {

using test::hex;

// C706 12.6.4.3 bind for srvsvc v3.0 (context 0, NDR 2.0), call_id 1, fragments of 4280.
constexpr std::string_view kSrvsvcBind =
    "05 00 0b 03 10000000 4800 0000 01000000"     // header: v5.0, bind, FIRST|LAST, LE drep
    "b810 b810 00000000"                          // max_xmit_frag, max_recv_frag, assoc_group_id
    "01 00 0000"                                  // n_context_elem, reserved
    "0000 01 00"                                  // p_cont_id 0, n_transfer_syn 1, reserved
    "c84f324b 7016 d301 1278 5a47bf6ee188 03000000"   // srvsvc v3.0
    "045d888a eb1c c911 9fe8 08002b104860 02000000";  // NDR v2.0

// C706 12.6.4.4 bind_ack: "\PIPE\srvsvc" (13 bytes with the NUL), 1 byte of padding to 4, one
// result: acceptance with NDR.
constexpr std::string_view kSrvsvcBindAck =
    "05 00 0c 03 10000000 4400 0000 01000000"
    "b810 b810 f0530000"
    "0d00 5c504950455c73727673766300 00"
    "01 00 0000"
    "0000 0000 045d888a eb1c c911 9fe8 08002b104860 02000000";

TEST(RpcPdu, HeaderLayout) {
  RequestPdu q;
  q.call_id = 7;
  q.opnum = 15;
  q.stub = {1, 2, 3, 4};
  auto bytes = q.encode();
  EXPECT_EQ(bytes, hex("05 00 00 03 10000000 1c00 0000 07000000 00000000 0000 0f00 01020304"));
  auto h = PduHeader::decode(bytes);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->type, PduType::Request);
  EXPECT_EQ(h->frag_length, 28);
  EXPECT_EQ(h->call_id, 7u);
  EXPECT_TRUE(h->little_endian());
  EXPECT_EQ(peek_frag_length(bytes), 28);
  EXPECT_EQ(peek_frag_length(Bytes(bytes).first(15)), std::nullopt);
}

TEST(RpcPdu, BindLayoutFromTheSpec) {
  auto bytes = hex(kSrvsvcBind);
  auto b = BindPdu::decode(bytes);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->type, PduType::Bind);
  EXPECT_EQ(b->call_id, 1u);
  EXPECT_EQ(b->max_xmit_frag, 4280);
  EXPECT_EQ(b->max_recv_frag, 4280);
  ASSERT_EQ(b->contexts.size(), 1u);
  EXPECT_EQ(b->contexts[0].context_id, 0);
  EXPECT_EQ(b->contexts[0].abstract_syntax, kSrvsvcSyntax);
  EXPECT_EQ(b->contexts[0].transfer_syntaxes, std::vector<SyntaxId>{kNdrSyntax});
  EXPECT_EQ(b->encode(), bytes);
  EXPECT_EQ(kSrvsvcSyntax.uuid.to_string(), "4b324fc8-1670-01d3-1278-5a47bf6ee188");
}

TEST(RpcPdu, BindAckLayoutFromTheSpec) {
  auto bytes = hex(kSrvsvcBindAck);
  auto a = BindAckPdu::decode(bytes);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->type, PduType::BindAck);
  EXPECT_EQ(a->assoc_group_id, 0x53F0u);
  EXPECT_EQ(a->secondary_address, "\\PIPE\\srvsvc");
  ASSERT_EQ(a->results.size(), 1u);
  EXPECT_EQ(a->results[0].result, kResultAcceptance);
  EXPECT_EQ(a->results[0].transfer_syntax, kNdrSyntax);
  EXPECT_EQ(a->encode(), bytes);
}

TEST(RpcPdu, AlterContextRespWithoutSecondaryAddress) {
  BindAckPdu a;
  a.type = PduType::AlterContextResp;
  a.call_id = 2;
  a.results.push_back({kResultProviderRejection, kReasonTransferSyntaxesNotSupported, {}});
  auto bytes = a.encode();
  // sec_addr length 0, then 2 bytes of padding to the 4-byte boundary.
  EXPECT_EQ(bytes, hex("05 00 0f 03 10000000 3800 0000 02000000 b810 b810 00000000 0000 0000"
                       "01 00 0000 0200 0200" + std::string(40, '0')));
  auto back = BindAckPdu::decode(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, a);
}

TEST(RpcPdu, BindNakLayout) {
  BindNakPdu n;
  n.call_id = 3;
  n.reason = kRejectProtocolVersionNotSupported;
  auto bytes = n.encode();
  EXPECT_EQ(bytes, hex("05 00 0d 03 10000000 1800 0000 03000000 0400 01 0500 000000"));
  auto back = BindNakPdu::decode(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, n);
}

TEST(RpcPdu, RequestWithObjectUuid) {
  auto bytes = hex("05 00 00 83 10000000 2c00 0000 09000000 04000000 0100 1500"
                   "00112233 4455 6677 8899 aabbccddeeff"
                   "deadbeef");
  auto q = RequestPdu::decode(bytes);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->alloc_hint, 4u);
  EXPECT_EQ(q->context_id, 1);
  EXPECT_EQ(q->opnum, 0x15);
  ASSERT_TRUE(q->object);
  EXPECT_EQ(q->object->to_string(), "33221100-5544-7766-8899-aabbccddeeff");
  EXPECT_EQ(q->stub, hex("deadbeef"));
  EXPECT_EQ(q->encode(), bytes);
  // Without the flag the same bytes are stub.
  bytes[3] = 0x03;
  auto plain = RequestPdu::decode(bytes);
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->object);
  EXPECT_EQ(plain->stub.size(), 20u);
}

TEST(RpcPdu, ResponseAndFaultLayouts) {
  ResponsePdu p;
  p.call_id = 5;
  p.alloc_hint = 2;
  p.context_id = 1;
  p.stub = {0xAB, 0xCD};
  auto bytes = p.encode();
  EXPECT_EQ(bytes, hex("05 00 02 03 10000000 1a00 0000 05000000 02000000 0100 00 00 abcd"));
  EXPECT_EQ(*ResponsePdu::decode(bytes), p);

  FaultPdu f;
  f.call_id = 6;
  f.pfc_flags |= kPfcDidNotExecute;
  f.status = kFaultUnknownInterface;
  bytes = f.encode();
  // C706 12.6.4.7: 32 bytes, status at 24.
  EXPECT_EQ(bytes, hex("05 00 03 23 10000000 2000 0000 06000000 00000000 0000 00 00 0300011c"
                       "00000000"));
  EXPECT_EQ(*FaultPdu::decode(bytes), f);
  EXPECT_EQ(kFaultOpRangeError, 0x1C010002u);
  EXPECT_EQ(kFaultProtocolError, 0x1C01000Bu);
}

TEST(RpcPdu, AuthVerifierIsKeptApartFromTheBody) {
  // 8-byte sec_trailer (auth_type 10, level 2, pad 0, reserved, context 0) + 4 bytes auth_value.
  auto bytes = hex("05 00 00 03 10000000 2c00 0400 01000000 08000000 0000 0000 1122334455667788"
                   "0a 02 00 00 00000000 aabbccdd");
  auto q = RequestPdu::decode(bytes);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->stub, hex("1122334455667788"));
  EXPECT_EQ(q->auth, hex("0a020000 00000000 aabbccdd"));
  EXPECT_EQ(q->encode(), bytes);
}

TEST(RpcPdu, LengthsAreCheckedAgainstTheBuffer) {
  auto good = hex(kSrvsvcBind);
  // frag_length past the buffer
  EXPECT_FALSE(BindPdu::decode(Bytes(good).first(good.size() - 1)));
  // frag_length under the header size
  auto tiny = hex("05 00 00 03 10000000 0f00 0000 01000000");
  EXPECT_FALSE(decode_pdu(tiny));
  // auth_length larger than the body
  auto auth = hex("05 00 00 03 10000000 1800 0100 01000000 00000000 00000000");
  EXPECT_FALSE(decode_pdu(auth));
  // rpc_vers 4
  auto v4 = good;
  v4[0] = 4;
  EXPECT_FALSE(BindPdu::decode(v4));
  // n_context_elem larger than the contexts there
  auto many = good;
  many[24] = 2;
  EXPECT_FALSE(BindPdu::decode(many));
  // n_transfer_syn larger than the syntaxes there
  auto syn = good;
  syn[30] = 2;
  EXPECT_FALSE(BindPdu::decode(syn));
  // a bind_ack whose sec_addr length runs past the PDU
  auto ack = hex(kSrvsvcBindAck);
  ack[24] = 0xFF;
  EXPECT_FALSE(BindAckPdu::decode(ack));
  // n_results larger than the results there
  ack = hex(kSrvsvcBindAck);
  ack[40] = 2;
  EXPECT_FALSE(BindAckPdu::decode(ack));
  // the wrong type
  EXPECT_FALSE(RequestPdu::decode(good));
  // bytes after frag_length are not part of the PDU
  auto longer = good;
  longer.push_back(0x99);
  auto b = BindPdu::decode(longer);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->encode(), good);
}

TEST(RpcPdu, BigEndianHeaderDecodesButItsBodyDoesNot) {
  auto bytes = hex("05 00 00 03 00000000 0018 0000 00000007 00000000 0000 0000");
  auto h = PduHeader::decode(bytes);
  ASSERT_TRUE(h);
  EXPECT_FALSE(h->little_endian());
  EXPECT_EQ(h->frag_length, 24);
  EXPECT_EQ(h->call_id, 7u);
  EXPECT_TRUE(decode_pdu(bytes));
  auto q = RequestPdu::decode(bytes);
  ASSERT_FALSE(q);
  EXPECT_EQ(q.error(), kUnsupportedDrep);
  // and a header encodes in the order its drep says
  std::vector<uint8_t> out;
  ByteWriter w(out);
  h->encode(w);
  EXPECT_EQ(out, std::vector<uint8_t>(bytes.begin(), bytes.begin() + 16));
}

TEST(RpcPdu, BindTimeFeatureSyntax) {
  SyntaxId s = bind_time_feature_syntax(0x03);
  EXPECT_EQ(s.uuid.to_string(), "6cb71c2c-9812-4540-0300-000000000000");
  EXPECT_EQ(s.major, 1);
  EXPECT_EQ(bind_time_features(s), 0x03);
  EXPECT_EQ(bind_time_features(kNdrSyntax), std::nullopt);
  SyntaxId v2 = s;
  v2.major = 2;
  EXPECT_EQ(bind_time_features(v2), std::nullopt);
  EXPECT_FALSE(Uuid::parse("6cb71c2c-9812-4540-0300-00000000000"));
  EXPECT_FALSE(Uuid::parse("6cb71c2c-9812-4540-0300-00000000000g"));
  EXPECT_FALSE(Uuid::parse("6cb71c2c+9812-4540-0300-000000000000"));
}

}  // namespace
}  // namespace smbkit::rpc
