#include "smb1/negotiate.h"

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

// The dialect list of the multi-protocol negotiate example in MS-SMB2 4.2.
const std::vector<std::string> kWindowsDialects = {
    "PC NETWORK PROGRAM 1.0", "LANMAN1.0", "Windows for Workgroups 3.1a", "LM1.2X002",
    "LANMAN2.1",              "NT LM 0.12", "SMB 2.002",                  "SMB 2.???"};

TEST(Negotiate, HandAssembledRequestDecodes) {
  std::vector<uint8_t> data;
  for (const auto& d : kWindowsDialects) {
    data.push_back(0x02);
    data.insert(data.end(), d.begin(), d.end());
    data.push_back(0);
  }
  auto bytes = raw_message(Command::Negotiate, false, false,
                           {0, static_cast<uint8_t>(data.size()), 0});
  append(bytes, data);
  auto req = decode_first<NegotiateRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->dialects, kWindowsDialects);
  EXPECT_EQ(pick_dialect(req->dialects), 5);
}

TEST(Negotiate, RequestRoundTrip) {
  NegotiateRequest req{{"NT LM 0.12", "SMB 2.002"}};
  auto back = round_trip(Command::Negotiate, req);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->dialects, req.dialects);
  auto bytes = build(Command::Negotiate, req);
  // WordCount 0, ByteCount 12 + 11, then 0x02 "NT LM 0.12" NUL.
  EXPECT_EQ(bytes[32], 0);
  EXPECT_EQ(bytes[33], 23);
  EXPECT_EQ(bytes[35], 0x02);
  EXPECT_EQ(bytes[36], 'N');
}

TEST(Negotiate, PickDialectTakesTheLastMatch) {
  EXPECT_EQ(pick_dialect({"NT LM 0.12", "LANMAN2.1", "NT LM 0.12", "SMB 2.002"}), 2);
  EXPECT_EQ(pick_dialect({"LANMAN1.0", "LM1.2X002"}), std::nullopt);
  EXPECT_EQ(pick_dialect({}), std::nullopt);
}

TEST(Negotiate, RequestWithBadBufferFormatFails) {
  auto bytes = raw_message(Command::Negotiate, false, false, {0, 4, 0, 0x04, 'N', 'T', 0});
  auto req = decode_first<NegotiateRequest>(bytes);
  ASSERT_FALSE(req);
  EXPECT_EQ(req.error(), NtStatus::InvalidSmb);
}

TEST(Negotiate, RequestWithUnterminatedDialectFails) {
  auto bytes = raw_message(Command::Negotiate, false, false, {0, 3, 0, 0x02, 'N', 'T'});
  EXPECT_EQ(decode_first<NegotiateRequest>(bytes).error(), NtStatus::InvalidSmb);
}

TEST(Negotiate, RequestWithByteCountPastTheEndFails) {
  auto bytes = raw_message(Command::Negotiate, false, false, {0, 40, 0, 0x02, 'N', 'T', 0});
  EXPECT_EQ(decode_first<NegotiateRequest>(bytes).error(), NtStatus::InvalidSmb);
}

// A non-extended NT LM 0.12 response laid out by hand from MS-CIFS 2.2.4.52.2.
std::vector<uint8_t> hand_assembled_response() {
  std::vector<uint8_t> block = {
      17,                                              // WordCount
      0x05, 0x00,                                      // DialectIndex
      0x03,                                            // SecurityMode: user, encrypt
      0x32, 0x00,                                      // MaxMpxCount 50
      0x01, 0x00,                                      // MaxNumberVcs 1
      0x04, 0x41, 0x00, 0x00,                          // MaxBufferSize 16644
      0x00, 0x00, 0x01, 0x00,                          // MaxRawSize 65536
      0x78, 0x56, 0x34, 0x12,                          // SessionKey
      0xFC, 0xE3, 0x01, 0x00,                          // Capabilities 0x0001E3FC
      0x87, 0x96, 0xA5, 0xB4, 0xC3, 0xD2, 0xD1, 0x01,  // SystemTime
      0x88, 0xFF,                                      // ServerTimeZone -120
      0x08,                                            // ChallengeLength
      42, 0x00,                                        // ByteCount
      0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,  // Challenge
  };
  append(block, utf16z("WORKGROUP"));  // at header offset 77: not aligned
  append(block, utf16z("SERVER"));
  auto bytes = raw_message(Command::Negotiate, true, true, {});
  append(bytes, block);
  return bytes;
}

TEST(Negotiate, HandAssembledNtLmResponseDecodes) {
  auto resp = decode_first<NegotiateResponse>(hand_assembled_response());
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->dialect_index, 5);
  EXPECT_EQ(resp->security_mode, kNegotiateUserSecurity | kNegotiateEncryptPasswords);
  EXPECT_EQ(resp->max_mpx_count, 50);
  EXPECT_EQ(resp->max_number_vcs, 1);
  EXPECT_EQ(resp->max_buffer_size, 16644u);
  EXPECT_EQ(resp->max_raw_size, 65536u);
  EXPECT_EQ(resp->session_key, 0x12345678u);
  EXPECT_EQ(resp->capabilities, 0x0001E3FCu);
  EXPECT_FALSE(resp->extended_security());
  EXPECT_EQ(resp->system_time, 0x01D1D2C3B4A59687u);
  EXPECT_EQ(resp->server_time_zone, -120);
  EXPECT_EQ(resp->challenge,
            (std::vector<uint8_t>{0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF}));
  EXPECT_EQ(resp->domain_name, "WORKGROUP");
  EXPECT_EQ(resp->server_name, "SERVER");
}

TEST(Negotiate, NtLmResponseEncodesTheHandAssembledBytes) {
  NegotiateResponse resp;
  resp.dialect_index = 5;
  resp.security_mode = 3;
  resp.max_mpx_count = 50;
  resp.max_number_vcs = 1;
  resp.max_buffer_size = 16644;
  resp.max_raw_size = 65536;
  resp.session_key = 0x12345678;
  resp.capabilities = 0x0001E3FC;
  resp.system_time = 0x01D1D2C3B4A59687;
  resp.server_time_zone = -120;
  resp.challenge = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};
  resp.domain_name = "WORKGROUP";
  resp.server_name = "SERVER";
  EXPECT_EQ(build(Command::Negotiate, resp, true, true), hand_assembled_response());
}

TEST(Negotiate, OemResponseRoundTripWithoutServerName) {
  NegotiateResponse resp;
  resp.dialect_index = 0;
  resp.capabilities = kCapNtSmbs | kCapStatus32;
  resp.challenge = {1, 2, 3, 4, 5, 6, 7, 8};
  resp.domain_name = "SAMBA";
  auto back = round_trip(Command::Negotiate, resp, false, true);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->challenge, resp.challenge);
  EXPECT_EQ(back->domain_name, "SAMBA");
  EXPECT_EQ(back->server_name, "");
}

TEST(Negotiate, ExtendedSecurityResponseRoundTrip) {
  NegotiateResponse resp;
  resp.dialect_index = 2;
  resp.security_mode = kNegotiateUserSecurity | kNegotiateEncryptPasswords |
                       kNegotiateSecuritySignaturesEnabled;
  resp.max_mpx_count = 50;
  resp.max_number_vcs = 1;
  resp.max_buffer_size = 0x10000;
  resp.max_raw_size = 0x10000;
  resp.capabilities = kCapExtendedSecurity | kCapUnicode | kCapLargeFiles | kCapNtSmbs |
                      kCapStatus32 | kCapLargeReadX | kCapLargeWriteX;
  resp.system_time = 133000000000000000;
  resp.server_time_zone = 60;
  for (uint8_t i = 0; i < 16; ++i) resp.server_guid[i] = i;
  resp.security_blob = {0x60, 0x28, 0x06, 0x06, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x02};
  auto bytes = build(Command::Negotiate, resp, true, true);
  EXPECT_EQ(bytes[32], 17);
  EXPECT_EQ(bytes[32 + 34], 0);  // ChallengeLength
  auto back = decode_first<NegotiateResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->extended_security());
  EXPECT_EQ(back->dialect_index, 2);
  EXPECT_EQ(back->security_mode, resp.security_mode);
  EXPECT_EQ(back->max_buffer_size, 0x10000u);
  EXPECT_EQ(back->capabilities, resp.capabilities);
  EXPECT_EQ(back->system_time, resp.system_time);
  EXPECT_EQ(back->server_time_zone, 60);
  EXPECT_EQ(back->server_guid, resp.server_guid);
  EXPECT_EQ(back->security_blob, resp.security_blob);
  EXPECT_TRUE(back->challenge.empty());
}

TEST(Negotiate, NoDialectResponseIsOneWord) {
  NegotiateResponse resp;
  resp.dialect_index = kNoDialect;
  auto bytes = build(Command::Negotiate, resp, false, true);
  ASSERT_EQ(bytes.size(), 32u + 5u);
  EXPECT_EQ(std::vector<uint8_t>(bytes.begin() + 32, bytes.end()),
            (std::vector<uint8_t>{1, 0xFF, 0xFF, 0, 0}));
  auto back = decode_first<NegotiateResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->dialect_index, kNoDialect);
}

TEST(Negotiate, MalformedResponsesFail) {
  // A LAN Manager (13-word) reply to a client that only offered NT LM 0.12.
  std::vector<uint8_t> lanman = raw_message(Command::Negotiate, false, true, {13});
  lanman.resize(lanman.size() + 26 + 2, 0);
  EXPECT_EQ(decode_first<NegotiateResponse>(lanman).error(), NtStatus::InvalidNetworkResponse);

  // ChallengeLength 8 with 4 data bytes.
  auto bytes = hand_assembled_response();
  bytes[32 + 35] = 4;  // ByteCount
  bytes.resize(32 + 37 + 4);
  EXPECT_EQ(decode_first<NegotiateResponse>(bytes).error(), NtStatus::InvalidNetworkResponse);

  // An extended reply too short for its GUID.
  NegotiateResponse ext;
  ext.capabilities = kCapExtendedSecurity;
  auto ext_bytes = build(Command::Negotiate, ext, true, true);
  ext_bytes[32 + 35] = 10;
  ext_bytes.resize(32 + 37 + 10);
  EXPECT_EQ(decode_first<NegotiateResponse>(ext_bytes).error(),
            NtStatus::InvalidNetworkResponse);

  // WordCount 0 (an error reply's shape) and a message cut inside the words.
  EXPECT_FALSE(decode_first<NegotiateResponse>(raw_message(Command::Negotiate, false, true,
                                                           {0, 0, 0})));
  auto cut = hand_assembled_response();
  cut.resize(32 + 20);
  EXPECT_EQ(decode_first<NegotiateResponse>(cut).error(), NtStatus::InvalidSmb);
}

}  // namespace
}  // namespace smbkit::smb1
