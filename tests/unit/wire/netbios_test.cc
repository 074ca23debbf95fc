#include "wire/netbios.h"

#include <gtest/gtest.h>

namespace smbkit::netbios {
namespace {

// RFC 1001 14.1: "FRED" with suffix 0x20 encodes as EGFCEFEECACACACACACACACACACACACA.
TEST(Netbios, FirstLevelEncodingMatchesRfcExample) {
  EXPECT_EQ(encode_name("FRED"), "EGFCEFEECACACACACACACACACACACACA");
}

TEST(Netbios, SessionRequestRoundTrip) {
  auto frame = encode_session_request("*SMBSERVER", "CLIENT");
  ASSERT_EQ(frame.size(), 4u + 68u);
  uint8_t hdr[4] = {frame[0], frame[1], frame[2], frame[3]};
  auto h = decode_header(hdr);
  EXPECT_EQ(h.type, PacketType::SessionRequest);
  EXPECT_EQ(h.length, 68u);
  auto req = decode_session_request(Bytes(frame).subspan(4));
  ASSERT_TRUE(req);
  EXPECT_EQ(req->called.name, "*SMBSERVER");
  EXPECT_EQ(req->called.suffix, 0x20);
  EXPECT_EQ(req->calling.name, "CLIENT");
}

TEST(Netbios, MalformedSessionRequestsFail) {
  auto frame = encode_session_request("SERVER", "CLIENT");
  std::vector<uint8_t> body(frame.begin() + 4, frame.end());
  EXPECT_FALSE(decode_session_request(Bytes(body).subspan(0, 40)));  // truncated
  auto bad = body;
  bad[5] = 'Z';  // not a half-byte letter
  EXPECT_FALSE(decode_session_request(bad));
  bad = body;
  bad[0] = 31;  // wrong name length
  EXPECT_FALSE(decode_session_request(bad));
  bad = body;
  bad.push_back(0);  // trailing garbage
  EXPECT_FALSE(decode_session_request(bad));
}

TEST(Netbios, HeaderLengths) {
  const uint8_t direct[4] = {0x00, 0x01, 0x00, 0x00};  // 24-bit length for session messages
  EXPECT_EQ(decode_header(direct).length, 0x10000u);
  const uint8_t control[4] = {0x85, 0xFE, 0x00, 0x00};  // control packets: 17 bits
  EXPECT_EQ(decode_header(control).length, 0u);
  EXPECT_EQ(message_header(0x123456), (std::vector<uint8_t>{0x00, 0x12, 0x34, 0x56}));
  EXPECT_EQ(encode_negative_response(NegativeCode::CalledNameNotPresent),
            (std::vector<uint8_t>{0x83, 0, 0, 1, 0x82}));
}

}  // namespace
}  // namespace smbkit::netbios
