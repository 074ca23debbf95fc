#include "smb1/session_setup.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"

namespace smbkit::smb1 {
namespace {

using testing::append;
using testing::build;
using testing::decode_first;
using testing::raw_message;
using testing::round_trip;
using testing::utf16z;

constexpr Command kCmd = Command::SessionSetupAndX;

// An NT LM 0.12 request laid out by hand from MS-CIFS 2.2.4.53.1, Unicode, with 24-byte
// LM and NTLM responses. Its data starts at header offset 61, so AccountName needs one pad
// byte after the 48 password bytes.
std::vector<uint8_t> hand_assembled_request(bool with_lan_man = true) {
  std::vector<uint8_t> data(24, 0x11);
  data.insert(data.end(), 24, 0x22);
  data.push_back(0);  // Pad: 61 + 48 = 109 is odd
  append(data, utf16z("alice"));
  append(data, utf16z("WORKGROUP"));
  append(data, utf16z("Unix"));
  if (with_lan_man) append(data, utf16z("Samba"));
  auto bytes = raw_message(kCmd, true, false,
                           {13,                      // WordCount
                            0xFF, 0x00, 0x00, 0x00,  // AndX: none
                            0x04, 0x41,              // MaxBufferSize 16644
                            0x32, 0x00,              // MaxMpxCount 50
                            0x01, 0x00,              // VcNumber 1
                            0x78, 0x56, 0x34, 0x12,  // SessionKey
                            0x18, 0x00,              // OEMPasswordLen 24
                            0x18, 0x00,              // UnicodePasswordLen 24
                            0x00, 0x00, 0x00, 0x00,  // Reserved
                            0xD4, 0x00, 0x00, 0x00,  // Capabilities
                            static_cast<uint8_t>(data.size()), 0x00});
  append(bytes, data);
  return bytes;
}

TEST(SessionSetup, HandAssembledNtLmRequestDecodes) {
  auto req = decode_first<SessionSetupRequest>(hand_assembled_request());
  ASSERT_TRUE(req);
  EXPECT_EQ(req->max_buffer_size, 16644);
  EXPECT_EQ(req->max_mpx_count, 50);
  EXPECT_EQ(req->vc_number, 1);
  EXPECT_EQ(req->session_key, 0x12345678u);
  EXPECT_EQ(req->capabilities, 0xD4u);
  EXPECT_EQ(req->oem_password, std::vector<uint8_t>(24, 0x11));
  EXPECT_EQ(req->unicode_password, std::vector<uint8_t>(24, 0x22));
  EXPECT_EQ(req->account_name, "alice");
  EXPECT_EQ(req->primary_domain, "WORKGROUP");
  EXPECT_EQ(req->native_os, "Unix");
  EXPECT_EQ(req->native_lan_man, "Samba");
}

TEST(SessionSetup, NtLmRequestEncodesTheHandAssembledBytes) {
  SessionSetupRequest req;
  req.max_buffer_size = 16644;
  req.max_mpx_count = 50;
  req.vc_number = 1;
  req.session_key = 0x12345678;
  req.capabilities = 0xD4;
  req.oem_password.assign(24, 0x11);
  req.unicode_password.assign(24, 0x22);
  req.account_name = "alice";
  req.primary_domain = "WORKGROUP";
  req.native_os = "Unix";
  req.native_lan_man = "Samba";
  EXPECT_EQ(build(kCmd, req), hand_assembled_request());
}

TEST(SessionSetup, MissingTrailingStringsAreTolerated) {
  auto req = decode_first<SessionSetupRequest>(hand_assembled_request(false));
  ASSERT_TRUE(req);
  EXPECT_EQ(req->native_os, "Unix");
  EXPECT_EQ(req->native_lan_man, "");

  // NativeOS without its terminator at the very end of the data.
  auto bytes = hand_assembled_request(false);
  bytes.resize(bytes.size() - 2);
  bytes[32 + 27] -= 2;  // ByteCount
  req = decode_first<SessionSetupRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->native_os, "Unix");
}

TEST(SessionSetup, OemRequestRoundTrip) {
  SessionSetupRequest req;
  req.max_buffer_size = 4356;
  req.capabilities = kCapNtSmbs;
  req.oem_password = {'s', 'e', 'c', 'r', 'e', 't'};
  req.account_name = "BOB";
  req.primary_domain = "DOM";
  req.native_os = "DOS";
  req.native_lan_man = "LM";
  auto back = round_trip(kCmd, req, false);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->max_buffer_size, 4356);
  EXPECT_EQ(back->capabilities, kCapNtSmbs);
  EXPECT_EQ(back->oem_password, req.oem_password);
  EXPECT_TRUE(back->unicode_password.empty());
  EXPECT_EQ(back->account_name, "BOB");
  EXPECT_EQ(back->primary_domain, "DOM");
  EXPECT_EQ(back->native_os, "DOS");
  EXPECT_EQ(back->native_lan_man, "LM");
}

TEST(SessionSetup, PasswordLengthsPastTheDataFail) {
  auto bytes = hand_assembled_request();
  bytes[32 + 17] = 0xFF;  // UnicodePasswordLen 255
  EXPECT_EQ(decode_first<SessionSetupRequest>(bytes).error(), NtStatus::InvalidSmb);
}

TEST(SessionSetup, WrongWordCountFails) {
  auto bytes = hand_assembled_request();
  // Decoded as the other form, the 13-word request is rejected, and vice versa.
  EXPECT_EQ(decode_first<SessionSetupExtRequest>(bytes).error(), NtStatus::InvalidSmb);
  SessionSetupExtRequest ext;
  EXPECT_EQ(decode_first<SessionSetupRequest>(build(kCmd, ext)).error(), NtStatus::InvalidSmb);
}

TEST(SessionSetup, HandAssembledExtendedRequestDecodes) {
  // MS-SMB 2.2.4.6.1: 12 words; data at header offset 59, a 5-byte blob, then NativeOS
  // aligned at 64.
  auto bytes = raw_message(kCmd, true, false,
                           {12, 0xFF, 0x00, 0x00, 0x00,  // AndX: none
                            0xFF, 0xFF,                  // MaxBufferSize
                            0x02, 0x00,                  // MaxMpxCount
                            0x00, 0x00,                  // VcNumber
                            0x00, 0x00, 0x00, 0x00,      // SessionKey
                            0x05, 0x00,                  // SecurityBlobLength
                            0x00, 0x00, 0x00, 0x00,      // Reserved
                            0x5C, 0xF0, 0x00, 0x80,      // Capabilities
                            5 + 0 + 10 + 6, 0x00,        // ByteCount
                            0x60, 0x03, 0x01, 0x02, 0x03});
  append(bytes, utf16z("Unix"));
  append(bytes, utf16z("Sa"));
  auto req = decode_first<SessionSetupExtRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->max_buffer_size, 0xFFFF);
  EXPECT_EQ(req->max_mpx_count, 2);
  EXPECT_EQ(req->capabilities, 0x8000F05Cu);
  EXPECT_EQ(req->security_blob, (std::vector<uint8_t>{0x60, 0x03, 0x01, 0x02, 0x03}));
  EXPECT_EQ(req->native_os, "Unix");
  EXPECT_EQ(req->native_lan_man, "Sa");
}

TEST(SessionSetup, ExtendedRequestRoundTripWithOddBlob) {
  SessionSetupExtRequest req;
  req.max_buffer_size = 0xFFFF;
  req.max_mpx_count = 2;
  req.vc_number = 1;
  req.session_key = 7;
  req.capabilities = kCapExtendedSecurity | kCapUnicode | kCapNtSmbs;
  req.security_blob = {1, 2, 3};
  req.native_os = "Linux";
  req.native_lan_man = "smbkit";
  auto back = round_trip(kCmd, req);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->max_buffer_size, 0xFFFF);
  EXPECT_EQ(back->max_mpx_count, 2);
  EXPECT_EQ(back->vc_number, 1);
  EXPECT_EQ(back->session_key, 7u);
  EXPECT_EQ(back->capabilities, req.capabilities);
  EXPECT_EQ(back->security_blob, req.security_blob);
  EXPECT_EQ(back->native_os, "Linux");
  EXPECT_EQ(back->native_lan_man, "smbkit");
}

TEST(SessionSetup, ExtendedRequestBlobPastTheEndFails) {
  SessionSetupExtRequest req;
  req.security_blob = {1, 2, 3};
  auto bytes = build(kCmd, req);
  bytes[32 + 15] = 200;  // SecurityBlobLength
  EXPECT_EQ(decode_first<SessionSetupExtRequest>(bytes).error(), NtStatus::InvalidSmb);
}

TEST(SessionSetup, ResponseRoundTrip) {
  SessionSetupResponse resp{kSetupGuest, "Unix", "Samba 4.17", "WORKGROUP"};
  auto bytes = build(kCmd, resp, true, true);
  EXPECT_EQ(bytes[32], 3);
  auto back = decode_first<SessionSetupResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->action, kSetupGuest);
  EXPECT_EQ(back->native_os, "Unix");
  EXPECT_EQ(back->native_lan_man, "Samba 4.17");
  EXPECT_EQ(back->primary_domain, "WORKGROUP");
  EXPECT_EQ(decode_first<SessionSetupExtResponse>(bytes).error(),
            NtStatus::InvalidNetworkResponse);
}

TEST(SessionSetup, ExtendedResponseRoundTrip) {
  SessionSetupExtResponse resp;
  resp.security_blob = {0xA1, 0x07, 0x30, 0x05, 0xA0, 0x03, 0x0A, 0x01, 0x01};
  resp.native_os = "Unix";
  resp.native_lan_man = "smbkit";
  auto bytes = build(kCmd, resp, true, true);
  EXPECT_EQ(bytes[32], 4);
  auto back = decode_first<SessionSetupExtResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->action, 0);
  EXPECT_EQ(back->security_blob, resp.security_blob);
  EXPECT_EQ(back->native_os, "Unix");
  EXPECT_EQ(back->native_lan_man, "smbkit");
  EXPECT_EQ(back->primary_domain, "");

  // Samba adds PrimaryDomain after NativeLanMan.
  resp.primary_domain = "SAMBA";
  back = round_trip(kCmd, resp, true, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->primary_domain, "SAMBA");
}

TEST(SessionSetup, ExtendedResponseBlobPastTheEndFails) {
  SessionSetupExtResponse resp;
  resp.security_blob = {1, 2};
  auto bytes = build(kCmd, resp, true, true);
  bytes[32 + 7] = 50;  // SecurityBlobLength
  EXPECT_EQ(decode_first<SessionSetupExtResponse>(bytes).error(),
            NtStatus::InvalidNetworkResponse);
}

}  // namespace
}  // namespace smbkit::smb1
