// SESSION_SETUP_ANDX + TREE_CONNECT_ANDX in one message (MS-CIFS 3.2.4.1.1 / 3.3.5.2), both ways.
#include <gtest/gtest.h>

#include "codec_test_util.h"
#include "smb1/session_setup.h"
#include "smb1/tree.h"

namespace smbkit::smb1 {
namespace {

using testing::make_header;

TEST(AndXChain, SessionSetupThenTreeConnectRequest) {
  SessionSetupRequest setup;
  setup.max_buffer_size = 16644;
  setup.max_mpx_count = 50;
  setup.capabilities = kCapUnicode | kCapNtSmbs | kCapStatus32;
  setup.oem_password.assign(24, 0xAA);
  setup.unicode_password.assign(24, 0xBB);
  setup.account_name = "alice";
  setup.primary_domain = "WORKGROUP";
  setup.native_os = "Unix";
  setup.native_lan_man = "smbkit";
  TreeConnectRequest tree;
  tree.password = {0};
  tree.path = "\\\\SERVER\\data";
  tree.service = kServiceAny;

  std::vector<uint8_t> out;
  MessageWriter mw(out, make_header(Command::SessionSetupAndX, true, false));
  setup.encode(mw);
  size_t tree_at = mw.offset();
  tree.encode(mw);

  auto m = parse_message(out);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->blocks.size(), 2u);
  EXPECT_EQ(m->blocks[0].andx_command(), static_cast<uint8_t>(Command::TreeConnectAndX));
  EXPECT_EQ(m->blocks[0].andx_offset(), tree_at);
  EXPECT_EQ(m->blocks[1].command, static_cast<uint8_t>(Command::TreeConnectAndX));
  EXPECT_EQ(m->blocks[1].andx_command(), kNoAndX);

  auto s = SessionSetupRequest::decode(m->blocks[0]);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->account_name, "alice");
  EXPECT_EQ(s->native_lan_man, "smbkit");
  EXPECT_EQ(s->unicode_password, setup.unicode_password);
  auto t = TreeConnectRequest::decode(m->blocks[1]);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "\\\\SERVER\\data");
  EXPECT_EQ(t->service, "?????");
}

TEST(AndXChain, SessionSetupThenTreeConnectResponse) {
  SessionSetupResponse setup{0, "Unix", "smbkit", "WORKGROUP"};
  TreeConnectResponse tree;
  tree.optional_support = kSupportSearchBits;
  tree.service = kServiceDisk;
  tree.native_file_system = "NTFS";

  std::vector<uint8_t> out;
  MessageWriter mw(out, make_header(Command::SessionSetupAndX, true, true));
  setup.encode(mw);
  tree.encode(mw);

  auto m = parse_message(out);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->blocks.size(), 2u);
  auto s = SessionSetupResponse::decode(m->blocks[0]);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->primary_domain, "WORKGROUP");
  auto t = TreeConnectResponse::decode(m->blocks[1]);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->service, "A:");
  EXPECT_EQ(t->native_file_system, "NTFS");
}

TEST(AndXChain, ErrorInTheSecondCommandEndsTheChainWithAnEmptyBlock) {
  // A server that logs the user on but cannot connect the tree answers with the session setup
  // reply followed by an empty TREE_CONNECT_ANDX block (MS-CIFS 3.3.5.2).
  std::vector<uint8_t> out;
  MessageWriter mw(out, make_header(Command::SessionSetupAndX, true, true));
  SessionSetupResponse{0, "Unix", "smbkit", ""}.encode(mw);
  mw.empty_block(static_cast<uint8_t>(Command::TreeConnectAndX));
  auto m = parse_message(out);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->blocks.size(), 2u);
  EXPECT_TRUE(SessionSetupResponse::decode(m->blocks[0]));
  EXPECT_EQ(m->blocks[1].word_count, 0);
  EXPECT_EQ(TreeConnectResponse::decode(m->blocks[1]).error(), NtStatus::InvalidNetworkResponse);
}

}  // namespace
}  // namespace smbkit::smb1
