// Through the processor: the FID an AndX chain's open makes serves the chain's later blocks
// (whatever FID they carry), an unknown UID answered in DOS form, FilePositionInformation by
// handle and by path, OPEN_ANDX's DOS-mode rules, TRANS2_OPEN2, TRANS2_CREATE_DIRECTORY and
// NT_TRANSACT_CREATE / RENAME.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fscc/set_info_classes.h"
#include "smb1/nt_create.h"
#include "smb1/nt_transact.h"
#include "smb1/nt_transact_create.h"
#include "smb1/nt_transact_rename.h"
#include "smb1/open.h"
#include "smb1/read_write.h"
#include "smb1/trans2.h"
#include "smb1/trans2_open.h"
#include "smb1/trans2_query.h"
#include "smb1/trans2_set.h"
#include "smb1_session_fixture.h"
#include "wire/byte_writer.h"

namespace smbkit::server {
namespace {

namespace fs = std::filesystem;

constexpr uint8_t kOpenAndX = 0x2D;
constexpr uint8_t kReadAndX = 0x2E;
constexpr uint8_t kTrans2 = 0x32;
constexpr uint8_t kNtTransact = 0xA0;
constexpr uint8_t kNtCreateAndX = 0xA2;
constexpr uint16_t kPositionLevel = 1000 + 14;  // pass-through FilePositionInformation

class Smb1TransOpensTest : public Smb1SessionFixture {
 protected:
  void SetUp() override {
    Smb1SessionFixture::SetUp();
    negotiate_and_logon();
    tree_connect();
    std::ofstream(root_ + "/hello.txt") << "hello, world";
  }

  uint16_t nt_create(const std::string& name, uint32_t access) {
    auto reply = exchange(request_header(kNtCreateAndX), [&](smb1::MessageWriter& w) {
      smb1::NtCreateAndXRequest req;
      req.desired_access = access;
      req.share_access = kFileShareRead | kFileShareWrite;
      req.create_disposition = kFileOpenIf;
      req.file_name = name;
      req.encode(w);
    });
    EXPECT_EQ(reply.header.status, NtStatus::Success);
    auto resp = smb1::NtCreateAndXResponse::decode(reply.blocks.at(0));
    return resp ? resp->fid : 0;
  }

  smb1::Message trans2(smb1::Trans2Subcommand sub, std::vector<uint8_t> params,
                       std::vector<uint8_t> data = {}) {
    return exchange(request_header(kTrans2), [&](smb1::MessageWriter& w) {
      smb1::Trans2Request::make(sub, params, data, 64, 4096).encode(w);
    });
  }

  smb1::Message nt_transact(smb1::NtTransactFunction fn, std::vector<uint8_t> params,
                            std::vector<uint8_t> data = {}) {
    return exchange(request_header(kNtTransact), [&](smb1::MessageWriter& w) {
      smb1::NtTransactRequest::make(fn, {}, params, data, 256, 4096).encode(w);
    });
  }

  // FilePositionInformation of `fid`.
  uint64_t position_of(uint16_t fid) {
    auto reply = trans2(smb1::Trans2Subcommand::QueryFileInformation,
                        smb1::QueryFileInformationRequest{fid, kPositionLevel}.encode());
    EXPECT_EQ(reply.header.status, NtStatus::Success);
    auto resp = smb1::Trans2Response::decode(reply.blocks.at(0));
    if (!resp || resp->data.size() != 8) {
      ADD_FAILURE() << "no FilePositionInformation";
      return ~uint64_t{0};
    }
    ByteReader r(resp->data);
    return r.u64();
  }

  NtStatus set_position(uint16_t fid, uint64_t position) {
    std::vector<uint8_t> data;
    ByteWriter w(data);
    fscc::FilePositionInformation{position}.encode(w);
    return trans2(smb1::Trans2Subcommand::SetFileInformation,
                  smb1::SetFileInformationRequest{fid, kPositionLevel}.encode(), data)
        .header.status;
  }
};

TEST_F(Smb1TransOpensTest, ChainedReadUsesTheFidTheNtCreateOpened) {
  auto reply = exchange(request_header(kNtCreateAndX), [](smb1::MessageWriter& w) {
    smb1::NtCreateAndXRequest create;
    create.desired_access = kGenericRead;
    create.create_disposition = kFileOpen;
    create.file_name = "hello.txt";
    create.encode(w);
    smb1::ReadAndXRequest read;
    read.fid = 0;  // not a FID of the connection: the chain's open is meant
    read.max_count = 5;
    read.encode(w);
  });
  ASSERT_EQ(reply.header.status, NtStatus::Success);
  ASSERT_EQ(reply.blocks.size(), 2u);
  auto data = smb1::ReadAndXResponse::decode(reply.blocks[1]);
  ASSERT_TRUE(data);
  EXPECT_EQ(std::string(data->data.begin(), data->data.end()), "hello");
}

TEST_F(Smb1TransOpensTest, ChainedReadUsesTheFidTheOpenAndXOpened) {
  auto reply = exchange(request_header(kOpenAndX), [](smb1::MessageWriter& w) {
    smb1::OpenAndXRequest open;
    open.access_mode = smb1::kAccessRead | smb1::kSharingDenyNone;
    open.open_mode = smb1::kFileExistsOpen;
    open.file_name = "hello.txt";
    open.encode(w);
    smb1::ReadAndXRequest read;
    read.fid = 0x4242;
    read.max_count = 12;
    read.encode(w);
  });
  ASSERT_EQ(reply.header.status, NtStatus::Success);
  ASSERT_EQ(reply.blocks.size(), 2u);
  auto data = smb1::ReadAndXResponse::decode(reply.blocks[1]);
  ASSERT_TRUE(data);
  EXPECT_EQ(std::string(data->data.begin(), data->data.end()), "hello, world");
}

TEST_F(Smb1TransOpensTest, UnchainedReadStillNeedsItsOwnFid) {
  nt_create("hello.txt", kGenericRead);
  auto reply = exchange(request_header(kReadAndX), [](smb1::MessageWriter& w) {
    smb1::ReadAndXRequest read;
    read.fid = 0x4242;
    read.max_count = 5;
    read.encode(w);
  });
  EXPECT_EQ(reply.header.status, NtStatus::InvalidHandle);
}

TEST_F(Smb1TransOpensTest, UnknownUidIsAnsweredInDosForm) {
  uint16_t fid = nt_create("hello.txt", kGenericRead);
  uid_ += 1234;
  auto reply = trans2(smb1::Trans2Subcommand::QueryFileInformation,
                      smb1::QueryFileInformationRequest{fid, kPositionLevel}.encode());
  EXPECT_EQ(reply.header.flags2 & smb1::kFlags2NtStatus, 0);
  EXPECT_EQ(to_u32(reply.header.status), 0x005B0002u);  // ERRSRV/ERRbaduid
}

TEST_F(Smb1TransOpensTest, PositionInformationFollowsReadsAndSetsNotSeeks) {
  uint16_t fid = nt_create("hello.txt", kGenericRead | kGenericWrite);
  EXPECT_EQ(position_of(fid), 0u);
  auto read = exchange(request_header(kReadAndX), [&](smb1::MessageWriter& w) {
    smb1::ReadAndXRequest req;
    req.fid = fid;
    req.offset = 3;
    req.max_count = 2;
    req.encode(w);
  });
  ASSERT_EQ(read.header.status, NtStatus::Success);
  EXPECT_EQ(position_of(fid), 5u);
  uint16_t other = nt_create("hello.txt", kGenericRead);
  ASSERT_EQ(set_position(other, 25), NtStatus::Success);
  EXPECT_EQ(position_of(other), 25u);
  EXPECT_EQ(position_of(fid), 5u);  // each handle has its own
}

TEST_F(Smb1TransOpensTest, PositionInformationByPathIsAcceptedAndReadsZero) {
  std::vector<uint8_t> data;
  ByteWriter w(data);
  fscc::FilePositionInformation{32}.encode(w);
  smb1::QueryPathInformationRequest path{kPositionLevel, "hello.txt"};
  auto set = trans2(smb1::Trans2Subcommand::SetPathInformation, path.encode(true), data);
  EXPECT_EQ(set.header.status, NtStatus::Success);
  auto query = trans2(smb1::Trans2Subcommand::QueryPathInformation, path.encode(true));
  ASSERT_EQ(query.header.status, NtStatus::Success);
  auto resp = smb1::Trans2Response::decode(query.blocks.at(0));
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->data, std::vector<uint8_t>(8, 0));
  smb1::QueryPathInformationRequest missing{kPositionLevel, "nosuch.txt"};
  EXPECT_EQ(trans2(smb1::Trans2Subcommand::SetPathInformation, missing.encode(true), data)
                .header.status,
            NtStatus::ObjectNameNotFound);
}


TEST_F(Smb1TransOpensTest, OpenAndXDosModeRules) {
  auto send = [&](uint16_t access_mode, uint16_t open_mode, const std::string& name,
                  uint32_t allocation) {
    return exchange(request_header(kOpenAndX), [&](smb1::MessageWriter& w) {
      smb1::OpenAndXRequest open;
      open.flags = smb1::kOpenExtendedResponse;
      open.access_mode = access_mode;
      open.open_mode = open_mode;
      open.allocation_size = allocation;
      open.file_name = name;
      open.encode(w);
    });
  };
  // A reserved access mode, and "fail if it exists, do not create": ERRDOS/ERRbadaccess.
  auto bad = send(4, smb1::kFileExistsOpen, "hello.txt", 0);
  EXPECT_EQ(bad.header.flags2 & smb1::kFlags2NtStatus, 0);
  EXPECT_EQ(to_u32(bad.header.status), 0x000C0001u);
  EXPECT_EQ(send(smb1::kAccessReadWrite, smb1::kFileExistsFail, "new.txt", 0).header.status,
            NtStatus::SmbBadAccess);
  EXPECT_FALSE(fs::exists(root_ + "/new.txt"));
  // ... except for execute, which creates.
  auto exec = send(smb1::kAccessExecute, smb1::kFileExistsFail, "exec.txt", 0);
  EXPECT_EQ(exec.header.status, NtStatus::Success);
  EXPECT_TRUE(fs::exists(root_ + "/exec.txt"));
  // AllocationSize becomes the size of a file created.
  auto sized = send(smb1::kAccessReadWrite, smb1::kFileExistsOpen | smb1::kCreateFileCreate,
                    "sized.txt", 1 << 20);
  ASSERT_EQ(sized.header.status, NtStatus::Success);
  auto resp = smb1::OpenAndXResponse::decode(sized.blocks.at(0));
  ASSERT_TRUE(resp);
  EXPECT_EQ(resp->file_data_size, 1u << 20);
  EXPECT_EQ(resp->open_results & smb1::kOpenResultMask, smb1::kOpenResultCreated);
  EXPECT_EQ(resp->maximal_access_rights, 0x001F0000u);  // STANDARD_RIGHTS_ALL
  EXPECT_EQ(fs::file_size(root_ + "/sized.txt"), 1u << 20);
  // Directories are not OPEN_ANDX's.
  fs::create_directory(root_ + "/dir");
  EXPECT_EQ(send(smb1::kAccessRead, smb1::kFileExistsOpen, "dir", 0).header.status,
            NtStatus::FileIsADirectory);
}

TEST_F(Smb1TransOpensTest, ExecuteOnlyHandleReadsWithPagingIoOnly) {
  uint16_t fid = nt_create("hello.txt", kFileExecute);
  auto read = [&](uint16_t extra_flags2) {
    smb1::Header h = request_header(kReadAndX);
    h.flags2 |= extra_flags2;
    return exchange(h, [&](smb1::MessageWriter& w) {
      smb1::ReadAndXRequest req;
      req.fid = fid;
      req.max_count = 5;
      req.encode(w);
    });
  };
  EXPECT_EQ(read(smb1::kFlags2PagingIo).header.status, NtStatus::Success);
  EXPECT_EQ(read(0).header.status, NtStatus::AccessDenied);
}

TEST_F(Smb1TransOpensTest, Trans2Open2CreatesAndReports) {
  smb1::Open2Request req;
  req.flags = smb1::kOpen2ReturnAdditionalInfo;
  req.access_mode = smb1::kAccessReadWrite | smb1::kSharingDenyNone;
  req.open_mode = smb1::kFileExistsOpen | smb1::kCreateFileCreate;
  req.file_name = "t2.txt";
  auto reply = trans2(smb1::Trans2Subcommand::Open2, req.encode(true));
  ASSERT_EQ(reply.header.status, NtStatus::Success);
  auto resp = smb1::Trans2Response::decode(reply.blocks.at(0));
  ASSERT_TRUE(resp);
  auto params = smb1::Open2ResponseParameters::decode(resp->parameters);
  ASSERT_TRUE(params);
  EXPECT_NE(params->fid, 0);
  EXPECT_EQ(params->action_taken, smb1::kOpenResultCreated);
  EXPECT_EQ(params->access_mode, smb1::kAccessReadWrite | smb1::kSharingDenyNone);
  EXPECT_EQ(params->resource_type, 0);
  EXPECT_TRUE(fs::exists(root_ + "/t2.txt"));
  // "Fail if it exists" without the create bit is a create: the name is taken.
  req.open_mode = smb1::kFileExistsFail;
  EXPECT_EQ(trans2(smb1::Trans2Subcommand::Open2, req.encode(true)).header.status,
            NtStatus::ObjectNameCollision);
  // EAs are refused before anything is created.
  req.file_name = "with-eas.txt";
  req.open_mode = smb1::kFileExistsOpen | smb1::kCreateFileCreate;
  std::vector<uint8_t> eas = {12, 0, 0, 0, 0, 1, 2, 0, 'a', 0, 'x', 'y'};
  EXPECT_EQ(trans2(smb1::Trans2Subcommand::Open2, req.encode(true), eas).header.status,
            NtStatus::EasNotSupported);
  EXPECT_FALSE(fs::exists(root_ + "/with-eas.txt"));
}

TEST_F(Smb1TransOpensTest, Trans2CreateDirectory) {
  smb1::CreateDirectory2Request req{"newdir"};
  auto reply = trans2(smb1::Trans2Subcommand::CreateDirectory, req.encode(true));
  ASSERT_EQ(reply.header.status, NtStatus::Success);
  EXPECT_TRUE(fs::is_directory(root_ + "/newdir"));
  EXPECT_EQ(trans2(smb1::Trans2Subcommand::CreateDirectory, req.encode(true)).header.status,
            NtStatus::ObjectNameCollision);
  smb1::CreateDirectory2Request deep{"nosuch\\newdir"};
  EXPECT_EQ(trans2(smb1::Trans2Subcommand::CreateDirectory, deep.encode(true)).header.status,
            NtStatus::ObjectPathNotFound);
}

TEST_F(Smb1TransOpensTest, NtTransactCreateOpensAsNtCreateAndX) {
  smb1::NtTransactCreateRequest req;
  req.create.desired_access = kGenericRead | kGenericWrite;
  req.create.create_disposition = kFileCreate;
  req.create.file_name = "nttrans.txt";
  auto reply = nt_transact(smb1::NtTransactFunction::Create, req.encode(true));
  ASSERT_EQ(reply.header.status, NtStatus::Success);
  auto resp = smb1::NtTransactResponse::decode(reply.blocks.at(0));
  ASSERT_TRUE(resp);
  auto opened = smb1::decode_nt_transact_create_response(resp->parameters);
  ASSERT_TRUE(opened);
  EXPECT_NE(opened->fid, 0);
  EXPECT_EQ(opened->create_disposition, static_cast<uint32_t>(vfs::CreateAction::Created));
  EXPECT_EQ(opened->resource_type, smb1::kFileTypeDisk);
  EXPECT_TRUE(fs::exists(root_ + "/nttrans.txt"));
  EXPECT_EQ(nt_transact(smb1::NtTransactFunction::Create, req.encode(true)).header.status,
            NtStatus::ObjectNameCollision);
  req.create.create_disposition = 6;
  EXPECT_EQ(nt_transact(smb1::NtTransactFunction::Create, req.encode(true)).header.status,
            NtStatus::InvalidParameter);
}

TEST_F(Smb1TransOpensTest, NtTransactRenameChecksTheHandleAndRenamesNothing) {
  uint16_t fid = nt_create("hello.txt", kGenericRead | kDelete);
  smb1::NtTransactRenameRequest req{fid, 0, "renamed.txt"};
  EXPECT_EQ(nt_transact(smb1::NtTransactFunction::Rename, req.encode(true)).header.status,
            NtStatus::Success);
  EXPECT_TRUE(fs::exists(root_ + "/hello.txt"));
  EXPECT_FALSE(fs::exists(root_ + "/renamed.txt"));
  req.fid = 0x4242;
  EXPECT_EQ(nt_transact(smb1::NtTransactFunction::Rename, req.encode(true)).header.status,
            NtStatus::InvalidHandle);
}

}  // namespace
}  // namespace smbkit::server
