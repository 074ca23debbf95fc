// A read-only share (smb.conf "read only") through the SMB1 processor: TREE_CONNECT_ANDX says so
// in MaximalShareAccessRights, opens that would change something are ACCESS_DENIED and changes
// by path MEDIA_WRITE_PROTECTED (as smbd answers smbclient -m NT1), and nothing changes on disk.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fscc/access.h"
#include "server/access.h"
#include "smb1/namespace.h"
#include "smb1/nt_create.h"
#include "smb1/tree.h"
#include "smb1_session_fixture.h"

namespace smbkit::server {
namespace {

class Smb1ReadOnlyShareTest : public Smb1SessionFixture {
 protected:
  void configure(ServerConfig& config) override {
    config.shares[0].read_only = read_only_;
    config.shares[0].write_list = write_list_;
  }
  void SetUp() override {
    Smb1SessionFixture::SetUp();
    std::ofstream(root_ + "/old.txt") << "old\n";
    negotiate_and_logon();
  }

  smb1::Message connect() {
    return exchange(request_header(0x75), [](smb1::MessageWriter& w) {
      smb1::TreeConnectRequest req;
      req.flags = smb1::kTreeConnectExtendedResponse;
      req.password = {0};
      req.path = "\\\\SMBKIT\\data";
      req.service = "?????";
      req.encode(w);
    });
  }

  NtStatus create(const std::string& name, uint32_t access, uint32_t disposition) {
    return exchange(request_header(0xA2), [&](smb1::MessageWriter& w) {
             smb1::NtCreateAndXRequest req;
             req.desired_access = access;
             req.create_disposition = disposition;
             req.share_access = kFileShareRead | kFileShareWrite | kFileShareDelete;
             req.file_name = name;
             req.encode(w);
           })
        .header.status;
  }

  bool read_only_ = true;
  std::vector<std::string> write_list_;
};

TEST_F(Smb1ReadOnlyShareTest, RefusesEveryChangeAndLeavesTheDiskAlone) {
  auto tree = connect();
  ASSERT_EQ(tree.header.status, NtStatus::Success);
  tid_ = tree.header.tid;
  auto resp = smb1::TreeConnectResponse::decode(tree.blocks[0]);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->maximal_share_access_rights, 0x001200A9u);  // reading rights only

  EXPECT_EQ(create("old.txt", kGenericRead, kFileOpen), NtStatus::Success);
  EXPECT_EQ(create("old.txt", kGenericWrite, kFileOpen), NtStatus::AccessDenied);
  EXPECT_EQ(create("old.txt", kDelete, kFileOpen), NtStatus::AccessDenied);
  EXPECT_EQ(create("old.txt", kGenericRead, kFileOverwriteIf), NtStatus::AccessDenied);
  EXPECT_EQ(create("new.txt", kGenericRead, kFileCreate), NtStatus::AccessDenied);
  EXPECT_EQ(create("new.txt", kGenericRead, kFileOpenIf), NtStatus::AccessDenied);
  // MAXIMUM_ALLOWED opens, with the reading rights only.
  EXPECT_EQ(create("old.txt", kMaximumAllowed, kFileOpen), NtStatus::Success);

  auto mkdir = exchange(request_header(0x00), [](smb1::MessageWriter& w) {
    smb1::CreateDirectoryRequest{"made"}.encode(w);
  });
  EXPECT_EQ(mkdir.header.status, NtStatus::MediaWriteProtected);
  auto rm = exchange(request_header(0x06), [](smb1::MessageWriter& w) {
    smb1::DeleteRequest{0, "old.txt"}.encode(w);
  });
  EXPECT_EQ(rm.header.status, NtStatus::MediaWriteProtected);

  EXPECT_TRUE(std::filesystem::exists(root_ + "/old.txt"));
  EXPECT_FALSE(std::filesystem::exists(root_ + "/made"));
  EXPECT_FALSE(std::filesystem::exists(root_ + "/new.txt"));
}

class Smb1WriteListTest : public Smb1ReadOnlyShareTest {
 protected:
  Smb1WriteListTest() { write_list_ = {"ALICE"}; }  // names match case-insensitively
};

TEST_F(Smb1WriteListTest, MakesTheShareWritableForItsUsers) {
  auto tree = connect();
  ASSERT_EQ(tree.header.status, NtStatus::Success);
  tid_ = tree.header.tid;
  auto resp = smb1::TreeConnectResponse::decode(tree.blocks[0]);
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->maximal_share_access_rights, 0x001F01FFu);
  EXPECT_EQ(create("new.txt", kGenericWrite, kFileCreate), NtStatus::Success);
  EXPECT_TRUE(std::filesystem::exists(root_ + "/new.txt"));
}

}  // namespace
}  // namespace smbkit::server
