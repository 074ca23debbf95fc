#include "smb1/tree.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"
#include "fscc/access.h"

namespace smbkit::smb1 {
namespace {

using testing::append;
using testing::build;
using testing::decode_first;
using testing::raw_message;
using testing::round_trip;
using testing::utf16z;

constexpr Command kCmd = Command::TreeConnectAndX;

TEST(TreeConnect, HandAssembledRequestDecodes) {
  // MS-CIFS 2.2.4.55.1, Unicode, user-level security: a one-byte password (NUL). The data starts
  // at header offset 43; after the password, 44 is even and Path needs no pad.
  std::vector<uint8_t> data = {0x00};
  append(data, utf16z("\\\\SRV\\data"));
  for (char c : std::string("?????")) data.push_back(static_cast<uint8_t>(c));
  data.push_back(0);
  auto bytes = raw_message(kCmd, true, false,
                           {4, 0xFF, 0x00, 0x00, 0x00,  // AndX: none
                            0x08, 0x00,                  // Flags: EXTENDED_RESPONSE
                            0x01, 0x00,                  // PasswordLength
                            static_cast<uint8_t>(data.size()), 0x00});
  append(bytes, data);
  auto req = decode_first<TreeConnectRequest>(bytes);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->flags, kTreeConnectExtendedResponse);
  EXPECT_EQ(req->password, std::vector<uint8_t>{0});
  EXPECT_EQ(req->path, "\\\\SRV\\data");
  EXPECT_EQ(req->service, kServiceAny);
}

TEST(TreeConnect, RequestRoundTripPadsThePath) {
  TreeConnectRequest req;
  req.flags = kTreeConnectDisconnectTid;
  req.password = {'p', 'w'};  // data at 43, path would start at 45: one pad byte
  req.path = "\\\\127.0.0.1\\IPC$";
  req.service = kServiceIpc;
  auto bytes = build(kCmd, req);
  EXPECT_EQ(bytes[45], 0);     // pad
  EXPECT_EQ(bytes[46], '\\');  // path
  auto back = decode_first<TreeConnectRequest>(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->flags, kTreeConnectDisconnectTid);
  EXPECT_EQ(back->password, req.password);
  EXPECT_EQ(back->path, req.path);
  EXPECT_EQ(back->service, "IPC");

  auto oem = round_trip(kCmd, req, false);
  ASSERT_TRUE(oem);
  EXPECT_EQ(oem->path, req.path);
  EXPECT_EQ(oem->service, "IPC");
}

TEST(TreeConnect, MalformedRequestsFail) {
  TreeConnectRequest req;
  req.password = {0};
  req.path = "\\\\S\\x";
  req.service = "A:";
  auto bytes = build(kCmd, req);
  auto long_password = bytes;
  long_password[32 + 7] = 100;  // PasswordLength
  EXPECT_EQ(decode_first<TreeConnectRequest>(long_password).error(), NtStatus::InvalidSmb);

  auto unterminated_path = bytes;
  unterminated_path.resize(32 + 11 + 1 + 6);  // password and part of the path
  unterminated_path[32 + 9] = 7;              // ByteCount
  EXPECT_EQ(decode_first<TreeConnectRequest>(unterminated_path).error(), NtStatus::InvalidSmb);

  auto too_few_words = raw_message(kCmd, true, false, {2, 0xFF, 0, 0, 0, 0, 0});
  EXPECT_EQ(decode_first<TreeConnectRequest>(too_few_words).error(), NtStatus::InvalidSmb);
}

TEST(TreeConnect, ResponseRoundTrip) {
  TreeConnectResponse resp;
  resp.optional_support = kSupportSearchBits | kCscNoCaching;
  resp.service = kServiceDisk;
  resp.native_file_system = "NTFS";
  auto bytes = build(kCmd, resp, true, true);
  EXPECT_EQ(bytes[32], 3);
  // Service "A:" at 41..43, then NativeFileSystem at 44, already aligned.
  EXPECT_EQ(bytes[41], 'A');
  EXPECT_EQ(bytes[44], 'N');
  resp.service = kServiceIpc;  // "IPC" at 41..44: one pad byte, NativeFileSystem at 46
  auto ipc = build(kCmd, resp, true, true);
  EXPECT_EQ(ipc[45], 0);
  EXPECT_EQ(ipc[46], 'N');
  auto ipc_back = decode_first<TreeConnectResponse>(ipc);
  ASSERT_TRUE(ipc_back);
  EXPECT_EQ(ipc_back->native_file_system, "NTFS");
  resp.service = kServiceDisk;
  auto back = decode_first<TreeConnectResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->extended);
  EXPECT_EQ(back->optional_support, kSupportSearchBits | kCscNoCaching);
  EXPECT_EQ(back->service, "A:");
  EXPECT_EQ(back->native_file_system, "NTFS");
}

TEST(TreeConnect, ExtendedResponseRoundTrip) {
  TreeConnectResponse resp;
  resp.optional_support = kSupportSearchBits | kUniqueFileName;
  resp.extended = true;
  resp.maximal_share_access_rights = 0x001F01FF;
  resp.guest_maximal_share_access_rights = kFileReadData | kReadControl | kSynchronize;
  resp.service = kServiceIpc;
  auto bytes = build(kCmd, resp, false, true);
  EXPECT_EQ(bytes[32], 7);
  auto back = decode_first<TreeConnectResponse>(bytes);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->extended);
  EXPECT_EQ(back->optional_support, kSupportSearchBits | kUniqueFileName);
  EXPECT_EQ(back->maximal_share_access_rights, 0x001F01FFu);
  EXPECT_EQ(back->guest_maximal_share_access_rights, 0x00120001u);
  EXPECT_EQ(back->service, "IPC");
  EXPECT_EQ(back->native_file_system, "");
}

TEST(TreeConnect, ResponseWithOddWordCountFails) {
  auto bytes = raw_message(kCmd, false, true, {5, 0xFF, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(decode_first<TreeConnectResponse>(bytes).error(), NtStatus::InvalidNetworkResponse);
}

TEST(TreeDisconnect, EmptyBlocks) {
  auto req_bytes = build(Command::TreeDisconnect, TreeDisconnectRequest{});
  EXPECT_EQ(std::vector<uint8_t>(req_bytes.begin() + 32, req_bytes.end()),
            (std::vector<uint8_t>{0, 0, 0}));
  EXPECT_TRUE(decode_first<TreeDisconnectRequest>(req_bytes));
  EXPECT_TRUE(round_trip(Command::TreeDisconnect, TreeDisconnectResponse{}, true, true));
  auto lying = raw_message(Command::TreeDisconnect, false, false, {0, 5, 0});
  EXPECT_EQ(decode_first<TreeDisconnectRequest>(lying).error(), NtStatus::InvalidSmb);
}

}  // namespace
}  // namespace smbkit::smb1
