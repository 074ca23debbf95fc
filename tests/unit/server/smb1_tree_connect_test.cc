// TREE_CONNECT_ANDX path and service checks through the processor (MS-CIFS 3.3.5.46).
#include <gtest/gtest.h>

#include "smb1/tree.h"
#include "smb1_session_fixture.h"

namespace smbkit::server {
namespace {

class Smb1TreeConnectTest : public Smb1SessionFixture {
 protected:
  void SetUp() override {
    Smb1SessionFixture::SetUp();
    negotiate_and_logon();
  }

  smb1::Message connect(const std::string& path, const std::string& service) {
    return exchange(request_header(0x75), [&](smb1::MessageWriter& w) {
      smb1::TreeConnectRequest req;
      req.password = {0};
      req.path = path;
      req.service = service;
      req.encode(w);
    });
  }
};

TEST_F(Smb1TreeConnectTest, BareShareNameConnects) {
  // As Samba and Windows do (smbtorture base.tcon): no "\\server\" prefix, any case.
  auto tree = connect("DATA", "?????");
  EXPECT_EQ(tree.header.status, NtStatus::Success);
  EXPECT_NE(tree.header.tid, 0);
  EXPECT_EQ(connect("IPC$", "IPC").header.status, NtStatus::Success);
}

TEST_F(Smb1TreeConnectTest, MalformedAndUnknownPathsAreBadNetworkName) {
  EXPECT_EQ(connect("", "?????").header.status, NtStatus::BadNetworkName);
  EXPECT_EQ(connect("\\data", "?????").header.status, NtStatus::BadNetworkName);
  EXPECT_EQ(connect("\\\\SMBKIT\\data\\sub", "?????").header.status, NtStatus::BadNetworkName);
  EXPECT_EQ(connect("nosuch", "?????").header.status, NtStatus::BadNetworkName);
}

TEST_F(Smb1TreeConnectTest, DiskServiceOnIpcIsBadDeviceType) {
  // smbtorture base.tcondev: "A:" on IPC$ is ERRSRV/ERRinvdevice, i.e. STATUS_BAD_DEVICE_TYPE.
  EXPECT_EQ(connect("IPC$", "A:").header.status, NtStatus::BadDeviceType);
  EXPECT_EQ(connect("\\\\SMBKIT\\IPC$", "A:").header.status, NtStatus::BadDeviceType);
  EXPECT_EQ(connect("data", "IPC").header.status, NtStatus::BadDeviceType);
}

}  // namespace
}  // namespace smbkit::server
