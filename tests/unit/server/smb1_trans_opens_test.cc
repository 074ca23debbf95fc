// Through the processor: the FID an AndX chain's open makes serves the chain's later blocks
// (whatever FID they carry), an unknown UID answered in DOS form, FilePositionInformation by
// handle and by path, OPEN_ANDX's DOS-mode rules, TRANS2_OPEN2, TRANS2_CREATE_DIRECTORY and
// NT_TRANSACT_CREATE / RENAME.
#include <gtest/gtest.h>

#include <sys/xattr.h>

#include <filesystem>
#include <fstream>

#include "fscc/ea_information.h"
#include "fscc/set_info_classes.h"
#include "smb1/ea_lists.h"
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

  // The xattr `name` of the share's `file`, or "<none>".
  std::string xattr(const std::string& file, const std::string& name) {
    char buf[256];
    ssize_t n = ::getxattr((root_ + "/" + file).c_str(), name.c_str(), buf, sizeof buf);
    return n < 0 ? "<none>" : std::string(buf, static_cast<size_t>(n));
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
  // The SMB_FEA_LIST's EAs go to the file it creates, as user.* xattrs.
  req.file_name = "with-eas.txt";
  req.open_mode = smb1::kFileExistsOpen | smb1::kCreateFileCreate;
  req.flags |= smb1::kOpen2ReturnTotalEaLength;
  std::vector<uint8_t> eas = {12, 0, 0, 0, 0, 1, 2, 0, 'a', 0, 'x', 'y'};
  reply = trans2(smb1::Trans2Subcommand::Open2, req.encode(true), eas);
  ASSERT_EQ(reply.header.status, NtStatus::Success);
  EXPECT_EQ(xattr("with-eas.txt", "user.a"), "xy");
  resp = smb1::Trans2Response::decode(reply.blocks.at(0));
  ASSERT_TRUE(resp);
  params = smb1::Open2ResponseParameters::decode(resp->parameters);
  ASSERT_TRUE(params);
  EXPECT_EQ(params->ea_length, 4u + 4 + 1 + 1 + 2);  // the SMB_FEA_LIST's size
  // A bad name or a malformed list refuses the open before anything is created.
  req.file_name = "bad-eas.txt";
  std::vector<uint8_t> bad = {12, 0, 0, 0, 0, 1, 2, 0, ':', 0, 'x', 'y'};
  EXPECT_EQ(trans2(smb1::Trans2Subcommand::Open2, req.encode(true), bad).header.status,
            NtStatus::InvalidEaName);
  std::vector<uint8_t> cut = {40, 0, 0, 0, 0, 1, 2, 0};
  EXPECT_EQ(trans2(smb1::Trans2Subcommand::Open2, req.encode(true), cut).header.status,
            NtStatus::EaListInconsistent);
  EXPECT_FALSE(fs::exists(root_ + "/bad-eas.txt"));
}

TEST_F(Smb1TransOpensTest, EaLevelsSetAndQueryByPathAndHandle) {
  // SMB_INFO_SET_EAS by path, then SMB_INFO_QUERY_EAS_FROM_LIST (a name in another case and a
  // missing one) and SMB_INFO_QUERY_ALL_EAS by handle, and the EA size at level 2.
  const std::vector<fscc::FullEa> set = {{0, "EAONE", {'v', '1'}}, {0, "Second", {'2'}}};
  auto list = smb1::encode_fea_list(set);
  ASSERT_TRUE(list);
  smb1::SetPathInformationRequest path_req{smb1::kSmbInfoSetEas, "hello.txt"};
  EXPECT_EQ(trans2(smb1::Trans2Subcommand::SetPathInformation, path_req.encode(true), *list)
                .header.status,
            NtStatus::Success);
  EXPECT_EQ(xattr("hello.txt", "user.EAONE"), "v1");

  uint16_t fid = nt_create("hello.txt", kGenericRead);
  auto query = [&](uint16_t level, std::vector<uint8_t> data = {}) {
    auto reply = trans2(smb1::Trans2Subcommand::QueryFileInformation,
                        smb1::QueryFileInformationRequest{fid, level}.encode(), data);
    EXPECT_EQ(reply.header.status, NtStatus::Success);
    auto resp = smb1::Trans2Response::decode(reply.blocks.at(0));
    return resp ? resp->data : std::vector<uint8_t>{};
  };
  auto names = smb1::encode_gea_list(std::vector<std::string>{"second", "NONE"});
  ASSERT_TRUE(names);
  auto from_list = smb1::decode_fea_list(query(smb1::kSmbInfoQueryEasFromList, *names));
  ASSERT_TRUE(from_list);
  EXPECT_EQ(*from_list, (std::vector<fscc::FullEa>{{0, "Second", {'2'}}, {0, "NONE", {}}}));
  auto all = smb1::decode_fea_list(query(smb1::kSmbInfoQueryAllEas));
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 2u);
  auto info = smb1::decode_file_info_level(smb1::kSmbInfoQueryEaSize,
                                           query(smb1::kSmbInfoQueryEaSize), true);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->ea_size, smb1::fea_list_size(set));

  // The handle was opened for reading: setting EAs through it needs FILE_WRITE_EA.
  smb1::SetFileInformationRequest file_req{fid, smb1::kSmbInfoSetEas};
  EXPECT_EQ(trans2(smb1::Trans2Subcommand::SetFileInformation, file_req.encode(), *list)
                .header.status,
            NtStatus::AccessDenied);
  // smbkit's own xattrs are not EAs.
  auto own = smb1::encode_fea_list(std::vector<fscc::FullEa>{{0, "smbkit.dosattrib", {'1'}}});
  EXPECT_EQ(trans2(smb1::Trans2Subcommand::SetPathInformation, path_req.encode(true), *own)
                .header.status,
            NtStatus::InvalidEaName);
}

TEST_F(Smb1TransOpensTest, Trans2CreateDirectory) {
  smb1::CreateDirectory2Request req{"newdir"};
  auto reply = trans2(smb1::Trans2Subcommand::CreateDirectory, req.encode(true));
  ASSERT_EQ(reply.header.status, NtStatus::Success);
  EXPECT_TRUE(fs::is_directory(root_ + "/newdir"));
  // With EAs: stored on the new directory.
  smb1::CreateDirectory2Request with_eas{"eadir"};
  std::vector<uint8_t> eas = {12, 0, 0, 0, 0, 1, 2, 0, 'd', 0, 'x', 'y'};
  EXPECT_EQ(trans2(smb1::Trans2Subcommand::CreateDirectory, with_eas.encode(true), eas)
                .header.status,
            NtStatus::Success);
  EXPECT_EQ(xattr("eadir", "user.d"), "xy");
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

  // Its EA list (FILE_FULL_EA_INFORMATION, after the security descriptor) goes to a file it
  // creates; a bad name fails it before anything is made.
  std::vector<uint8_t> eas;
  ByteWriter w(eas);
  ASSERT_TRUE(fscc::encode_full_ea_list(
      w, std::vector<fscc::FullEa>{{0, "1st EA", {'o', 'n', 'e'}}, {0, "and 3rd", {'3'}}}));
  req.create.create_disposition = kFileCreate;
  req.create.file_name = "nttrans-eas.txt";
  req.ea_length = static_cast<uint32_t>(eas.size());
  EXPECT_EQ(nt_transact(smb1::NtTransactFunction::Create, req.encode(true), eas).header.status,
            NtStatus::Success);
  EXPECT_EQ(xattr("nttrans-eas.txt", "user.1st EA"), "one");
  EXPECT_EQ(xattr("nttrans-eas.txt", "user.and 3rd"), "3");
  std::vector<uint8_t> bad;
  ByteWriter b(bad);
  ASSERT_TRUE(fscc::encode_full_ea_list(
      b, std::vector<fscc::FullEa>{{0, "ok", {'1'}}, {0, "2nd:BAD:EA", {'2'}}}));
  req.create.file_name = "nttrans-bad.txt";
  req.ea_length = static_cast<uint32_t>(bad.size());
  EXPECT_EQ(nt_transact(smb1::NtTransactFunction::Create, req.encode(true), bad).header.status,
            NtStatus::InvalidEaName);
  EXPECT_FALSE(fs::exists(root_ + "/nttrans-bad.txt"));
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
