#include "auth/spnego.h"

#include <gtest/gtest.h>

#include "auth/der.h"
#include "auth/ntlmssp.h"
#include "auth_test_util.h"

namespace smbkit::auth {
namespace {

using test::ascii;
using test::hex;

// --- DER ---

TEST(Der, ParsesNestedElements) {
  auto bytes = hex("30 06 02 01 05 04 01 aa");
  auto node = der::parse(bytes);
  ASSERT_TRUE(node);
  EXPECT_EQ(node->tag, der::kSequence);
  ASSERT_EQ(node->children.size(), 2u);
  EXPECT_EQ(node->children[0].tag, 0x02);
  EXPECT_EQ(node->children[1].content.size(), 1u);
  EXPECT_EQ(node->children[1].content[0], 0xaa);
}

TEST(Der, EncodesShortAndLongLengths) {
  EXPECT_EQ(der::tlv(0x04, std::vector<uint8_t>(3, 7)), hex("04 03 07 07 07"));
  auto long1 = der::tlv(0x04, std::vector<uint8_t>(200, 0));
  EXPECT_EQ(std::vector<uint8_t>(long1.begin(), long1.begin() + 3), hex("04 81 c8"));
  auto long2 = der::tlv(0x04, std::vector<uint8_t>(300, 0));
  EXPECT_EQ(std::vector<uint8_t>(long2.begin(), long2.begin() + 4), hex("04 82 01 2c"));
  auto parsed = der::parse(long2);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->content.size(), 300u);
}

TEST(Der, RejectsTruncatedElements) {
  auto bytes = hex("30 06 02 01 05 04 01 aa");
  for (size_t n = 0; n < bytes.size(); ++n)
    EXPECT_FALSE(der::parse(Bytes(bytes).first(n))) << "length " << n;
}

TEST(Der, RejectsLengthsPastTheBuffer) {
  EXPECT_FALSE(der::parse(hex("04 05 01 02")));
  EXPECT_FALSE(der::parse(hex("04 84 ff ff ff ff 00")));
  EXPECT_FALSE(der::parse(hex("30 03 04 05 00")));  // inner length past the outer content
}

TEST(Der, RejectsOverlongLengthFieldsAndIndefiniteLengths) {
  EXPECT_FALSE(der::parse(hex("04 85 00 00 00 00 01 aa")));  // 5 length octets
  EXPECT_FALSE(der::parse(hex("30 80 04 01 aa 00 00")));     // indefinite (BER only)
  EXPECT_FALSE(der::parse(hex("1f 81 01 00")));              // multi-byte tag number
}

TEST(Der, RejectsTrailingBytes) { EXPECT_FALSE(der::parse(hex("04 01 aa 00"))); }

TEST(Der, BoundsNesting) {
  // 40 nested SEQUENCEs: well-formed, but deeper than any SPNEGO token.
  std::vector<uint8_t> deep = hex("04 00");
  for (int i = 0; i < 40; ++i) deep = der::tlv(der::kSequence, deep);
  EXPECT_FALSE(der::parse(deep));
  EXPECT_FALSE(decode_spnego(deep));
  std::vector<uint8_t> shallow = hex("04 00");
  for (int i = 0; i < der::kMaxDepth - 1; ++i) shallow = der::tlv(der::kSequence, shallow);
  EXPECT_TRUE(der::parse(shallow));
}

TEST(Der, ObjectIdentifiers) {
  EXPECT_EQ(*der::oid_content("1.3.6.1.5.5.2"), hex("2b 06 01 05 05 02"));
  EXPECT_EQ(*der::oid_content("1.3.6.1.4.1.311.2.2.10"), hex("2b 06 01 04 01 82 37 02 02 0a"));
  EXPECT_EQ(*der::oid_content("1.2.840.48018.1.2.2"), hex("2a 86 48 82 f7 12 01 02 02"));
  EXPECT_EQ(*der::oid_text(hex("2a 86 48 86 f7 12 01 02 02")), "1.2.840.113554.1.2.2");
  EXPECT_EQ(*der::oid_text(hex("2b 06 01 05 05 02")), "1.3.6.1.5.5.2");
  EXPECT_FALSE(der::oid_content("1"));
  EXPECT_FALSE(der::oid_content("1.3."));
  EXPECT_FALSE(der::oid_content("1.x.2"));
  EXPECT_FALSE(der::oid_content("3.1"));
  EXPECT_FALSE(der::oid_text(hex("2b 86")));                 // ends inside an arc
  EXPECT_FALSE(der::oid_text(hex("2b 80 01")));              // non-minimal arc
  EXPECT_FALSE(der::oid_text(hex("2b ff ff ff ff ff 7f")));  // arc too large
  EXPECT_FALSE(der::oid_text({}));
}

// --- SPNEGO ---

// The NegTokenInit2 a Windows server sends in its NEGOTIATE response: NEGOEX, MS-KRB5, KRB5,
// KRB5-U2U and NTLMSSP, with the MS-SPNG negHints.
const char kWindowsServerInit[] =
    "60 76 06 06 2b 06 01 05 05 02 a0 6c 30 6a a0 3c 30 3a"
    "06 0a 2b 06 01 04 01 82 37 02 02 1e"
    "06 09 2a 86 48 82 f7 12 01 02 02"
    "06 09 2a 86 48 86 f7 12 01 02 02"
    "06 0a 2a 86 48 86 f7 12 01 02 02 03"
    "06 0a 2b 06 01 04 01 82 37 02 02 0a"
    "a3 2a 30 28 a0 26 1b 24"
    // not_defined_in_RFC4178@please_ignore
    "6e 6f 74 5f 64 65 66 69 6e 65 64 5f 69 6e 5f 52 46 43 34 31 37 38 40"
    "70 6c 65 61 73 65 5f 69 67 6e 6f 72 65";

TEST(Spnego, DecodesAWindowsServerNegTokenInit2) {
  auto token = decode_spnego(hex(kWindowsServerInit));
  ASSERT_TRUE(token);
  auto* init = std::get_if<NegTokenInit>(&*token);
  ASSERT_NE(init, nullptr);
  EXPECT_EQ(init->mech_types,
            (std::vector<std::string>{"1.3.6.1.4.1.311.2.2.30", std::string(kOidMsKerberos5),
                                      std::string(kOidKerberos5), "1.2.840.113554.1.2.2.3",
                                      std::string(kOidNtlmssp)}));
  EXPECT_EQ(init->hint_name, std::string(kNegHintName));
  EXPECT_FALSE(init->mech_token);
  EXPECT_FALSE(init->mech_list_mic);
}

TEST(Spnego, ServerInitIsTheNtlmOnlyFormOfTheSameShape) {
  auto bytes = spnego_server_init();
  EXPECT_EQ(bytes, hex("60 48 06 06 2b 06 01 05 05 02 a0 3e 30 3c a0 0e 30 0c"
                       "06 0a 2b 06 01 04 01 82 37 02 02 0a"
                       "a3 2a 30 28 a0 26 1b 24"
                       "6e 6f 74 5f 64 65 66 69 6e 65 64 5f 69 6e 5f 52 46 43 34 31 37 38 40"
                       "70 6c 65 61 73 65 5f 69 67 6e 6f 72 65"));
  auto token = decode_spnego(bytes);
  ASSERT_TRUE(token);
  EXPECT_EQ(std::get<NegTokenInit>(*token).mech_types,
            std::vector<std::string>{std::string(kOidNtlmssp)});
}

TEST(Spnego, ClientInitCarriesTheNtlmNegotiate) {
  NegotiateMessage negotiate;
  negotiate.flags = kNegotiateUnicode | kNegotiateNtlm | kNegotiateVersion;
  negotiate.version = kLocalVersion;
  auto ntlm = *negotiate.encode();
  ASSERT_EQ(ntlm.size(), 40u);
  auto bytes = spnego_client_init(ntlm);
  auto expected =
      hex("60 48 06 06 2b 06 01 05 05 02 a0 3e 30 3c a0 0e 30 0c"
          "06 0a 2b 06 01 04 01 82 37 02 02 0a a2 2a 04 28");
  expected.insert(expected.end(), ntlm.begin(), ntlm.end());
  EXPECT_EQ(bytes, expected);
  auto token = decode_spnego(bytes);
  ASSERT_TRUE(token);
  const auto& init = std::get<NegTokenInit>(*token);
  EXPECT_EQ(init.mech_types, std::vector<std::string>{std::string(kOidNtlmssp)});
  EXPECT_EQ(init.mech_token, ntlm);
  EXPECT_FALSE(init.hint_name);
}

TEST(Spnego, NegTokenInitRoundTripsEveryField) {
  NegTokenInit init;
  init.mech_types = {std::string(kOidKerberos5), std::string(kOidNtlmssp)};
  init.req_flags = hex("01 60");
  init.mech_token = std::vector<uint8_t>(300, 0x5a);  // long-form lengths on every level
  init.mech_list_mic = hex("01 02 03 04");
  auto bytes = init.encode();
  ASSERT_TRUE(bytes);
  auto token = decode_spnego(*bytes);
  ASSERT_TRUE(token);
  const auto& d = std::get<NegTokenInit>(*token);
  EXPECT_EQ(d.mech_types, init.mech_types);
  EXPECT_EQ(d.req_flags, init.req_flags);
  EXPECT_EQ(d.mech_token, init.mech_token);
  EXPECT_EQ(d.mech_list_mic, init.mech_list_mic);  // at [3]: no hints
  EXPECT_FALSE(d.hint_name);

  init.hint_name = "hint";  // NegTokenInit2: the MIC moves to [4]
  auto token2 = decode_spnego(*init.encode());
  ASSERT_TRUE(token2);
  EXPECT_EQ(std::get<NegTokenInit>(*token2).hint_name, "hint");
  EXPECT_EQ(std::get<NegTokenInit>(*token2).mech_list_mic, init.mech_list_mic);
}

TEST(Spnego, NegTokenRespEncodesAsServersSendIt) {
  // accept-incomplete, NTLMSSP, and a 4-byte token.
  auto bytes = spnego_response(NegState::AcceptIncomplete, hex("de ad be ef"), true);
  EXPECT_EQ(bytes, hex("a1 1d 30 1b a0 03 0a 01 01 a1 0c 06 0a 2b 06 01 04 01 82 37 02 02 0a"
                       "a2 06 04 04 de ad be ef"));
  // The final answer: accept-completed and nothing else.
  EXPECT_EQ(spnego_response(NegState::AcceptCompleted, {}, false),
            hex("a1 07 30 05 a0 03 0a 01 00"));
}

TEST(Spnego, NegTokenRespRoundTrips) {
  NegTokenResp resp;
  resp.neg_state = NegState::RequestMic;
  resp.supported_mech = std::string(kOidNtlmssp);
  resp.response_token = std::vector<uint8_t>(1000, 0x11);
  resp.mech_list_mic = hex("aa bb");
  auto token = decode_spnego(*resp.encode());
  ASSERT_TRUE(token);
  const auto& d = std::get<NegTokenResp>(*token);
  EXPECT_EQ(d.neg_state, NegState::RequestMic);
  EXPECT_EQ(d.supported_mech, std::string(kOidNtlmssp));
  EXPECT_EQ(d.response_token, resp.response_token);
  EXPECT_EQ(d.mech_list_mic, resp.mech_list_mic);

  auto client = decode_spnego(spnego_response(std::nullopt, ascii("AUTH"), false));
  ASSERT_TRUE(client);
  EXPECT_FALSE(std::get<NegTokenResp>(*client).neg_state);
  EXPECT_EQ(std::get<NegTokenResp>(*client).response_token, ascii("AUTH"));
}

TEST(Spnego, RejectsMalformedTokens) {
  // Wrong mechanism OID in the InitialContextToken (Kerberos instead of SPNEGO).
  EXPECT_FALSE(decode_spnego(hex("60 0d 06 09 2a 86 48 86 f7 12 01 02 02 a1 00")));
  // A choice other than [0] or [1].
  EXPECT_FALSE(decode_spnego(hex("a2 02 30 00")));
  // negState out of range, and of the wrong type.
  EXPECT_FALSE(decode_spnego(hex("a1 07 30 05 a0 03 0a 01 07")));
  EXPECT_FALSE(decode_spnego(hex("a1 07 30 05 a0 03 02 01 01")));
  // mechToken that is not an OCTET STRING.
  EXPECT_FALSE(decode_spnego(hex("a0 06 30 04 a2 02 05 00")));
  // Every truncation of a real token.
  auto bytes = hex(kWindowsServerInit);
  for (size_t n = 0; n < bytes.size(); ++n)
    EXPECT_FALSE(decode_spnego(Bytes(bytes).first(n))) << "length " << n;
}

}  // namespace
}  // namespace smbkit::auth
