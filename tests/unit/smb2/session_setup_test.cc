#include "smb2/session_setup.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "smb2/negotiate.h"

namespace smbkit::smb2 {
namespace {

std::vector<uint8_t> hex(std::string_view s) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < s.size(); i += 2)
    out.push_back(static_cast<uint8_t>(std::stoi(std::string(s.substr(i, 2)), nullptr, 16)));
  return out;
}

std::vector<uint8_t> message(std::initializer_list<uint8_t> body) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  Header h;
  h.command = static_cast<uint16_t>(Command::SessionSetup);
  h.encode(w);
  out.insert(out.end(), body);
  return out;
}

// `value` encoded after `original`'s header.
template <class T>
std::vector<uint8_t> reencode(const std::vector<uint8_t>& original, const T& value) {
  std::vector<uint8_t> out;
  ByteWriter w(out);
  Header::decode(original)->encode(w);
  value.encode(w, 0);
  return out;
}

// The first SESSION_SETUP exchange of the Microsoft blog "SMB 3.1.1 Pre-authentication integrity
// in Windows 10" (test vectors): the request with an SPNEGO-wrapped NTLM NEGOTIATE_MESSAGE...
constexpr std::string_view kWindowsRequest =
    "FE534D4240000100000000000100800000000000000000000200000000000000FFFE000000000000"
    "00000000000000000000000000000000000000000000000019000001010000000000000058004A00"
    "0000000000000000604806062B0601050502A03E303CA00E300C060A2B06010401823702020AA22A"
    "04284E544C4D5353500001000000978208E200000000000000000000000000000000060380250000"
    "000F";
// ... and the STATUS_MORE_PROCESSING_REQUIRED response carrying the CHALLENGE_MESSAGE.
constexpr std::string_view kWindowsResponse =
    "FE534D4240000100160000C00100010001000000000000000200000000000000FFFE000000000000"
    "190000000010000000000000000000000000000000000000090000004800B300A181B03081ADA003"
    "0A0101A10C060A2B06010401823702020AA281970481944E544C4D53535000020000000C000C0038"
    "00000015828AE20D1D8BA31179D008000000000000000050005000440000000A0092270000000F53"
    "005500540033003100310002000C0053005500540033003100310001000C00530055005400330031"
    "00310004000C0053005500540033003100310003000C0053005500540033003100310007000800A1"
    "A1F5ADCBAED00100000000";

TEST(Smb2SessionSetup, WindowsRequest) {
  auto bytes = hex(kWindowsRequest);
  auto req = SessionSetupRequest::decode(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->flags, 0);
  EXPECT_FALSE(req->binding());
  EXPECT_EQ(req->security_mode, kNegotiateSigningEnabled);
  EXPECT_EQ(req->capabilities, kGlobalCapDfs);
  EXPECT_EQ(req->channel, 0u);
  EXPECT_EQ(req->previous_session_id, 0u);
  ASSERT_EQ(req->security_buffer.size(), 0x4Au);  // at offset 0x58
  EXPECT_EQ(req->security_buffer[0], 0x60);
  EXPECT_EQ(req->security_buffer.back(), 0x0F);
  EXPECT_EQ(reencode(bytes, *req), bytes);
}

TEST(Smb2SessionSetup, WindowsResponse) {
  auto bytes = hex(kWindowsResponse);
  auto h = Header::decode(bytes);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, NtStatus::MoreProcessingRequired);
  EXPECT_EQ(h->session_id, 0x0000100000000019ull);
  auto resp = SessionSetupResponse::decode(bytes);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->session_flags, 0);
  ASSERT_EQ(resp->security_buffer.size(), 0xB3u);  // at offset 0x48
  EXPECT_EQ(resp->security_buffer[0], 0xA1);       // NegTokenResp
  EXPECT_EQ(reencode(bytes, *resp), bytes);
}

TEST(Smb2SessionSetup, HandAssembledBindingRequest) {
  // MS-SMB2 2.2.5, field by field: a 3.x channel binding with a reconnect id.
  auto m = message({
      25, 0,                    // StructureSize
      0x01,                     // Flags: SMB2_SESSION_FLAG_BINDING
      0x02,                     // SecurityMode: SIGNING_REQUIRED
      0x01, 0, 0, 0,            // Capabilities: DFS
      0, 0, 0, 0,               // Channel
      0x58, 0,                  // SecurityBufferOffset = 88
      3, 0,                     // SecurityBufferLength
      0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,  // PreviousSessionId
      0xA1, 0xA2, 0xA3,         // Buffer
  });
  auto req = SessionSetupRequest::decode(m);
  ASSERT_TRUE(req);
  EXPECT_TRUE(req->binding());
  EXPECT_EQ(req->security_mode, kNegotiateSigningRequired);
  EXPECT_EQ(req->previous_session_id, 0x0102030405060708ull);
  EXPECT_EQ(req->security_buffer, (std::vector<uint8_t>{0xA1, 0xA2, 0xA3}));
  EXPECT_EQ(reencode(m, *req), m);
}

TEST(Smb2SessionSetup, RequestRefusesBadBuffers) {
  auto good = message({25, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0x58, 0, 3, 0,
                       0, 0, 0, 0, 0, 0, 0, 0, 0xA1, 0xA2, 0xA3});
  ASSERT_TRUE(SessionSetupRequest::decode(good));
  auto bad = good;
  bad[kHeaderSize + 14] = 4;  // SecurityBufferLength past the end
  EXPECT_EQ(SessionSetupRequest::decode(bad).error(), NtStatus::InvalidParameter);
  bad = good;
  bad[kHeaderSize + 12] = 0x50;  // the buffer inside the fixed part
  EXPECT_FALSE(SessionSetupRequest::decode(bad));
  bad = good;
  bad[kHeaderSize + 12] = 0xFF;  // offset past the end
  bad[kHeaderSize + 13] = 0xFF;
  EXPECT_FALSE(SessionSetupRequest::decode(bad));
  bad = good;
  bad[kHeaderSize] = 24;  // StructureSize
  EXPECT_FALSE(SessionSetupRequest::decode(bad));
  std::vector<uint8_t> cut(good.begin(), good.begin() + kHeaderSize + 20);
  EXPECT_FALSE(SessionSetupRequest::decode(cut));
}

TEST(Smb2SessionSetup, ResponseFlagsAndEmptyBuffer) {
  // MS-SMB2 2.2.6: a final response for a guest with nothing to say.
  SessionSetupResponse resp;
  resp.session_flags = kSessionFlagIsGuest;
  std::vector<uint8_t> out;
  ByteWriter w(out);
  Header h;
  h.command = static_cast<uint16_t>(Command::SessionSetup);
  h.flags = kFlagsServerToRedir;
  h.encode(w);
  resp.encode(w, 0);
  // StructureSize 9, SessionFlags, offset 72, length 0, and the one Buffer byte.
  EXPECT_EQ(std::vector<uint8_t>(out.begin() + kHeaderSize, out.end()),
            (std::vector<uint8_t>{9, 0, 1, 0, 72, 0, 0, 0, 0}));
  auto back = SessionSetupResponse::decode(out);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->is_guest());
  EXPECT_FALSE(back->is_null());
  EXPECT_FALSE(back->encrypt_data());
  EXPECT_TRUE(back->security_buffer.empty());

  auto m = message({9, 0, 0x06, 0, 0, 0, 0, 0});  // IS_NULL | ENCRYPT_DATA, no Buffer byte
  auto r = SessionSetupResponse::decode(m);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->is_null());
  EXPECT_TRUE(r->encrypt_data());
}

TEST(Smb2SessionSetup, ResponseRefusesBadBuffers) {
  auto m = message({9, 0, 0, 0, 0x48, 0, 2, 0, 0xA1});
  EXPECT_FALSE(SessionSetupResponse::decode(m));  // length 2, 1 byte present
  m = message({9, 0, 0, 0, 0x40, 0, 1, 0, 0xA1});
  EXPECT_FALSE(SessionSetupResponse::decode(m));  // inside the fixed part
  m = message({9, 0, 0, 0, 0x48});
  EXPECT_FALSE(SessionSetupResponse::decode(m));  // short fixed part
  m = message({8, 0, 0, 0, 0x48, 0, 0, 0, 0});
  EXPECT_FALSE(SessionSetupResponse::decode(m));  // StructureSize
}

}  // namespace
}  // namespace smbkit::smb2
